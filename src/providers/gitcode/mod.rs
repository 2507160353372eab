//! GitCode: its client (generated from `openapi/gitcode.yaml`), adapter,
//! mapping, writes, backup columns and sandbox imitation, each file
//! implementing its part of [`Forge`](crate::forge::Forge). GitCode keys
//! milestones by `number`, matches them by title (titles may repeat) and
//! keeps due dates as calendar dates.

pub mod adapter;
pub mod backup;
pub mod client;
mod family;
pub mod labels;
pub mod mapping;
pub mod repos;
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(feature = "sandbox")]
pub mod sandbox_faults;
pub mod write;

use std::borrow::Cow;

pub use self::{adapter::GitCodeRepo, mapping::GitCodeFields};
use crate::forge::Identity;
use crate::net::number::WholeNumber;
use crate::provider::{Provider, rate::RateLimits};
use crate::providers::gitcode::client::types::Milestone;
use crate::record::State;

/// GitCode's published limits per token: 50 requests a minute, 4000 an
/// hour.
pub const PUBLISHED_LIMITS: &str = "50/min,4000/h";

/// [`PUBLISHED_LIMITS`], read.
pub fn published_limits() -> RateLimits {
    PUBLISHED_LIMITS
        .parse()
        .unwrap_or_else(|_| RateLimits::default())
}

/// GitCode, as the floors below the list of providers know it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::provider::PROVIDERS)]
static DESCRIPTION: crate::provider::Description =
    crate::forge::describe::<GitCode, labels::GitCodeLabels>(0);

/// GitCode's name as a value.
pub const PROVIDER: Provider = Provider::new(&DESCRIPTION);

/// GitCode, as mileport sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GitCode;

impl Identity for GitCode {
    const PROVIDER: Provider = PROVIDER;
    const ID: &'static str = "gitcode";
    const NAME: &'static str = "GitCode";
    const TOKEN_VAR: &'static str = "GITCODE_TOKEN";
    const TOKEN_FILE_VAR: &'static str = "GITCODE_TOKEN_FILE";
    const URL_VAR: &'static str = "GITCODE_API_URL";
    const DEFAULT_URL: Option<&'static str> = Some("https://api.gitcode.com/api/v5");
    const WEB_HOSTS: &'static [&'static str] = &["gitcode.com"];
    type Object = Milestone;
    type Id = WholeNumber;
    type Fields = GitCodeFields;

    const ID_FIELD: &'static str = "number";
    const ID_FIX: &'static str = "renumber";
    const TITLE_FIELD: &'static str = "title";
    const KEY_FIELD: &'static str = "title";
    const UNIQUE_KEYS: bool = false;
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = false;

    fn id(milestone: &Milestone) -> Option<WholeNumber> {
        Some(milestone.number.clone())
    }

    fn small_id(id: &WholeNumber) -> Option<i64> {
        id.as_i64()
    }

    fn title(milestone: &Milestone) -> &str {
        &milestone.title
    }

    fn state(milestone: &Milestone) -> Option<State> {
        mapping::parse_state(milestone.state.as_deref()).ok()
    }

    fn match_key(milestone: &Milestone) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(&milestone.title))
    }

    fn fields_match_key(fields: &GitCodeFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.title)
    }

    fn fields_title(fields: &GitCodeFields) -> &str {
        &fields.title
    }

    fn fields_state(fields: &GitCodeFields) -> State {
        fields.state
    }

    fn planned_id(_: &GitCodeFields) -> Option<String> {
        None
    }
}
