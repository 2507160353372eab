//! GitCode's side of the mapping: its milestones read into records
//! (`active`/`open`/`closed`, `due_on` as a calendar date) and records made
//! into GitCode milestones (`due_on` required, so a record without a due
//! date needs the user's `--default-due-on`).

use super::GitCode;
use crate::protocols::v5::mapping::{self as v5, MilestoneFields, date_text};
use crate::{
    forge::{Mapper, Mapping},
    mapping::{FieldChange, MappingError, MappingOptions},
    net::number::WholeNumber,
    providers::gitcode::client::types::{CreateMilestoneBody, Milestone, UpdateMilestoneBody},
    record::{Content, MilestoneRecord, State},
};

/// What a GitCode milestone holds that a migration writes: the family's.
pub type GitCodeFields = MilestoneFields;

/// Reads GitCode's `state`: `active` and `open` mean open.
pub fn parse_state(value: Option<&str>) -> Result<State, String> {
    match value {
        Some("active" | "open") => Ok(State::Open),
        Some("closed") => Ok(State::Closed),
        Some(other) => Err(format!(
            "has the unknown state `{}`: expected `active`, `open` or `closed`",
            crate::files::excerpt(other)
        )),
        None => Err("is missing: expected `active`, `open` or `closed`".to_owned()),
    }
}

pub fn create_body(fields: &GitCodeFields) -> CreateMilestoneBody {
    CreateMilestoneBody {
        title: fields.title.clone(),
        due_on: date_text(fields.due_on),
        description: fields.description.clone(),
    }
}

/// GitCode's PATCH needs `title` and `due_on` every time; the state goes with them.
pub fn update_body(fields: &GitCodeFields) -> UpdateMilestoneBody {
    UpdateMilestoneBody {
        title: fields.title.clone(),
        due_on: date_text(fields.due_on),
        description: Some(fields.description.clone().unwrap_or_default()),
        state: Some(fields.state.to_string()),
    }
}

impl Mapper for GitCode {
    type Record = MilestoneRecord;

    /// A GitCode milestone as a neutral record, with every problem it has.
    fn to_record(
        milestone: &Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>> {
        v5::to_record::<GitCode>(milestone, location)
    }

    /// Maps records for GitCode. GitCode requires `due_on`: records without a
    /// due date take `--default-due-on`, or are all listed as errors.
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<GitCode> {
        v5::map_milestones(records, options)
    }

    /// What a record has that a GitCode milestone cannot hold, beyond the
    /// source's read-only fields.
    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str> {
        crate::mapping::not_carried_by_plain_dates(record)
    }

    fn changes(existing: &Milestone, wanted: &GitCodeFields) -> Vec<FieldChange> {
        v5::changes::<GitCode>(existing, wanted)
    }

    fn content(milestone: &Milestone, _: bool) -> Content {
        v5::content::<GitCode>(milestone)
    }

    fn wanted_content(fields: &GitCodeFields) -> Content {
        v5::wanted_content(fields)
    }

    fn age(milestone: &Milestone, _: usize) -> (String, WholeNumber) {
        (String::new(), milestone.number.clone())
    }
}
