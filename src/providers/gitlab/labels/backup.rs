//! A GitLab label in a backup: one CSV row under GitLab's own field names,
//! every value kept as sent (a group's label marked by `is_project_label`
//! false), and the check of one label object of a JSON backup.

use serde_json::{Map, Value};

use super::GitLabLabels;
use crate::{
    files::{
        FileError, Location, Row,
        fields::{Kind, check_fields, flatten_object, require_filled, unflatten_object},
    },
    providers::{forge::BackupFormat, generated::gitlab::types::Label},
};

/// GitLab's label columns, in the order of its label schema.
pub const COLUMNS: [&str; 12] = [
    "id",
    "name",
    "description",
    "description_html",
    "text_color",
    "color",
    "open_issues_count",
    "closed_issues_count",
    "open_merge_requests_count",
    "subscribed",
    "priority",
    "is_project_label",
];

/// The columns that hold text, written as it is.
const TEXT: [&str; 5] = [
    "name",
    "description",
    "description_html",
    "text_color",
    "color",
];

const SCHEMA: [(&str, Kind); 9] = [
    ("id", Kind::SmallInteger),
    ("name", Kind::Text),
    ("description", Kind::Text),
    ("description_html", Kind::Text),
    ("text_color", Kind::Text),
    ("color", Kind::Text),
    ("open_issues_count", Kind::SmallInteger),
    ("closed_issues_count", Kind::SmallInteger),
    ("open_merge_requests_count", Kind::SmallInteger),
];

impl BackupFormat for GitLabLabels {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const HINTS: &'static [&'static str] = &["text_color", "is_project_label"];

    /// A GitLab labels file: `name` and `color` with GitLab's `text_color`
    /// or `is_project_label`.
    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        has("name") && has("color") && (has("text_color") || has("is_project_label"))
    }

    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        if !(has("text_color") || has("is_project_label")) {
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
        unflatten_object(
            row,
            &TEXT,
            &[],
            location,
            "a GitLab label",
            Self::check_json,
        )
    }

    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        for field in ["id", "name"] {
            require_filled(
                fields,
                field,
                "filled in: every GitLab label has one",
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
            json!({"id": 1, "name": "🐛 bug", "description": "", "description_html": "",
                   "text_color": "#FFFFFF", "color": "#e11d21", "open_issues_count": 0,
                   "closed_issues_count": 0, "open_merge_requests_count": 0,
                   "subscribed": false, "priority": null, "is_project_label": true}),
            json!({"id": 2, "name": "scope::x", "color": "#00aabb", "description": "a\tb\r\n",
                   "priority": 3, "is_project_label": false, "extra": [1]}),
        ] {
            let label: Label = decode::milestone(value.clone()).unwrap();
            let row = GitLabLabels::flatten(&label, &location()).unwrap();
            let back = GitLabLabels::unflatten(row, &location()).unwrap();
            assert_eq!(serde_json::to_value(&back).unwrap(), value);
        }
    }
}
