//! GitLab's labels to and from neutral records: `name`, `color` (`#` and
//! six hexadecimal digits) and `description`; `priority` stays in backups.
//! Two source labels of one name are refused before anything is written:
//! mileport matches labels by name.

use std::borrow::Cow;

use super::GitLabLabels;
use crate::{
    mapping::{
        FieldChange, Mapped, Mapping, MappingError, MappingOptions,
        labels::{Compared, WireLabel, changes, clashing_names, content, read_label},
    },
    pipeline::verify::Content,
    providers::{
        Provider,
        forge::Mapper,
        generated::gitlab::types::{CreateLabel, Label, UpdateLabel},
        number::WholeNumber,
    },
    record::LabelRecord,
};

/// The colour a label is created with when the source has none: GitLab
/// requires one.
pub const DEFAULT_COLOR: &str = "#ededed";

/// What a migration writes to a GitLab label.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GitLabLabelFields {
    pub name: String,
    /// `#` and six lowercase hexadecimal digits; `None` leaves the colour
    /// as it is (on an update) or grey (on a create).
    pub color: Option<String>,
    /// `None` leaves the description as it is.
    pub description: Option<String>,
}

impl GitLabLabelFields {
    fn compared(&self) -> Compared<'_> {
        Compared {
            name: &self.name,
            color: self.color.as_deref(),
            description: self.description.as_deref(),
        }
    }
}

fn found(label: &Label) -> Compared<'_> {
    Compared {
        name: &label.name,
        color: label.color.as_deref(),
        description: label.description.as_deref(),
    }
}

pub fn create_body(fields: &GitLabLabelFields) -> CreateLabel {
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
pub fn update_body(fields: &GitLabLabelFields, changes: &[FieldChange]) -> UpdateLabel {
    let changed = |name: &str| changes.iter().any(|change| change.name == name);
    UpdateLabel {
        new_name: changed("name").then(|| fields.name.clone()),
        color: changed("color").then(|| fields.color.clone()).flatten(),
        description: changed("description")
            .then(|| fields.description.clone())
            .flatten(),
        priority: None,
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
                provider: Provider::GitLab,
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
        let (refused, errors) =
            clashing_names(&records, "mileport (matching GitLab labels by name)", |r| {
                Cow::Borrowed(r.name.as_str())
            });
        let mapped = records
            .into_iter()
            .map(|record| {
                let target = GitLabLabelFields {
                    name: record.name.clone(),
                    color: record.colour.map(|c| c.hash_hex()),
                    description: record.description.clone(),
                };
                Mapped { record, target }
            })
            .collect();
        Mapping {
            mapped,
            refused,
            errors,
        }
    }

    fn not_carried(record: &LabelRecord) -> Vec<&'static str> {
        record.slug.iter().map(|_| "slug").collect()
    }

    fn changes(label: &Label, wanted: &GitLabLabelFields) -> Vec<FieldChange> {
        changes(found(label), wanted.compared(), true)
    }

    fn content(label: &Label, _: bool) -> Content {
        content(
            &label.name,
            label.color.as_deref(),
            label.description.as_deref(),
        )
    }

    fn wanted_content(fields: &GitLabLabelFields) -> Content {
        content(
            &fields.name,
            Some(fields.color.as_deref().unwrap_or(DEFAULT_COLOR)),
            fields.description.as_deref(),
        )
    }

    fn age(label: &Label, _: usize) -> (String, WholeNumber) {
        (String::new(), WholeNumber::from(label.id))
    }
}
