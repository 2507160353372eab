//! The provider-neutral milestone: what every provider's milestone is
//! read into and every target's milestone is made from. It holds the fields
//! a migration carries, plus the provider's read-only fields, so that what a
//! target cannot hold can be reported rather than silently dropped.

use std::{borrow::Cow, fmt};

use chrono::NaiveDate;
use serde::Serialize;

use crate::providers::Provider;

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

/// Where a record came from: the provider, its own key for the milestone
/// (GitCode's number, SourceCraft's slug) and, for files, the place in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    pub provider: Provider,
    /// GitCode's `number` or SourceCraft's `slug` (or `id` when no slug).
    pub key: String,
    /// `file:line` for a milestone read from a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}"),
            None => write!(f, "{} milestone {}", self.provider, self.key),
        }
    }
}

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
    pub read_only: Vec<Cow<'static, str>>,
}
