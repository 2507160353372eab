//! Gitea's side of the mapping: its milestones read into neutral records
//! (`open`/`closed`, the calendar date of `due_on` in the server's
//! timezone, year 9999 as none) and records made into what Gitea stores.
//! Titles are not unique on Gitea, but a migration matches milestones by
//! title, so a source that repeats one is refused before anything is
//! written, or its later holders numbered when the user chose so, as for
//! GitHub. A source's close date is not carried: Gitea sets `closed_at` to
//! the time of closing (the source's `closed_at` is reported among the
//! fields the target cannot hold, as every read-only field is).

use super::{
    Gitea,
    dates::{date_to_due_on, shown_due},
};
use crate::{
    forge::{Mapper, Mapping},
    mapping::{Field, FieldChange, MappingError, MappingOptions},
    net::number::WholeNumber,
    protocols::rest::write::RestBodies,
    protocols::rest::{
        compare,
        fields::DueOnFields,
        read::{Readers, WireMilestone, read_milestone},
        titles::{TitleRule, map_titled},
    },
    providers::gitea::client::types::{
        CreateMilestoneOption, EditMilestoneOption, Milestone, StateType,
    },
    record::{Content, MilestoneRecord, State},
};

/// What a Gitea milestone holds that a migration writes.
pub type GiteaFields = DueOnFields;

/// Reads Gitea's `state`: `open` or `closed`, anything else named.
pub fn parse_state(value: Option<&str>) -> Result<State, String> {
    compare::parse_state(value, "open")
}

/// The milestone's state, when it reads as one.
pub fn state(milestone: &Milestone) -> Option<State> {
    parse_state(milestone.state.as_deref()).ok()
}

/// Titles are not unique on Gitea, but mileport matches by them.
const TITLES: TitleRule = TitleRule {
    refused: "mileport matches Gitea milestones by title",
    error: "; Gitea would keep them all, but mileport matches milestones by title and could not tell them apart on a second run",
};

fn wire_state(state: State) -> StateType {
    match state {
        State::Open => StateType::Open,
        State::Closed => StateType::Closed,
    }
}

impl RestBodies for Gitea {
    type Create = CreateMilestoneOption;
    type Update = EditMilestoneOption;

    /// The create request: a closed milestone is created closed, in one
    /// request; a due date is sent at noon UTC.
    fn create_body(fields: &GiteaFields) -> CreateMilestoneOption {
        CreateMilestoneOption {
            title: fields.title.clone(),
            state: Some(wire_state(fields.state)),
            description: fields.description.clone(),
            due_on: fields.due_on.map(date_to_due_on),
        }
    }

    /// The update request: the fields `changes` names, as `fields` has them.
    /// An absent description is sent empty, which Gitea stores as none. A due
    /// date cannot be removed through the API (see `write.rs`).
    fn update_body(fields: &GiteaFields, changes: &[FieldChange]) -> EditMilestoneOption {
        let changed = |field: Field| changes.iter().any(|change| change.field == field);
        EditMilestoneOption {
            title: changed(Field::Title).then(|| fields.title.clone()),
            state: changed(Field::State).then(|| wire_state(fields.state)),
            description: changed(Field::Description)
                .then(|| fields.description.clone().unwrap_or_default()),
            due_on: changed(Field::Due)
                .then(|| fields.due_on.map(date_to_due_on))
                .flatten(),
        }
    }
}

impl Mapper for Gitea {
    type Record = MilestoneRecord;

