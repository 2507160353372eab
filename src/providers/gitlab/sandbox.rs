//! The GitLab side (API v4): projects addressed by numeric id or URL-encoded
//! full path in nested groups; project milestones with a global `id` and a
//! per-project `iid`, created active and closed or reopened by
//! `state_event`; group milestones, seen by a project with
//! `include_ancestors=true`; titles unique across a project and its
//! ancestor groups (400 "already being used for another group or project
//! milestone"); `page`/`per_page` paging with `x-next-page`, `x-page`,
//! `x-per-page`, `Link` and the totals left out above a count; its rate
//! limit with `RateLimit-*` headers; the token in `PRIVATE-TOKEN` or
//! `Authorization: Bearer`, never in the query. Its labels are in
//! `sandbox_labels.rs`, its owners' listings in `sandbox_owners.rs`, its
//! rate limit in `sandbox_limits.rs`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{AUTHORIZATION, LINK};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing;
use chrono::{NaiveDate, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::GitLab;
use super::sandbox_faults::GitLabFaults;
use super::sandbox_store::Store;
use crate::providers::gitlab::client::types::{Label, Milestone};
use crate::sandbox::imitation::{Imitation, Refusal};
use crate::sandbox::{ProviderSeed, Sandbox, SeedData, Shared, lock};

/// The token the GitLab side accepts unless told otherwise.
pub const DEFAULT_GITLAB_TOKEN: &str = "gitlab-sandbox-token";

/// GitLab's page size when `per_page` is not given, and its cap.
const DEFAULT_PER_PAGE: usize = 20;
const MAX_PER_PAGE: usize = 100;

/// What GitLab answers a title taken in the project or its groups.
pub(super) const TITLE_TAKEN: &str = "already being used for another group or project milestone";

/// `{"message": TEXT}`, the shape of GitLab's errors.
pub(super) fn api_error(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "message": text }))).into_response()
}

/// A 404 as GitLab words it.
pub(super) fn not_found(what: &str) -> Response {
    api_error(StatusCode::NOT_FOUND, &format!("404 {what} Not Found"))
}

/// A refused field, as GitLab's validation answers it (400).
pub(super) fn invalid(field: &str, text: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "message": { field: [text] } })),
    )
        .into_response()
}

/// GitLab's own quirks in force.
pub(super) fn quirks(shared: &Shared) -> GitLabFaults {
    lock(&shared.faults).faults().gitlab()
}

pub(super) fn query_pairs(query: Option<&str>) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// One page of `items` as GitLab answers it: a bare array with
/// `x-page`, `x-per-page`, `x-next-page` (empty on the last), `x-prev-page`
/// and `Link`; `x-total` and `x-total-pages` only up to the quirk's count.
pub(super) fn paged(
    items: Vec<Value>,
    query: &BTreeMap<String, String>,
    uri: &Uri,
    quirks: &GitLabFaults,
) -> Response {
    let number = |name: &str| {
        query
            .get(name)
            .and_then(|raw| raw.parse::<usize>().ok())
            .filter(|n| *n >= 1)
    };
    let page = number("page").unwrap_or(1);
    let per_page = number("per_page")
        .unwrap_or(DEFAULT_PER_PAGE)
        .min(MAX_PER_PAGE);
    let total = items.len();
    let pages = total.div_ceil(per_page).max(1);
    let shown: Vec<Value> = items
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    let counted = total <= quirks.totals_limit;
    let next = (page < pages).then_some(page + 1);
    let mut response = Json(shown).into_response();
    let headers = response.headers_mut();
    let mut put = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    put("x-page", page.to_string());
    put("x-per-page", per_page.to_string());
    put(
        "x-next-page",
        next.map(|n| n.to_string()).unwrap_or_default(),
    );
    put(
        "x-prev-page",
        if page > 1 {
            (page - 1).to_string()
        } else {
            String::new()
        },
    );
    if counted {
        put("x-total", total.to_string());
        put("x-total-pages", pages.to_string());
    }
    if let Ok(value) =
        HeaderValue::from_str(&link(uri, query, page, next, counted.then_some(pages)))
    {
        headers.insert(LINK, value);
    }
    response
}

