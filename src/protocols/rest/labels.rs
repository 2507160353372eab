//! A member's labels to and from neutral records: `name`, `color` (six
//! hexadecimal digits, with a `#` where the member wants one) and
//! `description`, read through [`RestLabel`]. Names the target would take
//! for one label are refused before anything is written (mileport matches
//! labels by name, as the member compares names); what a write sends is
//! [`LabelFields`], and of an update only what changes ([`LabelChange`]).

use std::borrow::Cow;

use crate::{
    forge::{Forge, Mapped, Mapping},
    mapping::{
        FieldChange,
        labels::{Compared, changes, clashing_names, content},
    },
    record::{Colour, Content, LabelRecord},
};

/// What a migration writes to a label of the family.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LabelFields {
    pub name: String,
    /// Six lowercase hexadecimal digits, `#` first where the member wants
    /// one; `None` leaves the colour to the member's default (on a create)
    /// or as it is (on an update).
    pub color: Option<String>,
    /// `None` leaves the description as it is.
    pub description: Option<String>,
}

/// What an update sends: each field that changes, `None` for the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelChange {
    pub name: Option<String>,
    pub color: Option<String>,
    pub description: Option<String>,
}

impl LabelFields {
    fn compared(&self) -> Compared<'_> {
        Compared {
            name: &self.name,
            color: self.color.as_deref(),
            description: self.description.as_deref(),
        }
    }

    /// The fields `changes` names, as these fields have them.
    pub fn change(&self, changes: &[FieldChange]) -> LabelChange {
        let changed = |name: &str| changes.iter().any(|change| change.name == name);
        LabelChange {
            name: changed("name").then(|| self.name.clone()),
            color: changed("color").then(|| self.color.clone()).flatten(),
            description: changed("description")
                .then(|| self.description.clone())
                .flatten(),
        }
    }
}

/// A member's generated label, read through.
pub trait RestLabel {
    fn name(&self) -> &str;
    /// As sent, any form; `None` when the label has none.
    fn color(&self) -> Option<&str>;
    fn description(&self) -> Option<&str>;
}

fn found<L: RestLabel>(label: &L) -> Compared<'_> {
    Compared {
        name: label.name(),
        color: label.color(),
        description: label.description(),
    }
}

/// Maps every record for `F`, or refuses the names `F` would take for one
/// label (`key` says how it compares names; `target` names who would take
/// them so in the reason); `colour` writes a colour as `F` wants it.
pub fn map_labels<'a, F: Forge<Record = LabelRecord, Fields = LabelFields>>(
    records: &'a [LabelRecord],
    target: &str,
    key: impl Fn(&'a LabelRecord) -> Cow<'a, str>,
    colour: impl Fn(Colour) -> String,
) -> Mapping<F> {
    let (refused, errors) = clashing_names(records, target, key);
    let mapped = records
        .iter()
        .map(|record| Mapped {
            target: LabelFields {
                name: record.name.clone(),
                color: record.colour.map(&colour),
                description: record.description.clone(),
            },
            record: record.clone(),
        })
        .collect();
    Mapping {
        mapped,
        refused,
        errors,
    }
}

/// Where a label on the target differs from what it should be.
pub fn label_changes<L: RestLabel>(label: &L, wanted: &LabelFields) -> Vec<FieldChange> {
    changes(found(label), wanted.compared(), true)
}

/// A label reduced to what a create sets, for spotting copies.
pub fn label_content<L: RestLabel>(label: &L) -> Content {
    content(label.name(), label.color(), label.description())
}

/// What a label created with `fields` holds, a colour left out taken as
/// `default` (the member's, where it gives one).
pub fn wanted_content(fields: &LabelFields, default: Option<&str>) -> Content {
    content(
        &fields.name,
        fields.color.as_deref().or(default),
        fields.description.as_deref(),
    )
}
