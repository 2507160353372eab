//! The GitCode side: the five milestone operations of API v5, with the
//! provider's quirks (list defaults to open milestones, open reads back as
//! `active`, `title` and `due_on` required on create and on update). Its
//! labels and owner listings are the family's (`v5/sandbox/`).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use crate::providers::generated::gitcode::types::{Label, Milestone};

use axum::Router;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::routing;

use super::sandbox_faults::GitCodeStates;
use crate::sandbox::imitation::{Imitation, Refusal};
use crate::sandbox::{ProviderSeed, Sandbox, SeedData, Shared, lock};

use super::GitCode;
use crate::providers::{
    number::WholeNumber,
    v5::sandbox::{
        Quirks, StoredMilestone, V5Side, labels, owners,
        store::Store,
        wire::{
            Invalid, coded, listed, message, not_found, now, object, optional_string, page_asked,
            project_not_found, query_pairs,
        },
    },
};

pub(super) fn invalid(text: &str) -> Response {
    coded(StatusCode::BAD_REQUEST, "INVALID_PARAMETER", text)
}

fn is_open(milestone: &Milestone) -> bool {
    matches!(milestone.state.as_deref(), None | Some("active" | "open"))
}

/// What a listing asks for: which milestones, in which order, which page.
struct ListQuery {
    keep: fn(&Milestone) -> bool,
    by_due_on: bool,
    descending: bool,
    page: usize,
    per_page: usize,
}

/// Reads a listing's query as GitCode does, or the 400 it answers.
fn list_query(
    query: &BTreeMap<String, String>,
    faults: &crate::sandbox::Faults,
) -> Result<ListQuery, Invalid> {
    // The provider's default: open milestones only. A server that ignores
    // the filter answers with its default whatever was asked.
    let state = match query.get("state").map(String::as_str) {
        _ if faults.gitcode().ignore_state_filter => "open",
        Some("all") if faults.gitcode().state_all_as_open => "open",
        asked => asked.unwrap_or("open"),
    };
    let keep: fn(&Milestone) -> bool = match state {
        "open" => is_open,
        "closed" => |m| !is_open(m),
        "all" => |_| true,
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
    let (page, per_page) = page_asked::<GitCode>(query, faults)?;
    Ok(ListQuery {
        keep,
        by_due_on,
        descending,
        page,
        per_page,
    })
}

pub(crate) async fn list(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query_pairs(query.as_deref());
    let faults = lock(&shared.faults).faults().clone();
    let ListQuery {
        keep,
        by_due_on,
        descending,
        page,
        per_page,
    } = match list_query(&query, &faults) {
        Ok(asked) => asked,
        Err(Invalid(text)) => return invalid(&text),
    };
    // A milestone deleted by someone else while this listing is read.
    let deletes = lock(&shared.faults).deletes_before(page);
    if deletes
        && let Some(repo) = shared
            .stores
            .of::<GitCode>()
            .repo(&format!("{owner}/{repo}"))
    {
        repo.milestones.pop_first();
    }

    // Only the page is cloned: a listing of a large repository reads
    // references, so paging through it stays linear.
    let (items, total) = {
        let mut store = shared.stores.of::<GitCode>();
        let Some(repo) = store.repo(&format!("{owner}/{repo}")) else {
            return project_not_found();
        };
        let mut milestones: Vec<&Milestone> =
            repo.milestones.values().filter(|m| keep(m)).collect();
        if by_due_on {
            // Stable sort: equal dates stay in number order. No date sorts last.
            milestones.sort_by(|a, b| match (&a.due_on, &b.due_on) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            });
        }
        if descending {
            milestones.reverse();
        }
        let total = milestones.len();
        let items: Vec<Milestone> = milestones
            .into_iter()
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .cloned()
            .collect();
        (items, total)
    };
    listed::<GitCode, _>(items, total, per_page, &faults)
}

