//! GitLab's labels to and from neutral records: `name`, `color` (`#` and
//! six hexadecimal digits) and `description`; `priority` stays in backups.
//! Two source labels of one name are refused before anything is written:
//! mileport matches labels by name.

use std::borrow::Cow;

use super::GitLabLabels;
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
    providers::gitlab::client::types::{CreateLabel, Label, UpdateLabel},
    record::{Content, LabelRecord},
};

/// The colour a label is created with when the source has none: GitLab
/// requires one.
pub const DEFAULT_COLOR: &str = "#ededed";

pub fn create_body(fields: &LabelFields) -> CreateLabel {
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
pub fn update_body(fields: &LabelFields, changes: &[FieldChange]) -> UpdateLabel {
    let change = fields.change(changes);
    UpdateLabel {
        new_name: change.name,
        color: change.color,
        description: change.description,
        priority: None,
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

impl Mapper for GitLabLabels {
    type Record = LabelRecord;

    fn to_record(
        label: &Label,
        location: Option<String>,
    ) -> Result<LabelRecord, Vec<MappingError>> {
        let present = [
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
        ];
        read_label(
            WireLabel {
                provider: crate::providers::gitlab::PROVIDER,
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
    fn map_records(records: Vec<LabelRecord>, _: &MappingOptions) -> Mapping<GitLabLabels> {
        map_labels(
            &records,
            "mileport (matching GitLab labels by name)",
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
