//! The sandbox's imitation of GitHub's milestone API, mounted at `/github`
//! (its labels are in `sandbox_labels.rs`): the five milestone operations, listings paged by `Link` headers in the
//! `/repositories/{id}/…` form, unique titles (closed ones included), due
//! dates kept as their Pacific date and answered as midnight Pacific in UTC,
//! and rate limits: `x-ratelimit-*` headers on every answer from a budget
//! (403 with remaining 0 when spent) and a secondary limit on creates, on a
//! clock that may be set off the real one (`Date` and the resets alike).

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Arc,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, RawQuery, Request, State},
    handler::Handler,
    http::request::Parts,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
    routing,
};
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::America::Los_Angeles;
use serde_json::{Map, Value, json};

use crate::{
    provider::rate::Window,
    providers::github::client::types::{Label, Milestone, SimpleUser},
    sandbox::{
        ProviderSeed, Sandbox, SeedData, Shared,
        imitation::{Holding, Imitation, Refusal},
        lock, owners,
        store::Held,
    },
};

use super::GitHub;
use super::sandbox_labels::{self, Labels};
use super::sandbox_owners::GitHubOwners;

/// Items per page unless `per_page` says otherwise, and the most it may say.
pub(super) const DEFAULT_PER_PAGE: usize = 30;
pub(super) const MAX_PER_PAGE: usize = 100;

/// A token's primary budget unless the faults set another.
const DEFAULT_BUDGET: Window = Window {
    requests: 5000,
    length: Duration::from_secs(3600),
};

const DOCS: &str = "https://docs.github.com/rest/issues/milestones";

/// A GitHub repository: its id, its milestones by number and its labels.
#[derive(Debug, Default)]
pub(crate) struct Repo {
    pub id: i64,
    pub milestones: BTreeMap<i64, Milestone>,
    pub labels: Labels,
}

/// A fixed window of a limit, in whole seconds as GitHub's headers speak.
#[derive(Debug, Default)]
struct Counted {
    /// Epoch second the window ends.
    reset: u64,
    used: u64,
}

impl Counted {
    /// Counts one request at `now` in a window of `length`; false when the
    /// window's `limit` is already used up.
    fn take(&mut self, now: u64, window: Window) -> bool {
        if now >= self.reset {
            self.reset = now + window.length.as_secs().max(1);
            self.used = 0;
        }
        if self.used >= u64::from(window.requests) {
            return false;
        }
        self.used += 1;
        true
    }
}

/// What the sandbox counts of GitHub's limits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GitHubLimitStats {
    /// Requests refused by the primary budget (403, remaining 0).
    pub primary_refusals: u64,
    /// Creates refused by the secondary limit.
    pub secondary_refusals: u64,
}

/// GitHub's side of the sandbox.
#[derive(Debug)]
pub struct GitHubSide {
    held: Held<Repo>,
    /// Owners that are users, lower case; every other owner of a held
    /// repository is an organisation.
    users: BTreeSet<String>,
    /// Account ids by lower-case login, given as owners first appear.
    owner_ids: BTreeMap<String, i64>,
    next_owner_id: i64,
    next_id: i64,
    next_repo_id: i64,
    primary: Counted,
    creates: Counted,
    pub stats: GitHubLimitStats,
}

impl Default for GitHubSide {
    fn default() -> Self {
        GitHubSide {
            held: Held::default(),
            users: BTreeSet::new(),
            owner_ids: BTreeMap::new(),
            next_owner_id: 9_919,
            next_id: 1_002_604,
            next_repo_id: 1_296_269,
            primary: Counted::default(),
            creates: Counted::default(),
            stats: GitHubLimitStats::default(),
        }
    }
}

impl GitHubSide {
    pub(super) fn repo(&mut self, name: &str) -> Option<&mut Repo> {
        self.held.repo(name)
    }

    /// The repository `name` and the counter of milestone and label ids.
    pub(super) fn repo_and_ids(&mut self, name: &str) -> Option<(&mut Repo, &mut i64)> {
        if self.held.missing.contains(name) {
            return None;
        }
        Some((self.held.repos.get_mut(name)?, &mut self.next_id))
    }

