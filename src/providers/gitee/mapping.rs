//! Gitee's side of the mapping: its milestones read into records
//! (`open`/`closed`, and `active` read as open; `due_on` a date or a
//! date-time, kept as the calendar date it names) and records made into
//! Gitee milestones (`title` and `due_on` required, so a record without a
//! due date needs the user's `--default-due-on`).

use chrono::NaiveDate;
use std::borrow::Cow;

use super::Gitee;
use crate::protocols::v5::mapping::{self as v5, MilestoneFields, date_text};
use crate::{
    forge::{Mapper, Mapping},
    mapping::{FieldChange, MappingError, MappingOptions, dates},
    net::number::WholeNumber,
    providers::gitee::client::types::{CreateMilestoneBody, Milestone, UpdateMilestoneBody},
    record::{Content, MilestoneRecord, State},
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
        v5::to_record::<Gitee>(milestone, location)
    }

    /// Maps records for Gitee. Gitee requires `due_on`: records without a
    /// due date take `--default-due-on`, or are all listed as errors.
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<Gitee> {
        v5::map_milestones(records, options)
    }

    /// What a record has that a Gitee milestone cannot hold, beyond the
    /// source's read-only fields.
    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str> {
        crate::mapping::not_carried_by_plain_dates(record)
    }

    fn changes(existing: &Milestone, wanted: &GiteeFields) -> Vec<FieldChange> {
        v5::changes::<Gitee>(existing, wanted)
    }

    fn content(milestone: &Milestone, _: bool) -> Content {
        v5::content::<Gitee>(milestone)
    }

    fn wanted_content(fields: &GiteeFields) -> Content {
        v5::wanted_content(fields)
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
