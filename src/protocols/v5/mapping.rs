//! What the family's milestone mappings share: a milestone read into a
//! record (its `state` and `due_on` as the member reads them), the fields a
//! migration writes (`title`, `description`, `due_on` as a calendar date,
//! `state`), records made into them, `due_on` required, so that a record
//! without a due date takes the user's `--default-due-on` or is refused
//! before anything is written, and what differs between a milestone and
//! what it should hold: every member's [`Mapper`], written once.

use chrono::NaiveDate;
use serde::Serialize;

use super::{V5, WireMilestone};
use crate::{
    forge::{Forge, Identity, Mapped, Mapper, Mapping},
    mapping::{
        Field, FieldChange, MappingError, MappingOptions, Refused, one_by_one,
        reading::{Reading, read_only_fields},
        shown, title_and_description_changes,
    },
    record::{Content, Kind, MilestoneRecord, Origin, State},
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
        mapped.push(Box::new(Mapped { record, target }));
    }
    Mapping {
        mapped,
        refused,
        errors,
    }
}

/// A date as the family writes it, `YYYY-MM-DD`.
pub fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A milestone of `P` as a neutral record, with every problem it has.
pub fn to_record<P: V5>(
    milestone: &<P as Identity>::Object,
    location: Option<String>,
) -> Result<MilestoneRecord, Vec<MappingError>> {
    let origin = Origin {
        kind: Kind::Milestones,
        provider: P::PROVIDER,
        key: milestone.number().to_string(),
        location,
    };
    let mut reading = Reading::new(&origin);
    reading.title("title", milestone.title());
    let state = reading.state("state", milestone.state(), P::parse_state);
    let due = reading.calendar_due("due_on", milestone.due_on(), P::parse_due_on);
    let state = reading.finish(state)?;
    let read_only = read_only_fields(&milestone.present(), milestone.extra());
    Ok(MilestoneRecord {
        origin,
        title: milestone.title().to_owned(),
        description: milestone.description().map(str::to_owned),
        due,
        state,
        slug: None,
        start_date: None,
        read_only,
    })
}

/// Where an existing milestone of `P` differs from what it should be. An
/// absent description and an empty one are the same to the family.
pub fn changes<P: V5>(
    existing: &<P as Identity>::Object,
    wanted: &MilestoneFields,
) -> Vec<FieldChange> {
    let mut changes = title_and_description_changes(
        (existing.title(), existing.description()),
        (&wanted.title, wanted.description.as_deref()),
    );
    let wanted_due = date_text(wanted.due_on);
    let existing_due = existing.due_on().map(P::due_on_date);
    if existing_due.as_deref() != Some(wanted_due.as_str()) {
        changes.push(FieldChange {
            field: Field::Due,
            name: "due_on",
            target: shown(existing.due_on()),
            wanted: wanted_due,
        });
    }
    let existing_state = P::parse_state(existing.state()).ok();
    if existing_state != Some(wanted.state) {
        changes.push(FieldChange {
            field: Field::State,
            name: "state",
            target: shown(existing.state()),
            wanted: wanted.state.to_string(),
        });
    }
    changes
}

/// What a milestone of `P` holds, as a verification compares it.
pub fn content<P: V5>(milestone: &<P as Identity>::Object) -> Content {
    (
        milestone.title().to_owned(),
        milestone.description().unwrap_or_default().to_owned(),
        milestone
            .due_on()
            .map(|due| P::due_on_date(due).into_owned())
            .unwrap_or_default(),
        String::new(),
    )
}

/// What a milestone should hold, as a verification compares it.
pub fn wanted_content(fields: &MilestoneFields) -> Content {
    (
        fields.title.clone(),
        fields.description.clone().unwrap_or_default(),
        date_text(fields.due_on),
        String::new(),
    )
}
