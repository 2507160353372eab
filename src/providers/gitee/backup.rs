//! Gitee's backup columns, Gitee's own names in the order of its published
//! schema, and how a header is told as Gitee's (`html_url`, which servers
//! derived from Gitee's API do not send, tells its files apart from
//! theirs); its milestone as a CSV row and back, and the checks on its
//! objects in a JSON backup, are the family's (`v5/backup.rs`) over them.

use serde_json::{Map, Value};

use super::Gitee;
use crate::protocols::v5::backup::{self as v5, V5Backup};
use crate::{
    files::{FileError, Location, Row, fields::Kind},
    forge::BackupFormat,
    providers::gitee::client::types as gc,
};

/// Gitee's columns, in the order files show them.
pub const COLUMNS: [&str; 13] = [
    "url",
    "html_url",
    "id",
    "number",
    "repository_id",
    "state",
    "title",
    "description",
    "created_at",
    "updated_at",
    "open_issues",
    "closed_issues",
    "due_on",
];

const FIELDS: [(&str, Kind); 13] = [
    ("url", Kind::Text),
    ("html_url", Kind::Text),
    ("id", Kind::Integer),
    ("number", Kind::Integer),
    ("repository_id", Kind::Integer),
    ("state", Kind::Text),
    ("title", Kind::Text),
    ("description", Kind::Text),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
    ("open_issues", Kind::Integer),
    ("closed_issues", Kind::Integer),
    ("due_on", Kind::Text),
];

impl V5Backup for Gitee {
    const FIELDS: &'static [(&'static str, Kind)] = &FIELDS;
    const A_MILESTONE: &'static str = "a Gitee milestone";
}

impl BackupFormat for Gitee {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const HINTS: &'static [&'static str] = &["html_url"];

    /// A Gitee header names `number`, `title` and `html_url` (which
    /// GitCode's milestones lack), and none of the fields only GitHub's
    /// milestones have (`node_id`, `labels_url`).
    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        has("number") && has("title") && has("html_url") && !has("node_id") && !has("labels_url")
    }

    /// The column a header that looks like Gitee's (`html_url` with
    /// `repository_id`, and nothing of GitHub's) lacks.
    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        if !(has("html_url") && has("repository_id")) || has("node_id") || has("labels_url") {
            return None;
        }
        ["number", "title"].into_iter().find(|column| !has(column))
    }

    fn flatten(m: &gc::Milestone, location: &Location) -> Result<Row, FileError> {
        v5::flatten::<Gitee>(m, location)
    }

    fn unflatten(row: Row, location: &Location) -> Result<gc::Milestone, FileError> {
        v5::unflatten::<Gitee>(row, location)
    }

    /// Checks one milestone object of a JSON backup.
    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        v5::check_json::<Gitee>(fields, location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_checked() {
        v5::tests::integers_are_checked::<Gitee>();
    }
}

#[cfg(test)]
mod detection_tests {
    use super::*;

    const V5_FAMILY_COLUMNS: [&str; 12] = [
        "number",
        "title",
        "description",
        "state",
        "due_on",
        "created_at",
        "updated_at",
        "open_issues",
        "closed_issues",
        "repository_id",
        "url",
        "id",
    ];

    #[test]
    fn gitee_headers_are_told_from_the_v5_family_and_from_those_with_node_id() {
        let claims = |columns: &[&str]| Gitee::claims_columns(&|c| columns.contains(&c));
        assert!(claims(&COLUMNS));
        assert!(!claims(&V5_FAMILY_COLUMNS));
        assert!(!claims(&[
            "number",
            "title",
            "html_url",
            "labels_url",
            "node_id"
        ]));
        let missing = |columns: &[&str]| Gitee::missing_column(&|c| columns.contains(&c));
        assert_eq!(
            missing(&["html_url", "repository_id", "title"]),
            Some("number")
        );
        assert_eq!(missing(&V5_FAMILY_COLUMNS), None);
    }
}
