//! Gitea's labels: the same repository and connection as its milestones
//! (`../adapter.rs`), read and written by id. Gitea does not keep label
//! names unique, so labels are matched by name, exactly, and a source with
//! two labels of one name is refused before anything is written. Each file
//! implements its part of [`Forge`](crate::forge::Forge) for
//! [`GiteaLabels`].

mod adapter;
mod backup;
mod mapping;
mod write;

use std::borrow::Cow;

use super::Gitea;
use crate::{
    forge::Identity, protocols::rest::labels::LabelFields, provider::Provider,
    providers::gitea::client::types::Label, record::State,
};

/// Gitea's labels, as mileport sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GiteaLabels;

impl Identity for GiteaLabels {
    const PROVIDER: Provider = Gitea::PROVIDER;
    const ID: &'static str = Gitea::ID;
    const NAME: &'static str = Gitea::NAME;
    const TOKEN_VAR: &'static str = Gitea::TOKEN_VAR;
    const TOKEN_FILE_VAR: &'static str = Gitea::TOKEN_FILE_VAR;
    const URL_VAR: &'static str = Gitea::URL_VAR;
    const DEFAULT_URL: Option<&'static str> = Gitea::DEFAULT_URL;
    const AUTH_SCHEME: &'static str = Gitea::AUTH_SCHEME;
    type Object = Label;
    type Id = i64;
    type Fields = LabelFields;

    const ID_FIELD: &'static str = "id";
    const ID_FIX: &'static str = "renumber";
    const TITLE_FIELD: &'static str = "name";
    const KEY_FIELD: &'static str = "name";
    const UNIQUE_KEYS: bool = false;
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = true;

    fn id(label: &Label) -> Option<i64> {
        Some(label.id)
    }

    fn small_id(id: &i64) -> Option<i64> {
        Some(*id)
    }

    fn title(label: &Label) -> &str {
        &label.name
    }

    fn state(_: &Label) -> Option<State> {
        None
    }

    fn match_key(label: &Label) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(&label.name))
    }

    fn fields_match_key(fields: &LabelFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.name)
    }

    fn fields_title(fields: &LabelFields) -> &str {
        &fields.name
    }

    fn fields_state(_: &LabelFields) -> State {
        State::Open
    }

    fn planned_id(_: &LabelFields) -> Option<String> {
        None
    }
}
