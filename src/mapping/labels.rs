//! What every provider's label mapping shares: a label read into a
//! [`LabelRecord`] with every problem named, names that would clash on a
//! target refused before anything is written, and the fields an update
//! changes (name, colour and, where both sides hold one, description).

use std::{borrow::Cow, collections::BTreeMap};

use super::{Field, FieldChange, MappingError, Refused, reading::read_only_fields, shown};
use crate::{
    provider::Provider,
    record::{Colour, Kind, LabelRecord, Origin},
};

/// A label as its provider sent it, for [`read_label`].
pub struct WireLabel<'a> {
    pub provider: Provider,
    /// What the provider calls the name field (`name`).
    pub name: &'a str,
    pub color: Option<&'a str>,
    pub description: Option<&'a str>,
    pub slug: Option<&'a str>,
    /// The provider's read-only fields, each with whether it is present.
    pub present: &'a [(&'static str, bool)],
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// Reads a label into a record: its name must not be blank, and its
/// colour, when it has one, must be a colour (see [`Colour::parse`]).
pub fn read_label(
    label: WireLabel<'_>,
    location: Option<String>,
) -> Result<LabelRecord, Vec<MappingError>> {
    let origin = Origin {
        kind: Kind::Labels,
        provider: label.provider,
        key: label.slug.unwrap_or(label.name).to_owned(),
        location,
    };
    let mut problems = Vec::new();
    if label.name.trim().is_empty() {
        problems.push(
            MappingError::new(&origin, "name", "is empty: every label needs a name")
                .of(Kind::Labels),
        );
    }
    let colour = match label.color.filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => match Colour::parse(text) {
            Some(colour) => Some(colour),
            None => {
                problems.push(
                    MappingError::new(
                        &origin,
                        "color",
                        format!(
                            "is `{}`, not a colour: write six hexadecimal digits, such as \
                             d73a4a or #d73a4a",
                            crate::error_text::excerpt(text)
                        ),
                    )
                    .with_value(text)
                    .of(Kind::Labels),
                );
                None
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(LabelRecord {
        name: label.name.to_owned(),
        colour,
        description: label.description.map(str::to_owned),
        slug: label.slug.map(str::to_owned),
        read_only: read_only_fields(label.present, label.extra),
        origin,
    })
}

/// The labels whose names the target would take for one another (`key`
/// says how the target compares names: in lower case on GitHub, as a slug
/// on SourceCraft): each such name refused, naming every holder, before
/// anything is written.
pub fn clashing_names<'a>(
    records: &'a [LabelRecord],
    target: &str,
    key: impl Fn(&'a LabelRecord) -> Cow<'a, str>,
) -> (Vec<Refused>, Vec<MappingError>) {
    let mut holders: BTreeMap<Cow<'a, str>, Vec<&'a LabelRecord>> = BTreeMap::new();
    for record in records {
        holders.entry(key(record)).or_default().push(record);
    }
    let mut refused = Vec::new();
    let mut errors = Vec::new();
    for clashing in holders.values().filter(|holders| holders.len() > 1) {
        let names: Vec<String> = clashing
            .iter()
            .map(|r| format!("{:?} ({})", r.name, r.origin))
            .collect();
        let reason = format!(
            "{target} would take these labels for one label: {}",
            names.join(", ")
        );
        errors.push(
            MappingError::new(
                &clashing[0].origin,
                "name",
                format!("{reason}; rename all but one of them in the source, then run again"),
            )
            .of(Kind::Labels),
        );
        refused.extend(clashing.iter().map(|r| Refused::new(*r, reason.clone())));
    }
    (refused, errors)
}

/// A label as the target holds it and as it should be, for [`changes`].
pub struct Compared<'a> {
    pub name: &'a str,
    /// As sent, any form; `None` when the label has none.
    pub color: Option<&'a str>,
    pub description: Option<&'a str>,
}

/// Where a label on the target differs from what it should be, by the
/// provider's field names: the name byte for byte (a change of letter
/// case is a change), the colour as a colour (`#D73A4A` is `d73a4a`) when
/// the source has one, and the description (none and empty alike) when
/// the target holds descriptions and the source has one.
pub fn changes(
    found: Compared<'_>,
    wanted: Compared<'_>,
    holds_description: bool,
) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    if found.name != wanted.name {
        changes.push(FieldChange {
            field: Field::Title,
            name: "name",
            target: found.name.to_owned(),
            wanted: wanted.name.to_owned(),
        });
    }
    if let Some(wanted_color) = wanted.color
        && found.color.and_then(Colour::parse) != Colour::parse(wanted_color)
    {
        changes.push(FieldChange {
            field: Field::Colour,
            name: "color",
            target: shown(found.color),
            wanted: wanted_color.to_owned(),
        });
    }
    if holds_description && let Some(wanted_description) = wanted.description {
        let found_description = found.description.unwrap_or_default();
        if found_description != wanted_description {
            changes.push(FieldChange {
                field: Field::Description,
                name: "description",
                target: found_description.to_owned(),
                wanted: wanted_description.to_owned(),
            });
        }
    }
    changes
}

