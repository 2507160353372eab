//! GitHub's side of the mapping: its milestones read into neutral records
//! (`open`/`closed`, the date of `due_on`) and records made into what GitHub
//! stores. Titles are unique on GitHub, closed milestones included, so a
//! source that repeats a title is refused before anything is written, or its
//! later holders renumbered when the user chose so.

use chrono::NaiveDate;

use super::{
    GitHub,
    dates::{DueOnChange, date_to_due_on, due_on_to_date},
};
use crate::{
    forge::{Mapper, Mapping},
    mapping::{Field, FieldChange, MappingError, MappingOptions, dates::DateError},
    net::number::WholeNumber,
    protocols::rest::write::RestBodies,
    protocols::rest::{
        compare,
        fields::DueOnFields,
        read::{Readers, WireMilestone, read_milestone},
        titles::{TitleRule, map_titled},
    },
    providers::github::client::types::{
        CreateMilestoneBody, Milestone, MilestoneState, UpdateMilestoneBody,
    },
    record::{Content, MilestoneRecord, State},
};

/// What a GitHub milestone holds that a migration writes.
pub type GitHubFields = DueOnFields;

/// Reads GitHub's `state`: `open` or `closed`, anything else named.
pub fn parse_state(value: Option<&str>) -> Result<State, String> {
    compare::parse_state(value, "open")
}

/// The milestone's state, when it reads as one.
pub fn state(milestone: &Milestone) -> Option<State> {
    parse_state(milestone.state.as_deref()).ok()
}

/// Titles are unique on GitHub, closed milestones included.
const TITLES: TitleRule = TitleRule {
    refused: "GitHub keeps titles unique",
    error: ", and GitHub keeps titles unique, closed milestones included",
};

/// The due date a milestone was sent with, when it has one.
fn due(milestone: &Milestone) -> Option<Result<NaiveDate, DateError>> {
    milestone
        .due_on
        .as_deref()
        .filter(|text| !text.is_empty())
        .map(due_on_to_date)
}

fn wire_state(state: State) -> MilestoneState {
    match state {
        State::Open => MilestoneState::Open,
        State::Closed => MilestoneState::Closed,
    }
}

impl RestBodies for GitHub {
    type Create = CreateMilestoneBody;
    type Update = UpdateMilestoneBody;

    /// The create request: a closed milestone is created closed, in one request.
    fn create_body(fields: &GitHubFields) -> CreateMilestoneBody {
        CreateMilestoneBody {
            title: fields.title.clone(),
            state: Some(wire_state(fields.state)),
            description: fields.description.clone(),
            due_on: fields.due_on.map(date_to_due_on),
        }
    }

    /// The update request: the fields `changes` names, as `fields` has them.
    /// An absent description is sent empty, which GitHub stores as none.
    fn update_body(fields: &GitHubFields, changes: &[FieldChange]) -> UpdateMilestoneBody {
        let changed = |field: Field| changes.iter().any(|change| change.field == field);
        UpdateMilestoneBody {
            title: changed(Field::Title).then(|| fields.title.clone()),
            state: changed(Field::State).then(|| wire_state(fields.state)),
            description: changed(Field::Description)
                .then(|| fields.description.clone().unwrap_or_default()),
            due_on: changed(Field::Due).then(|| DueOnChange::to(fields.due_on)),
        }
    }
}

impl Mapper for GitHub {
    type Record = MilestoneRecord;

