//! SourceCraft's labels: the same repository, connection and paging as
//! its milestones (`../adapter.rs`), read and written by slug. A label
//! from SourceCraft keeps its slug; one from elsewhere gets the slug its
//! name gives, by the rule for milestone slugs. SourceCraft labels hold no
//! description. Each file implements its part of
//! [`Forge`](crate::forge::Forge) for [`SourceCraftLabels`].

mod adapter;
mod backup;
mod mapping;
mod write;

use std::borrow::Cow;

pub use self::mapping::SourceCraftLabelFields;
use super::SourceCraft;
use crate::{
    forge::Identity, provider::Provider, providers::sourcecraft::client::types::Label,
    record::State,
};

/// SourceCraft's labels, as mileport sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceCraftLabels;

impl Identity for SourceCraftLabels {
    const PROVIDER: Provider = SourceCraft::PROVIDER;
    const ID: &'static str = SourceCraft::ID;
    const NAME: &'static str = SourceCraft::NAME;
    const TOKEN_VAR: &'static str = SourceCraft::TOKEN_VAR;
    const TOKEN_FILE_VAR: &'static str = SourceCraft::TOKEN_FILE_VAR;
    const URL_VAR: &'static str = SourceCraft::URL_VAR;
    const DEFAULT_URL: Option<&'static str> = SourceCraft::DEFAULT_URL;
    type Object = Label;
    /// The slug: what requests address a label by.
    type Id = String;
    type Fields = SourceCraftLabelFields;

    const ID_FIELD: &'static str = "slug";
    const ID_FIX: &'static str = "rename";
    const TITLE_FIELD: &'static str = "name";
    const KEY_FIELD: &'static str = "slug";
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = true;

    fn id(label: &Label) -> Option<String> {
        label.slug.clone().filter(|slug| !slug.is_empty())
    }

    fn shown_id(label: &Label) -> String {
        Self::id(label)
            .or_else(|| label.id.clone())
            .unwrap_or_default()
    }

    fn title(label: &Label) -> &str {
        label.name.as_deref().unwrap_or_default()
    }

    fn state(_: &Label) -> Option<State> {
        None
    }

    fn match_key(label: &Label) -> Option<Cow<'_, str>> {
        label.slug.as_deref().map(Cow::Borrowed)
    }

    fn fields_match_key(fields: &SourceCraftLabelFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.slug)
    }

    fn fields_title(fields: &SourceCraftLabelFields) -> &str {
        &fields.name
    }

    fn fields_state(_: &SourceCraftLabelFields) -> State {
        State::Open
    }

    fn planned_id(fields: &SourceCraftLabelFields) -> Option<String> {
        Some(fields.slug.clone())
    }
}