/// The `Link` header of page `page`: prev, next, first and (with totals)
/// last, as GitLab writes them.
fn link(
    uri: &Uri,
    query: &BTreeMap<String, String>,
    page: usize,
    next: Option<usize>,
    last: Option<usize>,
) -> String {
    let mut query = query.clone();
    let mut at = |n: usize, rel: &str| {
        query.insert("page".to_owned(), n.to_string());
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query.iter())
            .finish();
        format!(
            "<http://gitlab.example{}{}?{encoded}>; rel=\"{rel}\"",
            <GitLab as Imitation>::PREFIX,
            uri.path()
        )
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(at(page - 1, "prev"));
    }
    if let Some(next) = next {
        links.push(at(next, "next"));
    }
    links.push(at(1, "first"));
    if let Some(last) = last {
        links.push(at(last, "last"));
    }
    links.join(", ")
}

/// Now, as GitLab writes times.
pub(super) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A milestone as GitLab answers it: every documented field present, its
/// `expired` worked out, its `web_url` made.
pub(super) fn answer(milestone: &Milestone, path: &str) -> Value {
    let mut shown = milestone.clone();
    let today = Utc::now().date_naive();
    shown.expired = Some(
        milestone
            .due_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .is_some_and(|due| due < today),
    );
    let kind = if milestone.group_id.is_some() {
        "groups/"
    } else {
        ""
    };
    shown.web_url = Some(format!(
        "https://gitlab.example/{kind}{path}/-/milestones/{}",
        milestone.iid.unwrap_or_default()
    ));
    let mut value = serde_json::to_value(shown).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        for field in ["description", "due_date", "start_date"] {
            fields.entry(field).or_insert(Value::Null);
        }
    }
    value
}

/// Whether the milestone is what `state` asks for (every one without it).
fn kept(milestone: &Milestone, query: &BTreeMap<String, String>) -> bool {
    let state_ok = match query.get("state").map(String::as_str) {
        Some("active") | Some("closed") => {
            milestone.state.as_deref() == query.get("state").map(String::as_str)
        }
        _ => true,
    };
    let title_ok = query.get("title").is_none_or(|t| *t == milestone.title);
    state_ok && title_ok
}

fn truthy(query: &BTreeMap<String, String>, name: &str) -> bool {
    query.get(name).is_some_and(|v| v == "true" || v == "1")
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path(project): Path<String>,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query_pairs(query.as_deref());
    let quirks = quirks(&shared);
    let deletes = lock(&shared.faults)
        .deletes_before(query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1));
    let mut store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    if deletes && let Some(space) = store.project(&path) {
        space.milestones.pop_first();
    }
    let mut seen: Vec<(Milestone, String)> = store
        .milestones(&path)
        .into_iter()
        .map(|m| (m, path.clone()))
        .collect();
    if truthy(&query, "include_ancestors") {
        for (group, _) in store.ancestor_groups(&path) {
            seen.extend(
                store
                    .group_milestones(&group)
                    .into_iter()
                    .map(|m| (m, group.clone())),
            );
        }
    }
    drop(store);
    let items = seen
        .iter()
        .filter(|(m, _)| kept(m, &query))
        .map(|(m, at)| answer(m, at))
        .collect();
    paged(items, &query, &uri, &quirks)
}

pub(crate) async fn list_group(
    State(shared): State<Arc<Shared>>,
    Path(group): Path<String>,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query_pairs(query.as_deref());
    let quirks = quirks(&shared);
    let store = shared.stores.of::<GitLab>();
    let Some(path) = store.group_path(&group) else {
        return not_found("Group");
    };
    let items = store
        .group_milestones(&path)
        .iter()
        .filter(|m| kept(m, &query))
        .map(|m| answer(m, &path))
        .collect();
    drop(store);
    paged(items, &query, &uri, &quirks)
}

/// A refused field: the field and the text of the 400 GitLab answers.
#[derive(Debug)]
pub(super) struct Invalid(pub(super) &'static str, pub(super) String);

/// The request body as a JSON object (or a form), or the 400 GitLab answers.
pub(super) fn object(body: &Bytes) -> Result<Map<String, Value>, Invalid> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Invalid("body", "must be a JSON object".to_owned())),
    }
}

/// A string field: `None` when absent or null, a 400 when not a string.
pub(super) fn text(
    body: &Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, Invalid> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Invalid(field, "is invalid".to_owned())),
    }
}

/// A date field: `None` when absent, `Some(None)` when empty (removed), a
/// 400 when it is no `YYYY-MM-DD` date.
fn date(body: &Map<String, Value>, field: &'static str) -> Result<Option<Option<String>>, Invalid> {
    match text(body, field)? {
        None => Ok(None),
        Some(raw) if raw.is_empty() => Ok(Some(None)),
        Some(raw) => match NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
            Ok(date) => Ok(Some(Some(date.format("%Y-%m-%d").to_string()))),
            Err(_) => Err(Invalid(field, "is invalid".to_owned())),
        },
    }
}

