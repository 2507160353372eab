//! GitHub's milestone due dates. GitHub keeps a calendar date: it converts
//! the `due_on` it is sent to US Pacific time, keeps that date, and answers
//! midnight Pacific in UTC (`DT08:00:00Z` in winter, `DT07:00:00Z` in
//! summer). So midnight UTC, the usual way to write a date, lands a day
//! early. mileport writes noon UTC, which is the same date in Pacific time
//! (04:00 or 05:00) whatever the season, and reads the date written in
//! `due_on`: a date survives GitHub → SourceCraft → GitCode → GitHub.

use chrono::NaiveDate;

pub use crate::protocols::rest::dates::date_to_due_on;
use crate::{mapping::dates::DateError, protocols::rest::dates::written_date};

/// The `due_on` of an update: a date to set, or none to remove the one
/// there. Sent as `null` when it removes (GitHub clears the date then);
/// an update that leaves the date alone leaves the field out instead.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct DueOnChange(pub Option<String>);

impl DueOnChange {
    /// The change that makes the due date `date`, or removes it.
    pub fn to(date: Option<NaiveDate>) -> DueOnChange {
        DueOnChange(date.map(date_to_due_on))
    }
}

/// The calendar date a `due_on` names: the date written in it, in its own
/// offset.
///
/// Everything GitHub answers is midnight Pacific in UTC, whose UTC date is
/// the Pacific date GitHub kept: `2024-03-10T08:00:00Z` is 10 March. Any
/// other shape cannot come from GitHub, only from outside it (a backup
/// edited by hand, another tool's export), and then the date a person wrote
/// is the one they meant: `2024-03-10T00:00:00+08:00` and
/// `2024-03-10T00:00:00Z` are both 10 March. Converting to UTC first would
/// make the first the 9th, and converting to Pacific time (what GitHub does
/// to what it is sent) would make the second the 9th: the very off-by-one
/// this module exists to avoid. A plain `YYYY-MM-DD` is read as that date.
pub fn due_on_to_date(due_on: &str) -> Result<NaiveDate, DateError> {
    written_date(
        due_on,
        "an RFC 3339 date-time (e.g. 2025-01-31T08:00:00Z) or a date (YYYY-MM-DD)",
    )
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use chrono::{DateTime, Days, TimeZone, Utc};
    use chrono_tz::America::Los_Angeles;
    use proptest::prelude::*;

    use super::*;
    use crate::mapping::dates::{deadline_to_due_date, due_date_to_deadline, parse_due_date};

    /// What GitHub does to the `due_on` it is sent: the Pacific date of that
    /// instant, answered as midnight Pacific in UTC.
    fn github_keeps(sent: &str) -> String {
        let sent = DateTime::parse_from_rfc3339(sent).expect("an RFC 3339 date-time");
        let kept = sent.with_timezone(&Los_Angeles).date_naive();
        let midnight = kept.and_hms_opt(0, 0, 0).expect("midnight exists");
        // Pacific clocks change at 02:00, so midnight is never skipped or repeated.
        let midnight = Los_Angeles
            .from_local_datetime(&midnight)
            .single()
            .expect("midnight Pacific is unambiguous");
        midnight
            .with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    }

    fn date(text: &str) -> NaiveDate {
        parse_due_date(text).expect("a test date")
    }

    /// The daylight-saving switches (second Sunday of March, first Sunday of
    /// November, and the days around them; before 2007, the first Sunday of
    /// April and the last of October), leap days and year ends.
    const EDGES: &[&str] = &[
        "2024-03-09",
        "2024-03-10",
        "2024-03-11",
        "2024-11-02",
        "2024-11-03",
        "2024-11-04",
        "2025-03-08",
        "2025-03-09",
        "2025-03-10",
        "2025-11-01",
        "2025-11-02",
        "2025-11-03",
        "2006-04-02",
        "2006-10-29",
        "2024-02-28",
        "2024-02-29",
        "2024-03-01",
        "2000-02-29",
        "1999-12-31",
        "2000-01-01",
        "2024-12-31",
        "2025-01-01",
        "1970-01-01",
        "2099-12-31",
    ];

    /// For each date: what mileport sends, what GitHub answers and what
    /// mileport reads back; then what a writer of midnight UTC would get.
    #[test]
    fn due_dates_across_daylight_saving_leap_days_and_year_ends() {
        let mut table =
            String::from("date       | sent                 | answered             | read\n");
        for text in EDGES {
            let sent = date_to_due_on(date(text));
            let answered = github_keeps(&sent);
            let read = due_on_to_date(&answered).expect("GitHub's answer reads");
            writeln!(table, "{text} | {sent} | {answered} | {read}").expect("a String");
        }
        insta::assert_snapshot!(table, @r"
        date       | sent                 | answered             | read
        2024-03-09 | 2024-03-09T12:00:00Z | 2024-03-09T08:00:00Z | 2024-03-09
        2024-03-10 | 2024-03-10T12:00:00Z | 2024-03-10T08:00:00Z | 2024-03-10
        2024-03-11 | 2024-03-11T12:00:00Z | 2024-03-11T07:00:00Z | 2024-03-11
        2024-11-02 | 2024-11-02T12:00:00Z | 2024-11-02T07:00:00Z | 2024-11-02
        2024-11-03 | 2024-11-03T12:00:00Z | 2024-11-03T07:00:00Z | 2024-11-03
        2024-11-04 | 2024-11-04T12:00:00Z | 2024-11-04T08:00:00Z | 2024-11-04
        2025-03-08 | 2025-03-08T12:00:00Z | 2025-03-08T08:00:00Z | 2025-03-08
        2025-03-09 | 2025-03-09T12:00:00Z | 2025-03-09T08:00:00Z | 2025-03-09
        2025-03-10 | 2025-03-10T12:00:00Z | 2025-03-10T07:00:00Z | 2025-03-10
        2025-11-01 | 2025-11-01T12:00:00Z | 2025-11-01T07:00:00Z | 2025-11-01
        2025-11-02 | 2025-11-02T12:00:00Z | 2025-11-02T07:00:00Z | 2025-11-02
        2025-11-03 | 2025-11-03T12:00:00Z | 2025-11-03T08:00:00Z | 2025-11-03
        2006-04-02 | 2006-04-02T12:00:00Z | 2006-04-02T08:00:00Z | 2006-04-02
        2006-10-29 | 2006-10-29T12:00:00Z | 2006-10-29T07:00:00Z | 2006-10-29
        2024-02-28 | 2024-02-28T12:00:00Z | 2024-02-28T08:00:00Z | 2024-02-28
        2024-02-29 | 2024-02-29T12:00:00Z | 2024-02-29T08:00:00Z | 2024-02-29
        2024-03-01 | 2024-03-01T12:00:00Z | 2024-03-01T08:00:00Z | 2024-03-01
        2000-02-29 | 2000-02-29T12:00:00Z | 2000-02-29T08:00:00Z | 2000-02-29
        1999-12-31 | 1999-12-31T12:00:00Z | 1999-12-31T08:00:00Z | 1999-12-31
        2000-01-01 | 2000-01-01T12:00:00Z | 2000-01-01T08:00:00Z | 2000-01-01
        2024-12-31 | 2024-12-31T12:00:00Z | 2024-12-31T08:00:00Z | 2024-12-31
        2025-01-01 | 2025-01-01T12:00:00Z | 2025-01-01T08:00:00Z | 2025-01-01
        1970-01-01 | 1970-01-01T12:00:00Z | 1970-01-01T08:00:00Z | 1970-01-01
        2099-12-31 | 2099-12-31T12:00:00Z | 2099-12-31T08:00:00Z | 2099-12-31
        ");
    }

    /// Why not midnight UTC: GitHub keeps the Pacific date, the day before,
    /// every time; and `DT07:00:00Z` (GitHub's own summer answer) lands a
    /// day early in winter.
    #[test]
    fn midnight_utc_lands_a_day_early_and_so_does_a_summer_answer_in_winter() {
        let mut table = String::from("sent                 | answered             | read\n");
        for sent in [
            "2024-03-10T00:00:00Z",
            "2024-07-04T00:00:00Z",
            "2024-12-25T00:00:00Z",
            "2024-07-04T07:00:00Z",
            "2024-12-25T07:00:00Z",
            "2024-12-25T08:00:00Z",
        ] {
            let answered = github_keeps(sent);
            let read = due_on_to_date(&answered).expect("GitHub's answer reads");
            writeln!(table, "{sent} | {answered} | {read}").expect("a String");
        }
        insta::assert_snapshot!(table, @r"
        sent                 | answered             | read
        2024-03-10T00:00:00Z | 2024-03-09T08:00:00Z | 2024-03-09
        2024-07-04T00:00:00Z | 2024-07-03T07:00:00Z | 2024-07-03
        2024-12-25T00:00:00Z | 2024-12-24T08:00:00Z | 2024-12-24
        2024-07-04T07:00:00Z | 2024-07-04T07:00:00Z | 2024-07-04
        2024-12-25T07:00:00Z | 2024-12-24T08:00:00Z | 2024-12-24
        2024-12-25T08:00:00Z | 2024-12-25T08:00:00Z | 2024-12-25
        ");
    }

    #[test]
    fn reads_the_date_written_whatever_the_shape() {
        let read = |s| due_on_to_date(s).map(|d| d.to_string());
        for (due_on, expected) in [
            // GitHub's own answers, winter and summer.
            ("2024-03-10T08:00:00Z", "2024-03-10"),
            ("2024-03-11T07:00:00Z", "2024-03-11"),
            // Hand-edited: the date a person wrote, in their offset.
            ("2024-03-10T00:00:00Z", "2024-03-10"),
            ("2024-03-10T00:00:00+08:00", "2024-03-10"),
            ("2024-03-10T23:59:59-08:00", "2024-03-10"),
            ("2024-03-10T12:00:00.123456+00:00", "2024-03-10"),
            ("2024-03-10", "2024-03-10"),
            // The published description's example: not midnight, still its date.
            ("2012-10-09T23:39:01Z", "2012-10-09"),
        ] {
            assert_eq!(read(due_on).as_deref(), Ok(expected), "{due_on}");
        }
        for bad in [
            "",
            "2024-02-30T12:00:00Z",
            "2023-02-29",
            "2024-03-10T12:00:00",
            "10/03/2024",
            " 2024-03-10T08:00:00Z",
        ] {
            let error = due_on_to_date(bad).expect_err(bad);
            assert_eq!(error.value, bad);
        }
    }

    /// Every date from 1970 to 2099, exhaustively: written, kept by GitHub,
    /// read back, it is the same date, and GitHub's answer is midnight
    /// Pacific of that very date.
    #[test]
    fn every_date_from_1970_to_2099_survives_github() {
        let mut day = date("1970-01-01");
        let end = date("2100-01-01");
        let mut count = 0;
        while day < end {
            let answered = github_keeps(&date_to_due_on(day));
            assert_eq!(due_on_to_date(&answered), Ok(day), "{day}: {answered}");
            assert!(
                answered.ends_with("T07:00:00Z") || answered.ends_with("T08:00:00Z"),
                "{day}: {answered}"
            );
            day = day + Days::new(1);
            count += 1;
        }
        assert_eq!(count, 47_482);
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        let first = date("1970-01-01");
        (0u64..47_482).prop_map(move |days| first + Days::new(days))
    }

    proptest! {
        /// GitHub → a deadline → a plain date → GitHub (the other forms the
        /// shared date mapping writes), through GitHub's handling of what
        /// it is sent: the same date, the same answer.
        #[test]
        fn a_date_survives_a_round_through_the_other_forms(day in any_date()) {
            let answered = github_keeps(&date_to_due_on(day));
            let read = due_on_to_date(&answered).expect("GitHub's answer reads");
            prop_assert_eq!(read, day);
            let deadline = due_date_to_deadline(read);
            let plain = deadline_to_due_date(&deadline)
                .expect("a deadline reads")
                .format("%Y-%m-%d")
                .to_string();
            let back = parse_due_date(&plain).expect("a plain due date reads");
            let answered_again = github_keeps(&date_to_due_on(back));
            prop_assert_eq!(&answered_again, &answered);
            prop_assert_eq!(due_on_to_date(&answered_again), Ok(day));
        }

        /// A hand-written `due_on` is read as the date written in it, in
        /// any offset and at any time of day.
        #[test]
        fn a_written_date_is_read_in_its_own_offset(
            day in any_date(),
            seconds in 0u32..86_400,
            offset_minutes in -(14 * 60i32)..=(14 * 60),
        ) {
            let (sign, minutes) = if offset_minutes < 0 { ('-', -offset_minutes) } else { ('+', offset_minutes) };
            let written = format!(
                "{}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
                day.format("%Y-%m-%d"),
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60,
                minutes / 60,
                minutes % 60,
            );
            prop_assert_eq!(due_on_to_date(&written), Ok(day), "{}", written);
        }
    }
}
