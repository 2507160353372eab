//! Gitea's milestone due dates. Gitea stores `due_on` as Unix seconds and
//! shows it in the server's timezone; "no due date" is stored as year 9999
//! and comes back absent, or (some versions) as 9999-12-31 in that
//! timezone. mileport writes noon UTC of the date, which is the same
//! calendar date in any server timezone from −11:00 to +11:00, and reads
//! the date written in `due_on`, in the offset the server wrote it in.

use chrono::NaiveDate;

pub use crate::protocols::rest::dates::date_to_due_on;
use crate::{mapping::dates::DateError, protocols::rest::dates::written_date};

/// The year Gitea stores for "no due date".
const NO_DUE_YEAR: &str = "9999-";

/// Whether `due_on` is Gitea's way of saying there is no due date: empty,
/// or anything in year 9999 (9999-12-31 in the server's timezone, which
/// may read as 9999-12-31 or 10000-01-01 in another offset written by hand).
pub fn is_no_due_date(due_on: &str) -> bool {
    let text = due_on.trim();
    text.is_empty() || text.starts_with(NO_DUE_YEAR) || text.starts_with("+10000-")
}

/// The calendar date a `due_on` names: the date written in it, in the
/// offset the server wrote (so `2024-03-10T12:00:00+09:00` is 10 March
/// whatever UTC says); a plain `YYYY-MM-DD` is that date.
pub fn due_on_to_date(due_on: &str) -> Result<NaiveDate, DateError> {
    written_date(
        due_on,
        "an RFC 3339 date-time (e.g. 2025-01-31T12:00:00+08:00) or a date (YYYY-MM-DD)",
    )
}

/// The date of a `due_on` as Gitea shows it: `None` for none (absent,
/// empty or year 9999).
pub fn shown_due(due_on: Option<&str>) -> Option<Result<NaiveDate, DateError>> {
    due_on
        .filter(|text| !is_no_due_date(text))
        .map(due_on_to_date)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, TimeZone, Utc};

    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// What a Gitea server at `offset_hours` shows for the `due_on` it was sent.
    fn shown_by_server(sent: &str, offset_hours: i32) -> String {
        let instant = DateTime::parse_from_rfc3339(sent)
            .unwrap()
            .with_timezone(&Utc);
        let zone = FixedOffset::east_opt(offset_hours * 3600).unwrap();
        zone.from_utc_datetime(&instant.naive_utc()).to_rfc3339()
    }

    #[test]
    fn a_date_written_at_noon_utc_reads_back_the_same_in_any_zone_from_minus_11_to_plus_11() {
        for day in ["2024-01-01", "2024-02-29", "2024-12-31", "2025-06-15"] {
            for offset in -11..=11 {
                let shown = shown_by_server(&date_to_due_on(date(day)), offset);
                assert_eq!(due_on_to_date(&shown).unwrap(), date(day), "{shown}");
            }
        }
    }

    #[test]
    fn year_9999_and_absence_mean_no_due_date() {
        assert!(shown_due(None).is_none());
        assert!(shown_due(Some("")).is_none());
        assert!(shown_due(Some("9999-12-31T23:59:59+08:00")).is_none());
        assert!(shown_due(Some("9999-12-31T15:59:59Z")).is_none());
        assert_eq!(
            shown_due(Some("2024-03-10T12:00:00-05:00"))
                .unwrap()
                .unwrap(),
            date("2024-03-10")
        );
        assert!(shown_due(Some("soon")).unwrap().is_err());
    }
}
