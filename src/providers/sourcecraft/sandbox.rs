//! The SourceCraft side: milestone operations addressed by slug, token
//! paging, generated and unique slugs, and one error shape for every
//! failure. Its labels are in `sandbox_labels.rs`.
//!
//! Paging: a page that reaches the end of the list carries no
//! `next_page_token`, so a list whose length is an exact multiple of the
//! page size never ends with an empty page. `sort_by` and `filter` are
//! accepted and ignored: items come in creation order.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use crate::providers::sourcecraft::client::types::{Label, Milestone, UserEmbedded};

use super::SourceCraft;
use super::sandbox_faults::ConflictAnswer;
use super::sandbox_store::{Repo, Store, unique_slug};
use crate::sandbox::{ProviderSeed, Sandbox, SeedData, Shared, lock};
use axum::Router;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::routing;

use super::sandbox_owners;
use crate::sandbox::imitation::{Imitation, Refusal};

const DEFAULT_PAGE_SIZE: usize = 20;
const MAX_PAGE_SIZE: usize = 100;
const PAGE_TOKEN_PREFIX: &str = "pt1.";
/// The user every change is attributed to.
const SANDBOX_USER_ID: &str = "00000000-0000-4000-8000-0000000000aa";

/// `{"error_code", "message", "request_id", "details"}`, SourceCraft's one
/// error shape, with a fresh request id each time.
pub(crate) fn error(
    shared: &Shared,
    status: StatusCode,
    code: &str,
    message: &str,
    details: Map<String, Value>,
) -> Response {
    let body = json!({
        "error_code": code,
        "message": message,
        "request_id": shared.next_request_id(),
        "details": details,
    });
    (status, Json(body)).into_response()
}

/// Why a request is refused; turned into the error shape by [`Rejection::answer`].
#[derive(Debug, thiserror::Error)]
pub(super) enum Rejection {
    #[error("{message}")]
    Invalid {
        field: &'static str,
        value: Value,
        message: String,
    },
    #[error("{0} not found")]
    NotFound(String),
    /// A slug taken by another item of the kind named (`milestone`, `label`).
    #[error("a {0} with slug {1:?} already exists")]
    SlugTaken(&'static str, String, ConflictAnswer),
}

impl Rejection {
    pub(super) fn invalid(field: &'static str, value: Value, message: String) -> Self {
        Rejection::Invalid {
            field,
            value,
            message,
        }
    }

    pub(super) fn repo_not_found(repo: &str) -> Self {
        Rejection::NotFound(format!("repository {repo:?}"))
    }

    fn milestone_not_found(slug: &str) -> Self {
        Rejection::NotFound(format!("milestone {slug:?}"))
    }

