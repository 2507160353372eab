//! The Gitee side: the family's imitation (`v5/sandbox/`: milestones,
//! labels, owner listings, sample) with Gitee's ways ([`V5Side`]:
//! `open`/`closed`, due dates as date-times behind an option, its
//! milestones' `html_url` and `id`), its token check (only as the
//! `access_token` query parameter) and the shape of its refusals. Its rate
//! limit and the echo of URLs in errors are in `sandbox_limits.rs`.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use crate::providers::gitee::client::types::{Label, Milestone};

use axum::Router;
use axum::http::request::Parts;

use crate::sandbox::imitation::{Imitation, Refusal};
use crate::sandbox::{ProviderSeed, Sandbox, SeedData, Shared};

use super::Gitee;
use super::sandbox_limits::LimitState;
use crate::net::number::WholeNumber;
use crate::protocols::v5::sandbox::{
    self as v5_sandbox, MilestonePartsMut, Quirks, StoredMilestone, V5Side,
    store::Store,
    wire::{Invalid, message, not_found},
};

/// Gitee's 400 says what is wrong in `message`.
pub(super) fn invalid(text: &str) -> Response {
    message(StatusCode::BAD_REQUEST, text)
}

impl Imitation for Gitee {
    const PREFIX: &'static str = "/gitee/api/v5";
    const SAMPLE_ABOUT: &'static str = "in Chinese and emoji, with a leap day and a repeated title";
    const DEFAULT_TOKEN: &'static str = DEFAULT_GITEE_TOKEN;
    type Args = super::sandbox_faults::GiteeSandboxArgs;

    type Store = Store<Milestone, Label, LimitState>;
    type Label = Label;

    fn sample() -> Vec<Self::Object> {
        v5_sandbox::sample::milestones::<Gitee>()
    }

    fn sample_labels() -> Vec<Label> {
        v5_sandbox::sample::labels::<Gitee>()
    }

    fn routes(router: Router<Arc<Shared>>, shared: &Arc<Shared>) -> Router<Arc<Shared>> {
        v5_sandbox::routes::<Gitee>(router).route_layer(axum::middleware::from_fn_with_state(
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

    /// Its `url` is the milestone's API address, `html_url` its page, and
    /// its `id` its number.
    fn milestone_links(repo: &str, number: i64) -> Map<String, Value> {
        Map::from_iter([
            (
                "html_url".to_owned(),
                Value::from(format!("{}/{repo}/milestones/{number}", Self::WEB_URL)),
            ),
            ("id".to_owned(), Value::from(number)),
            (
                "url".to_owned(),
                Value::from(format!(
                    "{}/repos/{repo}/milestones/{number}",
                    Self::API_URL
                )),
            ),
        ])
    }

    /// `open` or `closed`.
    fn state_written(
        asked: Option<&str>,
        _: &crate::sandbox::Faults,
    ) -> Result<Option<String>, Invalid> {
        match asked {
            None => Ok(None),
            Some(state @ ("open" | "closed")) => Ok(Some(state.to_owned())),
            Some(other) => Err(Invalid(format!(
                "state must be open or closed, got {other:?}"
            ))),
        }
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
}

impl StoredMilestone for Milestone {
    /// "open" and "active" both mean open; Gitee answers "open".
    fn seeded_state(state: Option<&str>) -> Option<String> {
        match state {
            None | Some("open" | "active") => Some("open".to_owned()),
            Some(other) => Some(other.to_owned()),
        }
    }

    fn repository_id(&self) -> Option<&WholeNumber> {
        self.repository_id.as_ref()
    }

    fn parts_mut(&mut self) -> MilestonePartsMut<'_> {
        MilestonePartsMut {
            title: &mut self.title,
            description: &mut self.description,
            due_on: &mut self.due_on,
            state: &mut self.state,
            updated_at: &mut self.updated_at,
        }
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
        self.url(super::PROVIDER)
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

/// Gitee's imitation, as the sandbox finds it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::sandbox::side::IMITATIONS)]
static SIDE: crate::sandbox::side::Side = crate::sandbox::side::Side::of::<Gitee>();
