//! The Gitea side's labels: the five operations on
//! `/repos/{owner}/{repo}/labels`, a label addressed by its id, `name` and
//! `color` required on create, a colour taken with or without `#` and
//! answered as six lower-case hex digits without it (with it, as older
//! versions answer, on request), listings paged like milestones'.

use std::sync::Arc;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{StatusCode, Uri},
    response::{IntoResponse, Response},
    routing,
};
use serde_json::{Map, Value};

use super::Gitea;
use super::sandbox::{
    Invalid, not_found, object, page_asked, paged, query_pairs, quirks, text, unprocessable,
};
use crate::providers::gitea::client::types::Label;
use crate::sandbox::{Shared, lock};

/// A label as it goes on the wire: its colour without `#`, or with it
/// when `hash` says so.
fn answer(label: &Label, hash: bool) -> Value {
    let mut label = label.clone();
    label.color = label.color.map(|c| {
        let digits = c.trim_start_matches('#');
        if hash {
            format!("#{digits}")
        } else {
            digits.to_owned()
        }
    });
    serde_json::to_value(label).unwrap_or(Value::Null)
}

/// A colour of six hex digits, with or without `#`, as stored: lower case
/// without `#`.
fn color(raw: &str) -> Result<String, Invalid> {
    let digits = raw.strip_prefix('#').unwrap_or(raw);
    if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(digits.to_ascii_lowercase())
    } else {
        Err(Invalid::new(&format!("[Color]: {raw:?} is not a colour")))
    }
}

/// The fields of a create or an update: name, colour, description,
/// exclusive, archived, each when given.
type Asked = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<bool>,
    Option<bool>,
);

fn asked(body: &Bytes) -> Result<Asked, Invalid> {
    let body = object(body)?;
    let flag = |field: &str| match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(Invalid::new(&format!("[{field}]: must be a boolean"))),
    };
    let name = text(&body, "name")?;
    if name.as_ref().is_some_and(|n| n.trim().is_empty()) {
        return Err(Invalid::new("[Name]: Required"));
    }
    let color = text(&body, "color")?.map(|c| color(&c)).transpose()?;
    Ok((
        name,
        color,
        text(&body, "description")?,
        flag("exclusive")?,
        flag("is_archived")?,
    ))
}

async fn list(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query_pairs(query.as_deref());
    let quirks = quirks(&shared);
    let (page, limit) = page_asked(&query, quirks.page_cap);
    let mut store = shared.stores.of::<Gitea>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    let items = repository
        .labels
        .iter()
        .map(|l| answer(l, quirks.label_colors_with_hash))
        .collect();
    drop(store);
    paged(items, page, limit, &uri, &quirks)
}

async fn create(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let hash = quirks(&shared).label_colors_with_hash;
    let (name, color, description, exclusive, archived) = match asked(&body) {
        Ok(asked) => asked,
        Err(Invalid(text)) => return unprocessable(&text),
    };
    let (Some(name), Some(color)) = (name, color) else {
        return unprocessable("[Name, Color]: Required");
    };
    let mut store = shared.stores.of::<Gitea>();
    if store.repo(&format!("{owner}/{repo}")).is_none() {
        return not_found();
    }
    let id = store.next_label_id.next();
    let label = Label {
        id,
        name,
        exclusive: Some(exclusive.unwrap_or(false)),
        is_archived: Some(archived.unwrap_or(false)),
        color: Some(color),
        description: Some(description.unwrap_or_default()),
        url: Some(format!(
            "https://gitea.example/api/v1/repos/{owner}/{repo}/labels/{id}"
        )),
        extra: Map::new(),
    };
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    repository.labels.push(label.clone());
    drop(store);
    lock(&shared.stats).count_label_created(super::PROVIDER);
    (StatusCode::CREATED, Json(answer(&label, hash))).into_response()
}

async fn get(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, id)): Path<(String, String, String)>,
) -> Response {
    let hash = quirks(&shared).label_colors_with_hash;
    let mut store = shared.stores.of::<Gitea>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    match repository.labels.iter().find(|l| l.id.to_string() == id) {
        Some(label) => Json(answer(label, hash)).into_response(),
        None => not_found(),
    }
}

async fn update(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let hash = quirks(&shared).label_colors_with_hash;
    let (name, color, description, exclusive, archived) = match asked(&body) {
        Ok(asked) => asked,
        Err(Invalid(text)) => return unprocessable(&text),
    };
    let mut store = shared.stores.of::<Gitea>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    let Some(label) = repository
        .labels
        .iter_mut()
        .find(|l| l.id.to_string() == id)
    else {
        return not_found();
    };
    if let Some(name) = name {
        label.name = name;
    }
    if let Some(color) = color {
        label.color = Some(color);
    }
    if let Some(description) = description {
        label.description = Some(description);
    }
    if let Some(exclusive) = exclusive {
        label.exclusive = Some(exclusive);
    }
    if let Some(archived) = archived {
        label.is_archived = Some(archived);
    }
    Json(answer(label, hash)).into_response()
}

async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, id)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<Gitea>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    match repository
        .labels
        .iter()
        .position(|l| l.id.to_string() == id)
    {
        Some(at) => {
            repository.labels.remove(at);
            StatusCode::NO_CONTENT.into_response()
        }
        None => not_found(),
    }
}

/// The label routes.
pub(super) fn routes(router: Router<Arc<Shared>>) -> Router<Arc<Shared>> {
    router
        .route(
            "/repos/{owner}/{repo}/labels",
            routing::get(list).post(create),
        )
        .route(
            "/repos/{owner}/{repo}/labels/{id}",
            routing::get(get).patch(update).delete(delete),
        )
}
