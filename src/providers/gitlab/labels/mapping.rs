//! GitLab's labels to and from neutral records: `name`, `color` (`#` and
//! six hexadecimal digits) and `description`; `priority` stays in backups.
//! Two source labels of one name are refused before anything is written:
//! mileport matches labels by name.

use super::GitLabLabels;
use crate::{
    mapping::FieldChange,
    protocols::rest::{
        labels::{LabelFields, RestLabels, rest_label},
        write::RestBodies,
    },
    providers::gitlab::client::types::{CreateLabel, Label, UpdateLabel},
    record::Colour,
};

/// The colour a label is created with when the source has none: GitLab
/// requires one.
pub const DEFAULT_COLOR: &str = "#ededed";

impl RestBodies for GitLabLabels {
    type Create = CreateLabel;
    type Update = UpdateLabel;

    fn create_body(fields: &LabelFields) -> CreateLabel {
        CreateLabel {
            name: fields.name.clone(),
            color: fields
                .color
                .clone()
                .unwrap_or_else(|| DEFAULT_COLOR.to_owned()),
            description: fields.description.clone(),
            priority: None,
        }
    }

    /// The fields `changes` names; a new name as `new_name`.
    fn update_body(fields: &LabelFields, changes: &[FieldChange]) -> UpdateLabel {
        let change = fields.change(changes);
        UpdateLabel {
            new_name: change.name,
            color: change.color,
            description: change.description,
            priority: None,
        }
    }
}

rest_label!(Label);

impl RestLabels for GitLabLabels {
    const TARGET: &'static str = "mileport (matching GitLab labels by name)";
    const DEFAULT_COLOR: Option<&'static str> = Some(DEFAULT_COLOR);

    fn colour(c: Colour) -> String {
        c.hash_hex()
    }

    fn present(label: &Label) -> Vec<(&'static str, bool)> {
        vec![
            ("id", true),
            ("description_html", label.description_html.is_some()),
            ("text_color", label.text_color.is_some()),
            ("open_issues_count", label.open_issues_count.is_some()),
            ("closed_issues_count", label.closed_issues_count.is_some()),
            (
                "open_merge_requests_count",
                label.open_merge_requests_count.is_some(),
            ),
            ("subscribed", label.subscribed.is_some()),
            ("priority", label.priority.is_some()),
            ("is_project_label", label.is_project_label.is_some()),
        ]
    }

    fn order(label: &Label, _: usize) -> i64 {
        label.id
    }
}
