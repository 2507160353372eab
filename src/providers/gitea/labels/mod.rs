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

use super::Gitea;
use crate::{protocols::rest::label_kind::RestLabelKind, providers::gitea::client::types::Label};

/// Gitea's labels, as mileport sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GiteaLabels;

impl RestLabelKind for GiteaLabels {
    type Milestones = Gitea;
    type Label = Label;
    type Id = i64;

    const ID_FIELD: &'static str = "id";
    const ID_FIX: &'static str = "renumber";
    const UNIQUE_KEYS: bool = false;

    fn id(label: &Label) -> Option<i64> {
        Some(label.id)
    }

    fn small_id(id: &i64) -> Option<i64> {
        Some(*id)
    }
}
