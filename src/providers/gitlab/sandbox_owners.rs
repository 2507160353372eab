//! The GitLab side's projects and owners: `GET /projects/{id}` and
//! `GET /groups/{id}` (by numeric id or URL-encoded full path), a group's
//! projects (`include_subgroups=true` for its subgroups' too) and a user's,
//! paged as the milestone listing is. Every namespace above a held project
//! is a group unless declared a user; each listing answers 404 for a
//! namespace of the other kind or none.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::GitLab;
use super::sandbox::{not_found, paged, query_pairs, quirks};
use crate::sandbox::{Shared, store::repository_id};

/// A project as GitLab shows it (the identifying fields and a few more).
fn project_value(path: &str, id: i64, user: bool) -> Value {
    let (namespace, name) = path.rsplit_once('/').unwrap_or(("", path));
    let web_url = format!("https://gitlab.example/{path}");
    json!({
        "id": id,
        "description": null,
        "name": name,
        "name_with_namespace": path.replace('/', " / "),
        "path": name,
        "path_with_namespace": path,
        "created_at": "2024-01-01T00:00:00.000Z",
        "default_branch": "main",
        "web_url": web_url,
        "namespace": {
            "id": repository_id(&format!("group:{namespace}")),
            "name": namespace.rsplit('/').next().unwrap_or(namespace),
            "path": namespace.rsplit('/').next().unwrap_or(namespace),
            "kind": if user { "user" } else { "group" },
            "full_path": namespace,
        },
        "archived": false,
    })
}

pub(crate) async fn project(
    State(shared): State<Arc<Shared>>,
    Path(key): Path<String>,
) -> Response {
    let store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&key) else {
        return not_found("Project");
    };
    let user = path
        .split_once('/')
        .is_some_and(|(owner, _)| store.is_user(owner));
    let id = store.project_id(&path);
    Json(project_value(&path, id, user)).into_response()
}

pub(crate) async fn group(State(shared): State<Arc<Shared>>, Path(key): Path<String>) -> Response {
    let mut store = shared.stores.of::<GitLab>();
    let Some(path) = store.group_path(&key) else {
        return not_found("Group");
    };
    let id = store.group(&path).map_or(0, |g| g.id);
    let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
    Json(json!({
        "id": id,
        "name": name,
        "path": name,
        "full_name": path.replace('/', " / "),
        "full_path": path,
        "kind": "group",
        "web_url": format!("https://gitlab.example/groups/{path}"),
    }))
    .into_response()
}

pub(crate) async fn list_group(
    State(shared): State<Arc<Shared>>,
    Path(key): Path<String>,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query_pairs(query.as_deref());
    let quirks = quirks(&shared);
    let deep = query.get("include_subgroups").is_some_and(|v| v == "true");
    let items: Vec<Value> = {
        let store = shared.stores.of::<GitLab>();
        let Some(path) = store.group_path(&key) else {
            return not_found("Group");
        };
        store
            .owner_projects(&path, deep)
            .iter()
            .map(|(p, id)| project_value(p, *id, false))
            .collect()
    };
    paged(items, &query, &uri, &quirks)
}

pub(crate) async fn list_user(
    State(shared): State<Arc<Shared>>,
    Path(key): Path<String>,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query_pairs(query.as_deref());
    let quirks = quirks(&shared);
    let items: Vec<Value> = {
        let store = shared.stores.of::<GitLab>();
        if !store.is_user(&key) {
            return not_found("User");
        }
        store
            .owner_projects(&key, false)
            .iter()
            .map(|(p, id)| project_value(p, *id, true))
            .collect()
    };
    paged(items, &query, &uri, &quirks)
}
