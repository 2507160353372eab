//! A Gitea milestone in a backup: one CSV row under Gitea's own field
//! names, in the order of its `Milestone` schema, every value kept as sent
//! (unknown fields under their own names); and the check of one milestone
//! object of a JSON backup.
//!
//! Gitea sends `updated_at`, `closed_at` and `due_on` as `null` when
//! empty: a `null` text field has no cell, and those fields without a cell
//! read back as `null`, so a milestone comes back exactly as it was read
//! (a CSV cannot tell an absent field from a `null` one: a JSON backup
//! keeps the difference).

use super::Gitea;
use crate::{files::fields::Kind, protocols::rest::backup::JsonColumns};

/// Gitea's columns, in the order of its milestone schema.
pub const COLUMNS: [&str; 10] = [
    "id",
    "title",
    "description",
    "state",
    "open_issues",
    "closed_issues",
    "created_at",
    "updated_at",
    "closed_at",
    "due_on",
];

/// The columns that hold text, written as it is.
const TEXT: [&str; 7] = [
    "title",
    "description",
    "state",
    "created_at",
    "updated_at",
    "closed_at",
    "due_on",
];

/// The fields Gitea sends as `null` when empty.
const NULL_WHEN_EMPTY: [&str; 3] = ["updated_at", "closed_at", "due_on"];

/// The fields of Gitea's milestone schema, with what each holds.
const SCHEMA: [(&str, Kind); 10] = [
    ("id", Kind::SmallInteger),
    ("title", Kind::Text),
    ("description", Kind::Text),
    ("state", Kind::Text),
    ("open_issues", Kind::SmallInteger),
    ("closed_issues", Kind::SmallInteger),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
    ("closed_at", Kind::Text),
    ("due_on", Kind::Text),
];

impl JsonColumns for Gitea {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const TEXT: &'static [&'static str] = &TEXT;
    const SCHEMA: &'static [(&'static str, Kind)] = &SCHEMA;
    const FILLED: &'static [&'static str] = &["id", "title"];
    const ALWAYS_SENT: &'static [&'static str] = &NULL_WHEN_EMPTY;
    const A_ONE: &'static str = "a Gitea milestone";
    const EVERY_ONE: &'static str = "filled in: every Gitea milestone has one";
    /// None: every field of Gitea's milestone is also one of GitHub's, so
    /// none can hint at Gitea alone (its header is recognised whole).
    const HINTS: &'static [&'static str] = &[];

    /// A Gitea header names `id` and `title` and none of GitCode's and
    /// GitHub's `number`, nor a label's `color`.
    fn claims(has: &dyn Fn(&str) -> bool) -> bool {
        // Gitea's milestones have no `number`, `repository_id` or
        // `html_url`: a header with one of those is a v5 forge's, even one
        // with a column missing.
        has("id")
            && has("title")
            && !has("number")
            && !has("repository_id")
            && !has("html_url")
            && !has("color")
            && !has("name")
            // Gitea's milestones have no per-repository `iid` either.
            && !has("iid")
    }

    /// The column a header that looks like Gitea's lacks.
    fn lacks(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        (has("title") && has("closed_at") && !has("id") && !has("number")).then_some("id")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{
        files::Location, forge::BackupFormat, net::decode,
        providers::gitea::client::types::Milestone,
    };

    fn here() -> Location {
        Location {
            file: "b.csv".into(),
            kind: crate::record::Kind::Milestones,
            line: Some(2),
            index: 0,
        }
    }

    #[test]
    fn a_milestone_survives_a_row_as_it_was_sent() {
        for value in [
            json!({"id": 7, "title": "v1\t🚀", "description": "a\r\nb", "state": "open",
                   "open_issues": 0, "closed_issues": 2, "created_at": "2024-01-01T08:00:00+08:00",
                   "updated_at": "2024-01-02T08:00:00+08:00", "closed_at": null, "due_on": null}),
            json!({"id": 8, "title": "42", "description": "", "state": "closed",
                   "closed_at": "2024-01-03T00:00:00Z", "due_on": "9999-12-31T23:59:59Z",
                   "extra": {"a": [1, null]}, "updated_at": null}),
        ] {
            let milestone: Milestone = decode::milestone(value.clone()).unwrap();
            let row = Gitea::flatten(&milestone, &here()).unwrap();
            let back = Gitea::unflatten(row, &here()).unwrap();
            assert_eq!(serde_json::to_value(&back).unwrap(), value);
        }
    }

    #[test]
    fn a_header_of_gitea_is_claimed_and_only_it() {
        let has = |columns: &'static [&'static str]| move |c: &str| columns.contains(&c);
        assert!(Gitea::claims_columns(&has(&COLUMNS)));
        assert!(!Gitea::claims_columns(&has(&["number", "title", "id"])));
        assert!(!Gitea::claims_columns(&has(&["id", "name", "color"])));
    }
}
