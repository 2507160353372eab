//! A GitHub label in a backup: one CSV row under GitHub's own field names
//! (`id`, `node_id`, `url`, `name`, `color`, `description`, `default`),
//! every value kept as sent, and the check of one label object of a JSON
//! backup.

use serde_json::{Map, Value};

use super::GitHubLabels;
use crate::{
    files::fields::Kind, net::decode, protocols::rest::backup::LabelColumns,
    providers::github::client::types::Label,
};

/// GitHub's label columns, in the order of its published schema.
pub const COLUMNS: [&str; 7] = [
    "id",
    "node_id",
    "url",
    "name",
    "color",
    "description",
    "default",
];

/// The columns that hold text, written as it is.
const TEXT: [&str; 5] = ["node_id", "url", "name", "color", "description"];

const SCHEMA: [(&str, Kind); 6] = [
    ("id", Kind::SmallInteger),
    ("node_id", Kind::Text),
    ("url", Kind::Text),
    ("name", Kind::Text),
    ("color", Kind::Text),
    ("description", Kind::Text),
];

impl decode::Extra for Label {
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
    }
}

impl LabelColumns for GitHubLabels {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const TEXT: &'static [&'static str] = &TEXT;
    const SCHEMA: &'static [(&'static str, Kind)] = &SCHEMA;
    const MARKS: &'static [&'static str] = &["node_id", "default"];
    const NEEDED: &'static [&'static str] = &["name"];
    const FILLED: &'static [&'static str] = &["name"];
    const ALWAYS_SENT: &'static [&'static str] = &COLUMNS;
    const A_LABEL: &'static str = "a GitHub label";
    const EVERY_LABEL: &'static str = "filled in: every GitHub label has one";
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{files::Location, forge::BackupFormat};

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
        let all = |more: serde_json::Value| {
            let mut value = json!({"id": 7, "node_id": "N", "url": "u", "default": false});
            value
                .as_object_mut()
                .unwrap()
                .extend(more.as_object().unwrap().clone());
            value
        };
        for value in [
            json!({"id": 1, "node_id": "MDU", "url": "u", "name": "🐛 bug", "color": "d73a4a",
                   "description": null, "default": true}),
            all(
                json!({"name": "42", "color": "FFF", "description": "", "extra": {"a": [1, null]}}),
            ),
            all(json!({"name": "null", "color": "ffffff", "description": "true\tx\r\n"})),
        ] {
            let label: Label = decode::milestone(value.clone()).unwrap();
            let row = GitHubLabels::flatten(&label, &location()).unwrap();
            let back = GitHubLabels::unflatten(row, &location()).unwrap();
            assert_eq!(serde_json::to_value(&back).unwrap(), value);
        }
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        let fields = json!({"name": "bug", "id": "x"});
        let error = GitHubLabels::check_json(fields.as_object().unwrap(), &location()).unwrap_err();
        assert!(error.to_string().contains("id"), "{error}");
    }
}
