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

use super::GitLab;
use crate::{protocols::rest::label_kind::RestLabelKind, providers::gitlab::client::types::Label};

/// GitLab's labels, as mileport sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GitLabLabels;

impl RestLabelKind for GitLabLabels {
    type Milestones = GitLab;
    type Label = Label;
    type Id = i64;

    const ID_FIELD: &'static str = "id";
    const ID_FIX: &'static str = "renumber";
    const UNIQUE_KEYS: bool = true;

    fn id(label: &Label) -> Option<i64> {
        Some(label.id)
    }

    fn small_id(id: &i64) -> Option<i64> {
        Some(*id)
    }
}
