//! GitCode's backup columns: its milestone as a CSV row and back, and the
//! checks on its objects in a JSON backup. Column names are GitCode's own.

use serde_json::{Map, Value};

use super::GitCode;
use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, decode_extras, encode_extra, insert_new, parse_integer},
    },
    providers::forge::BackupFormat,
    providers::{Provider, generated::gitcode::types as gc, number::WholeNumber},
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
                    provider: Provider::GitCode,
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
            extra: decode_extras(row),
        })
    }

    /// Checks one milestone object of a JSON backup.
    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        for field in ["number", "title"] {
            if fields.get(field).is_none_or(Value::is_null) {
                return Err(FileError::MissingValue {
                    location: location.clone(),
                    provider: Provider::GitCode,
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
        let error = GitCode::unflatten(row, &here()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv:2: field `open_issues` is \"many\", which is not a whole number: write digits only, such as 42"
        );
    }
}
