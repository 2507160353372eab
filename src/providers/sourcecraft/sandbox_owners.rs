//! The SourceCraft side's repository operations: an organisation's
//! repositories by page token (`/orgs/{org_slug}/repos`) and one repository
//! (`/repos/{org_slug}/{repo_slug}`). An organisation exists while it holds
//! a repository; anything else answers 404 in SourceCraft's error shape.
//!
//! As with milestones, the page that reaches the end carries no
//! `next_page_token`, so no empty page ends a listing.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::sandbox::{error, page_asked_by};
use crate::sandbox::{Shared, store::repository_id};

/// Unlike the milestone listing's, so that one listing's token is refused
/// by the other.
const PAGE_TOKEN_PREFIX: &str = "rp1.";

fn not_found(shared: &Shared, what: &str) -> Response {
    error(
        shared,
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("{what} not found"),
        Map::new(),
    )
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(org): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (page_size, offset) = match page_asked_by(query.as_deref(), PAGE_TOKEN_PREFIX) {
        Ok(asked) => asked,
        Err(rejection) => return rejection.answer(&shared),
    };
    let slugs = shared.stores.of::<super::SourceCraft>().org_repos(&org);
    if slugs.is_empty() {
        return not_found(&shared, &format!("organization {org:?}"));
    }
    let repositories: Vec<Value> = slugs
        .iter()
        .skip(offset)
        .take(page_size)
        .map(|slug| repository(&org, slug))
        .collect();
    let end = offset.saturating_add(page_size);
    let mut body = json!({ "repositories": repositories });
    if end < slugs.len() {
        body["next_page_token"] = json!(format!("{PAGE_TOKEN_PREFIX}{end:x}"));
    }
    Json(body).into_response()
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    Path((org, slug)): Path<(String, String)>,
) -> Response {
    let held = shared
        .stores
        .of::<super::SourceCraft>()
        .repo(&format!("{org}/{slug}"))
        .is_some();
    if !held {
        return not_found(&shared, &format!("repository \"{org}/{slug}\""));
    }
    Json(repository(&org, &slug)).into_response()
}

/// SourceCraft ids are UUIDs; these are UUID-shaped and stable per name.
fn uuid(name: &str) -> String {
    format!("00000000-0000-4000-9000-{:012x}", repository_id(name))
}

/// A repository as SourceCraft's `Repository` describes it. The display
/// `name` capitalises the slug, so that a client addressing repositories
/// by name is caught.
fn repository(org: &str, slug: &str) -> Value {
    let mut name: Vec<char> = slug.chars().collect();
    if let Some(first) = name.first_mut() {
        *first = first.to_ascii_uppercase();
    }
    json!({
        "id": uuid(&format!("{org}/{slug}")),
        "name": name.into_iter().collect::<String>(),
        "slug": slug,
        "organization": { "id": uuid(org), "slug": org },
        "default_branch": "main",
        "template_type": "not_a_template",
        "is_empty": false,
        "description": "",
        "visibility": "private",
        "clone_url": {
            "https": format!("https://git.sourcecraft.dev/{org}/{slug}.git"),
            "ssh": format!("ssh://ssh.sourcecraft.dev/{org}/{slug}.git"),
        },
        "counters": {
            "forks": "0",
            "pull_requests": "0",
            "issues": "0",
            "tags": "0",
            "branches": "1",
        },
    })
}
