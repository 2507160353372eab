//! A member's `due_on`: a calendar date written as noon UTC of that date
//! (the same date in every timezone from −11:00 to +11:00, Pacific time
//! included), and read as the date written in it, in its own offset.

use chrono::{DateTime, NaiveDate};

use crate::mapping::dates::{DateError, parse_due_date};

/// The `due_on` sent for a calendar date: noon UTC of that date.
pub fn date_to_due_on(date: NaiveDate) -> String {
    format!("{}T12:00:00Z", date.format("%Y-%m-%d"))
}

/// The calendar date a `due_on` names: the date written in it, in the
/// offset it was written in; a plain `YYYY-MM-DD` is that date. `expected`
/// says what it should have been when it is neither.
pub fn written_date(due_on: &str, expected: &'static str) -> Result<NaiveDate, DateError> {
    if let Ok(date) = parse_due_date(due_on) {
        return Ok(date);
    }
    DateTime::parse_from_rfc3339(due_on)
        .map(|moment| moment.date_naive())
        .map_err(|_| DateError {
            value: due_on.to_owned(),
            expected,
        })
}
