//! A Gitee label in a backup: one CSV row under Gitee's own field
//! names (`id`, `name`, `color`, `repository_id`, `url`, `created_at`,
//! `updated_at`), every value kept as sent, and the check of one label
//! object of a JSON backup (whose `provider` says it is Gitee's). Servers
//! derived from Gitee's API send their labels with the very same fields, so
//! a CSV header cannot say it is Gitee's: Gitee claims none, and such a
//! file reads as theirs, the same fields with the same meaning, which
//! imports to any provider alike.

use serde_json::{Map, Value};

use super::GiteeLabels;
use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, flatten_object, require_filled, unflatten_object},
    },
    providers::{decode, forge::BackupFormat, generated::gitee::types::Label},
};

/// Gitee's label columns, in the order of Gitee's published schema.
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

/// Unknown fields are kept, to be written back as they came.
impl decode::Extra for Label {
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

impl BackupFormat for GiteeLabels {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    /// None: every field of a Gitee label is a field of the labels of the
    /// servers derived from its API (see the module's doc).
    const HINTS: &'static [&'static str] = &[];

    /// Never: a Gitee labels header is the same as that of the servers
    /// derived from Gitee's API, which claim it (see the module's doc).
    fn claims_columns(_: &dyn Fn(&str) -> bool) -> bool {
        false
    }

    fn missing_column(_: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        None
    }

    fn flatten(label: &Label, location: &Location) -> Result<Row, FileError> {
        flatten_object(label, &TEXT, location)
    }

    fn unflatten(row: Row, location: &Location) -> Result<Label, FileError> {
        // Gitee sends every field of its schema, `null` when empty.
        unflatten_object(
            row,
            &TEXT,
            &COLUMNS,
            location,
            "a Gitee label",
            Self::check_json,
        )
    }

    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        require_filled(
            fields,
            "name",
            "filled in: every Gitee label has one",
            location,
        )?;
        check_fields(fields, &SCHEMA, "", location)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::providers::gitee::Gitee;

    fn location() -> Location {
        Location {
            file: "labels.csv".into(),
            kind: crate::record::Kind::Labels,
            line: Some(2),
            index: 0,
        }
    }

    /// Labels as Gitee may send them (every field of its schema, some
    /// `null`): ids as numbers or strings, numbers beyond 64 bits, colours
    /// in either form, text that reads as something else, and fields
    /// mileport does not know.
    const SENT: [&str; 5] = [
        r##"{"id": 1, "name": "🐛 bug", "color": "#d73a4a", "repository_id": 123456789012345678901234567890,
            "url": "https://gitee.com/o/r/labels/1", "created_at": "2024-01-01T00:00:00+08:00",
            "updated_at": null}"##,
        r##"{"id": "83", "name": "优先级: 高", "color": "D73A4A", "repository_id": "7", "url": null,
            "created_at": null, "updated_at": "2024-01-01T00:00:00Z"}"##,
        r##"{"id": null, "name": "50%", "color": "ffffff", "repository_id": null, "url": "",
            "created_at": "", "updated_at": "", "extra": {"a": [1, null]}, "weight": 1.50}"##,
        r##"{"id": 2, "name": "null", "color": "", "repository_id": 0, "url": "true",
            "created_at": "42", "updated_at": " x\t\r\n"}"##,
        r##"{"id": 3, "name": "=cmd|' /C calc'!A0", "color": "#FA0", "repository_id": 1,
            "url": "a,b\"c\nd", "created_at": null, "updated_at": null, "note": "\"quoted\""}"##,
    ];

    #[test]
    fn a_label_survives_a_row_as_it_was_sent() {
        for text in SENT {
            let value: Value = serde_json::from_str(text).unwrap();
            let label: Label = decode::milestone(value.clone()).unwrap();
            assert_eq!(serde_json::to_value(&label).unwrap(), value, "{text}");
            let row = GiteeLabels::flatten(&label, &location()).unwrap();
            let back = GiteeLabels::unflatten(row, &location()).unwrap();
            assert_eq!(back, label, "{text}");
            assert_eq!(serde_json::to_value(&back).unwrap(), value, "{text}");
        }
    }

    #[test]
    fn a_labels_header_is_never_claimed_as_gitee_s() {
        let header = |columns: &'static [&'static str]| move |c: &str| columns.contains(&c);
        let gitee_labels = header(&COLUMNS);
        assert!(!GiteeLabels::claims_columns(&gitee_labels));
        assert!(!Gitee::claims_columns(&gitee_labels));
        assert_eq!(GiteeLabels::missing_column(&gitee_labels), None);
    }

    #[test]
    fn a_wrong_value_names_the_field_and_the_value() {
        let cases = [
            (
                json!({"name": "bug", "repository_id": "x7"}),
                "repository_id",
                "x7",
            ),
            (json!({"name": "bug", "color": 123}), "color", "123"),
            (json!({"color": "d73a4a"}), "name", "empty or missing"),
            (json!({"name": null}), "name", "empty or missing"),
        ];
        for (fields, field, value) in cases {
            let error =
                GiteeLabels::check_json(fields.as_object().unwrap(), &location()).unwrap_err();
            let shown = error.to_string();
            assert!(shown.starts_with("labels.csv:2: "), "{shown}");
            assert!(shown.contains(&format!("`{field}`")), "{shown}");
            assert!(shown.contains(value), "{shown}");
        }
    }
}
