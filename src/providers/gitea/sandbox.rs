//! The Gitea side (API v1, also Forgejo's): the five milestone operations
//! with the provider's ways (ids global to the instance, titles that may
//! repeat, `state=open` by default, a closed milestone created closed with
//! `closed_at` set to now, `due_on` shown in the server's timezone and
//! "no due date" absent or as year 9999, a PATCH that cannot remove a due
//! date), `GET /settings/api`, listings capped at `max_response_items` with
//! `X-Total-Count` and, unless told otherwise, `Link`; the token only in
//! `Authorization: token`. Its labels are in `sandbox_labels.rs`, its
//! owners' listings in `sandbox_owners.rs`.

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
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::Gitea;
use super::sandbox_faults::GiteaFaults;
use super::sandbox_owners::GiteaOwners;
use super::sandbox_store::{Store, instant};
use crate::providers::gitea::client::types::{Label, Milestone};
use crate::sandbox::imitation::{Imitation, Refusal};
use crate::sandbox::{ProviderSeed, Sandbox, SeedData, Shared, lock, owners};

/// The token the Gitea side accepts unless told otherwise.
pub const DEFAULT_GITEA_TOKEN: &str = "gitea-sandbox-token";

/// Gitea's page size when `limit` is not given (`DEFAULT_PAGING_NUM`).
const DEFAULT_PAGING_NUM: usize = 30;

/// Where Gitea's error bodies point.
const SWAGGER_URL: &str = "https://gitea.example/api/swagger";

/// `{"message": "...", "url": "..."}`, the shape of Gitea's errors.
pub(super) fn api_error(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "message": text, "url": SWAGGER_URL }))).into_response()
}

/// A 404 as Gitea words it.
pub(super) fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "errors": null, "message": "The target couldn't be found.", "url": SWAGGER_URL })),
    )
        .into_response()
}

/// A refused field, as Gitea's validation answers it (422).
pub(super) fn unprocessable(text: &str) -> Response {
    api_error(StatusCode::UNPROCESSABLE_ENTITY, text)
}

/// Gitea's own quirks in force.
pub(super) fn quirks(shared: &Shared) -> GiteaFaults {
    lock(&shared.faults).faults().gitea()
}

pub(super) fn query_pairs(query: Option<&str>) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// The page and page size a listing asks for, as Gitea reads them: a page
/// below 1 is the first, a missing or bad `limit` the default, any `limit`
/// capped at `max_response_items`.
pub(super) fn page_asked(query: &BTreeMap<String, String>, cap: usize) -> (usize, usize) {
    let number = |name: &str| {
        query
            .get(name)
            .and_then(|raw| raw.parse::<usize>().ok())
            .filter(|n| *n >= 1)
    };
    let page = number("page").unwrap_or(1);
    let limit = number("limit")
        .unwrap_or(DEFAULT_PAGING_NUM)
        .min(cap.max(1));
    (page, limit)
}

/// One page of `items` as Gitea answers it: a bare array with
/// `X-Total-Count`, and a `Link` header unless the quirks leave it out.
pub(super) fn paged(
    items: Vec<Value>,
    page: usize,
    limit: usize,
    uri: &Uri,
    quirks: &GiteaFaults,
) -> Response {
    let total = items.len();
    let shown: Vec<Value> = items
        .into_iter()
        .skip((page - 1).saturating_mul(limit))
        .take(limit)
        .collect();
    let mut response = Json(shown).into_response();
    let headers = response.headers_mut();
    headers.insert("x-total-count", HeaderValue::from(total));
    if !quirks.no_link
        && let Some(link) = link(uri, page, total.div_ceil(limit).max(1))
        && let Ok(value) = HeaderValue::from_str(&link)
    {
        headers.insert(LINK, value);
    }
    response
}

/// The `Link` header of page `page` of `last`: next and last, first and
/// prev, as Gitea writes them, on the path asked.
fn link(uri: &Uri, page: usize, last: usize) -> Option<String> {
    let mut query = query_pairs(uri.query());
    let mut at = |n: usize, rel: &str| {
        query.insert("page".to_owned(), n.to_string());
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query.iter())
            .finish();
        format!(
            "<{}{}?{encoded}>; rel=\"{rel}\"",
            <Gitea as Imitation>::PREFIX,
            uri.path()
        )
    };
    let mut links = Vec::new();
    if page < last {
        links.push(at(page + 1, "next"));
        links.push(at(last, "last"));
    }
    if page > 1 {
        links.push(at(1, "first"));
        links.push(at(page - 1, "prev"));
    }
    (!links.is_empty()).then(|| links.join(","))
}

/// A time kept in UTC, shown in the server's timezone.
fn shown_at(text: &str, zone: FixedOffset) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(moment) => moment
            .with_timezone(&zone)
            .to_rfc3339_opts(SecondsFormat::Secs, true),
        Err(_) => text.to_owned(),
    }
}

