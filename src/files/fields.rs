//! What every provider's backup columns share: a row of named cells,
//! unknown fields as cells and back, integers checked, and the JSON
//! type checks that name a field and its value.
//!
//! - Known fields keep the provider's names; a field that is absent has no
//!   cell, a present one (even empty) has one.
//! - Unknown top-level fields keep their own names. Their values are JSON,
//!   so a cell holds the JSON text of a value, except that a string is
//!   written bare when reading it back as JSON would fail anyway (`hello`
//!   rather than `"hello"`). Reading takes a cell as JSON when it parses
//!   and as a string otherwise, which gives back exactly what was written.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::net::number::WholeNumber;

use super::{
    FileError, Location,
    error::{shown, shown_json},
};

/// Column name → cell text; an absent field has no entry.
pub type Row = BTreeMap<String, String>;

/// Adds a cell for an unknown field, refusing to overwrite one a known
/// field already filled: the file could not say which was which.
pub fn insert_new(
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

pub fn parse_integer(
    cell: &str,
    column: &str,
    location: &Location,
) -> Result<WholeNumber, FileError> {
    cell.parse().map_err(|_| FileError::NotAnInteger {
        location: location.clone(),
        field: column.to_owned(),
        value: shown(cell),
    })
}

/// The cell for an unknown field's value (see the module doc).
pub fn encode_extra(value: &Value) -> String {
    match value {
        Value::String(text) if serde_json::from_str::<Value>(text).is_err() => text.clone(),
        other => other.to_string(),
    }
}

/// An unknown field's value from its cell (see the module doc).
pub fn decode_extra(cell: String) -> Value {
    serde_json::from_str(&cell).unwrap_or(Value::String(cell))
}

pub fn decode_extras(row: Row) -> Map<String, Value> {
    row.into_iter()
        .map(|(column, cell)| (column, decode_extra(cell)))
        .collect()
}

/// A flat object (a label) as a row: each of its `text` fields a cell
/// holding the text as it is (none when `null`), every other field a cell
/// written as an unknown field's is (see the module doc), so that a
/// `null`, a number and a string that reads as one all come back as they
/// were; an absent field has no cell.
pub fn flatten_object<T: serde::Serialize>(
    object: &T,
    text: &[&str],
    location: &Location,
) -> Result<Row, FileError> {
    let Value::Object(fields) = serde_json::to_value(object).map_err(|e| FileError::WrongType {
        location: location.clone(),
        field: String::new(),
        expected: "an object",
        value: e.to_string(),
    })?
    else {
        return Err(FileError::WrongType {
            location: location.clone(),
            field: String::new(),
            expected: "an object",
            value: String::new(),
        });
    };
    Ok(fields
        .iter()
        .filter_map(
            |(name, value)| match (text.contains(&name.as_str()), value) {
                (true, Value::Null) => None,
                (true, Value::String(text)) => Some((name.clone(), text.clone())),
                _ => Some((name.clone(), encode_extra(value))),
            },
        )
        .collect())
}

/// The fields a row of [`flatten_object`] holds, for the provider to check
/// and read as its object: `text` fields as text, the others decoded, and
/// each field of `always_sent` (those the provider sends as `null` when
/// empty) without a cell back as `null`.
pub fn object_fields(row: Row, text: &[&str], always_sent: &[&str]) -> Map<String, Value> {
    let mut fields: Map<String, Value> = row
        .into_iter()
        .map(|(column, cell)| match text.contains(&column.as_str()) {
            true => (column, Value::String(cell)),
            false => (column, decode_extra(cell)),
        })
        .collect();
    for field in always_sent {
        fields.entry(*field).or_insert(Value::Null);
    }
    fields
}

/// A row of [`flatten_object`] read back as the label it was (its fields
/// as [`object_fields`] reads them), once `check` has passed them; `what`
/// names the object (`a GitCode label`) should it still not read, and the
/// error points at its name.
pub fn unflatten_object<T: serde::de::DeserializeOwned + crate::net::decode::Extra>(
    row: Row,
    text: &[&str],
    always_sent: &[&str],
    location: &Location,
    what: &'static str,
    check: impl FnOnce(&Map<String, Value>, &Location) -> Result<(), FileError>,
) -> Result<T, FileError> {
    let fields = object_fields(row, text, always_sent);
    check(&fields, location)?;
    crate::net::decode::milestone(Value::Object(fields)).map_err(|message| FileError::WrongType {
        location: location.clone(),
        field: "name".to_owned(),
        expected: what,
        value: message,
    })
}

/// Refuses an object whose `field` is missing or `null`: `why` says every
/// such object has one (`filled in: every GitCode label has one`).
pub fn require_filled(
    fields: &Map<String, Value>,
    field: &str,
    why: &'static str,
    location: &Location,
) -> Result<(), FileError> {
    if fields.get(field).is_none_or(Value::is_null) {
        return Err(FileError::WrongType {
            location: location.clone(),
            field: field.to_owned(),
            expected: why,
            value: "empty or missing".to_owned(),
        });
    }
    Ok(())
}

/// The JSON types a field may hold.
#[derive(Clone, Copy)]
pub enum Kind {
    /// Any whole number, or a string of digits.
    Integer,
    /// A whole number that fits 64 bits, written as a number.
    SmallInteger,
    Text,
    /// A nested object; `what` says which (`a user with id and slug strings`).
    Object(&'static str),
}

impl Kind {
    fn expected(self) -> &'static str {
        match self {
            Kind::Integer => "a whole number (or a string of digits)",
            Kind::SmallInteger => "a whole number",
            Kind::Text => "a string",
            Kind::Object(what) => what,
        }
    }

    fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::Integer => {
                serde_json::from_value::<crate::net::number::WholeNumber>(value.clone()).is_ok()
            }
            Kind::SmallInteger => value.as_i64().is_some(),
            Kind::Text => value.is_string(),
            Kind::Object(_) => value.is_object(),
        }
    }
}

/// Checks the known fields' types, so that a mistake is reported with the
/// field's name and value rather than as serde's bare "invalid type".
pub fn check_fields(
    fields: &Map<String, Value>,
    known: &[(&str, Kind)],
    prefix: &str,
    location: &Location,
) -> Result<(), FileError> {
    for (field, kind) in known {
        match fields.get(*field) {
            None | Some(Value::Null) => {}
            Some(value) if kind.accepts(value) => {}
            Some(value) => {
                return Err(FileError::WrongType {
                    location: location.clone(),
                    field: format!("{prefix}{field}"),
                    expected: kind.expected(),
                    value: shown_json(value),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
}
