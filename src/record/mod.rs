//! The provider-neutral records: what every provider's objects are read
//! into and every target's objects are made from, one record type per kind
//! of object ([`Kind`]): [`MilestoneRecord`] (`milestone.rs`) and
//! [`LabelRecord`] (`label.rs`). A record holds the fields a migration
//! carries, plus the provider's read-only fields, so that what a target
//! cannot hold can be reported rather than silently dropped. [`Neutral`] is
//! what the pipeline needs of any record.

mod content;
mod label;
mod milestone;
mod read_only;

pub use self::{
    content::{Content, instant},
    label::{Colour, LabelRecord},
    milestone::MilestoneRecord,
    read_only::ReadOnly,
};
pub use crate::kind::Kind;

use std::{borrow::Cow, fmt};

use chrono::NaiveDate;
use serde::Serialize;

use crate::provider::Provider;

/// Open or closed: the only two states every provider shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Open,
    Closed,
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            State::Open => "open",
            State::Closed => "closed",
        })
    }
}

/// A due date: always a calendar date; when it came from a date-time
/// (a SourceCraft `deadline`), the original text too, so that a restore into
/// the same provider writes it back unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Due {
    pub date: NaiveDate,
    pub original_deadline: Option<String>,
    /// Whether the original deadline is midnight where its date is read
    /// (always, for a calendar date): otherwise a date alone loses its time.
    #[serde(skip)]
    pub midnight: bool,
}

/// Where a record came from: the provider, its own key for the object
/// (GitCode's number, SourceCraft's slug, a label's name) and, for files,
/// the place in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub provider: Provider,
    /// What the object is (a milestone, a label), to name it.
    #[serde(skip)]
    pub kind: Kind,
    /// GitCode's `number` or SourceCraft's `slug` (or `id` when no slug).
    pub key: String,
    /// `file:line` for an object read from a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}"),
            None => write!(f, "{} {} {}", self.provider, self.kind.one(), self.key),
        }
    }
}

/// What the pipeline needs of a record of any kind: where it came from,
/// the name it is shown and matched by, the read-only fields it carries,
/// and, for kinds that have them, a due date and a state.
pub trait Neutral: Clone + fmt::Debug + Eq + Serialize + Send + Sync + 'static {
    /// The kind of object this record holds.
    const KIND: Kind;

    fn origin(&self) -> &Origin;
    /// A milestone's title, a label's name.
    fn title(&self) -> &str;
    /// The provider's read-only fields the object has, by name.
    fn read_only(&self) -> &[Cow<'static, str>];
    fn due(&self) -> Option<&Due> {
        None
    }
    fn due_mut(&mut self) -> Option<&mut Due> {
        None
    }
    fn state(&self) -> Option<State> {
        None
    }
}
