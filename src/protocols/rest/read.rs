//! A member's milestone read into a neutral record, with every problem it
//! has: its title filled in, its state as the member names it, its due
//! date (and start date, where it has one) as calendar dates, and the
//! fields mileport does not write kept as the record's read-only list.

use std::fmt;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::{
    mapping::{
        MappingError,
        dates::due_date_to_deadline,
        reading::{Reading, read_only_fields},
    },
    provider::Provider,
    record::{MilestoneRecord, Origin, State},
};

/// A member's milestone, as its mapping reads it.
pub struct WireMilestone<'a> {
    pub provider: Provider,
    /// The member's own key for it (an id, a number).
    pub key: String,
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// Its state as sent.
    pub state: Option<&'a str>,
    /// Its due date's field and text; `None` for none.
    pub due: (&'static str, Option<&'a str>),
    /// Its start date's field and text, where the member has one.
    pub start: Option<(&'static str, Option<&'a str>)>,
    /// The fields of the member's schema that mileport does not write,
    /// each with whether the milestone has it.
    pub present: &'a [(&'static str, bool)],
    /// The fields mileport does not know.
    pub extra: &'a Map<String, Value>,
}

/// How a member reads its state and its dates.
pub struct Readers<S, D> {
    pub state: S,
    pub date: D,
}

/// `wire` as a neutral record; `location` names the file line when it was
/// read from a file.
pub fn read_milestone<S, D, E>(
    wire: WireMilestone<'_>,
    location: Option<String>,
    readers: Readers<S, D>,
) -> Result<MilestoneRecord, Vec<MappingError>>
where
    S: Fn(Option<&str>) -> Result<State, String>,
    D: Fn(&str) -> Result<NaiveDate, E>,
    E: fmt::Display,
{
    let origin = Origin {
        kind: crate::record::Kind::Milestones,
        provider: wire.provider,
        key: wire.key,
        location,
    };
    let mut reading = Reading::new(&origin);
    reading.title("title", wire.title);
    let state = reading.state("state", wire.state, readers.state);
    let (due_field, due_text) = wire.due;
    let due = reading.calendar_due(due_field, due_text, &readers.date);
    let start = wire
        .start
        .and_then(|(field, text)| reading.calendar_due(field, text, &readers.date));
    let state = reading.finish(state)?;
    let read_only = read_only_fields(wire.present, wire.extra);
    Ok(MilestoneRecord {
        origin,
        title: wire.title.to_owned(),
        description: wire.description.map(str::to_owned),
        due,
        state,
        slug: None,
        start_date: start.map(|start| due_date_to_deadline(start.date)),
        read_only,
    })
}