    pub(super) fn repo_by_id(&mut self, id: i64) -> Option<(String, &mut Repo)> {
        self.held
            .repos
            .iter_mut()
            .find(|(name, repo)| repo.id == id && !self.held.missing.contains(*name))
            .map(|(name, repo)| (name.clone(), repo))
    }

    /// Holds the repository `name` (empty) unless it is held already.
    fn declare(&mut self, name: &str) {
        if let Some((owner, _)) = name.split_once('/') {
            self.owner_id(owner);
        }
        if !self.held.repos.contains_key(name) {
            let id = self.next_repo_id;
            self.next_repo_id += 1;
            let repo = Repo {
                id,
                ..Repo::default()
            };
            self.held.repos.insert(name.to_owned(), repo);
        }
    }

    /// The account id of `login`, given on first sight.
    fn owner_id(&mut self, login: &str) -> i64 {
        let next = &mut self.next_owner_id;
        *self
            .owner_ids
            .entry(login.to_lowercase())
            .or_insert_with(|| {
                *next += 1;
                *next
            })
    }

    /// Whether `login` is a user (else an organisation, if it holds any
    /// repository), compared without case as GitHub does.
    pub fn is_user(&self, login: &str) -> bool {
        self.users.contains(&login.to_lowercase())
    }

    /// The login (lower case) of the owner whose account id is `id`.
    pub fn owner_by_id(&self, id: i64) -> Option<String> {
        self.owner_ids
            .iter()
            .find(|(_, known)| **known == id)
            .map(|(login, _)| login.clone())
    }

    /// The repositories of `login` (compared without case), as (owner as
    /// held, name, repository id) sorted by name, with the owner's account
    /// id; repositories marked missing are left out.
    pub fn owner_repos(&self, login: &str) -> (Option<i64>, Vec<(String, String, i64)>) {
        let repos = self
            .held
            .of_owner(|held_by| held_by.eq_ignore_ascii_case(login))
            .map(|(held_by, path, repo)| (held_by.to_owned(), path.to_owned(), repo.id))
            .collect();
        (self.owner_ids.get(&login.to_lowercase()).copied(), repos)
    }

    /// Every milestone of a repository, by number.
    pub fn milestones(&self, name: &str) -> Vec<Milestone> {
        self.held
            .read(name, |r| r.milestones.values().cloned().collect())
    }
}

impl Holding<Milestone, Label> for GitHubSide {
    /// Loads milestones (keeping their numbers and ids) and labels
    /// (keeping their ids) and declares repositories; missing ones answer
    /// 404. Its users are owners that are users rather than organisations.
    fn seed(&mut self, seed: ProviderSeed<Milestone, Label>) {
        self.held.missing.extend(seed.missing);
        for user in seed.users {
            self.owner_id(&user);
            self.users.insert(user.to_lowercase());
        }
        for (name, labels) in seed.labels {
            self.declare(&name);
            if let Some(repo) = self.held.repos.get_mut(&name) {
                repo.labels.seed(labels, &mut self.next_id);
            }
        }
        for (name, milestones) in seed.milestones {
            self.declare(&name);
            for milestone in milestones {
                if let Some(id) = milestone.id {
                    self.next_id = self.next_id.max(id + 1);
                }
                if let Some(repo) = self.held.repos.get_mut(&name) {
                    repo.milestones.insert(milestone.number, milestone);
                }
            }
        }
    }

    /// Every repository held, as `owner/repo` with its milestone count.
    fn repositories(&self) -> Vec<(String, usize)> {
        self.held.repositories(|repo| repo.milestones.len())
    }
}

fn epoch_seconds(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs()
}

/// The imitation's clock: the real time moved by `skew` seconds.
fn skewed_now(skew: i64) -> SystemTime {
    let by = Duration::from_secs(skew.unsigned_abs());
    if skew >= 0 {
        SystemTime::now() + by
    } else {
        SystemTime::now() - by
    }
}

/// `{"message": …, "documentation_url": …, "status": …}`, GitHub's basic error.
pub(crate) fn message(status: StatusCode, text: &str) -> Response {
    let body = json!({
        "message": text,
        "documentation_url": DOCS,
        "status": status.as_u16().to_string(),
    });
    (status, Json(body)).into_response()
}

