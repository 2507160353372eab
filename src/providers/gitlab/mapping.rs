//! GitLab's side of the mapping: its milestones read into neutral records
//! (`active`/`closed`, `due_date` and `start_date` as calendar dates) and
//! records made into what GitLab stores. A start date moves where both
//! sides hold one (SourceCraft's `start_date`, as the date it names);
//! GitLab keeps titles unique across a project and its ancestor groups, so
//! a source that repeats one is refused before anything is written, or its
//! later holders numbered when the user chose so. A milestone of an
//! ancestor group (`group_id`) reads as any other: moved out, it becomes a
//! milestone of the target repository.

use chrono::NaiveDate;
use serde::Serialize;

use super::GitLab;
use crate::{
    forge::{Mapper, Mapping},
    mapping::{
        Field, FieldChange, MappingError, MappingOptions,
        dates::{deadline_to_due_date, parse_due_date},
    },
    net::number::WholeNumber,
    protocols::rest::write::RestBodies,
    protocols::rest::{
        compare::{self, day as text},
        read::{Readers, WireMilestone, read_milestone},
        titles::{TitleRule, map_titled},
    },
    providers::gitlab::client::types::{CreateMilestone, Milestone, UpdateMilestone},
    record::{Content, MilestoneRecord, State},
};

/// What a GitLab milestone holds that a migration writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GitLabFields {
    pub title: String,
    pub description: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// `None` leaves the start date as it is.
    pub start_date: Option<NaiveDate>,
    pub state: State,
}

/// Reads GitLab's `state`: `active` or `closed`, anything else named.
pub fn parse_state(value: Option<&str>) -> Result<State, String> {
    compare::parse_state(value, "active")
}

/// The milestone's state, when it reads as one.
pub fn state(milestone: &Milestone) -> Option<State> {
    parse_state(milestone.state.as_deref()).ok()
}

/// A date field as GitLab sent it: `None` for none, else the date or why not.
fn date(value: Option<&str>) -> Option<Result<NaiveDate, String>> {
    value
        .filter(|t| !t.is_empty())
        .map(|t| parse_due_date(t).map_err(|e| e.to_string()))
}

/// The start date a record's `start_date` names: its own date, whether it
/// is a date or a date-time (SourceCraft's).
fn start_of(record: &MilestoneRecord) -> Option<NaiveDate> {
    let text = record.start_date.as_deref()?;
    parse_due_date(text)
        .ok()
        .or_else(|| deadline_to_due_date(text).ok())
}

/// GitLab keeps titles unique in a project and its ancestor groups.
const TITLES: TitleRule = TitleRule {
    refused: "mileport matches GitLab milestones by title",
    error: "; GitLab keeps titles unique in a project and its groups, and mileport matches milestones by title and could not tell them apart on a second run",
};

/// The state event that brings a milestone to `state`.
fn state_event(state: State) -> &'static str {
    match state {
        State::Open => "activate",
        State::Closed => "close",
    }
}

impl RestBodies for GitLab {
    type Create = CreateMilestone;
    type Update = UpdateMilestone;

    /// The create request: a milestone is created active (closing is an
    /// update); dates as `YYYY-MM-DD`.
    fn create_body(fields: &GitLabFields) -> CreateMilestone {
        CreateMilestone {
            title: fields.title.clone(),
            description: fields.description.clone(),
            due_date: fields.due_date.map(text),
            start_date: fields.start_date.map(text),
        }
    }

    /// The update request: the fields `changes` names, as `fields` has them.
    /// An absent description or due date is sent empty, which removes it; a
    /// state change is a `state_event`.
    fn update_body(fields: &GitLabFields, changes: &[FieldChange]) -> UpdateMilestone {
        let changed = |field: Field| changes.iter().any(|change| change.field == field);
        UpdateMilestone {
            title: changed(Field::Title).then(|| fields.title.clone()),
            description: changed(Field::Description)
                .then(|| fields.description.clone().unwrap_or_default()),
            due_date: changed(Field::Due).then(|| fields.due_date.map(text).unwrap_or_default()),
            start_date: changed(Field::Start)
                .then(|| fields.start_date.map(text))
                .flatten(),
            state_event: changed(Field::State).then(|| state_event(fields.state).to_owned()),
        }
    }
}

