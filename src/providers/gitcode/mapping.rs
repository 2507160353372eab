//! GitCode's side of the mapping: its milestones read into records
//! (`active`/`open`/`closed`, `due_on` as a calendar date) and records made
//! into GitCode milestones (`due_on` required, so a record without a due
//! date needs the user's `--default-due-on`).

use chrono::NaiveDate;

use super::GitCode;
use crate::protocols::v5::mapping::{MilestoneFields, map_milestones};
use crate::{
    mapping::{
        Field, FieldChange, Mapping, MappingError, MappingOptions, dates,
        reading::{Reading, read_only_fields},
        shown,
    },
    pipeline::verify::Content,
    providers::{
        Provider,
        forge::Mapper,
        generated::gitcode::types::{CreateMilestoneBody, Milestone, UpdateMilestoneBody},
        number::WholeNumber,
    },
    record::{MilestoneRecord, Origin, State},
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

fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
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
        let origin = Origin {
            kind: crate::record::Kind::Milestones,
            provider: Provider::GitCode,
            key: milestone.number.to_string(),
            location,
        };
        let mut reading = Reading::new(&origin);
        reading.title("title", &milestone.title);
        let state = reading.state("state", milestone.state.as_deref(), parse_state);
        let due =
            reading.calendar_due("due_on", milestone.due_on.as_deref(), dates::parse_due_date);
        let state = reading.finish(state)?;
        let present = [
            ("number", true),
            ("id", milestone.id.is_some()),
            ("url", milestone.url.is_some()),
            ("open_issues", milestone.open_issues.is_some()),
            ("closed_issues", milestone.closed_issues.is_some()),
            ("repository_id", milestone.repository_id.is_some()),
            ("created_at", milestone.created_at.is_some()),
            ("updated_at", milestone.updated_at.is_some()),
        ];
        let read_only = read_only_fields(&present, &milestone.extra);
        Ok(MilestoneRecord {
            origin,
            title: milestone.title.clone(),
            description: milestone.description.clone(),
            due,
            state,
            slug: None,
            start_date: None,
            read_only,
        })
    }

    /// Maps records for GitCode. GitCode requires `due_on`: records without a
    /// due date take `--default-due-on`, or are all listed as errors.
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<GitCode> {
        map_milestones(records, options)
    }

    /// What a record has that a GitCode milestone cannot hold, beyond the
    /// source's read-only fields.
    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str> {
        crate::mapping::not_carried_by_plain_dates(record)
    }

    /// Where an existing GitCode milestone differs from what it should be.
    /// An absent description and an empty one are the same to GitCode.
    fn changes(existing: &Milestone, wanted: &GitCodeFields) -> Vec<FieldChange> {
        let mut changes = crate::mapping::title_and_description_changes(
            (&existing.title, existing.description.as_deref()),
            (&wanted.title, wanted.description.as_deref()),
        );
        let wanted_due = date_text(wanted.due_on);
        if existing.due_on.as_deref() != Some(wanted_due.as_str()) {
            changes.push(FieldChange {
                field: Field::Due,
                name: "due_on",
                target: shown(existing.due_on.as_deref()),
                wanted: wanted_due,
            });
        }
        let existing_state = parse_state(existing.state.as_deref()).ok();
        if existing_state != Some(wanted.state) {
            changes.push(FieldChange {
                field: Field::State,
                name: "state",
                target: shown(existing.state.as_deref()),
                wanted: wanted.state.to_string(),
            });
        }
        changes
    }

    fn content(milestone: &Milestone, _: bool) -> Content {
        (
            milestone.title.clone(),
            milestone.description.clone().unwrap_or_default(),
            milestone.due_on.clone().unwrap_or_default(),
            String::new(),
        )
    }

    fn wanted_content(fields: &GitCodeFields) -> Content {
        (
            fields.title.clone(),
            fields.description.clone().unwrap_or_default(),
            fields.due_on.format("%Y-%m-%d").to_string(),
            String::new(),
        )
    }

    fn age(milestone: &Milestone, _: usize) -> (String, WholeNumber) {
        (String::new(), milestone.number.clone())
    }
}