pub(super) fn not_found() -> Response {
    message(StatusCode::NOT_FOUND, "Not Found")
}

/// A 422 `Validation Failed` with one item in `errors`, of a milestone.
fn validation(field: &str, code: &str) -> Response {
    validation_of("Milestone", field, code)
}

/// A 422 `Validation Failed` with one item in `errors`, of `resource`.
pub(super) fn validation_of(resource: &str, field: &str, code: &str) -> Response {
    let body = json!({
        "message": "Validation Failed",
        "errors": [{"resource": resource, "code": code, "field": field}],
        "documentation_url": DOCS,
        "status": "422",
    });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// Whether a request's `Authorization` carries `token`, as `Bearer` or as
/// GitHub's older `token` scheme.
pub(crate) fn authorized(headers: &HeaderMap, token: &str) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let presented = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("token "));
    presented == Some(token)
}

/// The 401 GitHub answers a missing or wrong token with.
pub(crate) fn bad_credentials() -> Response {
    message(StatusCode::UNAUTHORIZED, "Bad credentials")
}

/// GitHub's limits around every request: the primary budget first (a 403
/// with remaining 0 once spent), then the secondary limit on creates, then
/// the handler; every answer carries the budget's headers and the `Date`
/// of the clock that counts it.
pub(crate) async fn limits(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let faults = lock(&shared.faults).faults().clone();
    let budget = faults.github().budget.unwrap_or(DEFAULT_BUDGET);
    let clock = skewed_now(faults.github().clock_skew);
    let now = epoch_seconds(clock);
    let is_create = request.method() == axum::http::Method::POST;
    let (allowed, counted) = {
        let mut side = shared.stores.of::<GitHub>();
        let allowed = side.primary.take(now, budget);
        if !allowed {
            side.stats.primary_refusals += 1;
        }
        (allowed, (side.primary.reset, side.primary.used))
    };
    let (reset, used) = counted;
    let is_write = request.method() != axum::http::Method::GET;
    let mut response = if !allowed {
        message(
            StatusCode::FORBIDDEN,
            "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.",
        )
    } else if faults.github().read_only && is_write {
        message(
            StatusCode::FORBIDDEN,
            "Resource not accessible by personal access token",
        )
    } else if let Some(refusal) = is_write
        .then(|| super::sandbox_access::write_refusal(&faults))
        .flatten()
    {
        refusal
    } else if let Some(seconds) = is_create
        .then_some(faults.github().create_limit)
        .flatten()
        .and_then(|window| secondary_refusal(&shared, now, window))
    {
        let status = if faults.github().secondary_429 {
            StatusCode::TOO_MANY_REQUESTS
        } else {
            StatusCode::FORBIDDEN
        };
        let mut refusal = message(
            status,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        );
        refusal
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        refusal
    } else {
        next.run(request).await
    };
    let remaining = u64::from(budget.requests).saturating_sub(used);
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-ratelimit-limit", u64::from(budget.requests)),
        ("x-ratelimit-remaining", remaining),
        ("x-ratelimit-used", used),
        ("x-ratelimit-reset", reset),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
    headers.insert("x-ratelimit-resource", HeaderValue::from_static("core"));
    if let Ok(date) = HeaderValue::from_str(&httpdate::fmt_http_date(clock)) {
        headers.insert(header::DATE, date);
    }
    response
}

/// Counts a create against the secondary limit; the seconds to wait when
/// it is refused.
fn secondary_refusal(shared: &Shared, now: u64, window: Window) -> Option<u64> {
    let mut side = shared.stores.of::<GitHub>();
    if side.creates.take(now, window) {
        return None;
    }
    side.stats.secondary_refusals += 1;
    Some(side.creates.reset.saturating_sub(now).max(1))
}

pub(super) fn query_pairs(query: Option<&str>) -> BTreeMap<String, String> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// Where the sandbox is reached, from the request's `Host`.
pub(super) fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}{}", GitHub::PREFIX)
}

/// A milestone as GitHub sends it: every schema field, `null` when empty.
fn answer(milestone: &Milestone) -> Value {
    let mut value = serde_json::to_value(milestone).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        for (field, _) in super::backup::SCHEMA {
            fields.entry(field).or_insert(Value::Null);
        }
    }
    value
}

