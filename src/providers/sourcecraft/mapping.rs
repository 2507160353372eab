//! SourceCraft's side of the mapping: its milestones read into records
//! (`deadline` read as a calendar date in its own offset, `status`
//! open/closed) and records made into SourceCraft milestones (a slug derived
//! from the title when the record has none, a date as midnight UTC).

use std::{borrow::Cow, collections::HashSet};

use serde::Serialize;

use super::SourceCraft;
use crate::{
    forge::{Mapped, Mapper, Mapping},
    mapping::{
        Field, FieldChange, MappingError, MappingOptions, dates, one_by_one, reading::Reading,
        shown, slug, unknown_fields_with_values,
    },
    net::number::WholeNumber,
    providers::sourcecraft::client::types::{
        CreateMilestoneBody, Milestone, UpdateMilestoneBody, UserEmbedded,
    },
    record::{Content, Due, MilestoneRecord, Origin, ReadOnly, State, instant},
};

/// What a SourceCraft milestone holds that a migration writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceCraftFields {
    pub name: String,
    pub slug: String,
    pub description: Option<String>,
    /// Only compared and written when the source had one (SourceCraft).
    pub start_date: Option<String>,
    pub deadline: Option<String>,
    pub status: State,
}

pub fn parse_status(value: Option<&str>) -> Result<State, String> {
    match value {
        Some("open") => Ok(State::Open),
        Some("closed") => Ok(State::Closed),
        Some(other) => Err(format!(
            "has the unknown status `{}`: expected `open` or `closed`",
            crate::files::excerpt(other)
        )),
        None => Err("is missing: expected `open` or `closed`".to_owned()),
    }
}

/// The names of the read-only fields a milestone holds: ids, its author's
/// and last editor's fields, timestamps, and fields mileport does not know.
fn read_only_fields(milestone: &Milestone) -> ReadOnly {
    let mut read_only: Vec<Cow<'static, str>> = Vec::new();
    if milestone.id.is_some() {
        read_only.push(Cow::Borrowed("id"));
    }
    for (prefix, user) in [
        ("author", &milestone.author),
        ("updated_by", &milestone.updated_by),
    ] {
        if let Some(UserEmbedded { id, slug, extra }) = user {
            if id.is_some() {
                read_only.push(Cow::Owned(format!("{prefix}_id")));
            }
            if slug.is_some() {
                read_only.push(Cow::Owned(format!("{prefix}_slug")));
            }
            read_only.extend(
                extra
                    .keys()
                    .map(|name| Cow::Owned(format!("{prefix}_{name}"))),
            );
        }
    }
    for (name, present) in [
        ("created_at", milestone.created_at.is_some()),
        ("updated_at", milestone.updated_at.is_some()),
    ] {
        if present {
            read_only.push(Cow::Borrowed(name));
        }
    }
    read_only.extend(unknown_fields_with_values(&milestone.extra));
    ReadOnly::shared(read_only)
}

/// Numbers in numeric order, then anything else in text order.
fn source_order(key: &str) -> (u8, i64, String) {
    match key.parse::<i64>() {
        Ok(n) => (0, n, String::new()),
        Err(_) => (1, 0, key.to_owned()),
    }
}

pub fn create_body(fields: &SourceCraftFields) -> CreateMilestoneBody {
    CreateMilestoneBody {
        name: fields.name.clone(),
        slug: Some(fields.slug.clone()),
        description: fields.description.clone(),
        start_date: fields.start_date.clone(),
        deadline: fields.deadline.clone(),
    }
}

/// A PATCH with the fields that differ (SourceCraft takes partial updates).
pub fn update_body(fields: &SourceCraftFields, changes: &[FieldChange]) -> UpdateMilestoneBody {
    let changed = |field: Field| changes.iter().any(|c| c.field == field);
    UpdateMilestoneBody {
        name: changed(Field::Title).then(|| fields.name.clone()),
        slug: None,
        description: changed(Field::Description)
            .then(|| fields.description.clone().unwrap_or_default()),
        start_date: changed(Field::Start)
            .then(|| fields.start_date.clone())
            .flatten(),
        deadline: changed(Field::Due)
            .then(|| fields.deadline.clone())
            .flatten(),
        status: changed(Field::State).then(|| fields.status.to_string()),
    }
}

impl Mapper for SourceCraft {
    type Record = MilestoneRecord;

