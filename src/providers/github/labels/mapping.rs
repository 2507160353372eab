//! GitHub's labels to and from neutral records: `name`, `color` (six
//! hexadecimal digits, no `#`) and `description`. Two source labels whose
//! names differ only in letter case would be one label on GitHub: they are
//! refused before anything is written.

use super::{GitHubLabels, name_key};
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
    providers::github::client::types::{CreateLabelBody, Label, UpdateLabelBody},
    record::{Content, LabelRecord},
};

pub fn create_body(fields: &LabelFields) -> CreateLabelBody {
    CreateLabelBody {
        name: fields.name.clone(),
        color: fields.color.clone(),
        description: fields.description.clone(),
    }
}

/// The fields `changes` names; a new name as `new_name`.
pub fn update_body(fields: &LabelFields, changes: &[FieldChange]) -> UpdateLabelBody {
    let change = fields.change(changes);
    UpdateLabelBody {
        new_name: change.name,
        color: change.color,
        description: change.description,
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

impl Mapper for GitHubLabels {
    type Record = LabelRecord;

    fn to_record(
        label: &Label,
        location: Option<String>,
    ) -> Result<LabelRecord, Vec<MappingError>> {
        let present = [
            ("id", label.id.is_some()),
            ("node_id", label.node_id.is_some()),
            ("url", label.url.is_some()),
            ("default", label.default.is_some()),
        ];
        read_label(
            WireLabel {
                provider: crate::providers::github::PROVIDER,
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

    /// Maps every record, or refuses the names GitHub would take for one.
    fn map_records(records: Vec<LabelRecord>, _: &MappingOptions) -> Mapping<GitHubLabels> {
        map_labels(&records, "GitHub", |r| name_key(&r.name), |c| c.hex())
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
        wanted_content(fields, None)
    }

    fn age(label: &Label, position: usize) -> (String, WholeNumber) {
        let order = label.id.unwrap_or(position as i64);
        (String::new(), WholeNumber::from(order))
    }
}