/// Now, as the store keeps times.
pub(super) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A milestone as the server answers it: its times in the server's
/// timezone, no due date left out or (quirk) shown as year 9999.
pub(super) fn answer(milestone: &Milestone, quirks: &GiteaFaults) -> Value {
    let zone = quirks.timezone;
    let mut shown = milestone.clone();
    for time in [
        &mut shown.created_at,
        &mut shown.updated_at,
        &mut shown.closed_at,
        &mut shown.due_on,
    ] {
        *time = time.as_deref().map(|text| shown_at(text, zone));
    }
    if shown.due_on.is_none() && quirks.year_9999 {
        let offset = zone.to_string();
        shown.due_on = Some(format!("9999-12-31T23:59:59{offset}"));
    }
    let mut value = serde_json::to_value(shown).unwrap_or(Value::Null);
    // Gitea sends these as `null` when empty.
    if let Value::Object(fields) = &mut value {
        for field in ["closed_at", "due_on"] {
            fields.entry(field).or_insert(Value::Null);
        }
    }
    value
}

/// Whether the milestone is what `state` asks for.
fn kept(milestone: &Milestone, state: &str) -> bool {
    let closed = milestone.state.as_deref() == Some("closed");
    match state {
        "closed" => closed,
        "all" => true,
        _ => !closed,
    }
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query_pairs(query.as_deref());
    let quirks = quirks(&shared);
    let (page, limit) = page_asked(&query, quirks.page_cap);
    let state = query.get("state").map_or("open", String::as_str).to_owned();
    let name = query.get("name").map(|n| n.to_lowercase());
    let deletes = lock(&shared.faults).deletes_before(page);
    let mut store = shared.stores.of::<Gitea>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    if deletes {
        repository.milestones.pop_first();
    }
    let items: Vec<Value> = repository
        .milestones
        .values()
        .filter(|m| kept(m, &state))
        .filter(|m| {
            name.as_ref()
                .is_none_or(|name| m.title.to_lowercase().contains(name))
        })
        .map(|m| answer(m, &quirks))
        .collect();
    drop(store);
    paged(items, page, limit, &uri, &quirks)
}

/// A refused field: the text of the 422 Gitea answers.
#[derive(Debug)]
pub(super) struct Invalid(pub(super) String);

impl Invalid {
    pub(super) fn new(text: &str) -> Invalid {
        Invalid(text.to_owned())
    }
}

/// The request body as a JSON object, or the 422 Gitea answers.
pub(super) fn object(body: &Bytes) -> Result<Map<String, Value>, Invalid> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Invalid::new("the request body must be a JSON object")),
    }
}

/// A string field: `None` when absent or null, a 422 when not a string.
pub(super) fn text(body: &Map<String, Value>, field: &str) -> Result<Option<String>, Invalid> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Invalid::new(&format!("[{field}]: must be a string"))),
    }
}

/// A `due_on` as the store keeps it: the instant in UTC; a 422 when it is
/// no RFC 3339 date-time.
fn due_on(body: &Map<String, Value>) -> Result<Option<String>, Invalid> {
    match text(body, "due_on")? {
        None => Ok(None),
        Some(raw) => match DateTime::parse_from_rfc3339(&raw) {
            Ok(_) => Ok(Some(instant(&raw))),
            Err(_) => Err(Invalid::new(&format!(
                "[DueOn]: {raw:?} is not an RFC 3339 date-time"
            ))),
        },
    }
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let quirks = quirks(&shared);
    let mut store = shared.stores.of::<Gitea>();
    if store.repo(&format!("{owner}/{repo}")).is_none() {
        return not_found();
    }
    let made = object(&body).and_then(|body| {
        let title = match text(&body, "title")? {
            Some(title) if !title.trim().is_empty() => title,
            _ => return Err(Invalid::new("[Title]: Required")),
        };
        let closed = text(&body, "state")?.as_deref() == Some("closed");
        Ok((title, text(&body, "description")?, due_on(&body)?, closed))
    });
    let (title, description, due_on, closed) = match made {
        Ok(made) => made,
        Err(Invalid(text)) => return unprocessable(&text),
    };
    let id = store.next_id.next();
    let stamp = now();
    let milestone = Milestone {
        id,
        title,
        description: Some(description.unwrap_or_default()),
        state: Some(if closed { "closed" } else { "open" }.to_owned()),
        open_issues: Some(0),
        closed_issues: Some(0),
        created_at: Some(stamp.clone()),
        updated_at: Some(stamp.clone()),
        closed_at: closed.then_some(stamp),
        due_on,
        extra: Map::new(),
    };
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    repository.milestones.insert(id, milestone.clone());
    drop(store);
    (StatusCode::CREATED, Json(answer(&milestone, &quirks))).into_response()
}

/// The milestone the path names: by id, else (as Gitea tries) by title.
fn find(repository: &mut super::sandbox_store::Repo, raw: &str) -> Option<i64> {
    if let Ok(id) = raw.parse::<i64>()
        && repository.milestones.contains_key(&id)
    {
        return Some(id);
    }
    repository
        .milestones
        .values()
        .find(|m| m.title == raw)
        .map(|m| m.id)
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw)): Path<(String, String, String)>,
) -> Response {
    let quirks = quirks(&shared);
    let mut store = shared.stores.of::<Gitea>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    match find(repository, &raw).and_then(|id| repository.milestones.get(&id)) {
        Some(milestone) => Json(answer(milestone, &quirks)).into_response(),
        None => not_found(),
    }
}

pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let quirks = quirks(&shared);
    let mut store = shared.stores.of::<Gitea>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    let Some(milestone) = find(repository, &raw).and_then(|id| repository.milestones.get_mut(&id))
    else {
        return not_found();
    };
    let asked = object(&body).and_then(|body| {
        Ok((
            text(&body, "title")?,
            text(&body, "description")?,
            due_on(&body)?,
            text(&body, "state")?,
        ))
    });
    let (title, description, due_on, state) = match asked {
        Ok(asked) => asked,
        Err(Invalid(text)) => return unprocessable(&text),
    };
    let stamp = now();
    if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
        milestone.title = title;
    }
    if let Some(description) = description {
        milestone.description = Some(description);
    }
    // An absent or null due date leaves the one there: the API cannot remove it.
    if let Some(due_on) = due_on {
        milestone.due_on = Some(due_on);
    }
    match state.as_deref() {
        Some("closed") if milestone.state.as_deref() != Some("closed") => {
            milestone.state = Some("closed".to_owned());
            milestone.closed_at = Some(stamp.clone());
        }
        Some("open") => {
            milestone.state = Some("open".to_owned());
            milestone.closed_at = None;
        }
        _ => {}
    }
    milestone.updated_at = Some(stamp);
    let answered = answer(milestone, &quirks);
    drop(store);
    Json(answered).into_response()
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<Gitea>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return not_found();
    };
    match find(repository, &raw).and_then(|id| repository.milestones.remove(&id)) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(),
    }
}

/// `GET /settings/api`: the instance's page sizes.
pub(crate) async fn settings(State(shared): State<Arc<Shared>>) -> Response {
    let cap = quirks(&shared).page_cap;
    Json(json!({
        "max_response_items": cap,
        "default_paging_num": DEFAULT_PAGING_NUM.min(cap),
        "default_git_trees_per_page": 1000,
        "default_max_blob_size": 10_485_760,
    }))
    .into_response()
}

impl Imitation for Gitea {
    const PREFIX: &'static str = "/gitea/api/v1";
    const DEFAULT_TOKEN: &'static str = DEFAULT_GITEA_TOKEN;
    const SAMPLE_ABOUT: &'static str =
        "with global ids, undated ones, a repeated title and right-to-left text";
    type Args = super::sandbox_faults::GiteaSandboxArgs;

    type Store = Store;
    type Label = Label;

    fn sample() -> Vec<Self::Object> {
        super::sandbox_sample::sample()
    }

    fn sample_labels() -> Vec<Label> {
        super::sandbox_sample::labels()
    }

    fn routes(router: Router<Arc<Shared>>, _: &Arc<Shared>) -> Router<Arc<Shared>> {
        super::sandbox_labels::routes(router)
            .route("/settings/api", routing::get(settings))
            .route(
                "/repos/{owner}/{repo}/milestones",
                routing::get(list).post(create),
            )
            .route(
                "/repos/{owner}/{repo}/milestones/{id}",
                routing::get(self::get).patch(update).delete(delete),
            )
            .route(
                "/orgs/{org}/repos",
                routing::get(owners::list_org::<GiteaOwners>),
            )
            .route(
                "/users/{username}/repos",
                routing::get(owners::list_user::<GiteaOwners>),
            )
    }

    fn not_found(_: &Shared) -> Response {
        self::not_found()
    }

    /// Gitea takes the token in `Authorization: token …` here, never in
    /// the query (deprecated since 1.21 and often disabled).
    fn authorized(shared: &Shared, parts: &Parts) -> bool {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("token "));
        header == Some(shared.token::<Gitea>())
    }

    fn unauthorized(_: &Shared) -> Response {
        api_error(StatusCode::UNAUTHORIZED, "token is required")
    }

    fn refuse(_: &Shared, refusal: Refusal, text: &str) -> Response {
        api_error(refusal.status(), text)
    }
}

impl SeedData {
    /// The Gitea part of the seed.
    pub fn gitea(&mut self) -> &mut ProviderSeed<Milestone, Label> {
        self.part::<Gitea>()
    }
}

impl Sandbox {
    /// `http://127.0.0.1:PORT/gitea/api/v1`
    pub fn gitea_url(&self) -> String {
        self.url(super::PROVIDER)
    }

    /// Every milestone of a Gitea repository, by id, as stored (times in UTC).
    pub fn gitea_milestones(&self, repo: &str) -> Vec<Milestone> {
        self.store::<Gitea>().milestones(repo)
    }

    /// Every label of a Gitea repository, as stored.
    pub fn gitea_labels(&self, repo: &str) -> Vec<Label> {
        self.store::<Gitea>().labels(repo)
    }
}

/// Gitea's imitation, as the sandbox finds it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::sandbox::side::IMITATIONS)]
static SIDE: crate::sandbox::side::Side = crate::sandbox::side::Side::of::<Gitea>();
