//! The Gitee side: the family's imitation (`v5/sandbox/`: milestone reads,
//! labels, owner listings) with Gitee's ways ([`V5Side`]: `open`/`closed`,
//! due dates as date-times behind an option), and here its milestone writes
//! (`html_url`, `title` and `due_on` required on create and on update), its
//! token check (only as the `access_token` query parameter) and the shape
//! of its refusals. Its rate limit and the echo of URLs in errors are in
//! `sandbox_limits.rs`.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, json};

use crate::providers::generated::gitee::types::{Label, Milestone};

use axum::Router;
use axum::http::request::Parts;
use axum::routing;

use crate::sandbox::imitation::{Imitation, Refusal};
use crate::sandbox::{ProviderSeed, Sandbox, SeedData, Shared, lock};

use super::Gitee;
use super::sandbox_limits::LimitState;
use crate::protocols::v5::sandbox::{
    Quirks, StoredMilestone, V5Side, labels,
    milestones::{self, Fields, number, validated_create},
    owners,
    store::Store,
    wire::{Invalid, message, not_found, now, object, optional_string, project_not_found},
};
use crate::providers::number::WholeNumber;

/// Gitee's 400 says what is wrong in `message`.
pub(super) fn invalid(text: &str) -> Response {
    message(StatusCode::BAD_REQUEST, text)
}

pub(crate) async fn create(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let full_name = format!("{owner}/{repo}");
    let mut store = shared.stores.of::<Gitee>();
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
    // A state in the body is ignored: Gitee has no state on create.
    let milestone = Milestone {
        closed_issues: Some(0.into()),
        created_at: Some(stamp.clone()),
        description: Some(fields.description.unwrap_or_default()),
        due_on: Some(fields.due_on),
        html_url: Some(format!(
            "https://gitee.com/{owner}/{repo}/milestones/{number}"
        )),
        id: Some(number.into()),
        number: number.into(),
        open_issues: Some(0.into()),
        repository_id: Some(repository.repository_id.into()),
        state: Some("open".to_owned()),
        title: fields.title,
        updated_at: Some(stamp),
        url: Some(format!(
            "https://gitee.com/api/v5/repos/{owner}/{repo}/milestones/{number}"
        )),
        extra: Map::new(),
    };
    repository.milestones.insert(number, milestone.clone());
    drop(store);
    let faults = lock(&shared.faults).faults().clone();
    if faults.create_accepted {
        return (StatusCode::ACCEPTED, Json(json!({ "message": "accepted" }))).into_response();
    }
    (
        StatusCode::CREATED,
        Json(Gitee::answered(&milestone, &faults)),
    )
        .into_response()
}

pub(crate) async fn update(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo, raw_number)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let faults = lock(&shared.faults).faults().clone();
    let mut store = shared.stores.of::<Gitee>();
    let Some(repository) = store.repo(&format!("{owner}/{repo}")) else {
        return project_not_found();
    };
    let Some(milestone) = number(&raw_number).and_then(|n| repository.milestones.get_mut(&n))
    else {
        return not_found();
    };
    let (fields, state) = match validated_update(&body) {
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
    Json(Gitee::answered(milestone, &faults)).into_response()
}

/// PATCH needs `title` and `due_on` like create, and may change the
/// state: `open` or `closed`.
fn validated_update(body: &Bytes) -> Result<(Fields, Option<String>), Invalid> {
    let fields = validated_create(body)?;
    let state = match optional_string(&object(body)?, "state")?.as_deref() {
        None => None,
        Some(state @ ("open" | "closed")) => Some(state.to_owned()),
        Some(other) => {
            return Err(Invalid(format!(
                "state must be open or closed, got {other:?}"
            )));
        }
    };
    Ok((fields, state))
}

impl Imitation for Gitee {
    const PREFIX: &'static str = "/gitee/api/v5";
    const SAMPLE_ABOUT: &'static str = "in Chinese and emoji, with a leap day and a repeated title";
    const DEFAULT_TOKEN: &'static str = DEFAULT_GITEE_TOKEN;
    type Args = super::sandbox_faults::GiteeSandboxArgs;