/// The request body as a JSON object, or a 400.
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

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let full_name = format!("{owner}/{repo}");
    let mut store = shared.stores.of::<GitCode>();
    if store.repo(&full_name).is_none() {
        return project_not_found();
    }
    let fields = match validated_create(&body) {
        Ok(fields) => fields,
        Err(Invalid(text)) => return invalid(&text),
    };
    let number = store.next_number();
    let Some(repository) = store.repo(&full_name) else {
        return project_not_found();
    };
    let stamp = now();
    // A state in the body is ignored: GitCode has no state on create.
    let milestone = Milestone {
        closed_issues: Some(0.into()),
        created_at: Some(stamp.clone()),
        description: Some(fields.description.unwrap_or_default()),
        due_on: Some(fields.due_on),
        id: None,
        number: number.into(),
        open_issues: Some(0.into()),
        repository_id: Some(repository.repository_id.into()),
        state: Some("active".to_owned()),
        title: fields.title,
        updated_at: Some(stamp),
        url: Some(format!(
            "https://gitcode.com/{owner}/{repo}/milestones/{number}"
        )),
        extra: Map::new(),
    };
    repository.milestones.insert(number, milestone.clone());
    drop(store);
    if lock(&shared.faults).faults().create_accepted {
        return (StatusCode::ACCEPTED, Json(json!({ "message": "accepted" }))).into_response();
    }
    (StatusCode::CREATED, Json(milestone)).into_response()
}

struct Fields {
    title: String,
    due_on: String,
    description: Option<String>,
}

fn validated_create(body: &Bytes) -> Result<Fields, Invalid> {
    let body = object(body)?;
    Ok(Fields {
        title: required_title(&body)?,
        due_on: required_due_on(&body)?,
        description: optional_string(&body, "description")?,
    })
}

/// The milestone number in the path; anything but an integer names no milestone.
fn number(raw: &str) -> Option<i64> {
    raw.parse().ok()
}

pub(crate) async fn get(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw_number)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<GitCode>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    match number(&raw_number).and_then(|n| repository.milestones.get(&n)) {
        Some(milestone) => Json(milestone.clone()).into_response(),
        None => not_found(),
    }
}

pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw_number)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let mut store = shared.stores.of::<GitCode>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    let Some(milestone) = number(&raw_number).and_then(|n| repository.milestones.get_mut(&n))
    else {
        return not_found();
    };
    let words = lock(&shared.faults).faults().gitcode().states;
    let (fields, state) = match validated_update(&body, words) {
        Ok(valid) => valid,
        Err(Invalid(text)) => return invalid(&text),
    };
    milestone.title = fields.title;
    milestone.due_on = Some(fields.due_on);
    if let Some(description) = fields.description {
        milestone.description = Some(description);
    }
    if let Some(state) = state {
        milestone.state = Some(state);
    }
    milestone.updated_at = Some(now());
    Json(milestone.clone()).into_response()
}

/// PATCH needs `title` and `due_on` like create, and may change the state,
/// in the words the sandbox is told GitCode takes.
fn validated_update(
    body: &Bytes,
    words: GitCodeStates,
) -> Result<(Fields, Option<String>), Invalid> {
    let fields = validated_create(body)?;
    let state = optional_string(&object(body)?, "state")?;
    let state = match (words, state.as_deref()) {
        (_, None) => None,
        (GitCodeStates::Documented, Some("open")) => Some("active".to_owned()),
        (GitCodeStates::Documented, Some("closed")) => Some("closed".to_owned()),
        (GitCodeStates::Documented, Some(other)) => {
            return Err(Invalid(format!(
                "state must be open or closed, got {other:?}"
            )));
        }
        (_, Some("reopen")) => Some("active".to_owned()),
        (_, Some("close")) => Some("closed".to_owned()),
        (GitCodeStates::VerbsIgnoringOthers, Some(_)) => None,
        (GitCodeStates::Verbs, Some(other)) => {
            return Err(Invalid(format!(
                "state must be reopen or close, got {other:?}"
            )));
        }
    };
    Ok((fields, state))
}

pub(crate) async fn delete(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw_number)): Path<(String, String, String)>,
) -> Response {
    let mut store = shared.stores.of::<GitCode>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    match number(&raw_number).and_then(|n| repository.milestones.remove(&n)) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(),
    }
}

impl Imitation for GitCode {
    const PREFIX: &'static str = "/gitcode/api/v5";
    const SAMPLE_ABOUT: &'static str = "in Chinese, Russian and emoji";
    const DEFAULT_TOKEN: &'static str = DEFAULT_GITCODE_TOKEN;
    type Args = super::sandbox_faults::GitCodeSandboxArgs;

    fn set_faults(args: &Self::Args, faults: &mut crate::sandbox::Faults) {
        faults
            .by_provider
            .set(<Self as crate::forge::Identity>::PROVIDER, args.faults());
    }

    fn number_quirks(faults: &crate::sandbox::Faults) -> crate::sandbox::NumberQuirks {
        let own = faults.gitcode();
        crate::sandbox::NumberQuirks {
            string_ids: own.string_ids,
            duplicate_numbers: own.duplicate_numbers,
        }
    }

