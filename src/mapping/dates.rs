//! Calendar dates and date-times. GitCode's `due_on` is a calendar date;
//! SourceCraft's `deadline` is a date-time. A date D is written as
//! `DT00:00:00Z` (midnight UTC, as in SourceCraft's own examples), and a
//! deadline is read back as the calendar date it names in the offset it was
//! written with: `2024-11-08T00:00:00+08:00` is 8 November, not the 7th it
//! is in UTC. So D survives GitCode → SourceCraft → GitCode unchanged.
//!
//! SourceCraft, though, normalises every time to UTC: a deadline picked at
//! midnight in Moscow comes back as the previous day at 21:00Z. A [`Zone`]
//! (`--timezone`) names where calendar dates live: deadlines are then read
//! as their date in that zone and dates written as midnight there.

use std::{fmt, str::FromStr};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, TimeZone, Utc};

/// The zone in which deadlines are calendar dates: an IANA name such as
/// `Europe/Moscow`, `UTC`, or a fixed offset such as `+03:00`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    Named(chrono_tz::Tz),
    Fixed(FixedOffset),
}

impl FromStr for Zone {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("utc") || text == "Z" {
            return Ok(Zone::Named(chrono_tz::UTC));
        }
        if text.starts_with(['+', '-']) {
            return DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{text}"))
                .map(|moment| Zone::Fixed(*moment.offset()))
                .map_err(|_| format!("`{text}` is not an offset: write it as +03:00 or -05:30"));
        }
        text.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| {
            format!("`{text}` is not a time zone: use an IANA name such as Europe/Moscow, UTC, or an offset such as +03:00")
        })
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Named(tz) => write!(f, "{}", tz.name()),
            Zone::Fixed(offset) => write!(f, "{offset}"),
        }
    }
}

impl Zone {
    /// The calendar date of an instant in this zone.
    fn date_of(&self, moment: DateTime<FixedOffset>) -> NaiveDate {
        match self {
            Zone::Named(tz) => moment.with_timezone(tz).date_naive(),
            Zone::Fixed(offset) => moment.with_timezone(offset).date_naive(),
        }
    }

    /// Whether an instant is midnight in this zone.
    fn is_midnight(&self, moment: DateTime<FixedOffset>) -> bool {
        let time = match self {
            Zone::Named(tz) => moment.with_timezone(tz).time(),
            Zone::Fixed(offset) => moment.with_timezone(offset).time(),
        };
        time == NaiveTime::MIN
    }

    /// Midnight at the start of `date` in this zone, as RFC 3339 (`Z` for
    /// UTC). Where a clock change skips midnight, the day's first instant.
    fn midnight(&self, date: NaiveDate) -> String {
        let local = date.and_time(NaiveTime::MIN);
        let moment: DateTime<FixedOffset> = match self {
            Zone::Named(tz) => (0..=2)
                .find_map(|hours| {
                    tz.from_local_datetime(&(local + chrono::Duration::hours(hours)))
                        .earliest()
                })
                .map_or_else(
                    || Utc.from_utc_datetime(&local).fixed_offset(),
                    |moment| moment.fixed_offset(),
                ),
            Zone::Fixed(offset) => offset
                .from_local_datetime(&local)
                .single()
                .unwrap_or_else(|| Utc.from_utc_datetime(&local).fixed_offset()),
        };
        moment.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// A deadline's calendar date: in `zone` when given, else in the offset
/// it was written with.
pub fn deadline_date_in(deadline: &str, zone: Option<&Zone>) -> Result<NaiveDate, DateError> {
    match zone {
        None => deadline_to_due_date(deadline),
        Some(zone) => parse_deadline(deadline).map(|moment| zone.date_of(moment)),
    }
}

/// Whether a deadline is at midnight: in `zone` when given, else midnight
/// UTC of the date it names (what a date is written as without a zone).
pub fn deadline_is_midnight(deadline: &str, zone: Option<&Zone>) -> bool {
    match zone {
        Some(zone) => parse_deadline(deadline).is_ok_and(|moment| zone.is_midnight(moment)),
        None => deadline_to_due_date(deadline)
            .is_ok_and(|date| same_instant(deadline, &due_date_to_deadline(date))),
    }
}

/// The deadline written for a calendar date: midnight in `zone`, or
/// midnight UTC without one.
pub fn due_date_to_deadline_in(date: NaiveDate, zone: Option<&Zone>) -> String {
    match zone {
        Some(zone) => zone.midnight(date),
        None => due_date_to_deadline(date),
    }
}

fn parse_deadline(deadline: &str) -> Result<DateTime<FixedOffset>, DateError> {
    DateTime::parse_from_rfc3339(deadline).map_err(|_| DateError {
        value: deadline.to_owned(),
        expected: "an RFC 3339 date-time (e.g. 2025-01-31T00:00:00Z)",
    })
}

/// Why a date or date-time could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "holds `{}`, which is not {expected}",
    crate::error_text::excerpt(value)
)]
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

    #[test]
    fn a_zone_names_where_dates_live() {
        let moscow: Zone = "Europe/Moscow".parse().unwrap();
        let plus3: Zone = "+03:00".parse().unwrap();
        let utc: Zone = "UTC".parse().unwrap();
        let date = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for zone in [&moscow, &plus3] {
            assert_eq!(
                deadline_date_in("2024-11-07T21:00:00Z", Some(zone)).unwrap(),
                date("2024-11-08")
            );
            assert!(deadline_is_midnight("2024-11-07T21:00:00Z", Some(zone)));
            assert!(!deadline_is_midnight("2024-11-08T00:00:00Z", Some(zone)));
            let written = due_date_to_deadline_in(date("2024-11-08"), Some(zone));
            assert_eq!(written, "2024-11-08T00:00:00+03:00");
        }
        assert_eq!(
            due_date_to_deadline_in(date("2024-11-08"), Some(&utc)),
            "2024-11-08T00:00:00Z"
        );
        assert_eq!(
            deadline_date_in("2024-11-07T21:00:00Z", None).unwrap(),
            date("2024-11-07")
        );
        // Summer time moves the offset; the date stays the date.
        let berlin: Zone = "Europe/Berlin".parse().unwrap();
        assert_eq!(
            due_date_to_deadline_in(date("2024-07-01"), Some(&berlin)),
            "2024-07-01T00:00:00+02:00"
        );
        for bad in ["Mars/Base", "+25:00", "3"] {
            assert!(bad.parse::<Zone>().is_err(), "{bad}");
        }
    }
}