    fn set_faults(args: &Self::Args, faults: &mut crate::sandbox::Faults) {
        faults
            .by_provider
            .set(<Self as crate::forge::Identity>::PROVIDER, args.faults());
    }

    type Store = Store<Milestone, Label, LimitState>;
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

    fn routes(router: Router<Arc<Shared>>, shared: &Arc<Shared>) -> Router<Arc<Shared>> {
        labels::routes::<Gitee>(router)
            .route(
                "/repos/{owner}/{repo}/milestones",
                routing::get(milestones::list::<Gitee>).post(create),
            )
            .route(
                "/repos/{owner}/{repo}/milestones/{number}",
                routing::get(milestones::get::<Gitee>)
                    .patch(update)
                    .delete(milestones::delete::<Gitee>),
            )
            .route("/orgs/{org}/repos", routing::get(owners::list_org::<Gitee>))
            .route(
                "/users/{username}/repos",
                routing::get(owners::list_user::<Gitee>),
            )
            .route_layer(axum::middleware::from_fn_with_state(
                shared.clone(),
                super::sandbox_limits::limits,
            ))
    }

    fn not_found(_: &Shared) -> Response {
        self::not_found()
    }

    /// Gitee takes the token only as the `access_token` query parameter:
    /// one in a header alone is no token.
    fn authorized(shared: &Shared, parts: &Parts) -> bool {
        let expected = shared.token::<Gitee>();
        url::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
            .any(|(k, v)| k == "access_token" && v == expected)
    }

    fn unauthorized(_: &Shared) -> Response {
        message(StatusCode::UNAUTHORIZED, "401 Unauthorized")
    }

    /// Gitee's refusals say what happened in `message`.
    fn refuse(_: &Shared, refusal: Refusal, text: &str) -> Response {
        message(refusal.status(), text)
    }
}

/// The family's imitation, at Gitee's addresses and with its faults.
impl V5Side for Gitee {
    const API_URL: &'static str = "https://gitee.com/api/v5";
    const WEB_URL: &'static str = "https://gitee.com";
    const SSH_HOST: &'static str = "gitee.com";
    type Extra = LimitState;

    fn quirks(faults: &crate::sandbox::Faults) -> Quirks {
        let own = faults.gitee();
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
        matches!(state, None | Some("open"))
    }

    /// `due_on` as a date-time at midnight in China Standard Time when the
    /// faults say so.
    fn answered(milestone: &Milestone, faults: &crate::sandbox::Faults) -> Milestone {
        let mut answer = milestone.clone();
        if faults.gitee().timestamps {
            answer.due_on = answer.due_on.map(|date| format!("{date}T00:00:00+08:00"));
        }
        answer
    }

    /// "open" and "active" both mean open; Gitee answers "open".
    fn seeded_state(state: Option<&str>) -> Option<String> {
        match state {
            None | Some("open" | "active") => Some("open".to_owned()),
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

/// The token the Gitee side accepts unless told otherwise.
pub const DEFAULT_GITEE_TOKEN: &str = "gitee-sandbox-token";

impl SeedData {
    /// The Gitee part of the seed.
    pub fn gitee(&mut self) -> &mut ProviderSeed<Milestone, Label> {
        self.part::<Gitee>()
    }
}

impl Sandbox {
    /// Every label of a Gitee repository, in creation order, as stored
    /// (colours with `#`).
    pub fn gitee_labels(&self, repo: &str) -> Vec<Label> {
        self.store::<Gitee>().labels(repo)
    }

    /// `http://127.0.0.1:PORT/gitee/api/v5`
    pub fn gitee_url(&self) -> String {
        self.url(crate::providers::Provider::Gitee)
    }

    /// Every milestone of a Gitee repository, by number.
    pub fn gitee_milestones(&self, repo: &str) -> Vec<Milestone> {
        self.store::<Gitee>().milestones(repo)
    }

    /// How many requests Gitee's rate limit refused (403).
    pub fn gitee_rate_refusals(&self) -> u64 {
        self.store::<Gitee>().extra.rate_refusals
    }
}
