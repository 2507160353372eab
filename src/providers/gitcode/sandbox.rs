//! The GitCode side: the family's imitation (`v5/sandbox/`: milestones,
//! labels, owner listings, sample) with GitCode's ways ([`V5Side`]: open
//! reads back as `active`, the state words its faults say its update
//! takes, its faults on the `state` filter, its milestones' addresses),
//! its token check and the shape of its refusals.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use crate::providers::gitcode::client::types::{Label, Milestone};

use axum::Router;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use super::sandbox_faults::GitCodeStates;
use crate::sandbox::imitation::{Imitation, Refusal};
use crate::sandbox::{ProviderSeed, Sandbox, SeedData, Shared};

use super::GitCode;
use crate::net::number::WholeNumber;
use crate::protocols::v5::sandbox::{
    self as v5_sandbox, MilestonePartsMut, Quirks, StoredMilestone, V5Side,
    store::Store,
    wire::{Invalid, coded, message, not_found},
};

/// GitCode's 400 names the parameter in `error_code_name`.
pub(super) fn invalid(text: &str) -> Response {
    coded(StatusCode::BAD_REQUEST, "INVALID_PARAMETER", text)
}

impl Imitation for GitCode {
    const PREFIX: &'static str = "/gitcode/api/v5";
    const SAMPLE_ABOUT: &'static str = "in Chinese, Russian and emoji";
    const DEFAULT_TOKEN: &'static str = DEFAULT_GITCODE_TOKEN;
    type Args = super::sandbox_faults::GitCodeSandboxArgs;

    fn number_quirks(faults: &crate::sandbox::Faults) -> crate::sandbox::NumberQuirks {
        let own = faults.gitcode();
        crate::sandbox::NumberQuirks {
            string_ids: own.string_ids,
            duplicate_numbers: own.duplicate_numbers,
        }
    }

    type Store = Store<Milestone, Label, ()>;
    type Label = Label;

    fn sample() -> Vec<Self::Object> {
        v5_sandbox::sample::milestones::<GitCode>()
    }

    fn sample_labels() -> Vec<Label> {
        v5_sandbox::sample::labels::<GitCode>()
    }

    fn routes(router: Router<Arc<Shared>>, _: &Arc<Shared>) -> Router<Arc<Shared>> {
        v5_sandbox::routes::<GitCode>(router)
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

    /// Its `url` is the milestone's page; it gives no `id`.
    fn milestone_links(repo: &str, number: i64) -> Map<String, Value> {
        let url = format!("{}/{repo}/milestones/{number}", Self::WEB_URL);
        Map::from_iter([("url".to_owned(), Value::from(url))])
    }

    /// The state words the faults say GitCode takes: open reads back as
    /// `active`.
    fn state_written(
        asked: Option<&str>,
        faults: &crate::sandbox::Faults,
    ) -> Result<Option<String>, Invalid> {
        let state = match (faults.gitcode().states, asked) {
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
        Ok(state)
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
}

impl StoredMilestone for Milestone {
    /// "open" and "active" both mean open; the API answers "active".
    fn seeded_state(state: Option<&str>) -> Option<String> {
        match state {
            None | Some("open") => Some("active".to_owned()),
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
        self.url(super::PROVIDER)
    }

    /// Every milestone of a GitCode repository, by number.
    pub fn gitcode_milestones(&self, repo: &str) -> Vec<Milestone> {
        self.store::<GitCode>().milestones(repo)
    }
}

/// GitCode's imitation, as the sandbox finds it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::sandbox::side::IMITATIONS)]
static SIDE: crate::sandbox::side::Side = crate::sandbox::side::Side::of::<GitCode>();
