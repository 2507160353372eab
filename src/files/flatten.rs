//! A provider's milestone as a flat row of named text cells, and back: the
//! shape a CSV file needs.
//!
//! - Known fields keep the provider's names; a field that is absent has no
//!   cell, a present one (even empty) has one.
//! - Nested objects (SourceCraft's `author`, `updated_by`) become
//!   `author_id`, `author_slug`, and `author_<key>` for keys we do not know.
//! - Unknown top-level fields keep their own names. Their values are JSON,
//!   so a cell holds the JSON text of a value, except that a string is
//!   written bare when reading it back as JSON would fail anyway (`hello`
//!   rather than `"hello"`). Reading takes a cell as JSON when it parses
//!   and as a string otherwise, which gives back exactly what was written.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::providers::{
    Provider,
    generated::{gitcode::types as gc, sourcecraft::types as sc},
    number::WholeNumber,
};

use super::{FileError, Location, error::shown};

/// Column name → cell text; an absent field has no entry.
pub(crate) type Row = BTreeMap<String, String>;

/// GitCode's columns, in the order files show them.
pub const GITCODE_COLUMNS: [&str; 12] = [
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

/// SourceCraft's columns, in the order files show them.
pub const SOURCECRAFT_COLUMNS: [&str; 13] = [
    "id",
    "slug",
    "name",
    "description",
    "status",
    "start_date",
    "deadline",
    "author_id",
    "author_slug",
    "updated_by_id",
    "updated_by_slug",
    "created_at",
    "updated_at",
];

/// SourceCraft's nested user objects, whose fields become `<name>_<field>`.
const NESTED: [&str; 2] = ["author", "updated_by"];

pub(crate) fn columns(provider: Provider) -> &'static [&'static str] {
    match provider {
        Provider::GitCode => &GITCODE_COLUMNS,
        Provider::SourceCraft => &SOURCECRAFT_COLUMNS,
    }
}

pub(crate) fn flatten_gitcode(m: &gc::Milestone, location: &Location) -> Result<Row, FileError> {
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
        if value.is_null() && GITCODE_COLUMNS.contains(&key.as_str()) {
            continue;
        }
        insert_new(&mut row, key.clone(), encode_extra(value), location)?;
    }
    Ok(row)
}

pub(crate) fn flatten_sourcecraft(
    m: &sc::Milestone,
    location: &Location,
) -> Result<Row, FileError> {
    let mut row = Row::new();
    let text = [
        ("id", &m.id),
        ("slug", &m.slug),
        ("name", &m.name),
        ("description", &m.description),
        ("status", &m.status),
        ("start_date", &m.start_date),
        ("deadline", &m.deadline),
        ("created_at", &m.created_at),
        ("updated_at", &m.updated_at),
    ];
    for (column, value) in text {
        if let Some(value) = value {
            row.insert(column.into(), value.clone());
        }
    }
    for (prefix, user) in [("author", &m.author), ("updated_by", &m.updated_by)] {
        let Some(user) = user else { continue };
        for (field, value) in [("id", &user.id), ("slug", &user.slug)] {
            if let Some(value) = value {
                row.insert(format!("{prefix}_{field}"), value.clone());
            }
        }
        for (key, value) in &user.extra {
            insert_new(
                &mut row,
                format!("{prefix}_{key}"),
                encode_extra(value),
                location,
            )?;
        }
    }
    for (key, value) in &m.extra {
        if value.is_null()
            && (NESTED.contains(&key.as_str()) || SOURCECRAFT_COLUMNS.contains(&key.as_str()))
        {
            continue;
        }
        // Reading sends every `author_…` column into `author`, so a top-level
        // field with such a name would come back somewhere else.
        if nested_prefix(key).is_some() {
            return Err(FileError::ColumnClash {
                location: location.clone(),
                column: key.clone(),
            });
        }
        insert_new(&mut row, key.clone(), encode_extra(value), location)?;
    }
    Ok(row)
}