    pub(super) fn answer(self, shared: &Shared) -> Response {
        let message = self.to_string();
        let (status, code, details) = match self {
            Rejection::Invalid { field, value, .. } => {
                let mut details = Map::new();
                details.insert("field".to_owned(), json!(field));
                details.insert("value".to_owned(), value);
                (StatusCode::BAD_REQUEST, "ValidationError", details)
            }
            Rejection::NotFound(_) => (StatusCode::NOT_FOUND, "NotFound", Map::new()),
            Rejection::SlugTaken(_, slug, ConflictAnswer::Conflict) => {
                let mut details = Map::new();
                details.insert("slug".to_owned(), json!(slug));
                (StatusCode::CONFLICT, "AlreadyExists", details)
            }
            Rejection::SlugTaken(_, slug, ConflictAnswer::BadRequest) => {
                let mut details = Map::new();
                details.insert("field".to_owned(), json!("slug"));
                details.insert("value".to_owned(), json!(slug));
                let message = format!("slug {slug:?} is already taken");
                return error(
                    shared,
                    StatusCode::BAD_REQUEST,
                    "ValidationError",
                    &message,
                    details,
                );
            }
            Rejection::SlugTaken(_, _, ConflictAnswer::Gateway) => {
                // The gRPC gateway's own shape: a numeric code, no request id.
                let body = json!({ "code": 6, "message": message, "details": null });
                return (StatusCode::CONFLICT, Json(body)).into_response();
            }
        };
        error(shared, status, code, &message, details)
    }
}

pub(super) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(super) fn sandbox_user() -> UserEmbedded {
    UserEmbedded {
        id: Some(SANDBOX_USER_ID.to_owned()),
        slug: Some("sandbox".to_owned()),
        extra: Map::new(),
    }
}

/// A milestone as it goes on the wire: `updated_by` is always present,
/// `null` until the first update, as the real service writes it.
fn wire(milestone: &Milestone) -> Value {
    let mut value = serde_json::to_value(milestone).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.entry("updated_by").or_insert(Value::Null);
    }
    value
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path((org, repo)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    match try_list(&shared, &org, &repo, query.as_deref()) {
        Ok(response) => response,
        Err(rejection) => rejection.answer(&shared),
    }
}

fn try_list(
    shared: &Shared,
    org: &str,
    repo: &str,
    query: Option<&str>,
) -> Result<Response, Rejection> {
    let (page_size, offset) = page_asked(query)?;
    // A milestone deleted by someone else while this listing is read.
    let page = offset / page_size + 1;
    let deletes = lock(&shared.faults).deletes_before(page);
    let mut store = shared.stores.of::<SourceCraft>();
    let repository = repo_or_404(&mut store, org, repo)?;
    if deletes && !repository.milestones.is_empty() {
        repository.milestones.remove(0);
    }
    let page = paged(&repository.milestones, page_size, offset, wire);
    Ok(Json(page).into_response())
}

/// The page size and the offset a listing's query asks for.
pub(super) fn page_asked(query: Option<&str>) -> Result<(usize, usize), Rejection> {
    page_asked_by(query, PAGE_TOKEN_PREFIX)
}

/// The page size and the offset a listing's query asks for, its page
/// tokens beginning with `prefix`: a listing's own, so that one listing's
/// token is refused by another.
pub(super) fn page_asked_by(
    query: Option<&str>,
    prefix: &str,
) -> Result<(usize, usize), Rejection> {
    let query: BTreeMap<String, String> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let page_size = match query.get("page_size") {
        None => DEFAULT_PAGE_SIZE,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if n >= 1 => n.min(MAX_PAGE_SIZE),
            _ => {
                let message = format!("page_size must be a positive integer, got {raw:?}");
                return Err(Rejection::invalid("page_size", json!(raw), message));
            }
        },
    };
    let offset = match query.get("page_token").map(String::as_str) {
        None | Some("") => 0,
        Some(token) => parse_page_token(token, prefix).ok_or_else(|| {
            let message = format!("page_token {token:?} is not a token this server issued");
            Rejection::invalid("page_token", json!(token), message)
        })?,
    };
    Ok((page_size, offset))
}

/// One page of `all`: `{"items": […]}`, with a `next_page_token` unless
/// the page reaches the end.
pub(super) fn paged<T>(
    all: &[T],
    page_size: usize,
    offset: usize,
    wire: impl Fn(&T) -> Value,
) -> Value {
    let items: Vec<Value> = all.iter().skip(offset).take(page_size).map(wire).collect();
    let end = offset.saturating_add(page_size);
    let mut body = json!({ "items": items });
    if end < all.len() {
        body["next_page_token"] = json!(format!("{PAGE_TOKEN_PREFIX}{end:x}"));
    }
    body
}

fn parse_page_token(token: &str, prefix: &str) -> Option<usize> {
    usize::from_str_radix(token.strip_prefix(prefix)?, 16).ok()
}

/// The request body as a JSON object.
pub(super) fn object(body: &Bytes) -> Result<Map<String, Value>, Rejection> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Rejection::invalid(
            "body",
            Value::Null,
            "the request body must be a JSON object".to_owned(),
        )),
    }
}

