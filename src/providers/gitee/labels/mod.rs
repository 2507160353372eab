//! Gitee's labels: the same repository and connection as its milestones
//! (`../adapter.rs`, whose paging lists them), read and written by name.
//! Gitee compares names as they are written, letter case included, so a
//! label is matched by its name as is. Labels hold a name and a colour,
//! no description. Each file implements its part of
//! [`Forge`](crate::providers::forge::Forge) for [`GiteeLabels`].

mod adapter;
mod backup;
mod mapping;
mod write;

use std::borrow::Cow;

pub use self::mapping::GiteeLabelFields;
use super::Gitee;
use crate::{
    providers::{Provider, forge::Identity, generated::gitee::types::Label},
    record::State,
};

/// Gitee's labels, as mileport sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GiteeLabels;

impl Identity for GiteeLabels {
    const PROVIDER: Provider = Gitee::PROVIDER;
    const ID: &'static str = Gitee::ID;
    const NAME: &'static str = Gitee::NAME;
    const TOKEN_VAR: &'static str = Gitee::TOKEN_VAR;
    const TOKEN_FILE_VAR: &'static str = Gitee::TOKEN_FILE_VAR;
    const URL_VAR: &'static str = Gitee::URL_VAR;
    const DEFAULT_URL: Option<&'static str> = Gitee::DEFAULT_URL;
    type Object = Label;
    /// The name as the target holds it: what requests address it by.
    type Id = String;
    type Fields = GiteeLabelFields;

    const ID_FIELD: &'static str = "name";
    const ID_FIX: &'static str = "rename";
    const TITLE_FIELD: &'static str = "name";
    const KEY_FIELD: &'static str = "name";
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = true;

    fn id(label: &Label) -> Option<String> {
        Some(label.name.clone())
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

    fn fields_match_key(fields: &GiteeLabelFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.name)
    }

    fn fields_title(fields: &GiteeLabelFields) -> &str {
        &fields.name
    }

    fn fields_state(_: &GiteeLabelFields) -> State {
        State::Open
    }

    fn planned_id(_: &GiteeLabelFields) -> Option<String> {
        None
    }
}