/// A label reduced to what a create sets, for spotting copies.
pub fn content(
    name: &str,
    color: Option<&str>,
    description: Option<&str>,
) -> crate::record::Content {
    (
        name.to_owned(),
        color
            .and_then(Colour::parse)
            .map(|c| c.hex())
            .unwrap_or_default(),
        description.unwrap_or_default().to_owned(),
        String::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire<'a>(
        name: &'a str,
        color: Option<&'a str>,
        extra: &'a serde_json::Map<String, serde_json::Value>,
    ) -> WireLabel<'a> {
        WireLabel {
            provider: Provider::all()[0],
            name,
            color,
            description: None,
            slug: None,
            present: &[("id", true)],
            extra,
        }
    }

    #[test]
    fn a_label_reads_with_its_colour_in_one_form() {
        let extra = serde_json::Map::new();
        let record = read_label(wire("🐛 bug", Some("#D73A4A"), &extra), None).unwrap();
        assert_eq!(record.colour.unwrap().hex(), "d73a4a");
        assert_eq!(record.read_only, vec![Cow::Borrowed("id")]);
        let origin = format!("{} label 🐛 bug", Provider::all()[0]);
        assert_eq!(record.origin.to_string(), origin);
    }

    #[test]
    fn a_blank_name_and_a_bad_colour_are_both_named() {
        let extra = serde_json::Map::new();
        let problems =
            read_label(wire(" ", Some("red"), &extra), Some("f.csv:3".into())).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].field, "name");
        assert_eq!(problems[1].field, "color");
        assert_eq!(problems[1].value.as_deref(), Some("red"));
        assert_eq!(problems[1].origin, "f.csv:3");
    }

    #[test]
    fn names_that_clash_on_the_target_are_refused_together() {
        let extra = serde_json::Map::new();
        let records: Vec<LabelRecord> = ["Bug", "bug", "help wanted"]
            .iter()
            .map(|name| read_label(wire(name, None, &extra), None).unwrap())
            .collect();
        let (refused, errors) =
            clashing_names(&records, "GitHub", |r| Cow::Owned(r.name.to_lowercase()));
        assert_eq!(refused.len(), 2);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].problem.contains("\"Bug\""),
            "{}",
            errors[0].problem
        );
        assert!(
            errors[0].problem.contains("\"bug\""),
            "{}",
            errors[0].problem
        );
    }

    #[test]
    fn colours_compare_as_colours_and_descriptions_only_where_held() {
        let found = Compared {
            name: "bug",
            color: Some("#D73A4A"),
            description: None,
        };
        let same = Compared {
            name: "bug",
            color: Some("d73a4a"),
            description: Some(""),
        };
        assert!(changes(found, same, true).is_empty());
        let found = Compared {
            name: "bug",
            color: Some("d73a4a"),
            description: Some("x"),
        };
        let wanted = Compared {
            name: "Bug",
            color: Some("ffffff"),
            description: Some("y"),
        };
        let fields: Vec<&str> = changes(found, wanted, true)
            .iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(fields, ["name", "color", "description"]);
        let found = Compared {
            name: "bug",
            color: Some("d73a4a"),
            description: Some("x"),
        };
        let wanted = Compared {
            name: "bug",
            color: None,
            description: Some("y"),
        };
        assert!(changes(found, wanted, false).is_empty());
    }
}
