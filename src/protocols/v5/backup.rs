//! The family's milestone backups, written once over a member's columns
//! ([`V5Backup::FIELDS`], its own names in its schema's order): a milestone
//! as a CSV row (each field it sent, as text; unknown fields kept beside
//! them) and back, and the checks on one in a JSON backup.

use serde_json::{Map, Value};

use super::{V5, WireMilestone};
use crate::net::number::WholeNumber;
use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, decode_extras, encode_extra, insert_new, parse_integer},
    },
    forge::Identity,
    net::{decode, decode::Extra},
};

/// The whole-number fields every member's milestone has beyond `number`,
/// in the order a row's cells are read.
const INTEGERS: [&str; 4] = ["open_issues", "closed_issues", "repository_id", "id"];

/// A member's milestone columns.
pub trait V5Backup: V5 {
    /// Its fields and their kinds, in the order files show them.
    const FIELDS: &'static [(&'static str, Kind)];
    /// An object of its milestones, as errors name it (`a GitCode milestone`).
    const A_MILESTONE: &'static str;
}

/// A milestone of `P` as a CSV row: each known field it holds as text, and
/// its unknown fields beside them.
pub fn flatten<P: V5Backup>(
    milestone: &<P as Identity>::Object,
    location: &Location,
) -> Result<Row, FileError> {
    let mut row = Row::new();
    let mut known = milestone.clone();
    known.extra_mut().clear();
    if let Ok(Value::Object(fields)) = serde_json::to_value(&known) {
        for (column, value) in fields {
            let cell = match value {
                Value::Null => continue,
                Value::String(text) => text,
                other => other.to_string(),
            };
            row.insert(column, cell);
        }
    }
    for (key, value) in milestone.extra() {
        // A known field the provider sent as `null` is an empty cell, as
        // absent; JSON backups keep the `null`.
        if value.is_null() && P::FIELDS.iter().any(|(column, _)| column == key) {
            continue;
        }
        insert_new(&mut row, key.clone(), encode_extra(value), location)?;
    }
    Ok(row)
}

/// A CSV row read back as the milestone of `P` it was: `number` required,
/// whole numbers checked, unknown columns kept as unknown fields.
pub fn unflatten<P: V5Backup>(
    mut row: Row,
    location: &Location,
) -> Result<<P as Identity>::Object, FileError> {
    let number = match row.remove("number").filter(|cell| !cell.is_empty()) {
        Some(cell) => parse_integer(&cell, "number", location)?,
        None => {
            return Err(FileError::MissingValue {
                location: location.clone(),
                provider: P::PROVIDER,
                field: "number",
            });
        }
    };
    let mut fields = Map::new();
    fields.insert("number".to_owned(), whole(number));
    for column in INTEGERS {
        if let Some(cell) = row.remove(column).filter(|cell| !cell.is_empty()) {
            let value = parse_integer(&cell, column, location)?;
            fields.insert(column.to_owned(), whole(value));
        }
    }
    let title = row.remove("title").unwrap_or_default();
    fields.insert("title".to_owned(), Value::String(title));
    for (column, kind) in P::FIELDS {
        if matches!(kind, Kind::Text)
            && let Some(cell) = row.remove(*column)
        {
            fields.insert((*column).to_owned(), Value::String(cell));
        }
    }
    fields.extend(decode_extras(row));
    decode::milestone(Value::Object(fields)).map_err(|message| FileError::WrongType {
        location: location.clone(),
        field: "number".to_owned(),
        expected: P::A_MILESTONE,
        value: message,
    })
}

/// A whole number as its JSON value, its digits as they are.
fn whole(number: WholeNumber) -> Value {
    serde_json::to_value(&number).unwrap_or_else(|_| Value::String(number.to_string()))
}

/// Checks one milestone object of a JSON backup of `P`: `number` and
/// `title` filled, every known field of its kind.
pub fn check_json<P: V5Backup>(
    fields: &Map<String, Value>,
    location: &Location,
) -> Result<(), FileError> {
    for field in ["number", "title"] {
        if fields.get(field).is_none_or(Value::is_null) {
            return Err(FileError::MissingValue {
                location: location.clone(),
                provider: P::PROVIDER,
                field,
            });
        }
    }
    check_fields(fields, P::FIELDS, "", location)
}

/// What every member's milestone backup promises, checked over its
/// `BackupFormat`: a member's tests call these.
#[cfg(test)]
pub mod tests {
    use super::V5Backup;
    use crate::files::{Location, Row};
    use crate::forge::BackupFormat;

    /// A whole-number cell that holds no number is refused, saying where.
    pub fn integers_are_checked<P: V5Backup + BackupFormat>() {
        let here = Location {
            file: "t.csv".into(),
            kind: crate::record::Kind::Milestones,
            line: Some(2),
            index: 0,
        };
        let mut row = Row::new();
        row.insert("number".into(), "7".into());
        row.insert("open_issues".into(), "many".into());
        let error = P::unflatten(row, &here).unwrap_err();
        assert_eq!(
            error.to_string(),
            "t.csv:2: field `open_issues` is \"many\", which is not a whole number: write digits only, such as 42"
        );
    }
}
