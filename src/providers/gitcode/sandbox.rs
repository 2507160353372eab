//! The GitCode side: the family's imitation (`v5/sandbox/`: milestone
//! reads, labels, owner listings) with GitCode's ways ([`V5Side`]: open
//! reads back as `active`, its faults on the `state` filter), and here its
//! milestone writes (`title` and `due_on` required on create and on
//! update, the state words its faults say it takes), its token check and
//! the shape of its refusals.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, json};

use crate::providers::generated::gitcode::types::{Label, Milestone};

use axum::Router;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::routing;

use super::sandbox_faults::GitCodeStates;
use crate::sandbox::imitation::{Imitation, Refusal};
use crate::sandbox::{ProviderSeed, Sandbox, SeedData, Shared, lock};

use super::GitCode;
use crate::protocols::v5::sandbox::{
    Quirks, StoredMilestone, V5Side, labels,
    milestones::{self, Fields, number, validated_create},
    owners,
    store::Store,
    wire::{Invalid, coded, message, not_found, now, object, optional_string, project_not_found},
};
use crate::providers::number::WholeNumber;

/// GitCode's 400 names the parameter in `error_code_name`.
pub(super) fn invalid(text: &str) -> Response {
    coded(StatusCode::BAD_REQUEST, "INVALID_PARAMETER", text)
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
                routing::get(milestones::list::<GitCode>).post(create),
            )
            .route(
                "/repos/{owner}/{repo}/milestones/{number}",
                routing::get(milestones::get::<GitCode>)
                    .patch(update)
                    .delete(milestones::delete::<GitCode>),
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

    fn is_open(state: Option<&str>) -> bool {
        matches!(state, None | Some("active" | "open"))
    }

    /// A server that ignores the filter answers with its default (open
    /// milestones) whatever was asked.
    fn state_asked<'a>(asked: Option<&'a str>, faults: &crate::sandbox::Faults) -> &'a str {
        match asked {
            _ if faults.gitcode().ignore_state_filter => "open",
            Some("all") if faults.gitcode().state_all_as_open => "open",
            asked => asked.unwrap_or("open"),
        }
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

    fn due_on(&self) -> Option<&str> {
        self.due_on.as_deref()
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