/// A field that may be absent, `null` (`Some(None)`), or a string.
pub(super) fn field(
    body: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<Option<String>>, Rejection> {
    match body.get(name) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) => Ok(Some(Some(s.clone()))),
        Some(other) => Err(Rejection::invalid(
            name,
            other.clone(),
            format!("{name} must be a string, got {other}"),
        )),
    }
}

pub(super) fn valid_name(name: Option<String>) -> Result<String, Rejection> {
    match name {
        None => Err(Rejection::invalid(
            "name",
            Value::Null,
            "name is required".to_owned(),
        )),
        Some(name) if name.trim().is_empty() => {
            let message = format!("name must not be empty, got {name:?}");
            Err(Rejection::invalid("name", json!(name), message))
        }
        Some(name) => Ok(name),
    }
}

pub(super) fn valid_slug(slug: &str) -> Result<(), Rejection> {
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.');
    if (1..=100).contains(&slug.len()) && slug.chars().all(allowed) {
        Ok(())
    } else {
        let message = format!(
            "slug {slug:?} is invalid: use 1 to 100 lowercase letters, digits, '-', '_' or '.'"
        );
        Err(Rejection::invalid("slug", json!(slug), message))
    }
}

/// The optional date-time fields of create and update: RFC 3339, kept
/// exactly as sent, or as the same instant in UTC when `utc` says the
/// gateway normalises them.
fn date_time(
    body: &Map<String, Value>,
    name: &'static str,
    utc: bool,
) -> Result<Option<Option<String>>, Rejection> {
    let value = field(body, name)?;
    if let Some(Some(text)) = &value
        && DateTime::parse_from_rfc3339(text).is_err()
    {
        let message = format!("{name} {text:?} is not an RFC 3339 date-time");
        return Err(Rejection::invalid(name, json!(text), message));
    }
    Ok(match value {
        Some(Some(text)) if utc => Some(Some(crate::sandbox::quirks::utc(&text))),
        other => other,
    })
}

pub(super) fn repo_or_404<'a>(
    store: &'a mut Store,
    org: &str,
    repo: &str,
) -> Result<&'a mut Repo, Rejection> {
    let full_name = format!("{org}/{repo}");
    store
        .repo(&full_name)
        .ok_or_else(|| Rejection::repo_not_found(&full_name))
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Path((org, repo)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    match try_create(&shared, &org, &repo, &body) {
        Ok(response) => response,
        Err(rejection) => rejection.answer(&shared),
    }
}

