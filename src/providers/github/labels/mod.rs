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
use crate::{protocols::rest::label_kind::RestLabelKind, providers::github::client::types::Label};

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

impl RestLabelKind for GitHubLabels {
    type Milestones = GitHub;
    type Label = Label;
    /// The name in lower case: what requests address it by (GitHub finds a
    /// label's name without regard to case), the same after an update
    /// puts the case right.
    type Id = String;

    const ID_FIELD: &'static str = "name";
    const ID_FIX: &'static str = "rename";
    const UNIQUE_KEYS: bool = true;

    fn id(label: &Label) -> Option<String> {
        Some(name_key(&label.name).into_owned())
    }

    fn small_id(_: &String) -> Option<i64> {
        None
    }

    fn name_key(name: &str) -> Cow<'_, str> {
        name_key(name)
    }
}
