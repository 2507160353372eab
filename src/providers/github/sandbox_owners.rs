//! The sandbox's imitation of GitHub's owner listings, `/orgs/{org}/repos`
//! and `/users/{username}/repos`, over the repositories the GitHub side
//! holds (the owner is the part of `owner/repo` before the `/`). Pages are
//! linked by `Link` headers in the account-id form GitHub gives
//! (`/organizations/{id}/repos`, `/user/{id}/repos`), which are served too.
//! An owner is an organisation unless declared a user; each listing answers
//! 404 for an owner of the other kind or none.

use std::sync::Arc;

use axum::{
    Json,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::sandbox::{
    DEFAULT_PER_PAGE, MAX_PER_PAGE, message, not_found, origin, page_links, positive, query_pairs,
};
use crate::sandbox::{
    Shared,
    owners::{OwnerKind, OwnerListing},
};

/// The organisation's listing by account id, the form its `Link` URLs use.
pub(crate) async fn list_org_by_id(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    by_id(
        &shared,
        &id,
        OwnerKind::Organisation,
        headers,
        query.as_deref(),
    )
}

/// The user's listing by account id, the form its `Link` URLs use.
pub(crate) async fn list_user_by_id(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    by_id(&shared, &id, OwnerKind::User, headers, query.as_deref())
}

fn by_id(
    shared: &Shared,
    id: &str,
    kind: OwnerKind,
    headers: HeaderMap,
    query: Option<&str>,
) -> Response {
    let login = id
        .parse::<i64>()
        .ok()
        .and_then(|id| shared.stores.of::<super::GitHub>().owner_by_id(id));
    match login {
        Some(login) => GitHubOwners::list(shared, &login, kind, headers, query),
        None => not_found(),
    }
}

/// GitHub's owner listings, linked by the origin the request was sent to.
pub(crate) struct GitHubOwners;

impl OwnerListing for GitHubOwners {
    type Request = HeaderMap;

    fn list(
        shared: &Shared,
        owner: &str,
        kind: OwnerKind,
        headers: HeaderMap,
        query: Option<&str>,
    ) -> Response {
        let query = query_pairs(query);
        let (allowed, default): (&[&str], &str) = match kind {
            OwnerKind::Organisation => (
                &["all", "public", "private", "forks", "sources", "member"],
                "all",
            ),
            OwnerKind::User => (&["all", "owner", "member"], "owner"),
        };
        let type_ = query.get("type").map_or(default, String::as_str);
        if !allowed.contains(&type_) {
            return message(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("type must be one of {}", allowed.join(", ")),
            );
        }
        // Every held repository is public, no fork, and its owner's own.
        let none =
            matches!(type_, "private" | "forks") || (kind == OwnerKind::User && type_ == "member");
        let page = positive(&query, "page", 1);
        let per_page = positive(&query, "per_page", DEFAULT_PER_PAGE).min(MAX_PER_PAGE);
        let (owner_id, repos) = {
            let side = shared.stores.of::<super::GitHub>();
            let (owner_id, repos) = side.owner_repos(owner);
            let exists = kind.exists(side.is_user(owner), !repos.is_empty());
            match owner_id {
                Some(owner_id) if exists => (owner_id, if none { Vec::new() } else { repos }),
                _ => return not_found(),
            }
        };
        let base = origin(&headers);
        let pages = repos.len().div_ceil(per_page).max(1);
        let items: Vec<Value> = repos
            .iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .map(|(login, name, id)| repository(&base, login, owner_id, kind, name, *id))
            .collect();
        let mut response = Json(items).into_response();
        let collection = match kind {
            OwnerKind::Organisation => "organizations",
            OwnerKind::User => "user",
        };
        let listing =
            format!("{base}/{collection}/{owner_id}/repos?type={type_}&per_page={per_page}");
        if let Some(value) = page_links(&listing, page, pages) {
            response.headers_mut().insert(header::LINK, value);
        }
        response
    }
}

/// The repository `owner/name` as GitHub lists it, if the sandbox holds it.
pub(super) fn one(shared: &Shared, base: &str, owner: &str, name: &str) -> Option<Value> {
    let side = shared.stores.of::<super::GitHub>();
    let (owner_id, repos) = side.owner_repos(owner);
    let (login, name, id) = repos
        .into_iter()
        .find(|(_, held, _)| held.eq_ignore_ascii_case(name))?;
    let kind = match side.is_user(&login) {
        true => OwnerKind::User,
        false => OwnerKind::Organisation,
    };
    Some(repository(base, &login, owner_id?, kind, &name, id))
}

/// A repository as GitHub lists it ("minimal-repository"), with the
/// fields a client could mistake for its name: `full_name` and `node_id`.
fn repository(
    base: &str,
    login: &str,
    owner_id: i64,
    kind: OwnerKind,
    name: &str,
    id: i64,
) -> Value {
    let full_name = format!("{login}/{name}");
    let url = format!("{base}/repos/{full_name}");
    json!({
        "id": id,
        "node_id": format!("R_kgDOsandbox{id}"),
        "name": name,
        "full_name": full_name,
        "private": false,
        "owner": {
            "login": login,
            "id": owner_id,
            "node_id": format!("O_kgDOsandbox{owner_id}"),
            "type": match kind {
                OwnerKind::Organisation => "Organization",
                OwnerKind::User => "User",
            },
            "html_url": format!("{base}/{login}"),
            "url": format!("{base}/users/{login}"),
            "site_admin": false,
        },
        "html_url": format!("{base}/{full_name}"),
        "description": null,
        "fork": false,
        "url": url,
        "milestones_url": format!("{url}/milestones{{/number}}"),
        "archived": false,
        "disabled": false,
        "has_issues": true,
        "open_issues_count": 0,
        "visibility": "public",
        "default_branch": "main",
    })
}