/// Whether `title` is held by a milestone of the project or of one of its
/// ancestor groups, other than `except`.
fn title_taken(store: &Store, path: &str, title: &str, except: Option<i64>) -> bool {
    store
        .seen_milestones(path)
        .iter()
        .any(|m| m.title == title && Some(m.id) != except)
}

type Made = (String, Option<String>, Option<String>, Option<String>);

fn created_fields(body: &Bytes) -> Result<Made, Invalid> {
    let body = object(body)?;
    let title = match text(&body, "title")? {
        Some(title) if !title.trim().is_empty() => title,
        _ => return Err(Invalid("title", "can't be blank".to_owned())),
    };
    Ok((
        title,
        text(&body, "description")?,
        date(&body, "due_date")?.flatten(),
        date(&body, "start_date")?.flatten(),
    ))
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Path(project): Path<String>,
    body: Bytes,
) -> Response {
    let mut store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    let (title, description, due_date, start_date) = match created_fields(&body) {
        Ok(made) => made,
        Err(Invalid(field, text)) => return invalid(field, &text),
    };
    if title_taken(&store, &path, &title, None) {
        return invalid("title", TITLE_TAKEN);
    }
    let id = store.next_id.next();
    let stamp = now();
    let Some(space) = store.project(&path) else {
        return not_found("Project");
    };
    let iid = space.next_iid;
    space.next_iid += 1;
    let milestone = Milestone {
        id,
        iid: Some(iid),
        project_id: Some(space.id),
        group_id: None,
        title,
        description,
        due_date,
        start_date,
        state: Some("active".to_owned()),
        updated_at: Some(stamp.clone()),
        created_at: Some(stamp),
        expired: None,
        web_url: None,
        extra: Map::new(),
    };
    space.milestones.insert(id, milestone.clone());
    drop(store);
    (StatusCode::CREATED, Json(answer(&milestone, &path))).into_response()
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    Path((project, id)): Path<(String, String)>,
) -> Response {
    let mut store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    let found = id
        .parse::<i64>()
        .ok()
        .and_then(|id| store.project(&path)?.milestones.get(&id).cloned());
    match found {
        Some(milestone) => Json(answer(&milestone, &path)).into_response(),
        None => not_found("Milestone"),
    }
}

type Asked = (
    Option<String>,
    Option<String>,
    Option<Option<String>>,
    Option<Option<String>>,
    Option<String>,
);

fn asked_fields(body: &Bytes) -> Result<Asked, Invalid> {
    let body = object(body)?;
    Ok((
        text(&body, "title")?,
        text(&body, "description")?,
        date(&body, "due_date")?,
        date(&body, "start_date")?,
        text(&body, "state_event")?,
    ))
}

pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    Path((project, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let mut store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    let Some(id) = id.parse::<i64>().ok().filter(|id| {
        store
            .project(&path)
            .is_some_and(|p| p.milestones.contains_key(id))
    }) else {
        return not_found("Milestone");
    };
    let (title, description, due_date, start_date, event) = match asked_fields(&body) {
        Ok(asked) => asked,
        Err(Invalid(field, text)) => return invalid(field, &text),
    };
    if let Some(title) = &title
        && title_taken(&store, &path, title, Some(id))
    {
        return invalid("title", TITLE_TAKEN);
    }
    let Some(milestone) = store.project(&path).and_then(|p| p.milestones.get_mut(&id)) else {
        return not_found("Milestone");
    };
    if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
        milestone.title = title;
    }
    if let Some(description) = description {
        milestone.description = Some(description);
    }
    if let Some(due_date) = due_date {
        milestone.due_date = due_date;
    }
    if let Some(start_date) = start_date {
        milestone.start_date = start_date;
    }
    match event.as_deref() {
        Some("close") => milestone.state = Some("closed".to_owned()),
        Some("activate") => milestone.state = Some("active".to_owned()),
        _ => {}
    }
    milestone.updated_at = Some(now());
    let answered = answer(milestone, &path);
    drop(store);
    Json(answered).into_response()
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((project, id)): Path<(String, String)>,
) -> Response {
    let mut store = shared.stores.of::<GitLab>();
    let Some(path) = store.project_path(&project) else {
        return not_found("Project");
    };
    let removed = id
        .parse::<i64>()
        .ok()
        .and_then(|id| store.project(&path)?.milestones.remove(&id));
    match removed {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found("Milestone"),
    }
}

