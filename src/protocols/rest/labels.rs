//! A member's labels to and from neutral records: `name`, `color` (six
//! hexadecimal digits, with a `#` where the member wants one) and
//! `description`, read through [`RestLabel`]. Names the target would take
//! for one label are refused before anything is written (mileport matches
//! labels by name, as the member compares names); what a write sends is
//! [`LabelFields`], and of an update only what changes ([`LabelChange`]).
//! A member's labels are mapped by the one [`Mapper`] written here, over
//! what it says of them in [`RestLabels`].

use serde_json::{Map, Value};

use super::label_kind::RestLabelKind;
use crate::{
    forge::{Forge, Identity, Mapper, Mapping},
    mapping::{
        FieldChange, MappingError, MappingOptions, Refused,
        labels::{Compared, WireLabel, changes, clashing_names, content, read_label},
    },
    net::number::WholeNumber,
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
    /// The fields mileport does not know.
    fn extra(&self) -> &Map<String, Value>;
}

/// [`RestLabel`] for a member's generated label type `$label`, whose
/// `name`, `color`, `description` and kept unknown fields (`extra`) are
/// named alike in every member's spec.
macro_rules! rest_label {
    ($label:ty) => {
        impl $crate::protocols::rest::labels::RestLabel for $label {
            fn name(&self) -> &str {
                &self.name
            }

            fn color(&self) -> Option<&str> {
                self.color.as_deref()
            }

            fn description(&self) -> Option<&str> {
                self.description.as_deref()
            }

            fn extra(&self) -> &::serde_json::Map<String, ::serde_json::Value> {
                &self.extra
            }
        }
    };
}

pub(crate) use rest_label;

/// What a member says of its labels, for the family's [`Mapper`].
pub trait RestLabels: RestLabelKind + Identity<Object: RestLabel, Fields = LabelFields> {
    /// Who would take two names for one label, in the reason they are
    /// refused.
    const TARGET: &'static str;
    /// The colour a label is created with when the source has none, where
    /// the member gives one.
    const DEFAULT_COLOR: Option<&'static str>;
    /// A colour, as the member writes it.
    fn colour(colour: Colour) -> String;
    /// The fields of the member's schema that mileport does not write,
    /// each with whether `label` has it.
    fn present(label: &Self::Object) -> Vec<(&'static str, bool)>;
    /// Where `label`, listed at `position`, comes among the labels.
    fn order(label: &Self::Object, position: usize) -> i64;
}

impl<L: RestLabels> Mapper for L {
    type Record = LabelRecord;

    fn to_record(
        label: &L::Object,
        location: Option<String>,
    ) -> Result<LabelRecord, Vec<MappingError>> {
        read_label(
            WireLabel {
                provider: L::PROVIDER,
                name: label.name(),
                color: label.color(),
                description: label.description(),
                slug: None,
                present: &L::present(label),
                extra: label.extra(),
            },
            location,
        )
    }

    /// Maps every record, or refuses the names the member would take for
    /// one label.
    fn map_records(records: Vec<Self::Record>, _: &MappingOptions) -> Mapping<L>
    where
        L: Forge,
    {
        let (pairs, refused, errors) = plan::<L>(records);
        Mapping::from_pairs(pairs, refused, errors)
    }

    fn not_carried(record: &LabelRecord) -> Vec<&'static str> {
        record.slug.iter().map(|_| "slug").collect()
    }

    fn changes(label: &L::Object, wanted: &LabelFields) -> Vec<FieldChange> {
        label_changes(label, wanted)
    }

    fn content(label: &L::Object, _: bool) -> Content {
        label_content(label)
    }

    fn wanted_content(fields: &LabelFields) -> Content {
        wanted_content(fields, L::DEFAULT_COLOR)
    }

    fn age(label: &L::Object, position: usize) -> (String, WholeNumber) {
        (String::new(), WholeNumber::from(L::order(label, position)))
    }
}

fn found<L: RestLabel>(label: &L) -> Compared<'_> {
    Compared {
        name: label.name(),
        color: label.color(),
        description: label.description(),
    }
}

/// The record of `L`'s labels, named as its [`Mapper`] names it.
type RecordOf<L> = <L as Mapper>::Record;

/// Every record mapped for `L`, and the names `L` would take for one
/// label refused.
type Plan<L> = (
    Vec<(RecordOf<L>, LabelFields)>,
    Vec<Refused>,
    Vec<MappingError>,
);

/// Maps every record for `L`, or refuses the names `L` would take for one
/// label ([`RestLabelKind::name_key`] says how it compares names;
/// [`RestLabels::TARGET`] names who would take them so in the reason).
fn plan<L: RestLabels>(records: Vec<RecordOf<L>>) -> Plan<L> {
    let (refused, errors) = clashing_names(&records, L::TARGET, |r| L::name_key(&r.name));
    let mapped = records
        .iter()
        .map(|record| {
            let target = LabelFields {
                name: record.name.clone(),
                color: record.colour.map(L::colour),
                description: record.description.clone(),
            };
            (record.clone(), target)
        })
        .collect();
    (mapped, refused, errors)
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
