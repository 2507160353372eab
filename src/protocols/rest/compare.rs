//! A member's milestone read and compared as every member reads one: its
//! `state` as its word for open or `closed`, and the differences between
//! what the target holds and what it should (a date field compared as a
//! calendar date, the state by the member's own word), named by the
//! member's field names; and the content a written milestone is verified by.

use chrono::NaiveDate;

use crate::{
    mapping::{Field, FieldChange, shown},
    record::{Content, State, instant},
};

/// Reads a `state`: `open` (the member's word for it: `open`, `active`)
/// or `closed`, anything else named.
pub fn parse_state(value: Option<&str>, open: &str) -> Result<State, String> {
    match value {
        Some(word) if word == open => Ok(State::Open),
        Some("closed") => Ok(State::Closed),
        Some(other) => Err(format!(
            "has the unknown state `{}`: expected `{open}` or `closed`",
            crate::files::excerpt(other)
        )),
        None => Err(format!("is missing: expected `{open}` or `closed`")),
    }
}

/// A date as the family writes it, `YYYY-MM-DD`.
pub fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// A wanted date as a change shows it.
fn date_text(date: Option<NaiveDate>) -> String {
    shown(date.map(day).as_deref())
}

/// The change of a date field, if the one found (`found` as sent, `read`
/// what it reads as, `None` for none) is not the one wanted.
pub fn date_change<E>(
    (field, name): (Field, &'static str),
    found: Option<&str>,
    read: Option<Result<NaiveDate, E>>,
    wanted: Option<NaiveDate>,
) -> Option<FieldChange> {
    let change = |target: String| FieldChange {
        field,
        name,
        target,
        wanted: date_text(wanted),
    };
    match read {
        Some(Ok(date)) if Some(date) == wanted => None,
        None if wanted.is_none() => None,
        Some(Ok(date)) => Some(change(date_text(Some(date)))),
        Some(Err(_)) | None => Some(change(shown(found))),
    }
}

/// The change of `state`, if the one found (`found` as sent, `read` what
/// it reads as) is not the one wanted; `wanted` says it as the member does.
pub fn state_change(
    found: Option<&str>,
    read: Option<State>,
    wanted: State,
    says: impl Fn(State) -> String,
) -> Option<FieldChange> {
    (read != Some(wanted)).then(|| FieldChange {
        field: Field::State,
        name: "state",
        target: shown(found),
        wanted: says(wanted),
    })
}

/// A due date as the content a milestone is verified by: the calendar
/// date it reads as, the instant it names when it reads as none, empty
/// when there is none.
pub fn due_content<E>(found: Option<&str>, read: Option<Result<NaiveDate, E>>) -> String {
    match read {
        None => String::new(),
        Some(Ok(date)) => day(date),
        Some(Err(_)) => instant(found),
    }
}

/// What a milestone is verified by: its title, its description (none as
/// empty), its due date and its start date, as `due_content` says them.
pub fn content(title: &str, description: Option<&str>, due: String, start: String) -> Content {
    (
        title.to_owned(),
        description.unwrap_or_default().to_owned(),
        due,
        start,
    )
}

/// What a milestone should be verified by: its fields' content.
pub fn wanted_content(
    title: &str,
    description: Option<&str>,
    due: Option<NaiveDate>,
    start: Option<NaiveDate>,
) -> Content {
    content(
        title,
        description,
        due.map(day).unwrap_or_default(),
        start.map(day).unwrap_or_default(),
    )
}
