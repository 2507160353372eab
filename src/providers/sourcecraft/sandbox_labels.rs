//! The SourceCraft side's labels: the five operations on
//! `/repos/{org}/{repo}/labels`, a label addressed by its slug (or by
//! `id:{id}`), slugs generated from the name unless given and unique among
//! the repository's labels (a taken one answered as a taken milestone slug
//! is), a grey colour unless given, kept as sent, no description, and
//! token paging as for milestones.

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

use super::SourceCraft;
use super::sandbox::{
    Rejection, field, now, object, page_asked, paged, repo_or_404, sandbox_user, valid_name,
    valid_slug,
};
use super::sandbox_faults::ConflictAnswer;
use super::sandbox_store::{Repo, Store, unique_label_slug};
use crate::providers::sourcecraft::client::types::Label;
use crate::sandbox::{Sandbox, Shared, lock};

/// The colour of a label created without one.
const DEFAULT_COLOR: &str = "#808080";

/// A label as it goes on the wire: `updated_by` is always present, `null`
/// until the first update, as for milestones.
fn wire(label: &Label) -> Value {
    let mut value = serde_json::to_value(label).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.entry("updated_by").or_insert(Value::Null);
    }
    value
}

/// Where the label `key` (a slug, or `id:` and an id) is.
fn position(repo: &Repo, key: &str) -> Result<usize, Rejection> {
    let found = match key.strip_prefix("id:") {
        Some(id) => repo.labels.iter().position(|l| l.id.as_deref() == Some(id)),
        None => repo.label_position(key),
    };
    found.ok_or_else(|| Rejection::NotFound(format!("label {key:?}")))
}

fn answered(result: Result<Response, Rejection>, shared: &Shared) -> Response {
    result.unwrap_or_else(|rejection| rejection.answer(shared))
}

async fn list(
    State(shared): State<Arc<Shared>>,
    Path((org, repo)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let listed = page_asked(query.as_deref()).and_then(|(page_size, offset)| {
        let mut store = shared.stores.of::<SourceCraft>();
        let repository = repo_or_404(&mut store, &org, &repo)?;
        let page = paged(&repository.labels, page_size, offset, wire);
        Ok(Json(page).into_response())
    });
    answered(listed, &shared)
}

/// A slug given in a body, checked, and free unless it is `own`'s.
fn slug_given(
    repo: &Repo,
    slug: Option<Option<String>>,
    own: Option<usize>,
    conflict: ConflictAnswer,
) -> Result<Option<String>, Rejection> {
    let Some(slug) = slug else {
        return Ok(None);
    };
    let Some(slug) = slug else {
        let message = "slug must not be null".to_owned();
        return Err(Rejection::invalid("slug", Value::Null, message));
    };
    valid_slug(&slug)?;
    match repo.label_position(&slug) {
        Some(at) if Some(at) != own => Err(Rejection::SlugTaken("label", slug, conflict)),
        _ => Ok(Some(slug)),
    }
}

async fn create(
    State(shared): State<Arc<Shared>>,
    Path((org, repo)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let faults = lock(&shared.faults).faults().clone();
    let created = {
        let mut store = shared.stores.of::<SourceCraft>();
        try_create(
            &mut store,
            (&org, &repo),
            &body,
            faults.sourcecraft().conflict,
        )
    };
    if created.is_ok() {
        lock(&shared.stats).count_label_created(super::PROVIDER);
    }
    let created = created.map(|label| {
        if faults.create_accepted {
            (StatusCode::ACCEPTED, Json(json!({}))).into_response()
        } else {
            (StatusCode::CREATED, Json(label)).into_response()
        }
    });
    answered(created, &shared)
}

/// Stores the label `body` describes; its answer.
fn try_create(
    store: &mut Store,
    (org, repo): (&str, &str),
    body: &Bytes,
    conflict: ConflictAnswer,
) -> Result<Value, Rejection> {
    repo_or_404(store, org, repo)?;
    let body = object(body)?;
    let name = valid_name(field(&body, "name")?.flatten())?;
    let color = field(&body, "color")?
        .flatten()
        .unwrap_or_else(|| DEFAULT_COLOR.to_owned());
    let repository = repo_or_404(store, org, repo)?;
    let slug = match slug_given(repository, field(&body, "slug")?, None, conflict)? {
        Some(slug) => slug,
        None => unique_label_slug(repository, &name),
    };
    let id = store.next_id();
    let stamp = now();
    let label = Label {
        author: Some(sandbox_user()),
        color: Some(color),
        created_at: Some(stamp.clone()),
        id: Some(id),
        name: Some(name),
        slug: Some(slug),
        updated_at: Some(stamp),
        updated_by: None,
        extra: Map::new(),
    };
    let answer = wire(&label);
    repo_or_404(store, org, repo)?.labels.push(label);
    Ok(answer)
}

async fn get(
    State(shared): State<Arc<Shared>>,
    Path((org, repo, key)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<SourceCraft>();
    let found = repo_or_404(&mut store, &org, &repo).and_then(|repository| {
        let at = position(repository, &key)?;
        Ok(Json(wire(&repository.labels[at])).into_response())
    });
    answered(found, &shared)
}

/// PATCH is partial: `name`, `slug` and `color` change what they name.
async fn update(
    State(shared): State<Arc<Shared>>,
    Path((org, repo, key)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let conflict = lock(&shared.faults).faults().sourcecraft().conflict;
    let mut store = shared.stores.of::<SourceCraft>();
    let updated = repo_or_404(&mut store, &org, &repo).and_then(|repository| {
        let at = position(repository, &key)?;
        let body = object(&body)?;
        let name = field(&body, "name")?.map(valid_name).transpose()?;
        let slug = slug_given(repository, field(&body, "slug")?, Some(at), conflict)?;
        let color = field(&body, "color")?.flatten();
        let label = &mut repository.labels[at];
        if name.is_some() {
            label.name = name;
        }
        if slug.is_some() {
            label.slug = slug;
        }
        if color.is_some() {
            label.color = color;
        }
        label.updated_by = Some(sandbox_user());
        label.updated_at = Some(now());
        Ok(Json(wire(label)).into_response())
    });
    answered(updated, &shared)
}

async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((org, repo, key)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<SourceCraft>();
    let removed = repo_or_404(&mut store, &org, &repo).and_then(|repository| {
        let at = position(repository, &key)?;
        repository.labels.remove(at);
        Ok(StatusCode::NO_CONTENT.into_response())
    });
    answered(removed, &shared)
}

/// The label routes, added to SourceCraft's others.
pub(super) fn routes(router: Router<Arc<Shared>>) -> Router<Arc<Shared>> {
    router
        .route(
            "/repos/{org_slug}/{repo_slug}/labels",
            routing::get(list).post(create),
        )
        .route(
            "/repos/{org_slug}/{repo_slug}/labels/{label_slug}",
            routing::get(get).patch(update).delete(delete),
        )
}

impl Sandbox {
    /// Every label of a SourceCraft repository, in creation order.
    pub fn sourcecraft_labels(&self, repo: &str) -> Vec<Label> {
        self.store::<SourceCraft>().labels(repo)
    }
}
