//! GitCode's backup columns, GitCode's own names, and how a header is told
//! as GitCode's; its milestone as a CSV row and back, and the checks on its
//! objects in a JSON backup, are the family's (`v5/backup.rs`) over them.

use serde_json::{Map, Value};

use super::GitCode;
use crate::protocols::v5::backup::{self as v5, V5Backup};
use crate::{
    files::{FileError, Location, Row, fields::Kind},
    forge::BackupFormat,
    providers::gitcode::client::types as gc,
};

/// GitCode's columns, in the order files show them.
pub const COLUMNS: [&str; 12] = [
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

const FIELDS: [(&str, Kind); 12] = [
    ("number", Kind::Integer),
    ("title", Kind::Text),
    ("description", Kind::Text),
    ("state", Kind::Text),
    ("due_on", Kind::Text),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
    ("open_issues", Kind::Integer),
    ("closed_issues", Kind::Integer),
    ("repository_id", Kind::Integer),
    ("url", Kind::Text),
    ("id", Kind::Integer),
];

impl V5Backup for GitCode {
    const FIELDS: &'static [(&'static str, Kind)] = &FIELDS;
    const A_MILESTONE: &'static str = "a GitCode milestone";
}

impl BackupFormat for GitCode {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const HINTS: &'static [&'static str] = &["number", "title", "due_on"];

    /// A GitCode header names `number` and `title`, and none of the fields
    /// only GitHub's milestones have.
    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        has("number") && has("title") && !has("node_id") && !has("html_url")
    }

    /// The column a header that looks like GitCode's lacks.
    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        if has("title") && !has("number") {
            Some("number")
        } else if has("number") && !has("title") {
            Some("title")
        } else {
            None
        }
    }

    fn flatten(m: &gc::Milestone, location: &Location) -> Result<Row, FileError> {
        v5::flatten::<GitCode>(m, location)
    }

    fn unflatten(row: Row, location: &Location) -> Result<gc::Milestone, FileError> {
        v5::unflatten::<GitCode>(row, location)
    }

    /// Checks one milestone object of a JSON backup.
    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        v5::check_json::<GitCode>(fields, location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_checked() {
        v5::tests::integers_are_checked::<GitCode>();
    }
}