    /// A Gitea milestone as a neutral record, with every problem it has;
    /// `location` names the file line when it was read from a file.
    fn to_record(
        milestone: &Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>> {
        let due_text = milestone
            .due_on
            .as_deref()
            .filter(|text| shown_due(Some(text)).is_some());
        let present = [
            ("id", true),
            ("open_issues", milestone.open_issues.is_some()),
            ("closed_issues", milestone.closed_issues.is_some()),
            ("created_at", milestone.created_at.is_some()),
            ("updated_at", milestone.updated_at.is_some()),
            ("closed_at", milestone.closed_at.is_some()),
        ];
        read_milestone(
            WireMilestone {
                provider: super::PROVIDER,
                key: milestone.id.to_string(),
                title: &milestone.title,
                description: milestone.description.as_deref(),
                state: milestone.state.as_deref(),
                due: ("due_on", due_text),
                start: None,
                present: &present,
                extra: &milestone.extra,
            },
            location,
            Readers {
                state: parse_state,
                date: super::dates::due_on_to_date,
            },
        )
    }

    /// Maps records for Gitea, or lists every reason it cannot: a title
    /// held by several source milestones is refused (each named with where
    /// its holders are) unless `options.repeated_titles` says to number them.
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<Gitea> {
        map_titled(records, options, TITLES, |record, title| GiteaFields {
            title,
            description: record.description.clone(),
            due_on: record.due.as_ref().map(|due| due.date),
            state: record.state,
        })
    }

    /// What a record has that a Gitea milestone cannot hold, beyond the
    /// source's read-only fields (its `closed_at` among them).
    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str> {
        crate::mapping::not_carried_by_plain_dates(record)
    }

    /// Where an existing Gitea milestone differs from what it should be, by
    /// Gitea's field names. An absent description and an empty one are the
    /// same; due dates compare as calendar dates, year 9999 as none.
    fn changes(found: &Milestone, wanted: &GiteaFields) -> Vec<FieldChange> {
        let mut changes = crate::mapping::title_and_description_changes(
            (&found.title, found.description.as_deref()),
            (&wanted.title, wanted.description.as_deref()),
        );
        changes.extend(compare::date_change(
            (Field::Due, "due_on"),
            found.due_on.as_deref(),
            shown_due(found.due_on.as_deref()),
            wanted.due_on,
        ));
        changes.extend(compare::state_change(
            found.state.as_deref(),
            state(found),
            wanted.state,
            |state| state.to_string(),
        ));
        changes
    }

    /// Due dates compare as the calendar dates Gitea shows.
    fn content(milestone: &Milestone, _: bool) -> Content {
        let due = milestone.due_on.as_deref();
        compare::content(
            &milestone.title,
            milestone.description.as_deref(),
            compare::due_content(due, shown_due(due)),
            String::new(),
        )
    }

    fn wanted_content(fields: &GiteaFields) -> Content {
        compare::wanted_content(
            &fields.title,
            fields.description.as_deref(),
            fields.due_on,
            None,
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
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;

    fn milestone(value: serde_json::Value) -> Milestone {
        serde_json::from_value(value).expect("a Gitea milestone")
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
    }

    #[test]
    fn reads_the_date_as_the_server_wrote_it_and_year_9999_as_none() {
        let m = milestone(json!({
            "id": 42, "title": "v1", "description": "", "state": "closed",
            "open_issues": 0, "closed_issues": 1, "created_at": "2024-01-01T08:00:00+08:00",
            "closed_at": "2024-02-01T08:00:00+08:00", "due_on": "2024-03-10T20:00:00+08:00",
        }));
        let r = Gitea::to_record(&m, None).unwrap();
        assert_eq!(r.state, State::Closed);
        assert_eq!(r.due.unwrap().date, date("2024-03-10"));
        assert_eq!(r.origin.key, "42");
        assert!(r.read_only.iter().any(|f| f == "closed_at"));
        let none = milestone(json!({
            "id": 1, "title": "t", "state": "open", "due_on": "9999-12-31T23:59:59+08:00",
        }));
        assert!(Gitea::to_record(&none, None).unwrap().due.is_none());
        assert!(
            Gitea::changes(
                &none,
                &GiteaFields {
                    title: "t".into(),
                    description: None,
                    due_on: None,
                    state: State::Open
                }
            )
            .is_empty()
        );
    }

    #[test]
    fn a_closed_milestone_is_created_closed_with_its_date_at_noon_utc() {
        let fields = GiteaFields {
            title: "v1".into(),
            description: Some("d".into()),
            due_on: Some(date("2024-03-10")),
            state: State::Closed,
        };
        let body = serde_json::to_value(Gitea::create_body(&fields)).unwrap();
        assert_eq!(
            body,
            json!({"title": "v1", "state": "closed", "description": "d", "due_on": "2024-03-10T12:00:00Z"})
        );
    }
}
