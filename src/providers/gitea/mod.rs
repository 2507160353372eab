//! Gitea and Forgejo (API v1): its client (generated from
//! `openapi/gitea.yaml`), adapter (`page`/`limit` paging checked against
//! `X-Total-Count`, the page size read from the instance's settings),
//! mapping (due dates as calendar dates in the server's timezone), writes
//! (closed milestones created closed; titles may repeat), an owner's
//! repository listing, backup columns and sandbox imitation, each file
//! implementing its part of [`Forge`](crate::forge::Forge). Gitea keys milestones
//! by their global `id` and matches them by title, which it does not keep
//! unique. It is self-hosted: there is no default URL.

pub mod adapter;
pub mod backup;
pub mod client;
pub mod dates;
pub mod labels;
pub mod mapping;
pub mod pages;
pub mod repos;
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(feature = "sandbox")]
pub mod sandbox_faults;
#[cfg(feature = "sandbox")]
mod sandbox_labels;
#[cfg(feature = "sandbox")]
mod sandbox_owners;
#[cfg(feature = "sandbox")]
mod sandbox_sample;
#[cfg(feature = "sandbox")]
mod sandbox_store;
pub mod write;

use std::borrow::Cow;

pub use self::{adapter::GiteaRepo, mapping::GiteaFields};
use crate::forge::Identity;
use crate::provider::Provider;
use crate::providers::gitea::client::types::Milestone;
use crate::record::State;

/// Gitea, as the floors below the list of providers know it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::provider::PROVIDERS)]
static DESCRIPTION: crate::provider::Description =
    crate::forge::describe::<Gitea, labels::GiteaLabels>(3);

/// Gitea's name as a value.
pub const PROVIDER: Provider = Provider::new(&DESCRIPTION);

/// Gitea (and Forgejo), as mileport sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gitea;

impl Identity for Gitea {
    const PROVIDER: Provider = PROVIDER;
    const ID: &'static str = "gitea";
    const NAME: &'static str = "Gitea";
    const TOKEN_VAR: &'static str = "GITEA_TOKEN";
    const TOKEN_FILE_VAR: &'static str = "GITEA_TOKEN_FILE";
    const URL_VAR: &'static str = "GITEA_API_URL";
    /// Self-hosted: the instance's API must be named.
    const DEFAULT_URL: Option<&'static str> = None;
    const WEB_HOSTS: &'static [&'static str] = &["codeberg.org"];
    const URL_NOTE: &'static str =
        "; the instance's https://HOST/api/v1 (Codeberg: https://codeberg.org/api/v1)";
    /// Gitea takes `Authorization: token TOKEN`.
    const AUTH_SCHEME: &'static str = "token";
    type Object = Milestone;
    type Id = i64;
    type Fields = GiteaFields;

    const ID_FIELD: &'static str = "id";
    const ID_FIX: &'static str = "renumber";
    const TITLE_FIELD: &'static str = "title";
    const KEY_FIELD: &'static str = "title";
    /// A second create with a title inserts a second milestone.
    const UNIQUE_KEYS: bool = false;
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = true;

    fn id(milestone: &Milestone) -> Option<i64> {
        Some(milestone.id)
    }

    fn small_id(id: &i64) -> Option<i64> {
        Some(*id)
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

    fn fields_match_key(fields: &GiteaFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.title)
    }

    fn fields_title(fields: &GiteaFields) -> &str {
        &fields.title
    }

    fn fields_state(fields: &GiteaFields) -> State {
        fields.state
    }

    fn planned_id(_: &GiteaFields) -> Option<String> {
        None
    }
}
