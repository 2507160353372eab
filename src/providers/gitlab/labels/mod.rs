//! GitLab's labels: the same project and connection as its milestones
//! (`../adapter.rs`), read with the labels of the project's ancestor groups
//! (`include_ancestor_groups=true`, marked `is_project_label: false`) and
//! written by id. Labels are matched by name, exactly, so a source label
//! whose name a group label holds is found and compared, never made again;
//! a source with two labels of one name is refused before anything is
//! written. Each file implements its part of
//! [`Forge`](crate::forge::Forge) for [`GitLabLabels`].

mod adapter;
mod backup;
mod mapping;
mod write;

use std::borrow::Cow;

use super::GitLab;
use crate::{
    forge::Identity, protocols::rest::labels::LabelFields, provider::Provider,
    providers::gitlab::client::types::Label, record::State,
};

/// GitLab's labels, as mileport sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GitLabLabels;

impl Identity for GitLabLabels {
    const PROVIDER: Provider = GitLab::PROVIDER;
    const ID: &'static str = GitLab::ID;
    const NAME: &'static str = GitLab::NAME;
    const TOKEN_VAR: &'static str = GitLab::TOKEN_VAR;
    const TOKEN_FILE_VAR: &'static str = GitLab::TOKEN_FILE_VAR;
    const URL_VAR: &'static str = GitLab::URL_VAR;
    const DEFAULT_URL: Option<&'static str> = GitLab::DEFAULT_URL;
    const AUTH_HEADER: &'static str = GitLab::AUTH_HEADER;

    fn auth_for(token: &str) -> (&'static str, String) {
        GitLab::auth_for(token)
    }
    const NESTED_OWNERS: bool = GitLab::NESTED_OWNERS;
    const WEB_HOSTS: &'static [&'static str] = GitLab::WEB_HOSTS;
    type Object = Label;
    type Id = i64;
    type Fields = LabelFields;

    const ID_FIELD: &'static str = "id";
    const ID_FIX: &'static str = "renumber";
    const TITLE_FIELD: &'static str = "name";
    const KEY_FIELD: &'static str = "name";
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