/// A positive integer query parameter, or `default`; anything else is
/// ignored, as GitHub does.
pub(super) fn positive(query: &BTreeMap<String, String>, name: &str, default: usize) -> usize {
    query
        .get(name)
        .and_then(|raw| raw.parse::<usize>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(default)
}

/// A listing of a repository's objects (milestones, labels), by the
/// repository's name or by its id.
pub(super) trait Listing: 'static {
    /// The last segment of its path (`milestones`).
    const PATH: &'static str;

    /// One page of the listing of the repository `name` (whose id is `id`),
    /// as `query` asks.
    fn page(
        shared: &Shared,
        name: &str,
        id: i64,
        headers: &HeaderMap,
        query: Option<&str>,
    ) -> Response;
}

/// The routes of the listing `L`, `/repos/{owner}/{repo}/…` (with `create`
/// beside it) and `/repositories/{id}/…`.
pub(super) fn listing_routes<L: Listing, H, T>(
    router: Router<Arc<Shared>>,
    create: H,
) -> Router<Arc<Shared>>
where
    H: Handler<T, Arc<Shared>>,
    T: 'static,
{
    router
        .route(
            &format!("/repos/{{owner}}/{{repo}}/{}", L::PATH),
            routing::get(list::<L>).post(create),
        )
        .route(
            &format!("/repositories/{{id}}/{}", L::PATH),
            routing::get(list_by_id::<L>),
        )
}

/// `GET /repos/{owner}/{repo}/…`: the listing `L` of the repository.
pub(super) async fn list<L: Listing>(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let name = format!("{owner}/{repo}");
    let id = match shared.stores.of::<GitHub>().repo(&name) {
        Some(repo) => repo.id,
        None => return not_found(),
    };
    L::page(&shared, &name, id, &headers, query.as_deref())
}

/// The same listing by repository id, the form GitHub's `Link` URLs use.
pub(super) async fn list_by_id<L: Listing>(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found();
    };
    let name = match shared.stores.of::<GitHub>().repo_by_id(id) {
        Some((name, _)) => name,
        None => return not_found(),
    };
    L::page(&shared, &name, id, &headers, query.as_deref())
}

/// A repository's milestones, in the state asked for.
pub(super) struct MilestoneListing;

impl Listing for MilestoneListing {
    const PATH: &'static str = "milestones";

    fn page(
        shared: &Shared,
        name: &str,
        id: i64,
        headers: &HeaderMap,
        query: Option<&str>,
    ) -> Response {
        let query = query_pairs(query);
        let state = query.get("state").map_or("open", String::as_str);
        if !matches!(state, "open" | "closed" | "all") {
            return validation("state", "invalid");
        }
        let page = positive(&query, "page", 1);
        let per_page = positive(&query, "per_page", DEFAULT_PER_PAGE).min(MAX_PER_PAGE);
        // A milestone deleted by someone else while this listing is read.
        let deletes = lock(&shared.faults).deletes_before(page);
        if deletes && let Some(repo) = shared.stores.of::<GitHub>().repo(name) {
            repo.milestones.pop_first();
        }
        let (items, total) = {
            let mut side = shared.stores.of::<GitHub>();
            let Some(repo) = side.repo(name) else {
                return not_found();
            };
            let kept: Vec<&Milestone> = repo
                .milestones
                .values()
                .filter(|m| state == "all" || m.state.as_deref() == Some(state))
                .collect();
            let total = kept.len();
            let items: Vec<Value> = kept
                .into_iter()
                .skip((page - 1).saturating_mul(per_page))
                .take(per_page)
                .map(answer)
                .collect();
            (items, total)
        };
        let pages = total.div_ceil(per_page).max(1);
        let mut response = Json(items).into_response();
        let first = format!(
            "{}/repositories/{id}/milestones?state={state}&per_page={per_page}",
            origin(headers)
        );
        if let Some(value) = page_links(&first, page, pages) {
            response.headers_mut().insert(header::LINK, value);
        }
        response
    }
}

