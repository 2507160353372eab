//! SourceCraft: its client (generated from `openapi/sourcecraft.yaml`),
//! adapter, mapping, writes, backup columns and sandbox imitation, each
//! file implementing its part of [`Forge`](crate::forge::Forge). SourceCraft keys
//! and matches milestones by `slug` and keeps deadlines as date-times.

pub mod adapter;
pub mod backup;
pub mod client;
pub mod labels;
pub mod mapping;
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
mod streamed;
pub mod write;

use std::borrow::Cow;

pub use self::{adapter::SourceCraftRepo, mapping::SourceCraftFields};
use crate::forge::Identity;
use crate::provider::Provider;
use crate::providers::sourcecraft::client::types::Milestone;
use crate::record::State;

/// SourceCraft, as the floors below the list of providers know it.
#[allow(unsafe_code)] // a link section: see `[lints.rust]` in Cargo.toml
#[linkme::distributed_slice(crate::provider::PROVIDERS)]
static DESCRIPTION: crate::provider::Description =
    crate::forge::describe::<SourceCraft, labels::SourceCraftLabels>(1);

/// SourceCraft's name as a value.
pub const PROVIDER: Provider = Provider::new(&DESCRIPTION);

/// SourceCraft, as mileport sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceCraft;

impl Identity for SourceCraft {
    const PROVIDER: Provider = PROVIDER;
    const ID: &'static str = "sourcecraft";
    const NAME: &'static str = "SourceCraft";
    const TOKEN_VAR: &'static str = "SOURCECRAFT_TOKEN";
    const TOKEN_FILE_VAR: &'static str = "SOURCECRAFT_TOKEN_FILE";
    const URL_VAR: &'static str = "SOURCECRAFT_API_URL";
    const DEFAULT_URL: Option<&'static str> = Some("https://api.sourcecraft.tech");
    const WEB_HOSTS: &'static [&'static str] = &["sourcecraft.dev"];
    type Object = Milestone;
    type Id = String;
    type Fields = SourceCraftFields;

    const ID_FIELD: &'static str = "slug";
    const ID_FIX: &'static str = "rename";
    const TITLE_FIELD: &'static str = "name";
    const KEY_FIELD: &'static str = "slug";
    const DATE_ONLY: bool = false;
    const CREATES_CLOSED: bool = false;

    fn id(milestone: &Milestone) -> Option<String> {
        milestone.slug.clone().filter(|slug| !slug.is_empty())
    }

    fn shown_id(milestone: &Milestone) -> String {
        Self::id(milestone)
            .or_else(|| milestone.id.clone())
            .unwrap_or_default()
    }

    fn title(milestone: &Milestone) -> &str {
        milestone.name.as_deref().unwrap_or_default()
    }

    fn state(milestone: &Milestone) -> Option<State> {
        mapping::parse_status(milestone.status.as_deref()).ok()
    }

    fn match_key(milestone: &Milestone) -> Option<Cow<'_, str>> {
        milestone.slug.as_deref().map(Cow::Borrowed)
    }

    fn fields_match_key(fields: &SourceCraftFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.slug)
    }

    fn fields_title(fields: &SourceCraftFields) -> &str {
        &fields.name
    }

    fn fields_state(fields: &SourceCraftFields) -> State {
        fields.status
    }

    fn planned_id(fields: &SourceCraftFields) -> Option<String> {
        Some(fields.slug.clone())
    }
}