    type Store = Store<Milestone, Label, ()>;
    type Label = Label;

    fn load(store: &mut Self::Store, seed: ProviderSeed<Self::Object, Label>) {
        store.seed(seed, Self::seeded_state);
    }

    fn held(store: &Self::Store) -> Vec<(String, usize)> {
        store.repositories()
    }

    fn sample() -> Vec<Self::Object> {
        super::sandbox_sample::sample()
    }

    fn sample_labels() -> Vec<Label> {
        super::sandbox_sample::labels()
    }

    fn routes(router: Router<Arc<Shared>>, _: &Arc<Shared>) -> Router<Arc<Shared>> {
        labels::routes::<GitCode>(router)
            .route(
                "/repos/{owner}/{repo}/milestones",
                routing::get(list).post(create),
            )
            .route(
                "/repos/{owner}/{repo}/milestones/{number}",
                routing::get(self::get).patch(update).delete(delete),
            )
            .route(
                "/orgs/{org}/repos",
                routing::get(owners::list_org::<GitCode>),
            )
            .route(
                "/users/{username}/repos",
                routing::get(owners::list_user::<GitCode>),
            )
    }

    fn not_found(_: &Shared) -> Response {
        self::not_found()
    }

    /// GitCode accepts the token in any of three places.
    fn authorized(shared: &Shared, parts: &Parts) -> bool {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let bearer = header(AUTHORIZATION.as_str()).and_then(|v| v.strip_prefix("Bearer "));
        let expected = shared.token::<GitCode>();
        let in_query =
            url::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
                .any(|(k, v)| k == "access_token" && v == expected);
        bearer == Some(expected) || header("private-token") == Some(expected) || in_query
    }

    fn unauthorized(_: &Shared) -> Response {
        message(StatusCode::UNAUTHORIZED, "401 Unauthorized")
    }

    fn refuse(_: &Shared, refusal: Refusal, text: &str) -> Response {
        let name = match refusal {
            Refusal::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Refusal::TooManyRequests => "TOO_MANY_REQUESTS",
            Refusal::Unavailable => "SERVICE_UNAVAILABLE",
        };
        coded(refusal.status(), name, text)
    }
}

/// The family's imitation, at GitCode's addresses and with its faults.
impl V5Side for GitCode {
    const API_URL: &'static str = "https://api.gitcode.com/api/v5";
    const WEB_URL: &'static str = "https://gitcode.com";
    const SSH_HOST: &'static str = "gitcode.com";
    type Extra = ();

    fn quirks(faults: &crate::sandbox::Faults) -> Quirks {
        let own = faults.gitcode();
        Quirks {
            page_cap: own.page_cap,
            no_totals: own.no_totals,
            bare_label_colors: own.label_colors_without_hash,
        }
    }

    fn invalid(text: &str) -> Response {
        invalid(text)
    }

    /// "open" and "active" both mean open; the API answers "active".
    fn seeded_state(state: Option<&str>) -> Option<String> {
        match state {
            None | Some("open") => Some("active".to_owned()),
            Some(other) => Some(other.to_owned()),
        }
    }
}

impl StoredMilestone for Milestone {
    fn repository_id(&self) -> Option<&WholeNumber> {
        self.repository_id.as_ref()
    }

    fn state_mut(&mut self) -> &mut Option<String> {
        &mut self.state
    }
}

/// The token the GitCode side accepts unless told otherwise.
pub const DEFAULT_GITCODE_TOKEN: &str = "gitcode-sandbox-token";

impl SeedData {
    /// The GitCode part of the seed.
    pub fn gitcode(&mut self) -> &mut ProviderSeed<Milestone, Label> {
        self.part::<GitCode>()
    }
}

impl Sandbox {
    /// Every label of a GitCode repository, in creation order, as stored
    /// (colours with `#`).
    pub fn gitcode_labels(&self, repo: &str) -> Vec<Label> {
        self.store::<GitCode>().labels(repo)
    }

    /// `http://127.0.0.1:PORT/gitcode/api/v5`
    pub fn gitcode_url(&self) -> String {
        self.url(crate::providers::Provider::GitCode)
    }

    /// Every milestone of a GitCode repository, by number.
    pub fn gitcode_milestones(&self, repo: &str) -> Vec<Milestone> {
        self.store::<GitCode>().milestones(repo)
    }
}