/// The `Link` header of page `page` of `pages`: `prev`, `next`, `last` and
/// `first` as GitHub gives them, each `listing` (a URL with a query) with
/// its `page`; `None` for a listing of one page.
pub(super) fn page_links(listing: &str, page: usize, pages: usize) -> Option<HeaderValue> {
    let link = |page: usize, rel: &str| format!("<{listing}&page={page}>; rel=\"{rel}\"");
    let mut links = Vec::new();
    if page > 1 {
        links.push(link(page - 1, "prev"));
    }
    if page < pages {
        links.push(link(page + 1, "next"));
        links.push(link(pages, "last"));
    }
    if page > 1 {
        links.push(link(1, "first"));
    }
    if links.is_empty() {
        return None;
    }
    HeaderValue::from_str(&links.join(", ")).ok()
}

/// Why a request body was refused.
pub(super) enum Refused {
    /// Not a JSON object: 400.
    NotJson,
    /// A field GitHub would not take: 422 with the field and the code.
    Field(&'static str, &'static str),
}

impl Refused {
    fn answer(self) -> Response {
        self.answer_as("Milestone")
    }

    /// The answer, its 422 naming `resource`.
    pub(super) fn answer_as(self, resource: &str) -> Response {
        match self {
            Refused::NotJson => message(StatusCode::BAD_REQUEST, "Problems parsing JSON"),
            Refused::Field(field, code) => validation_of(resource, field, code),
        }
    }
}

/// The request body as a JSON object.
pub(super) fn object(body: &Bytes) -> Result<Map<String, Value>, Refused> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Refused::NotJson),
    }
}

/// A string field: `Ok(None)` when absent, `Ok(Some(None))` when `null`.
pub(super) fn text(
    body: &Map<String, Value>,
    field: &'static str,
) -> Result<Option<Option<String>>, Refused> {
    match body.get(field) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) => Ok(Some(Some(s.clone()))),
        Some(_) => Err(Refused::Field(field, "invalid")),
    }
}

/// What GitHub keeps of a `due_on`: the Pacific date of the instant sent,
/// answered as midnight Pacific in UTC.
pub fn kept_due_on(sent: &str) -> Option<String> {
    let instant = DateTime::parse_from_rfc3339(sent).ok()?;
    let date: NaiveDate = instant.with_timezone(&Los_Angeles).date_naive();
    let midnight = Los_Angeles
        .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .single()?;
    Some(
        midnight
            .with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
    )
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The fields of a create or update body, checked.
struct Fields {
    title: Option<String>,
    state: Option<String>,
    description: Option<Option<String>>,
    due_on: Option<Option<String>>,
}

fn fields(body: &Bytes) -> Result<Fields, Refused> {
    let body = object(body)?;
    let title = match text(&body, "title")? {
        Some(Some(title)) if title.trim().is_empty() => {
            return Err(Refused::Field("title", "missing_field"));
        }
        Some(Some(title)) => Some(title),
        Some(None) => return Err(Refused::Field("title", "missing_field")),
        None => None,
    };
    let state = match text(&body, "state")? {
        Some(Some(state)) if matches!(state.as_str(), "open" | "closed") => Some(state),
        Some(_) => return Err(Refused::Field("state", "invalid")),
        None => None,
    };
    let due_on = match text(&body, "due_on")? {
        Some(Some(sent)) => match kept_due_on(&sent) {
            Some(kept) => Some(Some(kept)),
            None => return Err(Refused::Field("due_on", "invalid")),
        },
        other => other,
    };
    Ok(Fields {
        title,
        state,
        description: text(&body, "description")?,
        due_on,
    })
}

fn title_taken(repo: &Repo, title: &str, except: Option<i64>) -> bool {
    repo.milestones
        .values()
        .any(|m| m.title == title && Some(m.number) != except)
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let name = format!("{owner}/{repo}");
    let mut side = shared.stores.of::<GitHub>();
    if side.repo(&name).is_none() {
        return not_found();
    }
    let fields = match fields(&body) {
        Ok(fields) => fields,
        Err(refused) => return refused.answer(),
    };
    let Some(title) = fields.title else {
        return validation("title", "missing_field");
    };
    let id = side.next_id;
    side.next_id += 1;
    let Some(repository) = side.repo(&name) else {
        return not_found();
    };
    if title_taken(repository, &title, None) {
        return validation("title", "already_exists");
    }
    let number = repository
        .milestones
        .keys()
        .next_back()
        .map_or(1, |n| n + 1);
    let base = origin(&headers);
    let stamp = now();
    let state = fields.state.unwrap_or_else(|| "open".to_owned());
    let milestone = Milestone {
        url: Some(format!("{base}/repos/{name}/milestones/{number}")),
        html_url: Some(format!("{base}/{name}/milestone/{number}")),
        labels_url: Some(format!("{base}/repos/{name}/milestones/{number}/labels")),
        id: Some(id),
        node_id: Some(format!("MI_kwDOsandbox{id}")),
        number,
        closed_at: (state == "closed").then(|| stamp.clone()),
        state: Some(state),
        title,
        description: fields.description.flatten(),
        creator: Some(SimpleUser {
            login: Some("sandbox".into()),
            id: Some(1),
            node_id: Some("U_sandbox".into()),
            type_: Some("User".into()),
            html_url: Some(format!("{base}/sandbox")),
            extra: Map::new(),
        }),
        open_issues: Some(0),
        closed_issues: Some(0),
        created_at: Some(stamp.clone()),
        updated_at: Some(stamp),
        due_on: fields.due_on.flatten(),
        extra: Map::new(),
    };
    repository.milestones.insert(number, milestone.clone());
    (StatusCode::CREATED, Json(answer(&milestone))).into_response()
}

fn number(text: &str) -> Option<i64> {
    text.parse().ok()
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, n)): Path<(String, String, String)>,
) -> Response {
    let mut side = shared.stores.of::<GitHub>();
    let found = side
        .repo(&format!("{owner}/{repo}"))
        .zip(number(&n))
        .and_then(|(repo, n)| repo.milestones.get(&n).cloned());
    match found {
        Some(milestone) => Json(answer(&milestone)).into_response(),
        None => not_found(),
    }
}

pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, n)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let mut side = shared.stores.of::<GitHub>();
    let Some((repository, n)) = side.repo(&format!("{owner}/{repo}")).zip(number(&n)) else {
        return not_found();
    };
    if !repository.milestones.contains_key(&n) {
        return not_found();
    }
    let fields = match fields(&body) {
        Ok(fields) => fields,
        Err(refused) => return refused.answer(),
    };
    if let Some(title) = &fields.title
        && title_taken(repository, title, Some(n))
    {
        return validation("title", "already_exists");
    }
    let Some(milestone) = repository.milestones.get_mut(&n) else {
        return not_found();
    };
    let stamp = now();
    if let Some(title) = fields.title {
        milestone.title = title;
    }
    if let Some(description) = fields.description {
        milestone.description = description.filter(|d| !d.is_empty());
    }
    if let Some(due_on) = fields.due_on {
        milestone.due_on = due_on;
    }
    if let Some(state) = fields.state {
        if milestone.state.as_deref() != Some(state.as_str()) {
            milestone.closed_at = (state == "closed").then(|| stamp.clone());
        }
        milestone.state = Some(state);
    }
    milestone.updated_at = Some(stamp);
    Json(answer(milestone)).into_response()
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, n)): Path<(String, String, String)>,
) -> Response {
    let mut side = shared.stores.of::<GitHub>();
    let removed = side
        .repo(&format!("{owner}/{repo}"))
        .zip(number(&n))
        .and_then(|(repo, n)| repo.milestones.remove(&n));
    match removed {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(),
    }
}

impl Imitation for GitHub {
    const PREFIX: &'static str = "/github";
    const SAMPLE_ABOUT: &'static str = "due on both of Los Angeles' clock changes, some undated";
    const DEFAULT_TOKEN: &'static str = DEFAULT_GITHUB_TOKEN;
    type Args = super::sandbox_faults::GitHubSandboxArgs;

    type Store = GitHubSide;
    type Label = Label;

    fn sample() -> Vec<Self::Object> {
        super::sandbox_sample::sample()
    }

    fn sample_labels() -> Vec<Label> {
        super::sandbox_sample::labels()
    }

