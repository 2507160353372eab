//! The kinds of object mileport moves: milestones and labels. Each has its
//! own record type, mapping and backup columns; everything else (paging,
//! exactly-once writes, plans, reports) is written once for both.

use std::fmt;

use serde::Serialize;

/// A kind of object, as `--only` names it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Milestones,
    Labels,
}

impl Kind {
    /// Every kind, in the order a run moves them.
    pub const ALL: [Kind; 2] = [Kind::Milestones, Kind::Labels];

    /// One of them: `milestone`, `label`.
    pub fn one(self) -> &'static str {
        match self {
            Kind::Milestones => "milestone",
            Kind::Labels => "label",
        }
    }

    /// Several of them: `milestones`, `labels`.
    pub fn many(self) -> &'static str {
        match self {
            Kind::Milestones => "milestones",
            Kind::Labels => "labels",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.many())
    }
}
