//! The family's labels in the sandbox, as API v5 (Gitee's) has them: the
//! five operations on `/repos/{owner}/{repo}/labels`, a label addressed by
//! its exact name (one percent-encoded path segment), `name` and `color`
//! required on create, a colour taken with or without `#` and answered as
//! six lower-case hex digits with it (or, on request, without), listings
//! paged like milestones' with their totals and page-size cap.

use std::sync::Arc;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing,
};
use serde_json::{Map, Value, json};

use super::{
    V5Side,
    wire::{
        Invalid, coded, listed, not_found, now, object, optional_string, page_asked,
        project_not_found, query_pairs,
    },
};
use crate::protocols::v5::{V5, WireLabel};
use crate::{
    net::decode,
    sandbox::{Shared, lock, store::with_segment},
};

/// Whether the faults have label colours answered without their `#`.
fn bare_colors<P: V5Side>(shared: &Shared) -> bool {
    P::quirks(lock(&shared.faults).faults()).bare_label_colors
}

/// A label as it goes on the wire: its colour with `#`, or without when
/// `bare` says so.
fn answer<L: WireLabel>(label: &L, bare: bool) -> Value {
    let mut label = label.clone();
    if bare {
        let color = label.parts_mut().color;
        *color = color.take().map(|c| c.trim_start_matches('#').to_owned());
    }
    serde_json::to_value(label).unwrap_or(Value::Null)
}

/// A colour of six hex digits, with or without `#`, as stored: lower case
/// with `#`.
fn color(raw: &str) -> Result<String, Invalid> {
    let digits = raw.strip_prefix('#').unwrap_or(raw);
    if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(format!("#{}", digits.to_ascii_lowercase()))
    } else {
        Err(Invalid(format!(
            "color {raw:?} is not a colour: use six hexadecimal digits, with or without #"
        )))
    }
}

/// A name that, when given, is not blank.
fn name(body: &Map<String, Value>, field: &str) -> Result<Option<String>, Invalid> {
    match optional_string(body, field)? {
        Some(name) if name.trim().is_empty() => {
            Err(Invalid(format!("{field} must not be empty, got {name:?}")))
        }
        other => Ok(other),
    }
}

/// The name and colour of an update, each when given.
fn fields(body: &Bytes) -> Result<(Option<String>, Option<String>), Invalid> {
    let body = object(body)?;
    let name = name(&body, "name")?;
    let color = optional_string(&body, "color")?
        .map(|raw| color(&raw))
        .transpose()?;
    Ok((name, color))
}

/// The name and colour of a create, both required.
fn create_fields(body: &Bytes) -> Result<(String, String), Invalid> {
    match fields(body)? {
        (None, _) => Err(Invalid("name is required".to_owned())),
        (_, None) => Err(Invalid("color is required".to_owned())),
        (Some(name), Some(color)) => Ok((name, color)),
    }
}

fn already_exists(name: &str) -> Response {
    coded(
        StatusCode::BAD_REQUEST,
        "INVALID_PARAMETER",
        &format!("label {name:?} already exists"),
    )
}

fn label_url<P: V5Side>(owner: &str, repo: &str, name: &str) -> String {
    let listing = format!("{}/repos/{owner}/{repo}/labels", P::API_URL);
    with_segment(&listing, name)
}

async fn list<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let faults = lock(&shared.faults).faults().clone();
    let (page, per_page) = match page_asked::<P>(&query_pairs(query.as_deref()), &faults) {
        Ok(asked) => asked,
        Err(Invalid(text)) => return P::invalid(&text),
    };
    let bare = P::quirks(&faults).bare_label_colors;
    let mut store = shared.stores.of::<P>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    let items: Vec<Value> = repository
        .labels
        .iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .map(|label| answer(label, bare))
        .collect();
    listed::<P, _>(items, repository.labels.len(), per_page, &faults)
}

/// A new label as the side stores it.
fn stored<P: V5Side>(
    (owner, repo): (&str, &str),
    (name, color): (String, String),
    id: i64,
    repository_id: i64,
) -> Result<<P as V5>::Label, String> {
    let stamp = now();
    decode::milestone(json!({
        "id": id,
        "url": label_url::<P>(owner, repo, &name),
        "name": name,
        "color": color,
        "repository_id": repository_id,
        "created_at": stamp,
        "updated_at": stamp,
    }))
}

async fn create<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let full_name = format!("{owner}/{repo}");
    let faults = lock(&shared.faults).faults().clone();
    let label = {
        let mut store = shared.stores.of::<P>();
        if store.repo(&full_name).is_none() {
            return project_not_found();
        }
        let (name, color) = match create_fields(&body) {
            Ok(fields) => fields,
            Err(Invalid(text)) => return P::invalid(&text),
        };
        let id = store.next_label_id.next();
        let Some(repository) = store.repo(&full_name) else {
            return project_not_found();
        };
        if repository.labels.iter().any(|l| l.name() == name) {
            return already_exists(&name);
        }
        let made = stored::<P>((&owner, &repo), (name, color), id, repository.repository_id);
        let label = match made {
            Ok(label) => label,
            Err(text) => return P::invalid(&text),
        };
        repository.labels.push(label.clone());
        label
    };
    lock(&shared.stats).count_label_created(P::PROVIDER);
    if faults.create_accepted {
        return (StatusCode::ACCEPTED, Json(json!({ "message": "accepted" }))).into_response();
    }
    let bare = P::quirks(&faults).bare_label_colors;
    (StatusCode::CREATED, Json(answer(&label, bare))).into_response()
}

async fn get<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, name)): Path<(String, String, String)>,
) -> Response {
    let bare = bare_colors::<P>(&shared);
    let mut store = shared.stores.of::<P>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    match repository.labels.iter().find(|l| l.name() == name) {
        Some(label) => Json(answer(label, bare)).into_response(),
        None => not_found(),
    }
}

/// PATCH renames with `name` and recolours with `color`; absent fields stay.
async fn update<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, name)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let bare = bare_colors::<P>(&shared);
    let mut store = shared.stores.of::<P>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    let Some(at) = repository.labels.iter().position(|l| l.name() == name) else {
        return not_found();
    };
    let (new_name, color) = match fields(&body) {
        Ok(fields) => fields,
        Err(Invalid(text)) => return P::invalid(&text),
    };
    if let Some(new_name) = &new_name
        && *new_name != name
        && repository.labels.iter().any(|l| l.name() == *new_name)
    {
        return already_exists(new_name);
    }
    let label = &mut repository.labels[at];
    let parts = label.parts_mut();
    if let Some(new_name) = new_name {
        *parts.url = Some(label_url::<P>(&owner, &repo, &new_name));
        *parts.name = new_name;
    }
    if let Some(color) = color {
        *parts.color = Some(color);
    }
    *parts.updated_at = Some(now());
    Json(answer(label, bare)).into_response()
}

async fn delete<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, name)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<P>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    match repository.labels.iter().position(|l| l.name() == name) {
        Some(at) => {
            repository.labels.remove(at);
            StatusCode::NO_CONTENT.into_response()
        }
        None => not_found(),
    }
}

/// The label routes, added to a member's others.
pub fn routes<P: V5Side>(router: Router<Arc<Shared>>) -> Router<Arc<Shared>> {
    router
        .route(
            "/repos/{owner}/{repo}/labels",
            routing::get(list::<P>).post(create::<P>),
        )
        .route(
            "/repos/{owner}/{repo}/labels/{name}",
            routing::get(get::<P>)
                .patch(update::<P>)
                .delete(delete::<P>),
        )
}