    /// A SourceCraft milestone as a neutral record, with every problem it
    /// has.
    fn to_record(
        milestone: &Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>> {
        let key = milestone
            .slug
            .clone()
            .or_else(|| milestone.id.clone())
            .unwrap_or_default();
        let origin = Origin {
            kind: crate::record::Kind::Milestones,
            provider: super::PROVIDER,
            key,
            location,
        };
        let mut reading = Reading::new(&origin);
        let name = milestone.name.clone().unwrap_or_default();
        reading.title("name", &name);
        if milestone
            .slug
            .as_deref()
            .is_some_and(|s| s.trim().is_empty())
        {
            reading.problem("slug", "is empty: leave the column out or give a slug");
        }
        let status = reading.state("status", milestone.status.as_deref(), parse_status);
        let due = match milestone.deadline.as_deref() {
            None | Some("") => None,
            Some(text) => match dates::deadline_to_due_date(text) {
                Ok(date) => Some(Due {
                    date,
                    original_deadline: Some(text.to_owned()),
                    midnight: dates::deadline_is_midnight(text, None),
                }),
                Err(e) => {
                    reading.problem("deadline", e.to_string());
                    None
                }
            },
        };
        let start_date = match milestone.start_date.as_deref() {
            None | Some("") => None,
            Some(text) => {
                if let Err(e) = dates::deadline_to_due_date(text) {
                    reading.problem("start_date", e.to_string());
                }
                Some(text.to_owned())
            }
        };
        let status = reading.finish(status)?;
        let read_only = read_only_fields(milestone);
        Ok(MilestoneRecord {
            origin,
            title: name,
            description: milestone.description.clone(),
            due,
            state: status,
            slug: milestone.slug.clone(),
            start_date,
            read_only,
        })
    }

    /// Maps records for SourceCraft. Records that carry a slug keep it; the
    /// others get one from their title, unique among all of them, assigned in
    /// the order of their source keys (GitCode numbers), so runs agree.
    fn map_records(
        mut records: Vec<MilestoneRecord>,
        options: &MappingOptions,
    ) -> Mapping<SourceCraft> {
        records.sort_by_key(|r| source_order(&r.origin.key));
        let explicit: HashSet<String> = records.iter().filter_map(|r| r.slug.clone()).collect();
        let derived = slug::assign_slugs(
            records
                .iter()
                .filter(|r| r.slug.is_none())
                .map(|r| (r.origin.key.as_str(), r.title.as_str())),
            &explicit,
        );
        let mapped = one_by_one(records)
            .map(|record| {
                let slug = record
                    .slug
                    .clone()
                    .or_else(|| derived.get(&record.origin.key).cloned())
                    .unwrap_or_else(|| slug::slug_from_title(&record.title));
                let deadline = record.due.as_ref().map(|due| {
                    due.original_deadline.clone().unwrap_or_else(|| {
                        dates::due_date_to_deadline_in(due.date, options.timezone.as_ref())
                    })
                });
                let target = SourceCraftFields {
                    name: record.title.clone(),
                    slug,
                    description: record.description.clone(),
                    start_date: record.start_date.clone(),
                    deadline,
                    status: record.state,
                };
                Box::new(Mapped { record, target })
            })
            .collect();
        Mapping::all(mapped)
    }

    /// Where an existing SourceCraft milestone differs from what it should be.
    fn changes(existing: &Milestone, wanted: &SourceCraftFields) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut differ = |field: Field, target: Option<&str>, wanted: Option<&str>| {
            let name = match field {
                Field::Title => "name",
                Field::Description => "description",
                Field::Due => "deadline",
                Field::Start => "start_date",
                Field::Colour => "color",
                Field::State => "status",
            };
            changes.push(FieldChange {
                field,
                name,
                target: shown(target),
                wanted: shown(wanted),
            });
        };
        if existing.name.as_deref() != Some(wanted.name.as_str()) {
            differ(Field::Title, existing.name.as_deref(), Some(&wanted.name));
        }
        if existing.description.as_deref().unwrap_or("")
            != wanted.description.as_deref().unwrap_or("")
        {
            differ(
                Field::Description,
                existing.description.as_deref(),
                wanted.description.as_deref(),
            );
        }
        let same_time = |a: Option<&str>, b: Option<&str>| match (a, b) {
            (Some(a), Some(b)) => dates::same_instant(a, b),
            (a, b) => a.unwrap_or("").is_empty() && b.unwrap_or("").is_empty(),
        };
        if !same_time(existing.deadline.as_deref(), wanted.deadline.as_deref()) {
            differ(
                Field::Due,
                existing.deadline.as_deref(),
                wanted.deadline.as_deref(),
            );
        }
        if wanted.start_date.is_some()
            && !same_time(existing.start_date.as_deref(), wanted.start_date.as_deref())
        {
            differ(
                Field::Start,
                existing.start_date.as_deref(),
                wanted.start_date.as_deref(),
            );
        }
        if parse_status(existing.status.as_deref()).ok() != Some(wanted.status) {
            differ(
                Field::State,
                existing.status.as_deref(),
                Some(&wanted.status.to_string()),
            );
        }
        changes
    }

    fn not_carried(_: &MilestoneRecord) -> Vec<&'static str> {
        Vec::new()
    }

    fn content(milestone: &Milestone, start_dates_matter: bool) -> Content {
        (
            milestone.name.clone().unwrap_or_default(),
            milestone.description.clone().unwrap_or_default(),
            instant(milestone.deadline.as_deref()),
            if start_dates_matter {
                instant(milestone.start_date.as_deref())
            } else {
                String::new()
            },
        )
    }

    fn wanted_content(fields: &SourceCraftFields) -> Content {
        (
            fields.name.clone(),
            fields.description.clone().unwrap_or_default(),
            instant(fields.deadline.as_deref()),
            instant(fields.start_date.as_deref()),
        )
    }

    fn age(milestone: &Milestone, position: usize) -> (String, WholeNumber) {
        (
            instant(milestone.created_at.as_deref()),
            WholeNumber::from(position as i64),
        )
    }
}
