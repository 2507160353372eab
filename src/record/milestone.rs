//! The provider-neutral milestone.

use std::borrow::Cow;

use serde::Serialize;

use super::{Due, Kind, Neutral, Origin, ReadOnly, State};

/// One milestone, whatever provider it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MilestoneRecord {
    pub origin: Origin,
    pub title: String,
    /// Byte-exact; `None` when the provider sent none.
    pub description: Option<String>,
    pub due: Option<Due>,
    pub state: State,
    /// SourceCraft's slug, when the record came from SourceCraft.
    pub slug: Option<String>,
    /// SourceCraft's `start_date`, verbatim; GitCode has no such field.
    pub start_date: Option<String>,
    /// The names of the provider's read-only fields this milestone has
    /// (numbers, ids, URLs, authors, timestamps, issue counts…): no target
    /// can take them, so they are reported. Their values stay in backups.
    pub read_only: ReadOnly,
}

impl Neutral for MilestoneRecord {
    const KIND: Kind = Kind::Milestones;

    fn origin(&self) -> &Origin {
        &self.origin
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn read_only(&self) -> &[Cow<'static, str>] {
        &self.read_only
    }

    fn due(&self) -> Option<&Due> {
        self.due.as_ref()
    }

    fn due_mut(&mut self) -> Option<&mut Due> {
        self.due.as_mut()
    }

    fn state(&self) -> Option<State> {
        Some(self.state)
    }
}
