//! A v5 label in a backup: one CSV row under the family's own field names
//! (`id`, `name`, `color`, `repository_id`, `url`, `created_at`,
//! `updated_at`), every value kept as sent, and the check of one label
//! object of a JSON backup. Whether a header is a member's own is the
//! member's to say ([`V5::claims_label_columns`]).

use serde_json::{Map, Value};

use super::V5Labels;
use crate::protocols::v5::V5;
use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, flatten_object, require_filled, unflatten_object},
    },
    forge::BackupFormat,
};

/// The family's label columns, in the order of Gitee's published schema.
pub const COLUMNS: [&str; 7] = [
    "id",
    "name",
    "color",
    "repository_id",
    "url",
    "created_at",
    "updated_at",
];

/// The columns that hold text, written as it is.
const TEXT: [&str; 5] = ["name", "color", "url", "created_at", "updated_at"];

const SCHEMA: [(&str, Kind); 7] = [
    ("id", Kind::Integer),
    ("name", Kind::Text),
    ("color", Kind::Text),
    ("repository_id", Kind::Integer),
    ("url", Kind::Text),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
];

impl<P: V5> BackupFormat for V5Labels<P> {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const HINTS: &'static [&'static str] = P::LABEL_HINTS;

    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        P::claims_label_columns(has)
    }

    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        P::missing_label_column(has)
    }

    fn flatten(label: &P::Label, location: &Location) -> Result<Row, FileError> {
        flatten_object(label, &TEXT, location)
    }

    fn unflatten(row: Row, location: &Location) -> Result<P::Label, FileError> {
        // The family sends every field of its schema, `null` when empty.
        unflatten_object(row, &TEXT, &COLUMNS, location, P::A_LABEL, Self::check_json)
    }

    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        require_filled(fields, "name", P::EVERY_LABEL_NAMED, location)?;
        check_fields(fields, &SCHEMA, "", location)
    }
}
