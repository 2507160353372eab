//! A Gitea label in a backup: one CSV row under Gitea's own field names
//! (`id`, `name`, `exclusive`, `is_archived`, `color`, `description`,
//! `url`), every value kept as sent (a colour with or without its `#`),
//! and the check of one label object of a JSON backup.

use serde_json::{Map, Value};

use super::GiteaLabels;
use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, flatten_object, require_filled, unflatten_object},
    },
    providers::{forge::BackupFormat, generated::gitea::types::Label},
};

/// Gitea's label columns, in the order of its label schema.
pub const COLUMNS: [&str; 7] = [
    "id",
    "name",
    "exclusive",
    "is_archived",
    "color",
    "description",
    "url",
];

/// The columns that hold text, written as it is.
const TEXT: [&str; 4] = ["name", "color", "description", "url"];

const SCHEMA: [(&str, Kind); 5] = [
    ("id", Kind::SmallInteger),
    ("name", Kind::Text),
    ("color", Kind::Text),
    ("description", Kind::Text),
    ("url", Kind::Text),
];

impl BackupFormat for GiteaLabels {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const HINTS: &'static [&'static str] = &["exclusive", "is_archived"];

    /// A Gitea labels file: `name` and `color` with Gitea's `exclusive` or
    /// `is_archived`.
    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        has("name") && has("color") && (has("exclusive") || has("is_archived"))
    }

    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        if !(has("exclusive") || has("is_archived")) {
            return None;
        }
        ["id", "name", "color"]
            .into_iter()
            .find(|column| !has(column))
    }

    fn flatten(label: &Label, location: &Location) -> Result<Row, FileError> {
        flatten_object(label, &TEXT, location)
    }

    fn unflatten(row: Row, location: &Location) -> Result<Label, FileError> {
        unflatten_object(row, &TEXT, &[], location, "a Gitea label", Self::check_json)
    }

    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        for field in ["id", "name"] {
            require_filled(
                fields,
                field,
                "filled in: every Gitea label has one",
                location,
            )?;
        }
        check_fields(fields, &SCHEMA, "", location)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::providers::decode;

    fn location() -> Location {
        Location {
            file: "labels.csv".into(),
            kind: crate::record::Kind::Labels,
            line: Some(2),
            index: 0,
        }
    }

    #[test]
    fn a_label_survives_a_row_as_it_was_sent() {
        for value in [
            json!({"id": 1, "name": "🐛 bug", "exclusive": false, "is_archived": false,
                   "color": "e11d21", "description": "", "url": "u"}),
            json!({"id": 2, "name": "scope/x", "exclusive": true, "is_archived": null,
                   "color": "#00aabb", "description": "a\tb\r\n", "extra": [1]}),
        ] {
            let label: Label = decode::milestone(value.clone()).unwrap();
            let row = GiteaLabels::flatten(&label, &location()).unwrap();
            let back = GiteaLabels::unflatten(row, &location()).unwrap();
            assert_eq!(serde_json::to_value(&back).unwrap(), value);
        }
    }
}
