//! Gitee's side of the mapping: its milestones read into records
//! (`open`/`closed`, and `active` read as open; `due_on` a date or a
//! date-time, kept as the calendar date it names) and records made into
//! Gitee milestones (`title` and `due_on` required, so a record without a
//! due date needs the user's `--default-due-on`).

use chrono::NaiveDate;
use std::borrow::Cow;

use super::Gitee;
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
        generated::gitee::types::{CreateMilestoneBody, Milestone, UpdateMilestoneBody},
        number::WholeNumber,
    },
    record::{MilestoneRecord, Origin, State},
};

/// What a Gitee milestone holds that a migration writes: the family's.
pub type GiteeFields = MilestoneFields;

/// Reads Gitee's `state`: `open` (and `active`, the word of servers
/// derived from Gitee's) means open.
pub fn parse_state(value: Option<&str>) -> Result<State, String> {
    match value {
        Some("open" | "active") => Ok(State::Open),
        Some("closed") => Ok(State::Closed),
        Some(other) => Err(format!(
            "has the unknown state `{}`: expected `open` or `closed`",
            crate::files::excerpt(other)
        )),
        None => Err("is missing: expected `open` or `closed`".to_owned()),
    }
}

/// Reads Gitee's `due_on`: a calendar date (`2024-11-08`), or a date-time
/// (`2024-11-08T00:00:00+08:00`) whose date, as written, is the one meant.
pub fn parse_due_on(value: &str) -> Result<NaiveDate, dates::DateError> {
    if value.contains('T') {
        dates::deadline_to_due_date(value)
    } else {
        dates::parse_due_date(value)
    }
}

/// The calendar date a `due_on` names, as `YYYY-MM-DD`: a date-time's date
/// part as sent, anything unreadable as it is (so that it differs from
/// every date wanted).
pub fn due_on_date(value: &str) -> Cow<'_, str> {
    match parse_due_on(value) {
        Ok(date) => Cow::Owned(date_text(date)),
        Err(_) => Cow::Borrowed(value),
    }
}

fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

pub fn create_body(fields: &GiteeFields) -> CreateMilestoneBody {
    CreateMilestoneBody {
        title: fields.title.clone(),
        due_on: date_text(fields.due_on),
        description: fields.description.clone(),
    }
}

/// Gitee's PATCH needs `title` and `due_on` every time; the state goes with them.
pub fn update_body(fields: &GiteeFields) -> UpdateMilestoneBody {
    UpdateMilestoneBody {
        title: fields.title.clone(),
        due_on: date_text(fields.due_on),
        description: Some(fields.description.clone().unwrap_or_default()),
        state: Some(fields.state.to_string()),
    }
}

impl Mapper for Gitee {
    type Record = MilestoneRecord;

    /// A Gitee milestone as a neutral record, with every problem it has.
    fn to_record(
        milestone: &Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>> {
        let origin = Origin {
            kind: crate::record::Kind::Milestones,
            provider: Provider::Gitee,
            key: milestone.number.to_string(),
            location,
        };
        let mut reading = Reading::new(&origin);
        reading.title("title", &milestone.title);
        let state = reading.state("state", milestone.state.as_deref(), parse_state);
        let due = reading.calendar_due("due_on", milestone.due_on.as_deref(), parse_due_on);
        let state = reading.finish(state)?;
        let present = [
            ("number", true),
            ("id", milestone.id.is_some()),
            ("url", milestone.url.is_some()),
            ("html_url", milestone.html_url.is_some()),
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

    /// Maps records for Gitee. Gitee requires `due_on`: records without a
    /// due date take `--default-due-on`, or are all listed as errors.
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<Gitee> {
        map_milestones(records, options)
    }

    /// What a record has that a Gitee milestone cannot hold, beyond the
    /// source's read-only fields.
    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str> {
        crate::mapping::not_carried_by_plain_dates(record)
    }

    /// Where an existing Gitee milestone differs from what it should be.
    /// An absent description and an empty one are the same to Gitee.
    fn changes(existing: &Milestone, wanted: &GiteeFields) -> Vec<FieldChange> {
        let mut changes = crate::mapping::title_and_description_changes(
            (&existing.title, existing.description.as_deref()),
            (&wanted.title, wanted.description.as_deref()),
        );
        let wanted_due = date_text(wanted.due_on);
        let existing_due = existing.due_on.as_deref().map(due_on_date);
        if existing_due.as_deref() != Some(wanted_due.as_str()) {
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
            milestone
                .due_on
                .as_deref()
                .map(|due| due_on_date(due).into_owned())
                .unwrap_or_default(),
            String::new(),
        )
    }

    fn wanted_content(fields: &GiteeFields) -> Content {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_on_is_a_date_or_a_date_time_whose_date_is_kept() {
        let date = |text: &str| parse_due_on(text).map(date_text).ok();
        assert_eq!(date("2024-11-08").as_deref(), Some("2024-11-08"));
        assert_eq!(
            date("2024-11-08T00:00:00+08:00").as_deref(),
            Some("2024-11-08")
        );
        assert_eq!(
            date("2024-11-08T23:30:00-05:00").as_deref(),
            Some("2024-11-08")
        );
        assert_eq!(date("08.11.2024"), None);
        assert_eq!(due_on_date("2024-11-08T00:00:00+08:00"), "2024-11-08");
        assert_eq!(due_on_date("soon"), "soon");
    }

    #[test]
    fn states_are_open_and_closed_and_active_reads_as_open() {
        assert_eq!(parse_state(Some("open")), Ok(State::Open));
        assert_eq!(parse_state(Some("active")), Ok(State::Open));
        assert_eq!(parse_state(Some("closed")), Ok(State::Closed));
        assert!(parse_state(Some("done")).unwrap_err().contains("`done`"));
    }
}
