//! Gitee (API v5): its client (generated from `openapi/gitee.yaml`),
//! adapter, mapping, writes, backup columns, rate-limit gauge and sandbox
//! imitation, each file implementing its part of [`Forge`](crate::forge::Forge).
//! Gitee keys milestones by `number`, matches them by title (titles may
//! repeat), keeps due dates as calendar dates, and takes its token only as
//! the `access_token` query parameter.

pub mod adapter;
pub mod backup;
pub mod client;
mod family;
pub mod labels;
pub mod limits;
pub mod mapping;
pub mod repos;
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(feature = "sandbox")]
pub mod sandbox_faults;
#[cfg(feature = "sandbox")]
mod sandbox_limits;
pub mod write;

use std::borrow::Cow;

pub use self::{adapter::GiteeRepo, mapping::GiteeFields};
use crate::forge::Identity;
use crate::net::number::WholeNumber;
use crate::provider::Provider;
use crate::providers::gitee::client::types::Milestone;
use crate::record::State;

/// Gitee, as the floors below the list of providers know it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::provider::PROVIDERS)]
static DESCRIPTION: crate::provider::Description =
    crate::forge::describe::<Gitee, labels::GiteeLabels>(4);

/// Gitee's name as a value.
pub const PROVIDER: Provider = Provider::new(&DESCRIPTION);

/// Gitee, as mileport sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gitee;

impl Identity for Gitee {
    const PROVIDER: Provider = PROVIDER;
    const ID: &'static str = "gitee";
    const NAME: &'static str = "Gitee";
    const TOKEN_VAR: &'static str = "GITEE_TOKEN";
    const TOKEN_FILE_VAR: &'static str = "GITEE_TOKEN_FILE";
    const URL_VAR: &'static str = "GITEE_API_URL";
    const DEFAULT_URL: Option<&'static str> = Some("https://gitee.com/api/v5");
    const URL_NOTE: &'static str = "; also https://gitee.ru/api/v5";
    const WEB_HOSTS: &'static [&'static str] = &["gitee.com", "gitee.ru"];
    type Object = Milestone;
    type Id = WholeNumber;
    type Fields = GiteeFields;

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

    fn fields_match_key(fields: &GiteeFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.title)
    }

    fn fields_title(fields: &GiteeFields) -> &str {
        &fields.title
    }

    fn fields_state(fields: &GiteeFields) -> State {
        fields.state
    }

    fn planned_id(_: &GiteeFields) -> Option<String> {
        None
    }
}