    /// A GitHub milestone as a neutral record, with every problem it has.
    /// `source` is how the record names the provider it came from; `location`
    /// names the file line when it was read from a file.
    fn to_record(
        milestone: &Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>> {
        let present = [
            ("url", milestone.url.is_some()),
            ("html_url", milestone.html_url.is_some()),
            ("labels_url", milestone.labels_url.is_some()),
            ("id", milestone.id.is_some()),
            ("node_id", milestone.node_id.is_some()),
            ("number", true),
            ("creator", milestone.creator.is_some()),
            ("open_issues", milestone.open_issues.is_some()),
            ("closed_issues", milestone.closed_issues.is_some()),
            ("created_at", milestone.created_at.is_some()),
            ("updated_at", milestone.updated_at.is_some()),
            ("closed_at", milestone.closed_at.is_some()),
        ];
        read_milestone(
            WireMilestone {
                provider: super::PROVIDER,
                key: milestone.number.to_string(),
                title: &milestone.title,
                description: milestone.description.as_deref(),
                state: milestone.state.as_deref(),
                due: ("due_on", milestone.due_on.as_deref()),
                start: None,
                present: &present,
                extra: &milestone.extra,
            },
            location,
            Readers {
                state: parse_state,
                date: due_on_to_date,
            },
        )
    }

    /// Maps records for GitHub, or lists every reason it cannot: titles are
    /// unique on GitHub, so repeated ones are refused (each named with where
    /// its holders are) unless `options.repeated_titles` says to number them.
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<GitHub> {
        map_titled(records, options, TITLES, |record, title| GitHubFields {
            title,
            description: record.description.clone(),
            due_on: record.due.as_ref().map(|due| due.date),
            state: record.state,
        })
    }

    /// What a record has that a GitHub milestone cannot hold, beyond the
    /// source's read-only fields.
    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str> {
        crate::mapping::not_carried_by_plain_dates(record)
    }

    /// Where an existing GitHub milestone differs from what it should be, by
    /// GitHub's field names. An absent description and an empty one are the
    /// same to GitHub; due dates compare as calendar dates.
    fn changes(found: &Milestone, wanted: &GitHubFields) -> Vec<FieldChange> {
        let mut changes = crate::mapping::title_and_description_changes(
            (&found.title, found.description.as_deref()),
            (&wanted.title, wanted.description.as_deref()),
        );
        changes.extend(compare::date_change(
            (Field::Due, "due_on"),
            found.due_on.as_deref(),
            due(found),
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

    /// Due dates compare as the dates GitHub keeps.
    fn content(milestone: &Milestone, _: bool) -> Content {
        compare::content(
            &milestone.title,
            milestone.description.as_deref(),
            compare::due_content(milestone.due_on.as_deref(), due(milestone)),
            String::new(),
        )
    }

    fn wanted_content(fields: &GitHubFields) -> Content {
        compare::wanted_content(
            &fields.title,
            fields.description.as_deref(),
            fields.due_on,
            None,
        )
    }

    fn age(milestone: &Milestone, _: usize) -> (String, WholeNumber) {
        (String::new(), WholeNumber::from(milestone.number))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use std::collections::HashSet;

    use crate::{mapping::RepeatedTitles, record::Origin};

    fn milestone(value: serde_json::Value) -> Milestone {
        serde_json::from_value(value).expect("a GitHub milestone")
    }

    fn record(title: &str, line: usize) -> MilestoneRecord {
        MilestoneRecord {
            origin: Origin {
                kind: crate::record::Kind::Milestones,
                provider: crate::provider::Provider::all()[0],
                key: line.to_string(),
                location: Some(format!("in.csv:{line}")),
            },
            title: title.to_owned(),
            description: None,
            due: None,
            state: State::Open,
            slug: None,
            start_date: None,
            read_only: crate::record::ReadOnly::default(),
        }
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
    }

    #[test]
    fn reads_a_milestone_with_its_date_and_read_only_fields() {
        let m = milestone(json!({
            "url": "https://api.github.com/repos/o/r/milestones/3", "html_url": "h",
            "labels_url": "l", "id": 9, "node_id": "MI_1", "number": 3,
            "state": "closed", "title": "v1", "description": null,
            "creator": {"login": "octocat", "id": 1}, "open_issues": 0,
            "closed_issues": 2, "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-02T00:00:00Z", "closed_at": null,
            "due_on": "2024-11-03T07:00:00Z", "weight": 5, "gone": null,
        }));
        let r = GitHub::to_record(&m, None).unwrap();
        assert_eq!(r.title, "v1");
        assert_eq!(r.state, State::Closed);
        assert_eq!(r.description, None);
        assert_eq!(r.due.unwrap().date, date("2024-11-03"));
        assert_eq!(r.origin.key, "3");
        assert_eq!(
            r.read_only,
            [
                "url",
                "html_url",
                "labels_url",
                "id",
                "node_id",
                "number",
                "creator",
                "open_issues",
                "closed_issues",
                "created_at",
                "updated_at",
                "weight"
            ]
        );
    }

    #[test]
    fn every_problem_of_a_milestone_is_named() {
        let m = milestone(json!({"number": 1, "title": " ", "state": "done", "due_on": "soon"}));
        let problems = GitHub::to_record(&m, Some("b.csv:2".into())).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["title", "state", "due_on"]);
        assert!(
            problems[1]
                .to_string()
                .starts_with("b.csv:2: field `state`")
        );
        let m = milestone(json!({"number": 1, "title": "t"}));
        assert_eq!(GitHub::to_record(&m, None).unwrap_err().len(), 1);
    }

    #[test]
    fn repeated_titles_are_refused_with_every_place_named() {
        let records = vec![
            record("v1", 2),
            record("v2", 3),
            record("v1", 4),
            record("v2", 5),
            record("v1", 6),
            record("v3", 7),
        ];
        let mapping = GitHub::map_records(records, &MappingOptions::default());
        let refused: Vec<&str> = mapping.refused.iter().map(|r| r.origin.as_str()).collect();
        assert_eq!(
            refused,
            ["in.csv:2", "in.csv:3", "in.csv:4", "in.csv:5", "in.csv:6"]
        );
        let mapped: Vec<&str> = mapping
            .mapped
            .iter()
            .map(|m| m.target.title.as_str())
            .collect();
        assert_eq!(mapped, ["v3"]);
        let errors = mapping.into_result().unwrap_err();
        assert_eq!(errors.len(), 2);
        let text = errors[0].to_string();
        assert!(
            text.starts_with("in.csv:2: field `title` \"v1\" is held by 3 milestones (in.csv:2, in.csv:4, in.csv:6)"),
            "{text}"
        );
        assert!(text.contains("rename all but one"), "{text}");
        assert!(errors[1].to_string().contains("(in.csv:3, in.csv:5)"));
    }

    #[test]
    fn repeated_titles_are_numbered_when_chosen_skipping_taken_ones() {
        let records = vec![
            record("v1", 2),
            record("v1", 3),
            record("v1 (2)", 4),
            record("v1", 5),
            record("v1 (3)", 6),
            record("v2", 7),
        ];
        let options = MappingOptions {
            repeated_titles: RepeatedTitles::Number,
            ..MappingOptions::default()
        };
        let titles: Vec<String> = GitHub::map_records(records, &options)
            .into_result()
            .unwrap()
            .into_iter()
            .map(|mapped| mapped.target.title)
            .collect();
        assert_eq!(titles, ["v1", "v1 (4)", "v1 (2)", "v1 (5)", "v1 (3)", "v2"]);
        // The numbered titles are unique.
        let unique: HashSet<&String> = titles.iter().collect();
        assert_eq!(unique.len(), titles.len());
    }

    #[test]
    fn a_closed_milestone_is_created_closed_with_its_date_at_noon() {
        let fields = GitHubFields {
            title: "v1".into(),
            description: Some("d".into()),
            due_on: Some(date("2024-03-10")),
            state: State::Closed,
        };
        let body = serde_json::to_value(GitHub::create_body(&fields)).unwrap();
        assert_eq!(
            body,
            json!({"title": "v1", "state": "closed", "description": "d", "due_on": "2024-03-10T12:00:00Z"})
        );
    }

    #[test]
    fn changes_compare_dates_as_dates_and_name_githubs_fields() {
        let found = milestone(json!({
            "number": 1, "title": "v1", "state": "open", "description": null,
            "due_on": "2024-03-10T08:00:00Z",
        }));
        let same = GitHubFields {
            title: "v1".into(),
            description: Some(String::new()),
            due_on: Some(date("2024-03-10")),
            state: State::Open,
        };
        assert_eq!(GitHub::changes(&found, &same), []);
        let wanted = GitHubFields {
            title: "v1.0".into(),
            description: Some("new".into()),
            due_on: Some(date("2024-03-11")),
            state: State::Closed,
        };
        let found_changes = GitHub::changes(&found, &wanted);
        let names: Vec<&str> = found_changes.iter().map(|c| c.name).collect();
        assert_eq!(names, ["title", "description", "due_on", "state"]);
        assert_eq!(found_changes[2].target, "2024-03-10");
        assert_eq!(found_changes[2].wanted, "2024-03-11");
        let body = serde_json::to_value(GitHub::update_body(&wanted, &found_changes[2..])).unwrap();
        assert_eq!(
            body,
            json!({"due_on": "2024-03-11T12:00:00Z", "state": "closed"})
        );
        let none = GitHubFields {
            due_on: None,
            ..same.clone()
        };
        let removed = GitHub::changes(&found, &none);
        assert_eq!(removed[0].name, "due_on");
        // Removing is an explicit null; leaving the date alone leaves it out.
        let body = serde_json::to_value(GitHub::update_body(&none, &removed)).unwrap();
        assert_eq!(body, json!({"due_on": null}));
        let body = serde_json::to_value(GitHub::update_body(&none, &[])).unwrap();
        assert_eq!(body, json!({}));
    }

    #[test]
    fn what_github_cannot_hold_is_named() {
        let mut r = record("v1", 2);
        assert!(GitHub::not_carried(&r).is_empty());
        r.slug = Some("v1".into());
        r.start_date = Some("2024-01-01T00:00:00Z".into());
        r.due = Some(crate::record::Due {
            date: date("2024-01-02"),
            original_deadline: Some("2024-01-02T15:00:00Z".into()),
            midnight: false,
        });
        assert_eq!(
            GitHub::not_carried(&r),
            ["start_date", "slug", "deadline (time of day)"]
        );
    }
}