    /// GitHub's limits wrap its routes inside the gate: a fault or a
    /// missing token is answered before the budget is spent.
    fn routes(router: Router<Arc<Shared>>, shared: &Arc<Shared>) -> Router<Arc<Shared>> {
        listing_routes::<MilestoneListing, _, _>(sandbox_labels::routes(router), create)
            .route(
                "/repos/{owner}/{repo}",
                routing::get(super::sandbox_access::get_repository),
            )
            .route(
                "/repos/{owner}/{repo}/milestones/{number}",
                routing::get(self::get).patch(update).delete(delete),
            )
            .route(
                "/orgs/{org}/repos",
                routing::get(owners::list_org::<GitHubOwners>),
            )
            .route(
                "/users/{username}/repos",
                routing::get(owners::list_user::<GitHubOwners>),
            )
            .route(
                "/organizations/{id}/repos",
                routing::get(super::sandbox_owners::list_org_by_id),
            )
            .route(
                "/user/{id}/repos",
                routing::get(super::sandbox_owners::list_user_by_id),
            )
            .route_layer(axum::middleware::from_fn_with_state(shared.clone(), limits))
            .route_layer(axum::middleware::from_fn_with_state(
                shared.clone(),
                super::sandbox_moves::moves,
            ))
    }

    fn not_found(_: &Shared) -> Response {
        self::not_found()
    }

    fn authorized(shared: &Shared, parts: &Parts) -> bool {
        authorized(&parts.headers, shared.token::<GitHub>())
    }

    fn unauthorized(_: &Shared) -> Response {
        bad_credentials()
    }

    fn refuse(_: &Shared, refusal: Refusal, text: &str) -> Response {
        message(refusal.status(), text)
    }
}

/// The token the GitHub side accepts unless told otherwise.
pub const DEFAULT_GITHUB_TOKEN: &str = "github-sandbox-token";

impl SeedData {
    /// The GitHub part of the seed.
    pub fn github(&mut self) -> &mut ProviderSeed<Milestone, Label> {
        self.part::<GitHub>()
    }

    /// Declares an empty GitHub repository (`owner/repo`) unless it is
    /// already held.
    pub fn with_github_repo(mut self, path: &str) -> SeedData {
        self.github().milestones.entry(path.to_owned()).or_default();
        self
    }
}

impl Sandbox {
    /// `http://127.0.0.1:PORT/github`
    pub fn github_url(&self) -> String {
        self.url(super::PROVIDER)
    }

    /// Every milestone of a GitHub repository, by number.
    pub fn github_milestones(&self, repo: &str) -> Vec<Milestone> {
        self.store::<GitHub>().milestones(repo)
    }

    /// How often GitHub's rate limits refused a request.
    pub fn github_limit_stats(&self) -> GitHubLimitStats {
        self.store::<GitHub>().stats
    }
}

/// GitHub's imitation, as the sandbox finds it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::sandbox::side::IMITATIONS)]
static SIDE: crate::sandbox::side::Side = crate::sandbox::side::Side::of::<GitHub>();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_are_kept_as_their_pacific_date() {
        for (sent, kept) in [
            ("2024-03-10T12:00:00Z", "2024-03-10T08:00:00Z"),
            ("2024-03-11T12:00:00Z", "2024-03-11T07:00:00Z"),
            ("2024-11-03T12:00:00Z", "2024-11-03T07:00:00Z"),
            ("2024-11-04T12:00:00Z", "2024-11-04T08:00:00Z"),
            // Midnight UTC is the evening before in Pacific time.
            ("2024-06-01T00:00:00Z", "2024-05-31T07:00:00Z"),
            ("2024-12-31T23:00:00+09:00", "2024-12-31T08:00:00Z"),
        ] {
            assert_eq!(kept_due_on(sent).as_deref(), Some(kept), "{sent}");
        }
        assert_eq!(kept_due_on("2024-03-10"), None);
    }

    #[test]
    fn a_window_counts_until_its_reset() {
        let window = Window {
            requests: 2,
            length: Duration::from_secs(10),
        };
        let mut counted = Counted::default();
        assert!(counted.take(100, window));
        assert!(counted.take(105, window));
        assert!(!counted.take(109, window));
        assert_eq!(counted.reset, 110);
        assert!(counted.take(110, window));
        assert_eq!(counted.used, 1);
    }
}
