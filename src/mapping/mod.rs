//! From one provider's fields to another's. Each provider's folder has a
//! `mapping.rs` that reads its milestones into neutral records
//! (`MilestoneRecord`) and makes records into what it stores (its
//! `Forge::Fields`); this module holds what they share: the fields an
//! update changes, the user's choices, what is refused, and the errors.

pub mod dates;
pub mod labels;
mod one_by_one;
pub(crate) mod reading;
pub mod slug;

use std::{borrow::Cow, fmt};

pub(crate) use one_by_one::one_by_one;

use chrono::NaiveDate;
use serde::Serialize;

use crate::record::{Kind, MilestoneRecord, Neutral};

/// A field that could not be read, with where it was and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{origin}: field `{field}` {problem}")]
pub struct MappingError {
    /// `file:line`, or the provider's milestone.
    pub origin: String,
    pub field: String,
    pub problem: String,
    /// The value found, when the problem is with a value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What the object is, to name it in a summary of problems.
    #[serde(skip)]
    pub kind: Kind,
}

impl MappingError {
    pub fn new(origin: impl fmt::Display, field: &str, problem: impl Into<String>) -> MappingError {
        MappingError {
            origin: origin.to_string(),
            field: field.to_owned(),
            problem: problem.into(),
            value: None,
            kind: Kind::Milestones,
        }
    }

    /// The same problem, of an object of `kind`.
    pub fn of(self, kind: Kind) -> MappingError {
        MappingError { kind, ..self }
    }

    /// The same problem, naming the value found.
    pub fn with_value(self, value: impl Into<String>) -> MappingError {
        MappingError {
            value: Some(value.into()),
            ..self
        }
    }
}

/// Choices the user makes for what a mapping cannot decide alone.
#[derive(Clone, Debug, Default)]
pub struct MappingOptions {
    /// The `due_on` given to milestones without a deadline when the target
    /// (GitCode) requires one.
    pub default_due_on: Option<NaiveDate>,
    /// Where deadlines are calendar dates (`--timezone`): read as their
    /// date there, written as midnight there. `None`: a deadline is read
    /// in its own offset and a date written as midnight UTC.
    pub timezone: Option<dates::Zone>,
    /// What to do when a target that keeps titles unique (GitHub) is given
    /// several milestones with the same title.
    pub repeated_titles: RepeatedTitles,
}

/// What a mapping does with a title several source milestones share, for a
/// target where titles are unique.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum RepeatedTitles {
    /// Refuse the whole source before anything is written, naming each
    /// repeated title and where it is.
    #[default]
    Refuse,
    /// Keep the first holder's title and rename the later ones, in source
    /// order, `TITLE (2)`, `TITLE (3)`…, skipping suffixes already in use.
    Number,
}

/// A field a migration writes, whatever the provider calls it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Description,
    Due,
    Start,
    State,
    /// A label's colour.
    Colour,
}

/// One field that differs between what the target holds and what it should.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    #[serde(skip)]
    pub field: Field,
    /// The provider's own name for the field (`due_on`, `deadline`…).
    #[serde(rename = "field")]
    pub name: &'static str,
    pub target: String,
    pub wanted: String,
}

/// The names of the fields a provider sent that mileport does not know,
/// for the read-only list of a record. A field sent as `null` holds
/// nothing to carry, so it is left out.
pub(crate) fn unknown_fields_with_values(
    extra: &serde_json::Map<String, serde_json::Value>,
) -> impl Iterator<Item = Cow<'static, str>> + '_ {
    extra
        .iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(name, _)| Cow::Owned(name.clone()))
}

/// What a record has that a target with neither slugs nor start dates,
/// and due dates as calendar dates (GitCode, GitHub), cannot hold.
pub(crate) fn not_carried_by_plain_dates(record: &MilestoneRecord) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if record.start_date.is_some() {
        fields.push("start_date");
    }
    if record.slug.is_some() {
        fields.push("slug");
    }
    if record.due.as_ref().is_some_and(|due| !due.midnight) {
        // A calendar date has no time of day.
        fields.push("deadline (time of day)");
    }
    fields
}

/// A source milestone the target cannot hold, and why: a dry run shows it
/// as a `!` line of the plan; a run refuses the source before writing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refused {
    pub title: String,
    /// Where it is: `file:line`, or the provider's milestone.
    pub origin: String,
    pub reason: String,
}

impl Refused {
    pub fn new(record: &impl Neutral, reason: impl Into<String>) -> Refused {
        Refused {
            title: record.title().to_owned(),
            origin: record.origin().to_string(),
            reason: reason.into(),
        }
    }
}

/// Where a title and a description differ from what they should be, for a
/// provider that calls them `title` and `description` and holds no
/// description and an empty one alike (GitCode, GitHub).
pub(crate) fn title_and_description_changes(
    found: (&str, Option<&str>),
    wanted: (&str, Option<&str>),
) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    if found.0 != wanted.0 {
        changes.push(FieldChange {
            field: Field::Title,
            name: "title",
            target: found.0.to_owned(),
            wanted: wanted.0.to_owned(),
        });
    }
    let (found_description, wanted_description) = (found.1.unwrap_or(""), wanted.1.unwrap_or(""));
    if found_description != wanted_description {
        changes.push(FieldChange {
            field: Field::Description,
            name: "description",
            target: found_description.to_owned(),
            wanted: wanted_description.to_owned(),
        });
    }
    changes
}

/// Text for an optional value in tables and change lists.
pub(crate) fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "(none)".to_owned(), str::to_owned)
}
