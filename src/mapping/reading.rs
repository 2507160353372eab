//! What reading any provider's milestone into a record shares: every
//! problem named with its field, a title that must not be blank, a state
//! that must be one the provider has, a due date kept as a calendar date,
//! and the read-only fields the milestone has.

use std::{borrow::Cow, fmt};

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::{MappingError, unknown_fields_with_values};
use crate::record::{Due, Origin, ReadOnly, State};

/// The problems found so far in one milestone.
pub(crate) struct Reading<'a> {
    origin: &'a Origin,
    problems: Vec<MappingError>,
}

impl<'a> Reading<'a> {
    pub fn new(origin: &'a Origin) -> Reading<'a> {
        Reading {
            origin,
            problems: Vec::new(),
        }
    }

    /// Notes a problem with `field`.
    pub fn problem(&mut self, field: &str, problem: impl Into<String>) {
        self.problems
            .push(MappingError::new(self.origin, field, problem));
    }

    /// A title (the provider calls it `field`) must not be blank.
    pub fn title(&mut self, field: &str, title: &str) {
        if title.trim().is_empty() {
            self.problem(field, format!("is empty: every milestone needs a {field}"));
        }
    }

    /// The state, as the provider's `parse` reads the value `raw`; a
    /// problem names the value.
    pub fn state(
        &mut self,
        field: &str,
        raw: Option<&str>,
        parse: impl Fn(Option<&str>) -> Result<State, String>,
    ) -> Option<State> {
        match parse(raw) {
            Ok(state) => Some(state),
            Err(problem) => {
                let problem = MappingError::new(self.origin, field, problem);
                self.problems
                    .push(problem.with_value(raw.unwrap_or_default()));
                None
            }
        }
    }

    /// A due date the provider keeps as a calendar date (`field`, as it
    /// sends it); absent or empty is none.
    pub fn calendar_due<E: fmt::Display>(
        &mut self,
        field: &str,
        text: Option<&str>,
        parse: impl Fn(&str) -> Result<NaiveDate, E>,
    ) -> Option<Due> {
        match text {
            None | Some("") => None,
            Some(text) => match parse(text) {
                Ok(date) => Some(Due {
                    date,
                    original_deadline: None,
                    midnight: true,
                }),
                Err(e) => {
                    let problem = MappingError::new(self.origin, field, e.to_string());
                    self.problems.push(problem.with_value(text));
                    None
                }
            },
        }
    }

    /// The state, when the milestone had no problem; else every problem.
    pub fn finish(self, state: Option<State>) -> Result<State, Vec<MappingError>> {
        match state {
            Some(state) if self.problems.is_empty() => Ok(state),
            _ => Err(self.problems),
        }
    }
}

/// The names of the read-only fields a milestone has, in the order given,
/// then those of the fields mileport does not know.
pub(crate) fn read_only_fields(
    present: &[(&'static str, bool)],
    extra: &Map<String, Value>,
) -> ReadOnly {
    let names: Vec<Cow<'static, str>> = present
        .iter()
        .filter(|(_, present)| *present)
        .map(|(name, _)| Cow::Borrowed(*name))
        .chain(unknown_fields_with_values(extra))
        .collect();
    ReadOnly::shared(names)
}
