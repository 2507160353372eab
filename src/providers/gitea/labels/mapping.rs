//! Gitea's labels to and from neutral records: `name`, `color` (six
//! hexadecimal digits, with or without `#` as the version writes it) and
//! `description`. Two source labels of one name are refused before
//! anything is written: mileport matches labels by name.

use super::GiteaLabels;
use crate::{
    mapping::FieldChange,
    protocols::rest::{
        labels::{LabelFields, RestLabels, rest_label},
        write::RestBodies,
    },
    providers::gitea::client::types::{CreateLabelOption, EditLabelOption, Label},
    record::Colour,
};

/// The colour a label is created with when the source has none: Gitea
/// requires one.
pub const DEFAULT_COLOR: &str = "#ededed";

impl RestBodies for GiteaLabels {
    type Create = CreateLabelOption;
    type Update = EditLabelOption;

    fn create_body(fields: &LabelFields) -> CreateLabelOption {
        CreateLabelOption {
            name: fields.name.clone(),
            color: fields
                .color
                .clone()
                .unwrap_or_else(|| DEFAULT_COLOR.to_owned()),
            description: fields.description.clone(),
            exclusive: None,
            is_archived: None,
        }
    }

    /// The fields `changes` names.
    fn update_body(fields: &LabelFields, changes: &[FieldChange]) -> EditLabelOption {
        let change = fields.change(changes);
        EditLabelOption {
            name: change.name,
            color: change.color,
            description: change.description,
            exclusive: None,
            is_archived: None,
        }
    }
}

rest_label!(Label);

impl RestLabels for GiteaLabels {
    const TARGET: &'static str = "mileport (matching Gitea labels by name)";
    const DEFAULT_COLOR: Option<&'static str> = Some(DEFAULT_COLOR);

    fn colour(c: Colour) -> String {
        c.hash_hex()
    }

    fn present(label: &Label) -> Vec<(&'static str, bool)> {
        vec![
            ("id", true),
            ("exclusive", label.exclusive.is_some()),
            ("is_archived", label.is_archived.is_some()),
            ("url", label.url.is_some()),
        ]
    }

    fn order(label: &Label, _: usize) -> i64 {
        label.id
    }
}
