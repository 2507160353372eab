//! A v5 provider's labels to and from neutral records: `name` and `color`
//! (sent as six lowercase hexadecimal digits without `#`, read in any
//! form). The family needs a colour on every label and holds no
//! description: a source label without a colour is refused before anything
//! is written, and a description is reported as not carried. Names are
//! compared as written, so only source labels with the very same name
//! clash.

use std::{borrow::Cow, collections::HashSet};

use super::{LabelFieldsOf, V5Labels, WireLabel};
use crate::protocols::v5::V5;
use crate::{
    forge::{Forge, Mapper, Mapping},
    mapping::{
        FieldChange, MappingError, MappingOptions, Refused,
        labels::{Compared, WireLabel as Wire, changes, clashing_names, content, read_label},
    },
    net::number::WholeNumber,
    record::{Content, LabelRecord},
};

/// `P`'s neutral record of a label, as the forge's traits name it.
type RecordOf<P> = <V5Labels<P> as Mapper>::Record;

/// The records mapped, each with its fields; those refused; the errors.
type Plan<P> = (
    Vec<(RecordOf<P>, LabelFieldsOf<P>)>,
    Vec<Refused>,
    Vec<MappingError>,
);

/// What a migration writes to a v5 label.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LabelFields {
    pub name: String,
    /// Six lowercase hexadecimal digits, no `#`: the family needs one.
    pub color: String,
}

impl LabelFields {
    fn compared(&self) -> Compared<'_> {
        Compared {
            name: &self.name,
            color: Some(&self.color),
            description: None,
        }
    }

    /// The fields `changes` names: a new name goes as `name`.
    pub fn change(&self, changes: &[FieldChange]) -> LabelChange {
        let changed = |name: &str| changes.iter().any(|change| change.name == name);
        LabelChange {
            name: changed("name").then(|| self.name.clone()),
            color: changed("color").then(|| self.color.clone()),
        }
    }
}

/// What an update sends: each field that changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelChange {
    pub name: Option<String>,
    pub color: Option<String>,
}

fn found(label: &impl WireLabel) -> Compared<'_> {
    Compared {
        name: label.name(),
        color: label.color(),
        description: None,
    }
}

/// The record as fields of `P`, or the error that says it has no colour.
fn target<P: V5>(record: &LabelRecord) -> Result<LabelFieldsOf<P>, MappingError> {
    match record.colour {
        Some(colour) => Ok(LabelFields {
            name: record.name.clone(),
            color: colour.hex(),
        }),
        None => Err(MappingError::new(
            &record.origin,
            "color",
            format!(
                "is missing, and {} needs a colour: give the label {:?} one in the source (six hexadecimal digits, such as d73a4a), then run again",
                P::NAME,
                record.name
            ),
        )
        .of(crate::record::Kind::Labels)),
    }
}

/// The records `P` can hold, each with its fields, and those it refuses,
/// with why: a name another source label has too, a label without a
/// colour. (Apart from `map_records`, where the types are the forge's
/// own, see `write.rs`.)
fn plan<P: V5>(records: Vec<RecordOf<P>>) -> Plan<P> {
    let (mut refused, mut errors) =
        clashing_names(&records, P::NAME, |r| Cow::Borrowed(r.name.as_str()));
    let clashing: HashSet<String> = refused.iter().map(|r| r.title.clone()).collect();
    let mut mapped = Vec::with_capacity(records.len());
    let no_colour = format!("no colour, and {} needs one on every label", P::NAME);
    for record in records {
        match target::<P>(&record) {
            Ok(_) if clashing.contains(&record.name) => {}
            Ok(target) => mapped.push((record, target)),
            Err(error) => {
                errors.push(error);
                if !clashing.contains(&record.name) {
                    refused.push(Refused::new(&record, &no_colour));
                }
            }
        }
    }
    (mapped, refused, errors)
}

impl<P: V5> Mapper for V5Labels<P> {
    type Record = LabelRecord;

    fn to_record(
        label: &P::Label,
        location: Option<String>,
    ) -> Result<LabelRecord, Vec<MappingError>> {
        read_label(
            Wire {
                provider: P::PROVIDER,
                name: label.name(),
                color: label.color(),
                description: None,
                slug: None,
                present: &label.present(),
                extra: label.extra(),
            },
            location,
        )
    }

    /// Maps every record, or refuses those the provider cannot hold: a
    /// name another source label has too, a label without a colour.
    fn map_records(records: Vec<Self::Record>, _: &MappingOptions) -> Mapping<Self>
    where
        Self: Forge,
    {
        let (pairs, refused, errors) = plan::<P>(records);
        Mapping::from_pairs(pairs, refused, errors)
    }

    /// A description (the family's labels have none) and a slug.
    fn not_carried(record: &LabelRecord) -> Vec<&'static str> {
        let mut fields = Vec::new();
        if record.description.as_deref().is_some_and(|d| !d.is_empty()) {
            fields.push("description");
        }
        if record.slug.is_some() {
            fields.push("slug");
        }
        fields
    }

    fn changes(label: &P::Label, wanted: &LabelFields) -> Vec<FieldChange> {
        changes(found(label), wanted.compared(), false)
    }

    fn content(label: &P::Label, _: bool) -> Content {
        content(label.name(), label.color(), None)
    }

    fn wanted_content(fields: &LabelFields) -> Content {
        content(&fields.name, Some(&fields.color), None)
    }

    fn age(label: &P::Label, position: usize) -> (String, WholeNumber) {
        let order = label
            .id()
            .cloned()
            .unwrap_or_else(|| WholeNumber::from(position as i64));
        (String::new(), order)
    }
}
