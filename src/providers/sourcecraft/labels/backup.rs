//! A SourceCraft label in a backup: one CSV row under SourceCraft's own
//! field names (`id`, `name`, `slug`, `color`, `author`, `updated_by`,
//! `created_at`, `updated_at`): text as it is, the nested users and any
//! other field as JSON text, every value kept as sent; and the check of
//! one label object of a JSON backup.

use serde_json::{Map, Value};

use super::SourceCraftLabels;
use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, flatten_object, object_fields},
    },
    forge::BackupFormat,
    net::decode,
    providers::sourcecraft::backup::COLUMNS as MILESTONE_COLUMNS,
    providers::sourcecraft::client::types::Label,
};

/// SourceCraft's label columns, in the order of its published schema.
pub const COLUMNS: [&str; 8] = [
    "id",
    "name",
    "slug",
    "color",
    "author",
    "updated_by",
    "created_at",
    "updated_at",
];

/// The columns that hold text, written as it is.
const TEXT: [&str; 6] = ["id", "name", "slug", "color", "created_at", "updated_at"];

/// The fields SourceCraft sends as `null` when empty: the last editor,
/// until a label is first updated.
const ALWAYS_SENT: [&str; 1] = ["updated_by"];

/// SourceCraft's embedded user.
const USER: Kind = Kind::Object("an object with `id` and `slug` strings");

const SCHEMA: [(&str, Kind); 8] = [
    ("id", Kind::Text),
    ("name", Kind::Text),
    ("slug", Kind::Text),
    ("color", Kind::Text),
    ("author", USER),
    ("updated_by", USER),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
];

impl decode::Extra for Label {
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

/// Whether the header names a column only SourceCraft's milestones have
/// (`status`, `deadline`, `author_id`…): then it is no labels file.
fn has_milestone_column(has: &dyn Fn(&str) -> bool) -> bool {
    MILESTONE_COLUMNS
        .iter()
        .filter(|column| !COLUMNS.contains(column))
        .any(|column| has(column))
}

impl BackupFormat for SourceCraftLabels {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const HINTS: &'static [&'static str] = &["slug", "author", "updated_by"];

    /// A SourceCraft labels file: `name`, `slug` and `color`, and none of
    /// the columns only its milestones have.
    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        has("name") && has("slug") && has("color") && !has_milestone_column(has)
    }

    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        if !(has("slug") && has("color")) || has_milestone_column(has) {
            return None;
        }
        ["name"].into_iter().find(|column| !has(column))
    }

    fn flatten(label: &Label, location: &Location) -> Result<Row, FileError> {
        flatten_object(label, &TEXT, location)
    }

    fn unflatten(row: Row, location: &Location) -> Result<Label, FileError> {
        let fields = object_fields(row, &TEXT, &ALWAYS_SENT);
        Self::check_json(&fields, location)?;
        decode::milestone(Value::Object(fields)).map_err(|message| FileError::WrongType {
            location: location.clone(),
            field: "name".to_owned(),
            expected: "a SourceCraft label",
            value: message,
        })
    }

    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        if fields.get("name").is_none_or(Value::is_null) {
            return Err(FileError::WrongType {
                location: location.clone(),
                field: "name".to_owned(),
                expected: "filled in: every SourceCraft label has one",
                value: "empty or missing".to_owned(),
            });
        }
        check_fields(fields, &SCHEMA, "", location)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::providers::sourcecraft::SourceCraft;

    fn location() -> Location {
        Location {
            file: "labels.csv".into(),
            kind: crate::record::Kind::Labels,
            line: Some(2),
            index: 0,
        }
    }

    fn header(columns: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |column| columns.contains(&column)
    }

    #[test]
    fn a_label_survives_a_row_as_it_was_sent() {
        for value in [
            json!({"id": "0190a1b2", "name": "🐛 bug", "slug": "bug-bug", "color": "#D73A4A",
                   "author": {"id": "u1", "slug": "ann", "avatar": null, "n": 12345678901234567890u64},
                   "updated_by": null, "created_at": "2024-01-01T00:00:00Z",
                   "updated_at": "2024-01-02T00:00:00+03:00"}),
            json!({"name": "=cmd|' /C calc'!A0", "slug": "42", "color": "fff",
                   "updated_by": null, "weight": 3, "tags": ["a", null],
                   "nested": {"x": {"y": true}}}),
            json!({"name": "null", "slug": "true", "color": "", "id": "",
                   "author": {}, "updated_by": {"id": "7"}}),
            json!({"name": "  line\none\r\n\"two\"\t ", "slug": "优先级-高", "updated_by": null}),
        ] {
            let label: Label = decode::milestone(value.clone()).unwrap();
            let row = SourceCraftLabels::flatten(&label, &location()).unwrap();
            let back = SourceCraftLabels::unflatten(row, &location()).unwrap();
            assert_eq!(back, label);
            assert_eq!(serde_json::to_value(&back).unwrap(), value);
        }
    }

    #[test]
    fn a_row_keeps_the_columns_in_order_and_users_as_json_text() {
        let label: Label = decode::milestone(json!({
            "id": "1", "name": "bug", "slug": "bug", "color": "#d73a4a",
            "author": {"id": "u1", "slug": "ann"}, "updated_by": null,
        }))
        .unwrap();
        let row = SourceCraftLabels::flatten(&label, &location()).unwrap();
        assert_eq!(row["author"], r#"{"id":"u1","slug":"ann"}"#);
        assert_eq!(row["name"], "bug");
        let known: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|c| row.contains_key(*c))
            .collect();
        assert_eq!(
            known,
            ["id", "name", "slug", "color", "author", "updated_by"]
        );
    }

    #[test]
    fn only_a_labels_header_is_claimed() {
        assert!(SourceCraftLabels::claims_columns(&header(&COLUMNS)));
        assert!(SourceCraftLabels::claims_columns(&header(&[
            "name", "slug", "color"
        ])));
        assert!(!SourceCraftLabels::claims_columns(&header(
            &MILESTONE_COLUMNS
        )));
        assert!(SourceCraft::claims_columns(&header(&MILESTONE_COLUMNS)));
        assert!(!SourceCraft::claims_columns(&header(&COLUMNS)));
        let milestones_with_color: &[&str] = &["name", "slug", "color", "deadline"];
        assert!(!SourceCraftLabels::claims_columns(&header(
            milestones_with_color
        )));
        let other_labels: &[&str] = &[
            "id",
            "node_id",
            "url",
            "name",
            "color",
            "description",
            "default",
        ];
        assert!(!SourceCraftLabels::claims_columns(&header(other_labels)));
        assert_eq!(
            SourceCraftLabels::missing_column(&header(&["slug", "color", "id"])),
            Some("name")
        );
        assert_eq!(
            SourceCraftLabels::missing_column(&header(&MILESTONE_COLUMNS)),
            None
        );
        assert_eq!(SourceCraftLabels::missing_column(&header(&COLUMNS)), None);
    }

    #[test]
    fn a_wrong_type_or_a_missing_name_names_the_field() {
        for (fields, field) in [
            (json!({"name": "bug", "author": "ann"}), "author"),
            (json!({"name": "bug", "color": 255}), "color"),
            (json!({"slug": "bug"}), "name"),
            (json!({"name": null}), "name"),
        ] {
            let error = SourceCraftLabels::check_json(fields.as_object().unwrap(), &location())
                .unwrap_err();
            assert!(error.to_string().contains(field), "{error}");
        }
    }
}
