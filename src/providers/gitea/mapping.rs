//! Gitea's side of the mapping: its milestones read into neutral records
//! (`open`/`closed`, the calendar date of `due_on` in the server's
//! timezone, year 9999 as none) and records made into what Gitea stores.
//! Titles are not unique on Gitea, but a migration matches milestones by
//! title, so a source that repeats one is refused before anything is
//! written, or its later holders numbered when the user chose so, as for
//! GitHub. A source's close date is not carried: Gitea sets `closed_at` to
//! the time of closing (the source's `closed_at` is reported among the
//! fields the target cannot hold, as every read-only field is).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::{
    Gitea,
    dates::{date_to_due_on, shown_due},
};
use crate::{
    mapping::{
        Field, FieldChange, Mapped, Mapping, MappingError, MappingOptions, Refused, RepeatedTitles,
        reading::{Reading, read_only_fields},
        shown,
    },
    pipeline::verify::{Content, instant},
    providers::{
        Provider,
        forge::Mapper,
        generated::gitea::types::{
            CreateMilestoneOption, EditMilestoneOption, Milestone, StateType,
        },
        number::WholeNumber,
    },
    record::{MilestoneRecord, Origin, State},
};

/// What a Gitea milestone holds that a migration writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GiteaFields {
    pub title: String,
    pub description: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub state: State,
}

/// Reads Gitea's `state`: `open` or `closed`, anything else named.
pub fn parse_state(value: Option<&str>) -> Result<State, String> {
    match value {
        Some("open") => Ok(State::Open),
        Some("closed") => Ok(State::Closed),
        Some(other) => Err(format!(
            "has the unknown state `{}`: expected `open` or `closed`",
            crate::files::excerpt(other)
        )),
        None => Err("is missing: expected `open` or `closed`".to_owned()),
    }
}

/// The milestone's state, when it reads as one.
pub fn state(milestone: &Milestone) -> Option<State> {
    parse_state(milestone.state.as_deref()).ok()
}

/// How many source milestones hold each title.
fn holders(records: &[MilestoneRecord]) -> HashMap<&str, usize> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for record in records {
        *count.entry(record.title.as_str()).or_default() += 1;
    }
    count
}

/// A source that repeats titles: each holder of a repeated title is
/// refused, the others mapped, so that a dry run can show both.
fn refuse_repeated(records: Vec<MilestoneRecord>, errors: Vec<MappingError>) -> Mapping<Gitea> {
    let count = holders(&records);
    let refused = records
        .iter()
        .filter_map(|record| {
            let n = count[record.title.as_str()];
            (n > 1).then(|| {
                Refused::new(
                    record,
                    format!(
                        "its title is held by {n} source milestones, and mileport matches Gitea milestones by title (--repeated-titles number renames the later ones)"
                    ),
                )
            })
        })
        .collect();
    let mapped = Gitea::map_records(
        records
            .iter()
            .filter(|record| count[record.title.as_str()] == 1)
            .cloned()
            .collect(),
        &MappingOptions::default(),
    )
    .mapped;
    Mapping {
        mapped,
        refused,
        errors,
    }
}

/// One error per title held by more than one record, naming where each
/// holder is, in the order the titles first appear.
fn repeated_titles(records: &[MilestoneRecord]) -> Vec<MappingError> {
    let mut by_title: HashMap<&str, Vec<&MilestoneRecord>> = HashMap::new();
    let mut order = Vec::new();
    for record in records {
        let list = by_title.entry(record.title.as_str()).or_default();
        if list.is_empty() {
            order.push(record.title.as_str());
        }
        list.push(record);
    }
    order
        .into_iter()
        .filter_map(|title| {
            let list = &by_title[title];
            let [first, _, ..] = list.as_slice() else {
                return None;
            };
            let places: Vec<String> = list.iter().map(|r| r.origin.to_string()).collect();
            Some(MappingError::new(
                &first.origin,
                "title",
                format!(
                    "{title:?} is held by {} milestones ({}); Gitea would keep them all, but mileport matches milestones by title and could not tell them apart on a second run: rename all but one of them in the source, or give --repeated-titles number to have the later ones numbered `{title} (2)`, `{title} (3)`…",
                    list.len(),
                    places.join(", ")
                ),
            ))
        })
        .collect()
}

