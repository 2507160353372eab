//! Gitea's labels to and from neutral records: `name`, `color` (six
//! hexadecimal digits, with or without `#` as the version writes it) and
//! `description`. Two source labels of one name are refused before
//! anything is written: mileport matches labels by name.

use std::borrow::Cow;

use super::GiteaLabels;
use crate::{
    mapping::{
        FieldChange, Mapped, Mapping, MappingError, MappingOptions,
        labels::{Compared, WireLabel, changes, clashing_names, content, read_label},
    },
    pipeline::verify::Content,
    providers::{
        Provider,
        forge::Mapper,
        generated::gitea::types::{CreateLabelOption, EditLabelOption, Label},
        number::WholeNumber,
    },
    record::LabelRecord,
};

/// The colour a label is created with when the source has none: Gitea
/// requires one.
pub const DEFAULT_COLOR: &str = "#ededed";

/// What a migration writes to a Gitea label.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GiteaLabelFields {
    pub name: String,
    /// `#` and six lowercase hexadecimal digits; `None` leaves the colour
    /// as it is (on an update) or grey (on a create).
    pub color: Option<String>,
    /// `None` leaves the description as it is.
    pub description: Option<String>,
}

impl GiteaLabelFields {
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

pub fn create_body(fields: &GiteaLabelFields) -> CreateLabelOption {
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
pub fn update_body(fields: &GiteaLabelFields, changes: &[FieldChange]) -> EditLabelOption {
    let changed = |name: &str| changes.iter().any(|change| change.name == name);
    EditLabelOption {
        name: changed("name").then(|| fields.name.clone()),
        color: changed("color").then(|| fields.color.clone()).flatten(),
        description: changed("description")
            .then(|| fields.description.clone())
            .flatten(),
        exclusive: None,
        is_archived: None,
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
                provider: Provider::Gitea,
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
        let (refused, errors) =
            clashing_names(&records, "mileport (matching Gitea labels by name)", |r| {
                Cow::Borrowed(r.name.as_str())
            });
        let mapped = records
            .into_iter()
            .map(|record| {
                let target = GiteaLabelFields {
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

    fn changes(label: &Label, wanted: &GiteaLabelFields) -> Vec<FieldChange> {
        changes(found(label), wanted.compared(), true)
    }

    fn content(label: &Label, _: bool) -> Content {
        content(
            &label.name,
            label.color.as_deref(),
            label.description.as_deref(),
        )
    }

    fn wanted_content(fields: &GiteaLabelFields) -> Content {
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
