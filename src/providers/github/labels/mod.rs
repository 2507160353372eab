//! GitHub's labels: the same repository and connection as its milestones
//! (`../adapter.rs`), read and written by name. Names are unique without
//! regard to letter case, so labels are matched by their name in lower
//! case, and an update puts the source's case right. Each file implements
//! its part of [`Forge`](crate::forge::Forge) for
//! [`GitHubLabels`].

mod adapter;
mod backup;
mod mapping;
mod write;

use std::borrow::Cow;

use super::GitHub;
use crate::{
    forge::Identity, protocols::rest::labels::LabelFields, provider::Provider,
    providers::github::client::types::Label, record::State,
};

/// GitHub's labels, as mileport sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GitHubLabels;

/// How GitHub compares label names: without regard to letter case.
pub(crate) fn name_key(name: &str) -> Cow<'_, str> {
    if name.chars().any(char::is_uppercase) {
        Cow::Owned(name.to_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

impl Identity for GitHubLabels {
    const PROVIDER: Provider = GitHub::PROVIDER;
    const ID: &'static str = GitHub::ID;
    const NAME: &'static str = GitHub::NAME;
    const TOKEN_VAR: &'static str = GitHub::TOKEN_VAR;
    const TOKEN_FILE_VAR: &'static str = GitHub::TOKEN_FILE_VAR;
    const URL_VAR: &'static str = GitHub::URL_VAR;
    const DEFAULT_URL: Option<&'static str> = GitHub::DEFAULT_URL;
    type Object = Label;
    /// The name in lower case: what requests address it by (GitHub finds a
    /// label's name without regard to case), the same after an update
    /// puts the case right.
    type Id = String;
    type Fields = LabelFields;

    const ID_FIELD: &'static str = "name";
    const ID_FIX: &'static str = "rename";
    const TITLE_FIELD: &'static str = "name";
    const KEY_FIELD: &'static str = "name";
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = true;

    fn id(label: &Label) -> Option<String> {
        Some(name_key(&label.name).into_owned())
    }

    fn title(label: &Label) -> &str {
        &label.name
    }

    fn state(_: &Label) -> Option<State> {
        None
    }

    fn match_key(label: &Label) -> Option<Cow<'_, str>> {
        Some(name_key(&label.name))
    }

    fn fields_match_key(fields: &LabelFields) -> Cow<'_, str> {
        name_key(&fields.name)
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
