//! GitHub's labels to and from neutral records: `name`, `color` (six
//! hexadecimal digits, no `#`) and `description`. Two source labels whose
//! names differ only in letter case would be one label on GitHub: they are
//! refused before anything is written.

use super::{GitHubLabels, name_key};
use crate::{
    mapping::{
        FieldChange, Mapped, Mapping, MappingError, MappingOptions,
        labels::{Compared, WireLabel, changes, clashing_names, content, read_label},
    },
    pipeline::verify::Content,
    providers::{
        Provider,
        forge::Mapper,
        generated::github::types::{CreateLabelBody, Label, UpdateLabelBody},
        number::WholeNumber,
    },
    record::LabelRecord,
};

/// What a migration writes to a GitHub label.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GitHubLabelFields {
    pub name: String,
    /// Six lowercase hexadecimal digits; `None` leaves the colour to GitHub
    /// (on a create) or as it is (on an update).
    pub color: Option<String>,
    /// `None` leaves the description as it is.
    pub description: Option<String>,
}

impl GitHubLabelFields {
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

pub fn create_body(fields: &GitHubLabelFields) -> CreateLabelBody {
    CreateLabelBody {
        name: fields.name.clone(),
        color: fields.color.clone(),
        description: fields.description.clone(),
    }
}

/// The fields `changes` names; a new name (its case included) as
/// `new_name`.
pub fn update_body(fields: &GitHubLabelFields, changes: &[FieldChange]) -> UpdateLabelBody {
    let changed = |name: &str| changes.iter().any(|change| change.name == name);
    UpdateLabelBody {
        new_name: changed("name").then(|| fields.name.clone()),
        color: changed("color").then(|| fields.color.clone()).flatten(),
        description: changed("description")
            .then(|| fields.description.clone())
            .flatten(),
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
                provider: Provider::GitHub,
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
        let (refused, errors) = clashing_names(&records, "GitHub", |r| name_key(&r.name));
        let mapped = records
            .into_iter()
            .map(|record| {
                let target = GitHubLabelFields {
                    name: record.name.clone(),
                    color: record.colour.map(|c| c.hex()),
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

    fn changes(label: &Label, wanted: &GitHubLabelFields) -> Vec<FieldChange> {
        changes(found(label), wanted.compared(), true)
    }

    fn content(label: &Label, _: bool) -> Content {
        content(
            &label.name,
            label.color.as_deref(),
            label.description.as_deref(),
        )
    }

    fn wanted_content(fields: &GitHubLabelFields) -> Content {
        content(
            &fields.name,
            fields.color.as_deref(),
            fields.description.as_deref(),
        )
    }

    fn age(label: &Label, position: usize) -> (String, WholeNumber) {
        let order = label.id.unwrap_or(position as i64);
        (String::new(), WholeNumber::from(order))
    }
}
