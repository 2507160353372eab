//! The GitLab side's labels: the five operations on
//! `/projects/{id}/labels`, a label addressed by its id or its name, `name`
//! and `color` required on create, a colour answered as `#` and six hex
//! digits, a name unique in the project (409 "Label already exists"), the
//! ancestor groups' labels listed with `include_ancestor_groups=true`
//! (`is_project_label: false`), listings paged like milestones'.

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

use super::GitLab;
use super::sandbox::{
    Invalid, api_error, invalid, not_found, object, paged, query_pairs, quirks, text,
};
use crate::providers::gitlab::client::types::Label;
use crate::sandbox::{Shared, lock};

fn answer(label: &Label) -> Value {
    serde_json::to_value(label).unwrap_or(Value::Null)
}

/// A colour as `#` and six hex digits (with or without `#` sent).
fn color(raw: &str) -> Result<String, Invalid> {
    let digits = raw.strip_prefix('#').unwrap_or(raw);
    if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(format!("#{digits}"))
    } else {
        Err(Invalid("color", "must be a valid color code".to_owned()))
    }
}

/// The fields of a create or an update: name (or new name), colour,
/// description, each when given.
type Asked = (Option<String>, Option<String>, Option<String>);

fn asked(body: &Bytes, name_field: &'static str) -> Result<Asked, Invalid> {
    let body = object(body)?;
    let name = text(&body, name_field)?;
    if name.as_ref().is_some_and(|n| n.trim().is_empty()) {
        return Err(Invalid(name_field, "can't be blank".to_owned()));
    }
    let color = text(&body, "color")?.map(|c| color(&c)).transpose()?;
    Ok((name, color, text(&body, "description")?))
}

async fn list(
    State(shared): State<Arc<Shared>>,
    Path(project): Path<String>,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query_pairs(query.as_deref());
    let quirks = quirks(&shared);
    let store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    let labels = if query
        .get("include_ancestor_groups")
        .is_some_and(|v| v == "true")
    {
        store.seen_labels(&path)
    } else {
        store.labels(&path)
    };
    drop(store);
    paged(labels.iter().map(answer).collect(), &query, &uri, &quirks)
}

async fn create(
    State(shared): State<Arc<Shared>>,
    Path(project): Path<String>,
    body: Bytes,
) -> Response {
    let (name, color, description) = match asked(&body, "name") {
        Ok(asked) => asked,
        Err(Invalid(field, text)) => return invalid(field, &text),
    };
    let Some(name) = name else {
        return invalid("name", "is missing");
    };
    let Some(color) = color else {
        return invalid("color", "is missing");
    };
    let mut store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    if store.labels(&path).iter().any(|l| l.name == name) {
        return api_error(StatusCode::CONFLICT, "Label already exists");
    }
    let id = store.next_label_id.next();
    let label = Label {
        id,
        name,
        description: description.clone(),
        description_html: Some(description.unwrap_or_default()),
        text_color: Some("#FFFFFF".to_owned()),
        color: Some(color),
        open_issues_count: Some(0),
        closed_issues_count: Some(0),
        open_merge_requests_count: Some(0),
        subscribed: Some(false),
        priority: None,
        is_project_label: Some(true),
        extra: Map::new(),
    };
    let Some(space) = store.project(&path) else {
        return not_found("Project");
    };
    space.labels.push(label.clone());
    drop(store);
    lock(&shared.stats).count_label_created(super::PROVIDER);
    (StatusCode::CREATED, Json(answer(&label))).into_response()
}

/// Whether `label` is the one the path names: by id, else by name.
fn named(label: &Label, key: &str) -> bool {
    label.id.to_string() == key || label.name == key
}

async fn get(
    State(shared): State<Arc<Shared>>,
    Path((project, key)): Path<(String, String)>,
) -> Response {
    let store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    match store.labels(&path).iter().find(|l| named(l, &key)) {
        Some(label) => Json(answer(label)).into_response(),
        None => not_found("Label"),
    }
}

async fn update(
    State(shared): State<Arc<Shared>>,
    Path((project, key)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let (name, color, description) = match asked(&body, "new_name") {
        Ok(asked) => asked,
        Err(Invalid(field, text)) => return invalid(field, &text),
    };
    let mut store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    let Some(label) = store
        .project(&path)
        .and_then(|p| p.labels.iter_mut().find(|l| named(l, &key)))
    else {
        return not_found("Label");
    };
    if let Some(name) = name {
        label.name = name;
    }
    if let Some(color) = color {
        label.color = Some(color);
    }
    if let Some(description) = description {
        label.description_html = Some(description.clone());
        label.description = Some(description);
    }
    Json(answer(label)).into_response()
}

async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((project, key)): Path<(String, String)>,
) -> Response {
    let mut store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    let Some(space) = store.project(&path) else {
        return not_found("Project");
    };
    match space.labels.iter().position(|l| named(l, &key)) {
        Some(at) => {
            space.labels.remove(at);
            StatusCode::NO_CONTENT.into_response()
        }
        None => not_found("Label"),
    }
}

/// The label routes.
pub(super) fn routes(router: Router<Arc<Shared>>) -> Router<Arc<Shared>> {
    router
        .route("/projects/{id}/labels", routing::get(list).post(create))
        .route(
            "/projects/{id}/labels/{label_id}",
            routing::get(get).put(update).delete(delete),
        )
}
