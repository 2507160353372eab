//! GitHub's labels to and from neutral records: `name`, `color` (six
//! hexadecimal digits, no `#`) and `description`. Two source labels whose
//! names differ only in letter case would be one label on GitHub: they are
//! refused before anything is written.

use super::GitHubLabels;
use crate::{
    mapping::FieldChange,
    protocols::rest::{
        labels::{LabelFields, RestLabels, rest_label},
        write::RestBodies,
    },
    providers::github::client::types::{CreateLabelBody, Label, UpdateLabelBody},
    record::Colour,
};

impl RestBodies for GitHubLabels {
    type Create = CreateLabelBody;
    type Update = UpdateLabelBody;

    fn create_body(fields: &LabelFields) -> CreateLabelBody {
        CreateLabelBody {
            name: fields.name.clone(),
            color: fields.color.clone(),
            description: fields.description.clone(),
        }
    }

    /// The fields `changes` names; a new name as `new_name`.
    fn update_body(fields: &LabelFields, changes: &[FieldChange]) -> UpdateLabelBody {
        let change = fields.change(changes);
        UpdateLabelBody {
            new_name: change.name,
            color: change.color,
            description: change.description,
        }
    }
}

rest_label!(Label);

impl RestLabels for GitHubLabels {
    const TARGET: &'static str = "GitHub";
    const DEFAULT_COLOR: Option<&'static str> = None;

    fn colour(c: Colour) -> String {
        c.hex()
    }

    fn present(label: &Label) -> Vec<(&'static str, bool)> {
        vec![
            ("id", label.id.is_some()),
            ("node_id", label.node_id.is_some()),
            ("url", label.url.is_some()),
            ("default", label.default.is_some()),
        ]
    }

    fn order(label: &Label, position: usize) -> i64 {
        label.id.unwrap_or(position as i64)
    }
}