fn try_create(shared: &Shared, org: &str, repo: &str, body: &Bytes) -> Result<Response, Rejection> {
    let mut store = shared.stores.of::<SourceCraft>();
    repo_or_404(&mut store, org, repo)?;
    let body = object(body)?;
    let name = valid_name(field(&body, "name")?.flatten())?;
    let slug = field(&body, "slug")?.flatten();
    let description = field(&body, "description")?.flatten();
    let utc = lock(&shared.faults).faults().sourcecraft().utc_deadlines;
    let start_date = date_time(&body, "start_date", utc)?.flatten();
    let deadline = date_time(&body, "deadline", utc)?.flatten();
    if let Some(slug) = &slug {
        valid_slug(slug)?;
    }
    let faults = lock(&shared.faults).faults().clone();
    if let Some(slug) = &slug
        && faults.sourcecraft().slugs_taken_mid_run.contains(slug)
    {
        take_slug_as_someone_else(&mut store, org, repo, slug)?;
    }
    let repository = repo_or_404(&mut store, org, repo)?;
    let slug = match slug {
        Some(slug) if repository.slug_taken(&slug) => {
            return Err(Rejection::SlugTaken(
                "milestone",
                slug,
                faults.sourcecraft().conflict,
            ));
        }
        Some(slug) => slug,
        None => unique_slug(repository, &name),
    };
    let id = store.next_id();
    let stamp = now();
    let milestone = Milestone {
        author: Some(sandbox_user()),
        created_at: Some(stamp.clone()),
        deadline,
        description: Some(description.unwrap_or_default()),
        id: Some(id),
        name: Some(name),
        slug: Some(slug),
        start_date,
        status: Some("open".to_owned()),
        updated_at: Some(stamp),
        updated_by: None,
        extra: Map::new(),
    };
    let answer = wire(&milestone);
    repo_or_404(&mut store, org, repo)?
        .milestones
        .push(milestone);
    if faults.create_accepted {
        return Ok((StatusCode::ACCEPTED, Json(json!({}))).into_response());
    }
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// Another user creates a milestone under `slug` (once per slug), just
/// before ours arrives.
fn take_slug_as_someone_else(
    store: &mut Store,
    org: &str,
    repo: &str,
    slug: &str,
) -> Result<(), Rejection> {
    if !store.taken_slugs.insert(format!("{org}/{repo}/{slug}")) {
        return Ok(());
    }
    let id = store.next_id();
    let stamp = now();
    repo_or_404(store, org, repo)?.milestones.push(Milestone {
        author: Some(UserEmbedded {
            id: Some("00000000-0000-4000-8000-0000000000bb".to_owned()),
            slug: Some("someone-else".to_owned()),
            extra: Map::new(),
        }),
        created_at: Some(stamp.clone()),
        deadline: None,
        description: Some("Created by someone else".to_owned()),
        id: Some(id),
        name: Some(format!("Someone else's {slug}")),
        slug: Some(slug.to_owned()),
        start_date: None,
        status: Some("open".to_owned()),
        updated_at: Some(stamp),
        updated_by: None,
        extra: Map::new(),
    });
    Ok(())
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    Path((org, repo, slug)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<SourceCraft>();
    let found = repo_or_404(&mut store, &org, &repo).and_then(|repository| {
        let at = repository
            .position(&slug)
            .ok_or_else(|| Rejection::milestone_not_found(&slug))?;
        Ok(wire(&repository.milestones[at]))
    });
    match found {
        Ok(milestone) => Json(milestone).into_response(),
        Err(rejection) => rejection.answer(&shared),
    }
}

pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    Path((org, repo, slug)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    match try_update(&shared, &org, &repo, &slug, &body) {
        Ok(response) => response,
        Err(rejection) => rejection.answer(&shared),
    }
}

/// PATCH is partial: absent fields stay; `null` clears the description and
/// the optional dates.
fn try_update(
    shared: &Shared,
    org: &str,
    repo: &str,
    slug: &str,
    body: &Bytes,
) -> Result<Response, Rejection> {
    let mut store = shared.stores.of::<SourceCraft>();
    let repository = repo_or_404(&mut store, org, repo)?;
    let at = repository
        .position(slug)
        .ok_or_else(|| Rejection::milestone_not_found(slug))?;
    let body = object(body)?;
    let name = match field(&body, "name")? {
        None => None,
        Some(name) => Some(valid_name(name)?),
    };
    let new_slug = match field(&body, "slug")? {
        None => None,
        Some(None) => {
            let message = "slug must not be null".to_owned();
            return Err(Rejection::invalid("slug", Value::Null, message));
        }
        Some(Some(new_slug)) => {
            valid_slug(&new_slug)?;
            if new_slug != slug && repository.slug_taken(&new_slug) {
                let answer = lock(&shared.faults).faults().sourcecraft().conflict;
                return Err(Rejection::SlugTaken("milestone", new_slug, answer));
            }
            Some(new_slug)
        }
    };
    let description = field(&body, "description")?;
    let utc = lock(&shared.faults).faults().sourcecraft().utc_deadlines;
    let start_date = date_time(&body, "start_date", utc)?;
    let deadline = date_time(&body, "deadline", utc)?;
    let status = match field(&body, "status")? {
        None => None,
        Some(Some(status)) if status == "open" || status == "closed" => Some(status),
        Some(other) => {
            let value = json!(other);
            let message = format!("status must be open or closed, got {value}");
            return Err(Rejection::invalid("status", value, message));
        }
    };

    let milestone = &mut repository.milestones[at];
    if let Some(name) = name {
        milestone.name = Some(name);
    }
    if let Some(new_slug) = new_slug {
        milestone.slug = Some(new_slug);
    }
    if let Some(description) = description {
        milestone.description = Some(description.unwrap_or_default());
    }
    if let Some(start_date) = start_date {
        milestone.start_date = start_date;
    }
    if let Some(deadline) = deadline {
        milestone.deadline = deadline;
    }
    if let Some(status) = status {
        milestone.status = Some(status);
    }
    milestone.updated_by = Some(sandbox_user());
    milestone.updated_at = Some(now());
    Ok(Json(wire(milestone)).into_response())
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((org, repo, slug)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<SourceCraft>();
    let removed = repo_or_404(&mut store, &org, &repo).and_then(|repository| {
        let at = repository
            .position(&slug)
            .ok_or_else(|| Rejection::milestone_not_found(&slug))?;
        repository.milestones.remove(at);
        Ok(())
    });
    match removed {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(rejection) => rejection.answer(&shared),
    }
}

impl Imitation for SourceCraft {
    const PREFIX: &'static str = "/sourcecraft";
    const SAMPLE_ABOUT: &'static str = "with start dates, deadlines and slugs";
    const DEFAULT_TOKEN: &'static str = DEFAULT_SOURCECRAFT_TOKEN;
    const USERS: bool = false;
    type Args = super::sandbox_faults::SourceCraftSandboxArgs;

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
            .route(
                "/repos/{org_slug}/{repo_slug}/milestones",
                routing::get(list).post(create),
            )
            .route(
                "/repos/{org_slug}/{repo_slug}/milestones/{milestone_slug}",
                routing::get(self::get).patch(update).delete(delete),
            )
            .route("/orgs/{org_slug}/repos", routing::get(sandbox_owners::list))
            .route(
                "/repos/{org_slug}/{repo_slug}",
                routing::get(sandbox_owners::get),
            )
    }

    fn not_found(shared: &Shared) -> Response {
        Rejection::NotFound("route".to_owned()).answer(shared)
    }

    fn authorized(shared: &Shared, parts: &Parts) -> bool {
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        bearer == Some(shared.token::<SourceCraft>())
    }

    fn unauthorized(shared: &Shared) -> Response {
        error(
            shared,
            StatusCode::UNAUTHORIZED,
            "Unauthenticated",
            "a valid bearer token is required",
            Map::new(),
        )
    }

    fn refuse(shared: &Shared, refusal: Refusal, text: &str) -> Response {
        let code = match refusal {
            Refusal::PayloadTooLarge => "PayloadTooLarge",
            Refusal::TooManyRequests => "TooManyRequests",
            Refusal::Unavailable => "Unavailable",
        };
        error(shared, refusal.status(), code, text, Map::new())
    }
}

/// The token the SourceCraft side accepts unless told otherwise.
pub const DEFAULT_SOURCECRAFT_TOKEN: &str = "sourcecraft-sandbox-token";

impl SeedData {
    /// The SourceCraft part of the seed.
    pub fn sourcecraft(&mut self) -> &mut ProviderSeed<Milestone, Label> {
        self.part::<SourceCraft>()
    }
}

impl Sandbox {
    /// `http://127.0.0.1:PORT/sourcecraft`
    pub fn sourcecraft_url(&self) -> String {
        self.url(super::PROVIDER)
    }

    /// Every milestone of a SourceCraft repository, in creation order.
    pub fn sourcecraft_milestones(&self, repo: &str) -> Vec<Milestone> {
        self.store::<SourceCraft>().milestones(repo)
    }
}

/// SourceCraft's imitation, as the sandbox finds it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::sandbox::side::IMITATIONS)]
static SIDE: crate::sandbox::side::Side = crate::sandbox::side::Side::of::<SourceCraft>();
