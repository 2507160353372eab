//! Gitea's labels to and from neutral records: `name`, `color` (six
//! hexadecimal digits, with or without `#` as the version writes it) and
//! `description`. Two source labels of one name are refused before
//! anything is written: mileport matches labels by name.

use std::borrow::Cow;

use super::GiteaLabels;
use crate::{
    forge::{Mapper, Mapping},
    mapping::{
        FieldChange, MappingError, MappingOptions,
        labels::{WireLabel, read_label},
    },
    net::number::WholeNumber,
    protocols::rest::labels::{
        LabelFields, RestLabel, label_changes, label_content, map_labels, wanted_content,
    },
    providers::gitea::client::types::{CreateLabelOption, EditLabelOption, Label},
    record::{Content, LabelRecord},
};

/// The colour a label is created with when the source has none: Gitea
/// requires one.
pub const DEFAULT_COLOR: &str = "#ededed";

pub fn create_body(fields: &LabelFields) -> CreateLabelOption {
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
pub fn update_body(fields: &LabelFields, changes: &[FieldChange]) -> EditLabelOption {
    let change = fields.change(changes);
    EditLabelOption {
        name: change.name,
        color: change.color,
        description: change.description,
        exclusive: None,
        is_archived: None,
    }
}

impl RestLabel for Label {
    fn name(&self) -> &str {
        &self.name
    }

    fn color(&self) -> Option<&str> {
        self.color.as_deref()
    }

    fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
}

impl Mapper for GiteaLabels {
    type Record = LabelRecord;

    fn to_record(
        label: &Label,
        location: Option<String>,
    ) -> Result<LabelRecord, Vec<MappingError>> {
        let present = [
            ("id", true),
            ("exclusive", label.exclusive.is_some()),
            ("is_archived", label.is_archived.is_some()),
            ("url", label.url.is_some()),
        ];
        read_label(
            WireLabel {
                provider: crate::providers::gitea::PROVIDER,
                name: &label.name,
                color: label.color.as_deref(),
                description: label.description.as_deref(),
                slug: None,
                present: &present,
                extra: &label.extra,
            },
            location,
        )
    }

    /// Maps every record, or refuses names held by several source labels.
    fn map_records(records: Vec<LabelRecord>, _: &MappingOptions) -> Mapping<GiteaLabels> {
        map_labels(
            &records,
            "mileport (matching Gitea labels by name)",
            |r| Cow::Borrowed(r.name.as_str()),
            |c| c.hash_hex(),
        )
    }

    fn not_carried(record: &LabelRecord) -> Vec<&'static str> {
        record.slug.iter().map(|_| "slug").collect()
    }

    fn changes(label: &Label, wanted: &LabelFields) -> Vec<FieldChange> {
        label_changes(label, wanted)
    }

    fn content(label: &Label, _: bool) -> Content {
        label_content(label)
    }

    fn wanted_content(fields: &LabelFields) -> Content {
        wanted_content(fields, Some(DEFAULT_COLOR))
    }

    fn age(label: &Label, _: usize) -> (String, WholeNumber) {
        (String::new(), WholeNumber::from(label.id))
    }
}
