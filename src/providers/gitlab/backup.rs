//! A GitLab milestone in a backup: one CSV row under GitLab's own field
//! names, in the order of its documented `Milestone`, every value kept as
//! sent (unknown fields under their own names); and the check of one
//! milestone object of a JSON backup. A milestone of an ancestor group is
//! marked by its `group_id` (a project's by `project_id`).
//!
//! GitLab sends `due_date` and `start_date` as `null` when empty: a `null`
//! text field has no cell, and those fields without a cell read back as
//! `null`, so a milestone comes back exactly as it was read (a CSV cannot
//! tell an absent field from a `null` one: a JSON backup keeps the
//! difference).

use super::GitLab;
use crate::{files::fields::Kind, protocols::rest::backup::JsonColumns};

/// GitLab's columns, in the order of its milestone schema.
pub const COLUMNS: [&str; 13] = [
    "id",
    "iid",
    "project_id",
    "group_id",
    "title",
    "description",
    "due_date",
    "start_date",
    "state",
    "updated_at",
    "created_at",
    "expired",
    "web_url",
];

/// The columns that hold text, written as it is.
const TEXT: [&str; 8] = [
    "title",
    "description",
    "due_date",
    "start_date",
    "state",
    "updated_at",
    "created_at",
    "web_url",
];

/// The fields GitLab sends as `null` when empty.
const NULL_WHEN_EMPTY: [&str; 2] = ["due_date", "start_date"];

/// The fields of GitLab's milestone schema, with what each holds.
const SCHEMA: [(&str, Kind); 11] = [
    ("id", Kind::SmallInteger),
    ("iid", Kind::SmallInteger),
    ("project_id", Kind::SmallInteger),
    ("group_id", Kind::SmallInteger),
    ("title", Kind::Text),
    ("description", Kind::Text),
    ("due_date", Kind::Text),
    ("start_date", Kind::Text),
    ("state", Kind::Text),
    ("updated_at", Kind::Text),
    ("created_at", Kind::Text),
];

impl JsonColumns for GitLab {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const TEXT: &'static [&'static str] = &TEXT;
    const SCHEMA: &'static [(&'static str, Kind)] = &SCHEMA;
    const FILLED: &'static [&'static str] = &["id", "title"];
    const ALWAYS_SENT: &'static [&'static str] = &NULL_WHEN_EMPTY;
    const A_ONE: &'static str = "a GitLab milestone";
    const EVERY_ONE: &'static str = "filled in: every GitLab milestone has one";
    /// `iid` and `due_date` are GitLab's alone among the providers' milestones.
    const HINTS: &'static [&'static str] = &["iid", "due_date"];

    /// A GitLab header names `id`, `iid` and `title`.
    fn claims(has: &dyn Fn(&str) -> bool) -> bool {
        has("id") && has("iid") && has("title") && !has("name")
    }

    /// The column a header that looks like GitLab's lacks.
    fn lacks(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        (has("title") && has("due_date") && has("id") && !has("iid")).then_some("iid")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{
        files::Location, forge::BackupFormat, net::decode,
        providers::gitlab::client::types::Milestone,
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
            json!({"id": 7, "iid": 1, "project_id": 3, "title": "v1\t🚀", "description": "a\r\nb",
                   "due_date": "2024-03-10", "start_date": null, "state": "active",
                   "updated_at": "2024-01-02T08:00:00.000Z", "created_at": "2024-01-01T08:00:00.000Z",
                   "expired": false, "web_url": "https://gitlab.com/g/p/-/milestones/1"}),
            json!({"id": 8, "iid": 2, "group_id": 4, "title": "42", "description": "", "state": "closed",
                   "due_date": null, "start_date": "2024-01-03", "extra": {"a": [1, null]}}),
        ] {
            let milestone: Milestone = decode::milestone(value.clone()).unwrap();
            let row = GitLab::flatten(&milestone, &here()).unwrap();
            let back = GitLab::unflatten(row, &here()).unwrap();
            assert_eq!(serde_json::to_value(&back).unwrap(), value);
        }
    }

    #[test]
    fn a_header_of_gitlab_is_claimed_and_only_it() {
        let has = |columns: &'static [&'static str]| move |c: &str| columns.contains(&c);
        assert!(GitLab::claims_columns(&has(&COLUMNS)));
        assert!(!GitLab::claims_columns(&has(&["number", "title", "id"])));
        assert!(!GitLab::claims_columns(&has(&["id", "name", "color"])));
    }
}