/// The change of a date field, if the one found is not the one wanted.
fn date_change(
    field: (Field, &'static str),
    found: Option<&str>,
    wanted: Option<NaiveDate>,
) -> Option<FieldChange> {
    compare::date_change(field, found, date(found), wanted)
}

impl Mapper for GitLab {
    type Record = MilestoneRecord;

    /// A GitLab milestone as a neutral record, with every problem it has;
    /// `location` names the file line when it was read from a file.
    fn to_record(
        milestone: &Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>> {
        let present = [
            ("id", true),
            ("iid", milestone.iid.is_some()),
            ("project_id", milestone.project_id.is_some()),
            ("group_id", milestone.group_id.is_some()),
            ("created_at", milestone.created_at.is_some()),
            ("updated_at", milestone.updated_at.is_some()),
            ("expired", milestone.expired.is_some()),
            ("web_url", milestone.web_url.is_some()),
        ];
        read_milestone(
            WireMilestone {
                provider: super::PROVIDER,
                key: milestone.id.to_string(),
                title: &milestone.title,
                description: milestone.description.as_deref(),
                state: milestone.state.as_deref(),
                due: ("due_date", milestone.due_date.as_deref()),
                start: Some(("start_date", milestone.start_date.as_deref())),
                present: &present,
                extra: &milestone.extra,
            },
            location,
            Readers {
                state: parse_state,
                date: parse_due_date,
            },
        )
    }

    /// Maps records for GitLab, or lists every reason it cannot: a title
    /// held by several source milestones is refused (each named with where
    /// its holders are) unless `options.repeated_titles` says to number them.
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<GitLab> {
        map_titled(records, options, TITLES, |record, title| GitLabFields {
            title,
            description: record.description.clone(),
            due_date: record.due.as_ref().map(|due| due.date),
            start_date: start_of(record),
            state: record.state,
        })
    }

    /// What a record has that a GitLab milestone cannot hold, beyond the
    /// source's read-only fields: a slug, a due date's time of day.
    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str> {
        crate::mapping::not_carried_by_plain_dates(record)
            .into_iter()
            .filter(|field| *field != "start_date")
            .collect()
    }

    /// Where an existing GitLab milestone differs from what it should be,
    /// by GitLab's field names. An absent description and an empty one are
    /// the same; dates compare as dates; a start date only when one is
    /// wanted.
    fn changes(found: &Milestone, wanted: &GitLabFields) -> Vec<FieldChange> {
        let mut changes = crate::mapping::title_and_description_changes(
            (&found.title, found.description.as_deref()),
            (&wanted.title, wanted.description.as_deref()),
        );
        changes.extend(date_change(
            (Field::Due, "due_date"),
            found.due_date.as_deref(),
            wanted.due_date,
        ));
        if wanted.start_date.is_some() {
            changes.extend(date_change(
                (Field::Start, "start_date"),
                found.start_date.as_deref(),
                wanted.start_date,
            ));
        }
        changes.extend(compare::state_change(
            found.state.as_deref(),
            state(found),
            wanted.state,
            |state| {
                match state {
                    State::Open => "active",
                    State::Closed => "closed",
                }
                .to_owned()
            },
        ));
        changes
    }

    fn content(milestone: &Milestone, start_dates_matter: bool) -> Content {
        let day = |value: Option<&str>| match date(value) {
            None => String::new(),
            Some(Ok(date)) => text(date),
            Some(Err(_)) => value.unwrap_or_default().to_owned(),
        };
        compare::content(
            &milestone.title,
            milestone.description.as_deref(),
            day(milestone.due_date.as_deref()),
            if start_dates_matter {
                day(milestone.start_date.as_deref())
            } else {
                String::new()
            },
        )
    }

    fn wanted_content(fields: &GitLabFields) -> Content {
        compare::wanted_content(
            &fields.title,
            fields.description.as_deref(),
            fields.due_date,
            fields.start_date,
        )
    }

    fn age(milestone: &Milestone, _: usize) -> (String, WholeNumber) {
        (
            milestone.created_at.clone().unwrap_or_default(),
            WholeNumber::from(milestone.id),
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn milestone(value: serde_json::Value) -> Milestone {
        serde_json::from_value(value).expect("a GitLab milestone")
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
    }

    #[test]
    fn reads_dates_as_dates_and_active_as_open() {
        let m = milestone(json!({
            "id": 42, "iid": 3, "project_id": 7, "title": "v1", "description": "",
            "state": "active", "due_date": "2024-03-10", "start_date": "2024-03-01",
            "created_at": "2024-01-01T08:00:00.000Z", "expired": false,
        }));
        let r = GitLab::to_record(&m, None).unwrap();
        assert_eq!(r.state, State::Open);
        assert_eq!(r.due.unwrap().date, day("2024-03-10"));
        assert_eq!(r.start_date.as_deref(), Some("2024-03-01T00:00:00Z"));
        assert!(r.read_only.iter().any(|f| f == "iid"));
        let bad = milestone(json!({"id": 1, "title": "t", "state": "paused"}));
        assert!(GitLab::to_record(&bad, None).is_err());
    }

    #[test]
    fn a_closed_milestone_is_created_active_then_closed_by_a_state_event() {
        let fields = GitLabFields {
            title: "v1".into(),
            description: Some("d".into()),
            due_date: Some(day("2024-03-10")),
            start_date: None,
            state: State::Closed,
        };
        let body = serde_json::to_value(GitLab::create_body(&fields)).unwrap();
        assert_eq!(
            body,
            json!({"title": "v1", "description": "d", "due_date": "2024-03-10"})
        );
        let created = milestone(json!({
            "id": 5, "title": "v1", "description": "d", "state": "active", "due_date": "2024-03-10",
        }));
        let changes = GitLab::changes(&created, &fields);
        assert_eq!(changes.len(), 1, "{changes:?}");
        let update = serde_json::to_value(GitLab::update_body(&fields, &changes)).unwrap();
        assert_eq!(update, json!({"state_event": "close"}));
    }
}
