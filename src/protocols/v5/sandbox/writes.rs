//! The family's milestone writes in the sandbox: a create (`title` and
//! `due_on` required, a state in the body ignored: the family has none on
//! create) and an update (`title` and `due_on` again, the state in the
//! words the side takes, [`V5Side::state_written`]). A new milestone is
//! made as its side makes one: its side's open state, and the addresses
//! and id the side gives it ([`V5Side::milestone_links`]).

use std::sync::Arc;

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;

use super::{
    StoredMilestone, V5Side,
    milestones::{Fields, number, validated_create},
    wire::{Invalid, not_found, now, object, optional_string, project_not_found},
};
use crate::{
    forge::Identity,
    net::decode,
    sandbox::{Faults, Shared, lock},
};

/// A new milestone of `P`: `number` of the repository `repo` (`owner/name`,
/// whose id is `repository_id`), holding `fields`, in `state`, made at
/// `at`, with no issues yet.
pub fn new_milestone<P: V5Side>(
    repo: &str,
    repository_id: i64,
    number: i64,
    fields: Fields,
    state: Option<String>,
    at: &str,
) -> Result<<P as Identity>::Object, String> {
    let mut milestone = json!({
        "number": number,
        "title": fields.title,
        "description": fields.description.unwrap_or_default(),
        "due_on": fields.due_on,
        "state": state,
        "open_issues": 0,
        "closed_issues": 0,
        "repository_id": repository_id,
        "created_at": at,
        "updated_at": at,
    });
    if let Some(fields) = milestone.as_object_mut() {
        fields.extend(P::milestone_links(repo, number));
        fields.retain(|_, value| !value.is_null());
    }
    decode::milestone(milestone)
}

pub async fn create<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    body: Bytes,
) -> Response
where
    <P as Identity>::Object: StoredMilestone,
{
    let full_name = format!("{owner}/{repo}");
    let mut store = shared.stores.of::<P>();
    if store.repo(&full_name).is_none() {
        return project_not_found();
    }
    let fields = match validated_create(&body) {
        Ok(fields) => fields,
        Err(Invalid(text)) => return P::invalid(&text),
    };
    let number = store.next_number.next();
    let Some(repository) = store.repo(&full_name) else {
        return project_not_found();
    };
    let open = <P as Identity>::Object::seeded_state(None);
    let made = new_milestone::<P>(
        &full_name,
        repository.repository_id,
        number,
        fields,
        open,
        &now(),
    );
    let milestone = match made {
        Ok(milestone) => milestone,
        Err(text) => return P::invalid(&text),
    };
    repository.milestones.insert(number, milestone.clone());
    drop(store);
    let faults = lock(&shared.faults).faults().clone();
    if faults.create_accepted {
        return (StatusCode::ACCEPTED, Json(json!({ "message": "accepted" }))).into_response();
    }
    (StatusCode::CREATED, Json(P::answered(&milestone, &faults))).into_response()
}

pub async fn update<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw_number)): Path<(String, String, String)>,
    body: Bytes,
) -> Response
where
    <P as Identity>::Object: StoredMilestone,
{
    let faults = lock(&shared.faults).faults().clone();
    let mut store = shared.stores.of::<P>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    let Some(milestone) = number(&raw_number).and_then(|n| repository.milestones.get_mut(&n))
    else {
        return not_found();
    };
    let (fields, state) = match validated_update::<P>(&body, &faults) {
        Ok(valid) => valid,
        Err(Invalid(text)) => return P::invalid(&text),
    };
    let parts = milestone.parts_mut();
    *parts.title = fields.title;
    *parts.due_on = Some(fields.due_on);
    if let Some(description) = fields.description {
        *parts.description = Some(description);
    }
    if let Some(state) = state {
        *parts.state = Some(state);
    }
    *parts.updated_at = Some(now());
    Json(P::answered(milestone, &faults)).into_response()
}

/// PATCH needs `title` and `due_on` like create, and may change the state,
/// in the words the side takes.
fn validated_update<P: V5Side>(
    body: &Bytes,
    faults: &Faults,
) -> Result<(Fields, Option<String>), Invalid> {
    let fields = validated_create(body)?;
    let state = optional_string(&object(body)?, "state")?;
    Ok((fields, P::state_written(state.as_deref(), faults)?))
}
