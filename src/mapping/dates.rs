//! Calendar dates and date-times. GitCode's `due_on` is a calendar date;
//! SourceCraft's `deadline` is a date-time. A date D is written as
//! `DT00:00:00Z` (midnight UTC, as in SourceCraft's own examples), and a
//! deadline is read back as the calendar date it names in the offset it was
//! written with: `2024-11-08T00:00:00+08:00` is 8 November, not the 7th it
//! is in UTC. So D survives GitCode → SourceCraft → GitCode unchanged.

use chrono::{DateTime, NaiveDate};

/// Why a date or date-time could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("holds `{value}`, which is not {expected}")]
pub struct DateError {
    pub value: String,
    pub expected: &'static str,
}

/// Reads a calendar date, `YYYY-MM-DD` exactly.
pub fn parse_due_date(value: &str) -> Result<NaiveDate, DateError> {
    let error = || DateError {
        value: value.to_owned(),
        expected: "a calendar date (YYYY-MM-DD)",
    };
    if value.len() != 10 {
        return Err(error());
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| error())
}

/// Checks an RFC 3339 date-time and returns its calendar date in its own offset.
pub fn deadline_to_due_date(deadline: &str) -> Result<NaiveDate, DateError> {
    DateTime::parse_from_rfc3339(deadline)
        .map(|moment| moment.date_naive())
        .map_err(|_| DateError {
            value: deadline.to_owned(),
            expected: "an RFC 3339 date-time (e.g. 2025-01-31T00:00:00Z)",
        })
}

/// The deadline written for a calendar date: midnight UTC of that date.
pub fn due_date_to_deadline(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

/// Whether two date-times name the same instant (`Z` and `+00:00` agree).
pub fn same_instant(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (DateTime::parse_from_rfc3339(a), DateTime::parse_from_rfc3339(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_survives_the_round_trip() {
        for text in ["2024-11-08", "2024-02-29", "1999-12-31", "2025-01-01"] {
            let date = parse_due_date(text).unwrap();
            let deadline = due_date_to_deadline(date);
            assert_eq!(deadline_to_due_date(&deadline).unwrap(), date, "{deadline}");
            assert_eq!(date.format("%Y-%m-%d").to_string(), text);
        }
    }

    #[test]
    fn a_deadline_is_read_in_its_own_offset() {
        let date = |s| deadline_to_due_date(s).unwrap().to_string();
        assert_eq!(date("2024-11-08T00:00:00+08:00"), "2024-11-08");
        assert_eq!(date("2024-11-07T16:00:00Z"), "2024-11-07");
        assert_eq!(date("2024-11-08T23:30:00-05:00"), "2024-11-08");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "24-11-08",
            "2024-1-8",
            "",
            "2024-11-08T00:00:00Z",
        ] {
            assert!(parse_due_date(bad).is_err(), "{bad}");
        }
        assert!(deadline_to_due_date("2024-11-08").is_err());
        assert!(same_instant(
            "2025-01-01T00:00:00Z",
            "2025-01-01T03:00:00+03:00"
        ));
        assert!(!same_instant(
            "2025-01-01T00:00:00Z",
            "2025-01-01T00:00:00+03:00"
        ));
    }
}
