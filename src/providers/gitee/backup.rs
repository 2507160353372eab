//! Gitee's backup columns: its milestone as a CSV row and back, and the
//! checks on its objects in a JSON backup. Column names are Gitee's own,
//! in the order of its published schema; `html_url`, which servers derived
//! from Gitee's API do not send, tells its files apart from theirs.

use serde_json::{Map, Value};

use super::Gitee;
use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, decode_extras, encode_extra, insert_new, parse_integer},
    },
    providers::forge::BackupFormat,
    providers::{Provider, generated::gitee::types as gc, number::WholeNumber},
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
        let mut row = Row::new();
        row.insert("number".into(), m.number.to_string());
        row.insert("title".into(), m.title.clone());
        let text = [
            ("description", &m.description),
            ("state", &m.state),
            ("due_on", &m.due_on),
            ("created_at", &m.created_at),
            ("updated_at", &m.updated_at),
            ("url", &m.url),
            ("html_url", &m.html_url),
        ];
        for (column, value) in text {
            if let Some(value) = value {
                row.insert(column.into(), value.clone());
            }
        }
        let integers = [
            ("open_issues", &m.open_issues),
            ("closed_issues", &m.closed_issues),
            ("repository_id", &m.repository_id),
            ("id", &m.id),
        ];
        for (column, value) in integers {
            if let Some(value) = value {
                row.insert(column.into(), value.to_string());
            }
        }
        for (key, value) in &m.extra {
            // A known field the provider sent as `null` is an empty cell, as
            // absent; JSON backups keep the `null`.
            if value.is_null() && COLUMNS.contains(&key.as_str()) {
                continue;
            }
            insert_new(&mut row, key.clone(), encode_extra(value), location)?;
        }
        Ok(row)
    }

    fn unflatten(mut row: Row, location: &Location) -> Result<gc::Milestone, FileError> {
        let number = match row.remove("number").filter(|cell| !cell.is_empty()) {
            Some(cell) => parse_integer(&cell, "number", location)?,
            None => {
                return Err(FileError::MissingValue {
                    location: location.clone(),
                    provider: Provider::Gitee,
                    field: "number",
                });
            }
        };
        let mut integer = |column: &str| -> Result<Option<WholeNumber>, FileError> {
            match row.remove(column).filter(|cell| !cell.is_empty()) {
                Some(cell) => parse_integer(&cell, column, location).map(Some),
                None => Ok(None),
            }
        };
        let open_issues = integer("open_issues")?;
        let closed_issues = integer("closed_issues")?;
        let repository_id = integer("repository_id")?;
        let id = integer("id")?;
        Ok(gc::Milestone {
            number,
            open_issues,
            closed_issues,
            repository_id,
            id,
            title: row.remove("title").unwrap_or_default(),
            description: row.remove("description"),
            state: row.remove("state"),
            due_on: row.remove("due_on"),
            created_at: row.remove("created_at"),
            updated_at: row.remove("updated_at"),
            url: row.remove("url"),
            html_url: row.remove("html_url"),
            extra: decode_extras(row),
        })
    }

    /// Checks one milestone object of a JSON backup.
    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        for field in ["number", "title"] {
            if fields.get(field).is_none_or(Value::is_null) {
                return Err(FileError::MissingValue {
                    location: location.clone(),
                    provider: Provider::Gitee,
                    field,
                });
            }
        }
        check_fields(fields, &FIELDS, "", location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn here() -> Location {
        Location {
            file: "t.csv".into(),
            kind: crate::record::Kind::Milestones,
            line: Some(2),
            index: 0,
        }
    }

    #[test]
    fn integers_are_checked() {
        let mut row = Row::new();
        row.insert("number".into(), "7".into());
        row.insert("open_issues".into(), "many".into());
        let error = Gitee::unflatten(row, &here()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv:2: field `open_issues` is \"many\", which is not a whole number: write digits only, such as 42"
        );
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
