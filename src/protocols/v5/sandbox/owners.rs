//! The family's owner listings in the sandbox: `/orgs/{org}/repos` and
//! `/users/{username}/repos`, paged as the milestone listing is (the
//! `--page-cap` quirk and the `total_count` / `total_page` headers
//! included). An owner of held repositories is an organisation unless
//! declared a user; each listing answers 404 for an owner of the other kind
//! or none.

use std::marker::PhantomData;

use axum::Json;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{
    V5Side,
    wire::{DEFAULT_PER_PAGE, Invalid, message, page_cap, positive, query_pairs},
};
use crate::sandbox::{
    Shared, lock,
    owners::{OwnerKind, OwnerListing},
    store::repository_id,
};

/// The family's owner listings on the side `P`.
pub struct Owners<P>(PhantomData<P>);

impl<P: V5Side> OwnerListing for Owners<P> {
    type Request = ();

    fn list(shared: &Shared, owner: &str, kind: OwnerKind, _: (), query: Option<&str>) -> Response {
        let query = query_pairs(query);
        let allowed: &[&str] = match kind {
            OwnerKind::Organisation => &["all", "public", "private"],
            OwnerKind::User => &["all", "owner", "personal", "member"],
        };
        // Every held repository is public and the user's own.
        let none = match query.get("type").map(String::as_str) {
            None => false,
            Some(asked) if allowed.contains(&asked) => matches!(asked, "private" | "member"),
            Some(other) => {
                return P::invalid(&format!(
                    "type must be one of {}, got {other:?}",
                    allowed.join(", ")
                ));
            }
        };
        let (page, per_page) = match (
            positive(&query, "page", 1),
            positive(&query, "per_page", DEFAULT_PER_PAGE),
        ) {
            (Ok(page), Ok(per_page)) => (page, per_page),
            (Err(Invalid(text)), _) | (_, Err(Invalid(text))) => return P::invalid(&text),
        };
        let per_page = per_page.min(page_cap::<P>(lock(&shared.faults).faults()));
        let repos = {
            let store = shared.stores.of::<P>();
            let repos = store.owner_repos(owner);
            if !kind.exists(store.is_user(owner), !repos.is_empty()) {
                let text = match kind {
                    OwnerKind::Organisation => "404 Group Not Found",
                    OwnerKind::User => "404 User Not Found",
                };
                return message(StatusCode::NOT_FOUND, text);
            }
            if none { Vec::new() } else { repos }
        };
        let total = repos.len();
        let items: Vec<Value> = repos
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|(path, id)| repository::<P>(owner, kind, path, *id))
            .collect();
        let mut response = Json(items).into_response();
        let headers = response.headers_mut();
        headers.insert("total_count", HeaderValue::from(total));
        headers.insert("total_page", HeaderValue::from(total.div_ceil(per_page)));
        response
    }
}

/// A repository as the family lists it. Its display `name` differs from its
/// `path` where the path has `-` or `_`, as names chosen by people do, so
/// that a client addressing repositories by name is caught.
fn repository<P: V5Side>(owner: &str, kind: OwnerKind, path: &str, id: i64) -> Value {
    let name = path.replace(['-', '_'], " ");
    let html_url = format!("{}/{owner}/{path}", P::WEB_URL);
    json!({
        "id": id,
        "full_name": format!("{owner}/{path}"),
        "human_name": format!("{owner} / {name}"),
        "url": format!("{}/repos/{owner}/{path}", P::API_URL),
        "namespace": {
            "id": repository_id(owner),
            "type": match kind {
                OwnerKind::Organisation => "group",
                OwnerKind::User => "user",
            },
            "name": owner,
            "path": owner,
            "html_url": format!("{}/{owner}", P::WEB_URL),
        },
        "path": path,
        "name": name,
        "description": "",
        "private": false,
        "public": true,
        "internal": false,
        "fork": false,
        "default_branch": "main",
        "html_url": html_url,
        "ssh_url_to_repo": format!("git@{}:{owner}/{path}.git", P::SSH_HOST),
        "http_url_to_repo": format!("{html_url}.git"),
    })
}
