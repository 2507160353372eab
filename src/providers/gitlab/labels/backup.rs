//! A GitLab label in a backup: one CSV row under GitLab's own field names,
//! every value kept as sent (a group's label marked by `is_project_label`
//! false), and the check of one label object of a JSON backup.

use super::GitLabLabels;
use crate::{files::fields::Kind, protocols::rest::backup::LabelColumns};

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

impl LabelColumns for GitLabLabels {
    const COLUMNS: &'static [&'static str] = &COLUMNS;
    const TEXT: &'static [&'static str] = &TEXT;
    const SCHEMA: &'static [(&'static str, Kind)] = &SCHEMA;
    const MARKS: &'static [&'static str] = &["text_color", "is_project_label"];
    const NEEDED: &'static [&'static str] = &["id", "name", "color"];
    const FILLED: &'static [&'static str] = &["id", "name"];
    const ALWAYS_SENT: &'static [&'static str] = &[];
    const A_LABEL: &'static str = "a GitLab label";
    const EVERY_LABEL: &'static str = "filled in: every GitLab label has one";
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::net::decode;
    use crate::{files::Location, forge::BackupFormat, providers::gitlab::client::types::Label};

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
