//! A Gitea label in a backup: one CSV row under Gitea's own field names
//! (`id`, `name`, `exclusive`, `is_archived`, `color`, `description`,
//! `url`), every value kept as sent (a colour with or without its `#`),
//! and the check of one label object of a JSON backup.

use super::GiteaLabels;
use crate::{files::fields::Kind, protocols::rest::backup::LabelColumns};

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

impl LabelColumns for GiteaLabels {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const TEXT: &'static [&'static str] = &TEXT;
    const SCHEMA: &'static [(&'static str, Kind)] = &SCHEMA;
    const MARKS: &'static [&'static str] = &["exclusive", "is_archived"];
    const NEEDED: &'static [&'static str] = &["id", "name", "color"];
    const FILLED: &'static [&'static str] = &["id", "name"];
    const ALWAYS_SENT: &'static [&'static str] = &[];
    const A_LABEL: &'static str = "a Gitea label";
    const EVERY_LABEL: &'static str = "filled in: every Gitea label has one";
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::net::decode;
    use crate::{files::Location, forge::BackupFormat, providers::gitea::client::types::Label};

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
