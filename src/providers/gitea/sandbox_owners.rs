//! The Gitea side's owner listings: `/orgs/{org}/repos` and
//! `/users/{username}/repos`, paged as the milestone listing is (the page
//! cap, `X-Total-Count` and `Link` included). An owner of held
//! repositories is an organisation unless declared a user; each listing
//! answers 404 for an owner of the other kind or none.

use axum::http::Uri;
use axum::response::Response;
use serde_json::{Value, json};

use super::Gitea;
use super::sandbox::{not_found, page_asked, paged, query_pairs, quirks};
use crate::sandbox::{
    Shared,
    owners::{OwnerKind, OwnerListing},
    store::repository_id,
};

/// Gitea's owner listings, paged by the URI they were asked at.
pub(crate) struct GiteaOwners;

impl OwnerListing for GiteaOwners {
    type Request = Uri;

    fn list(
        shared: &Shared,
        owner: &str,
        kind: OwnerKind,
        uri: Uri,
        query: Option<&str>,
    ) -> Response {
        let query = query_pairs(query);
        let quirks = quirks(shared);
        let (page, limit) = page_asked(&query, quirks.page_cap);
        let repos = {
            let store = shared.stores.of::<Gitea>();
            let repos = store.owner_repos(owner);
            if !kind.exists(store.is_user(owner), !repos.is_empty()) {
                return not_found();
            }
            repos
        };
        let items: Vec<Value> = repos
            .iter()
            .map(|(name, id)| repository(owner, kind, name, *id))
            .collect();
        paged(items, page, limit, &uri, &quirks)
    }
}

/// A repository as Gitea lists it (the identifying fields and a few more).
fn repository(owner: &str, kind: OwnerKind, name: &str, id: i64) -> Value {
    let html_url = format!("https://gitea.example/{owner}/{name}");
    json!({
        "id": id,
        "owner": {
            "id": repository_id(owner),
            "login": owner,
            "full_name": "",
            "type": match kind {
                OwnerKind::Organisation => "organization",
                OwnerKind::User => "user",
            },
        },
        "name": name,
        "full_name": format!("{owner}/{name}"),
        "description": "",
        "empty": false,
        "private": false,
        "fork": false,
        "archived": false,
        "has_issues": true,
        "html_url": html_url,
        "clone_url": format!("{html_url}.git"),
        "default_branch": "main",
    })
}
