//! GitHub: its client (generated from `openapi/github.yaml`), adapter
//! (`Link` paging, its rate-limit headers read and obeyed), mapping (due
//! dates as GitHub keeps them), writes (closed milestones created closed,
//! taken titles looked up), an owner's repository listing, backup columns
//! and sandbox imitation, each file implementing its part of
//! [`Forge`](crate::forge::Forge). GitHub keys milestones by `number` and matches
//! them by title, which it keeps unique.

pub mod access;
pub mod adapter;
pub mod backup;
pub mod budget;
pub mod client;
pub mod clock;
pub mod dates;
pub mod errors;
pub mod labels;
pub mod limits;
pub mod links;
pub mod mapping;
pub mod pages;
pub mod repos;
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(feature = "sandbox")]
pub mod sandbox_access;
#[cfg(feature = "sandbox")]
pub mod sandbox_faults;
#[cfg(feature = "sandbox")]
mod sandbox_labels;
#[cfg(feature = "sandbox")]
pub mod sandbox_moves;
#[cfg(feature = "sandbox")]
pub mod sandbox_owners;
#[cfg(feature = "sandbox")]
mod sandbox_sample;
pub mod write;

use std::borrow::Cow;

pub use self::{adapter::GitHubRepo, mapping::GitHubFields};
use crate::forge::Identity;
use crate::provider::Provider;
use crate::providers::github::client::types::Milestone;
use crate::record::State;

/// The environment variable that holds the access token.
pub const TOKEN_VAR: &str = "GITHUB_TOKEN";
/// The environment variable that overrides the API's base URL (GitHub
/// Enterprise Server: `https://HOST/api/v3`).
pub const URL_VAR: &str = "GITHUB_API_URL";

/// GitHub, as the floors below the list of providers know it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::provider::PROVIDERS)]
static DESCRIPTION: crate::provider::Description =
    crate::forge::describe::<GitHub, labels::GitHubLabels>(2);

/// GitHub's name as a value.
pub const PROVIDER: Provider = Provider::new(&DESCRIPTION);

/// GitHub, as mileport sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GitHub;

impl Identity for GitHub {
    const PROVIDER: Provider = PROVIDER;
    const ID: &'static str = "github";
    const NAME: &'static str = "GitHub";
    const TOKEN_VAR: &'static str = TOKEN_VAR;
    const TOKEN_FILE_VAR: &'static str = "GITHUB_TOKEN_FILE";
    const URL_VAR: &'static str = URL_VAR;
    const DEFAULT_URL: Option<&'static str> = Some("https://api.github.com");
    const WEB_HOSTS: &'static [&'static str] = &["github.com"];
    const URL_NOTE: &'static str = "; GitHub Enterprise Server: https://HOST/api/v3";
    type Object = Milestone;
    type Id = i64;
    type Fields = GitHubFields;

    const ID_FIELD: &'static str = "number";
    const ID_FIX: &'static str = "renumber";
    const TITLE_FIELD: &'static str = "title";
    const KEY_FIELD: &'static str = "title";
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = true;

    fn id(milestone: &Milestone) -> Option<i64> {
        Some(milestone.number)
    }

    fn small_id(id: &i64) -> Option<i64> {
        Some(*id)
    }

    fn title(milestone: &Milestone) -> &str {
        &milestone.title
    }

    fn state(milestone: &Milestone) -> Option<State> {
        mapping::state(milestone)
    }

    fn match_key(milestone: &Milestone) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(&milestone.title))
    }

    fn fields_match_key(fields: &GitHubFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.title)
    }

    fn fields_title(fields: &GitHubFields) -> &str {
        &fields.title
    }

    fn fields_state(fields: &GitHubFields) -> State {
        fields.state
    }

    fn planned_id(_: &GitHubFields) -> Option<String> {
        None
    }
}