impl Imitation for GitLab {
    const PREFIX: &'static str = "/gitlab/api/v4";
    const DEFAULT_TOKEN: &'static str = DEFAULT_GITLAB_TOKEN;
    const SAMPLE_ABOUT: &'static str =
        "with start dates, undated ones, a milestone of its parent group and unicode titles";
    type Args = super::sandbox_faults::GitLabSandboxArgs;

    type Store = Store;
    type Label = Label;

    fn sample() -> Vec<Self::Object> {
        super::sandbox_sample::sample()
    }

    fn sample_labels() -> Vec<Label> {
        super::sandbox_sample::labels()
    }

    fn routes(router: Router<Arc<Shared>>, shared: &Arc<Shared>) -> Router<Arc<Shared>> {
        super::sandbox_labels::routes(router)
            .route("/projects/{id}/milestones", routing::get(list).post(create))
            .route(
                "/projects/{id}/milestones/{milestone_id}",
                routing::get(self::get).put(update).delete(delete),
            )
            .route("/groups/{id}/milestones", routing::get(list_group))
            .route(
                "/projects/{id}",
                routing::get(super::sandbox_owners::project),
            )
            .route("/groups/{id}", routing::get(super::sandbox_owners::group))
            .route(
                "/groups/{id}/projects",
                routing::get(super::sandbox_owners::list_group),
            )
            .route(
                "/users/{id}/projects",
                routing::get(super::sandbox_owners::list_user),
            )
            .route_layer(axum::middleware::from_fn_with_state(
                shared.clone(),
                super::sandbox_lost::lose_closes,
            ))
            .route_layer(axum::middleware::from_fn_with_state(
                shared.clone(),
                super::sandbox_limits::limits,
            ))
    }

    fn not_found(_: &Shared) -> Response {
        api_error(StatusCode::NOT_FOUND, "404 Not Found")
    }

    /// GitLab takes the token in `PRIVATE-TOKEN` or `Authorization: Bearer`
    /// here (an OAuth token only as Bearer); a token in the query is
    /// refused (mileport never sends one).
    fn authorized(shared: &Shared, parts: &Parts) -> bool {
        let token = shared.token::<GitLab>();
        let private = parts
            .headers
            .get("private-token")
            .and_then(|v| v.to_str().ok());
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let in_query = query_pairs(parts.uri.query())
            .keys()
            .any(|k| k == "private_token" || k == "access_token");
        // An OAuth token is taken only as a Bearer token, as GitLab does.
        let private_ok = private == Some(token) && !super::is_oauth(token);
        !in_query && (private_ok || bearer == Some(token))
    }

    fn unauthorized(_: &Shared) -> Response {
        api_error(StatusCode::UNAUTHORIZED, "401 Unauthorized")
    }

    fn refuse(_: &Shared, refusal: Refusal, text: &str) -> Response {
        match refusal {
            Refusal::TooManyRequests => (refusal.status(), "Retry later\n").into_response(),
            _ => api_error(refusal.status(), text),
        }
    }
}

impl SeedData {
    /// The GitLab part of the seed.
    pub fn gitlab(&mut self) -> &mut ProviderSeed<Milestone, Label> {
        self.part::<GitLab>()
    }
}

impl Sandbox {
    /// `http://127.0.0.1:PORT/gitlab/api/v4`
    pub fn gitlab_url(&self) -> String {
        self.url(super::PROVIDER)
    }

    /// Every milestone of a GitLab project (its groups' apart), by id, as stored.
    pub fn gitlab_milestones(&self, repo: &str) -> Vec<Milestone> {
        self.store::<GitLab>().milestones(repo)
    }

    /// Every milestone of a GitLab group, by id, as stored.
    pub fn gitlab_group_milestones(&self, group: &str) -> Vec<Milestone> {
        self.store::<GitLab>().group_milestones(group)
    }

    /// Requests GitLab's rate limit refused (429).
    pub fn gitlab_rate_refusals(&self) -> u64 {
        self.store::<GitLab>().window.refused
    }

    /// Closes whose answers were lost.
    pub fn gitlab_closes_lost(&self) -> u32 {
        self.store::<GitLab>().closes_lost
    }

    /// Every label of a GitLab project, as stored.
    pub fn gitlab_labels(&self, repo: &str) -> Vec<Label> {
        self.store::<GitLab>().labels(repo)
    }
}

/// GitLab's imitation, as the sandbox finds it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::sandbox::side::IMITATIONS)]
static SIDE: crate::sandbox::side::Side = crate::sandbox::side::Side::of::<GitLab>();