/// Every record's title, the second and later holders of a title renamed
/// `TITLE (N)` in source order, N from 2 up, skipping any title already
/// taken by a record or by an earlier renaming.
fn numbered_titles(records: &[MilestoneRecord]) -> Vec<String> {
    let mut taken: HashSet<String> = records.iter().map(|r| r.title.clone()).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut next: HashMap<&str, u64> = HashMap::new();
    records
        .iter()
        .map(|record| {
            let title = record.title.as_str();
            if seen.insert(title) {
                return record.title.clone();
            }
            let counter = next.entry(title).or_insert(2);
            loop {
                let candidate = format!("{title} ({counter})");
                *counter += 1;
                if taken.insert(candidate.clone()) {
                    return candidate;
                }
            }
        })
        .collect()
}

fn wire_state(state: State) -> StateType {
    match state {
        State::Open => StateType::Open,
        State::Closed => StateType::Closed,
    }
}

/// The create request: a closed milestone is created closed, in one
/// request; a due date is sent at noon UTC.
pub fn create_body(fields: &GiteaFields) -> CreateMilestoneOption {
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
pub fn update_body(fields: &GiteaFields, changes: &[FieldChange]) -> EditMilestoneOption {
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

fn date_text(date: Option<NaiveDate>) -> String {
    shown(date.map(|d| d.format("%Y-%m-%d").to_string()).as_deref())
}

/// The change of due date, if the one found is not the one wanted.
fn due_change(found: &Milestone, wanted: Option<NaiveDate>) -> Option<FieldChange> {
    let change = |target: String| FieldChange {
        field: Field::Due,
        name: "due_on",
        target,
        wanted: date_text(wanted),
    };
    match shown_due(found.due_on.as_deref()) {
        Some(Ok(date)) if Some(date) == wanted => None,
        None if wanted.is_none() => None,
        Some(Ok(date)) => Some(change(date_text(Some(date)))),
        Some(Err(_)) | None => Some(change(shown(found.due_on.as_deref()))),
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
        let origin = Origin {
            kind: crate::record::Kind::Milestones,
            provider: Provider::Gitea,
            key: milestone.id.to_string(),
            location,
        };
        let mut reading = Reading::new(&origin);
        reading.title("title", &milestone.title);
        let state = reading.state("state", milestone.state.as_deref(), parse_state);
        let due_text = milestone
            .due_on
            .as_deref()
            .filter(|text| shown_due(Some(text)).is_some());
        let due = reading.calendar_due("due_on", due_text, super::dates::due_on_to_date);
        let state = reading.finish(state)?;
        let present = [
            ("id", true),
            ("open_issues", milestone.open_issues.is_some()),
            ("closed_issues", milestone.closed_issues.is_some()),
            ("created_at", milestone.created_at.is_some()),
            ("updated_at", milestone.updated_at.is_some()),
            ("closed_at", milestone.closed_at.is_some()),
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

    /// Maps records for Gitea, or lists every reason it cannot: a title
    /// held by several source milestones is refused (each named with where
    /// its holders are) unless `options.repeated_titles` says to number them.
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<Gitea> {
        let titles = match options.repeated_titles {
            RepeatedTitles::Refuse => {
                let errors = repeated_titles(&records);
                if !errors.is_empty() {
                    return refuse_repeated(records, errors);
                }
                records.iter().map(|r| r.title.clone()).collect()
            }
            RepeatedTitles::Number => numbered_titles(&records),
        };
        Mapping::all(
            records
                .into_iter()
                .zip(titles)
                .map(|(record, title)| {
                    let target = GiteaFields {
                        title,
                        description: record.description.clone(),
                        due_on: record.due.as_ref().map(|due| due.date),
                        state: record.state,
                    };
                    Mapped { record, target }
                })
                .collect(),
        )
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
        changes.extend(due_change(found, wanted.due_on));
        if state(found) != Some(wanted.state) {
            changes.push(FieldChange {
                field: Field::State,
                name: "state",
                target: shown(found.state.as_deref()),
                wanted: wanted.state.to_string(),
            });
        }
        changes
    }

    /// Due dates compare as the calendar dates Gitea shows.
    fn content(milestone: &Milestone, _: bool) -> Content {
        let due = match shown_due(milestone.due_on.as_deref()) {
            None => String::new(),
            Some(Ok(date)) => date.format("%Y-%m-%d").to_string(),
            Some(Err(_)) => instant(milestone.due_on.as_deref()),
        };
        (
            milestone.title.clone(),
            milestone.description.clone().unwrap_or_default(),
            due,
            String::new(),
        )
    }

    fn wanted_content(fields: &GiteaFields) -> Content {
        (
            fields.title.clone(),
            fields.description.clone().unwrap_or_default(),
            fields
                .due_on
                .map(|date| date.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            String::new(),
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
        let body = serde_json::to_value(create_body(&fields)).unwrap();
        assert_eq!(
            body,
            json!({"title": "v1", "state": "closed", "description": "d", "due_on": "2024-03-10T12:00:00Z"})
        );
    }
}
