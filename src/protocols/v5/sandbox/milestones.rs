//! The family's milestone reads in the sandbox: the listing (open
//! milestones unless `state` says otherwise, sorted by `due_on` on request,
//! paged with the family's totals), one milestone by number, a delete, and
//! the fields a create or an update must carry (`title`, and `due_on` as a
//! calendar date). How a member answers a milestone, which states it reads
//! as open and how its faults bend the `state` filter are [`V5Side`]'s; its
//! creates and updates, which differ in their words, stay in its
//! `sandbox.rs`.

use std::{cmp::Ordering, collections::BTreeMap, sync::Arc};

use axum::{
    Json,
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::{
    StoredMilestone, V5Side,
    wire::{
        Invalid, listed, not_found, object, optional_string, page_asked, project_not_found,
        query_pairs,
    },
};
use crate::protocols::v5::WireMilestone;
use crate::{
    forge::Identity,
    sandbox::{Faults, Shared, lock},
};

/// What a create (and an update) must carry.
pub struct Fields {
    pub title: String,
    pub due_on: String,
    pub description: Option<String>,
}

fn required_title(body: &Map<String, Value>) -> Result<String, Invalid> {
    match optional_string(body, "title")? {
        None => Err(Invalid(String::from("title is required"))),
        Some(title) if title.trim().is_empty() => {
            Err(Invalid(format!("title must not be empty, got {title:?}")))
        }
        Some(title) => Ok(title),
    }
}

/// `due_on` is a calendar date, exactly `YYYY-MM-DD`.
fn required_due_on(body: &Map<String, Value>) -> Result<String, Invalid> {
    let Some(due_on) = optional_string(body, "due_on")? else {
        return Err(Invalid(String::from("due_on is required")));
    };
    // The round trip rejects forms chrono tolerates, such as "2024-2-9".
    match NaiveDate::parse_from_str(&due_on, "%Y-%m-%d") {
        Ok(date) if date.format("%Y-%m-%d").to_string() == due_on => Ok(due_on),
        _ => Err(Invalid(format!(
            "due_on {due_on:?} is not a valid date (expected YYYY-MM-DD)"
        ))),
    }
}

/// The fields of a create, or the 400 that says what is wrong.
pub fn validated_create(body: &Bytes) -> Result<Fields, Invalid> {
    let body = object(body)?;
    Ok(Fields {
        title: required_title(&body)?,
        due_on: required_due_on(&body)?,
        description: optional_string(&body, "description")?,
    })
}

/// The milestone number in the path; anything but an integer names no milestone.
pub fn number(raw: &str) -> Option<i64> {
    raw.parse().ok()
}

/// What a listing asks for: which milestones, in which order, which page.
struct ListQuery {
    open: Option<bool>,
    by_due_on: bool,
    descending: bool,
    page: usize,
    per_page: usize,
}

/// Reads a listing's query as the family does, or the 400 it answers.
fn list_query<P: V5Side>(
    query: &BTreeMap<String, String>,
    faults: &Faults,
) -> Result<ListQuery, Invalid> {
    let open = match P::state_asked(query.get("state").map(String::as_str), faults) {
        "open" => Some(true),
        "closed" => Some(false),
        "all" => None,
        other => {
            return Err(Invalid(format!(
                "state must be open, closed or all, got {other:?}"
            )));
        }
    };
    let by_due_on = match query.get("sort").map(String::as_str) {
        None => false,
        Some("due_on") => true,
        Some(other) => return Err(Invalid(format!("sort must be due_on, got {other:?}"))),
    };
    let descending = match query.get("direction").map(String::as_str) {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => {
            return Err(Invalid(format!(
                "direction must be asc or desc, got {other:?}"
            )));
        }
    };
    let (page, per_page) = page_asked::<P>(query, faults)?;
    Ok(ListQuery {
        open,
        by_due_on,
        descending,
        page,
        per_page,
    })
}

/// Stable order by `due_on`: equal dates stay in number order, no date
/// sorts last.
fn by_due_on(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

pub async fn list<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response
where
    <P as Identity>::Object: StoredMilestone,
{
    let query = query_pairs(query.as_deref());
    let faults = lock(&shared.faults).faults().clone();
    let asked = match list_query::<P>(&query, &faults) {
        Ok(asked) => asked,
        Err(Invalid(text)) => return P::invalid(&text),
    };
    // A milestone deleted by someone else while this listing is read.
    let deletes = lock(&shared.faults).deletes_before(asked.page);
    if deletes && let Some(repo) = shared.stores.of::<P>().repo(&format!("{owner}/{repo}")) {
        repo.milestones.pop_first();
    }
    // Only the page is cloned: a listing of a large repository reads
    // references, so paging through it stays linear.
    let (items, total) = {
        let mut store = shared.stores.of::<P>();
        let Some(repo) = store.repo(&format!("{owner}/{repo}")) else {
            return project_not_found();
        };
        let mut milestones: Vec<&<P as Identity>::Object> = repo
            .milestones
            .values()
            .filter(|m| {
                asked
                    .open
                    .is_none_or(|open| P::is_open(WireMilestone::state(*m)) == open)
            })
            .collect();
        if asked.by_due_on {
            milestones.sort_by(|a, b| by_due_on(a.due_on(), b.due_on()));
        }
        if asked.descending {
            milestones.reverse();
        }
        let total = milestones.len();
        let items: Vec<<P as Identity>::Object> = milestones
            .into_iter()
            .skip((asked.page - 1).saturating_mul(asked.per_page))
            .take(asked.per_page)
            .map(|milestone| P::answered(milestone, &faults))
            .collect();
        (items, total)
    };
    listed::<P, _>(items, total, asked.per_page, &faults)
}

pub async fn get<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw_number)): Path<(String, String, String)>,
) -> Response {
    let faults = lock(&shared.faults).faults().clone();
    let mut store = shared.stores.of::<P>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    match number(&raw_number).and_then(|n| repository.milestones.get(&n)) {
        Some(milestone) => Json(P::answered(milestone, &faults)).into_response(),
        None => not_found(),
    }
}

pub async fn delete<P: V5Side>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw_number)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<P>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    match number(&raw_number).and_then(|n| repository.milestones.remove(&n)) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(),
    }
}
