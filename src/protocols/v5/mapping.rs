//! What the family's milestone mappings share: the fields a migration
//! writes (`title`, `description`, `due_on` as a calendar date, `state`)
//! and records made into them, `due_on` required, so that a record without
//! a due date takes the user's `--default-due-on` or is refused before
//! anything is written.

use chrono::NaiveDate;
use serde::Serialize;

use crate::{
    mapping::{Mapped, Mapping, MappingError, MappingOptions, Refused, one_by_one},
    providers::forge::{Forge, Identity, Mapper},
    record::{MilestoneRecord, State},
};

/// What a v5 milestone holds that a migration writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MilestoneFields {
    pub title: String,
    pub description: Option<String>,
    pub due_on: NaiveDate,
    pub state: State,
}

/// Maps records for a member `F` of the family, which requires `due_on`:
/// records without a due date take `--default-due-on`, or are all listed
/// as errors.
pub fn map_milestones<F>(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<F>
where
    F: Forge + Identity<Fields = MilestoneFields> + Mapper<Record = MilestoneRecord>,
{
    let mut errors = Vec::new();
    let mut refused = Vec::new();
    // Sized once: growing by doubling would hold half as much again.
    let mut mapped = Vec::with_capacity(records.len());
    for record in one_by_one(records) {
        let due_on = match (&record.due, options.default_due_on) {
            (Some(due), _) => due.date,
            (None, Some(default)) => default,
            (None, None) => {
                errors.push(MappingError::new(
                    &record.origin,
                    "deadline",
                    format!(
                        "is missing on {:?}, and {} requires a due date: give one to all such milestones with --default-due-on YYYY-MM-DD",
                        record.title,
                        F::NAME
                    ),
                ));
                refused.push(Refused::new(
                    &record,
                    format!(
                        "no due date, and {} requires one (--default-due-on gives one)",
                        F::NAME
                    ),
                ));
                continue;
            }
        };
        let target = MilestoneFields {
            title: record.title.clone(),
            description: record.description.clone(),
            due_on,
            state: record.state,
        };
        mapped.push(Mapped { record, target });
    }
    Mapping {
        mapped,
        refused,
        errors,
    }
}