pub(crate) fn unflatten_gitcode(
    mut row: Row,
    location: &Location,
) -> Result<gc::Milestone, FileError> {
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

pub(crate) fn unflatten_sourcecraft(mut row: Row) -> sc::Milestone {
    let mut users: [Row; 2] = Default::default();
    let (nested, top): (Row, Row) = std::mem::take(&mut row)
        .into_iter()
        .partition(|(column, _)| nested_prefix(column).is_some());
    row = top;
    for (column, cell) in nested {
        if let Some((slot, field)) = nested_prefix(&column) {
            users[slot].insert(field.to_owned(), cell);
        }
    }
    let [author, updated_by] = users.map(|mut user| {
        (!user.is_empty()).then(|| sc::UserEmbedded {
            id: user.remove("id"),
            slug: user.remove("slug"),
            extra: decode_extras(user),
        })
    });
    sc::Milestone {
        id: row.remove("id"),
        slug: row.remove("slug"),
        name: row.remove("name"),
        description: row.remove("description"),
        status: row.remove("status"),
        start_date: row.remove("start_date"),
        deadline: row.remove("deadline"),
        created_at: row.remove("created_at"),
        updated_at: row.remove("updated_at"),
        author,
        updated_by,
        extra: decode_extras(row),
    }
}

/// Which nested object (index into `NESTED`) a column belongs to, and the
/// field name inside it.
fn nested_prefix(column: &str) -> Option<(usize, &str)> {
    NESTED.iter().enumerate().find_map(|(slot, prefix)| {
        let field = column.strip_prefix(prefix)?.strip_prefix('_')?;
        Some((slot, field))
    })
}

/// Adds a cell for an unknown field, refusing to overwrite one a known
/// field already filled: the file could not say which was which.
fn insert_new(
    row: &mut Row,
    column: String,
    cell: String,
    location: &Location,
) -> Result<(), FileError> {
    if row.contains_key(&column) {
        return Err(FileError::ColumnClash {
            location: location.clone(),
            column,
        });
    }
    row.insert(column, cell);
    Ok(())
}

fn parse_integer(cell: &str, column: &str, location: &Location) -> Result<WholeNumber, FileError> {
    cell.parse().map_err(|_| FileError::NotAnInteger {
        location: location.clone(),
        field: column.to_owned(),
        value: shown(cell),
    })
}

/// The cell for an unknown field's value (see the module doc).
pub(crate) fn encode_extra(value: &Value) -> String {
    match value {
        Value::String(text) if serde_json::from_str::<Value>(text).is_err() => text.clone(),
        other => other.to_string(),
    }
}

/// An unknown field's value from its cell (see the module doc).
pub(crate) fn decode_extra(cell: String) -> Value {
    serde_json::from_str(&cell).unwrap_or(Value::String(cell))
}

fn decode_extras(row: Row) -> Map<String, Value> {
    row.into_iter()
        .map(|(column, cell)| (column, decode_extra(cell)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn here() -> Location {
        Location {
            file: "t.csv".into(),
            line: Some(2),
            index: 0,
        }
    }

    #[test]
    fn extra_values_survive_as_cells() {
        for value in [
            json!("hello"),
            json!(""),
            json!("42"),
            json!(" true "),
            json!("\"quoted\""),
            json!(42),
            json!(-1.5),
            json!(true),
            json!(null),
            json!([1, "a"]),
            json!({"b": 1, "a": [null]}),
        ] {
            let cell = encode_extra(&value);
            assert_eq!(decode_extra(cell.clone()), value, "cell {cell:?}");
        }
        assert_eq!(encode_extra(&json!("hello")), "hello");
        assert_eq!(encode_extra(&json!("42")), "\"42\"");
    }

    #[test]
    fn nested_users_flatten_with_underscores() {
        let milestone: sc::Milestone = serde_json::from_value(json!({
            "name": "v1",
            "author": {"id": "u1", "slug": "ann", "email": "a@example.com"},
            "updated_by": {"id": "u2"},
            "weight": 3
        }))
        .unwrap();
        let row = flatten_sourcecraft(&milestone, &here()).unwrap();
        let expected: Row = [
            ("name", "v1"),
            ("author_id", "u1"),
            ("author_slug", "ann"),
            ("author_email", "a@example.com"),
            ("updated_by_id", "u2"),
            ("weight", "3"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(row, expected);
        assert_eq!(unflatten_sourcecraft(row), milestone);
    }

    #[test]
    fn a_top_level_field_named_like_a_nested_one_is_refused() {
        let milestone: sc::Milestone =
            serde_json::from_value(json!({"name": "v1", "author_email": "x"})).unwrap();
        let error = flatten_sourcecraft(&milestone, &here()).unwrap_err();
        assert!(
            matches!(error, FileError::ColumnClash { ref column, .. } if column == "author_email")
        );
    }

    #[test]
    fn gitcode_integers_are_checked() {
        let mut row = Row::new();
        row.insert("number".into(), "7".into());
        row.insert("open_issues".into(), "many".into());
        let error = unflatten_gitcode(row, &here()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv:2: field `open_issues` is \"many\", which is not a whole number: write digits only, such as 42"
        );
    }
}
