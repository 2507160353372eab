//! SourceCraft's labels to and from neutral records: `name`, `slug` and
//! `color` (written `#` and six lowercase hexadecimal digits, read in any
//! form). A record from SourceCraft keeps its slug; any other gets the slug
//! its name gives (the rule for milestone slugs). Two source labels that
//! would get one slug are refused before anything is written. SourceCraft
//! holds no description: a record's is reported as not carried.

use std::borrow::Cow;

use super::SourceCraftLabels;
use crate::{
    forge::{Mapped, Mapper, Mapping},
    mapping::{
        FieldChange, MappingError, MappingOptions,
        labels::{Compared, WireLabel, changes, clashing_names, content, read_label},
        slug::slug_from_title,
    },
    net::number::WholeNumber,
    providers::sourcecraft::client::types::{CreateLabelBody, Label, UpdateLabelBody},
    record::{Content, LabelRecord, instant},
};

/// What a migration writes to a SourceCraft label.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SourceCraftLabelFields {
    pub name: String,
    /// The key: set on create, never changed by an update.
    pub slug: String,
    /// `#` and six lowercase hexadecimal digits; `None` leaves the colour
    /// to SourceCraft (grey, on a create) or as it is (on an update).
    pub color: Option<String>,
}

impl SourceCraftLabelFields {
    fn compared(&self) -> Compared<'_> {
        Compared {
            name: &self.name,
            color: self.color.as_deref(),
            description: None,
        }
    }
}

fn found(label: &Label) -> Compared<'_> {
    Compared {
        name: label.name.as_deref().unwrap_or_default(),
        color: label.color.as_deref(),
        description: None,
    }
}

/// The slug a record gets on SourceCraft: its own, else its name's.
fn slug_of(record: &LabelRecord) -> Cow<'_, str> {
    match &record.slug {
        Some(slug) => Cow::Borrowed(slug),
        None => Cow::Owned(slug_from_title(&record.name)),
    }
}

pub fn create_body(fields: &SourceCraftLabelFields) -> CreateLabelBody {
    CreateLabelBody {
        name: fields.name.clone(),
        slug: Some(fields.slug.clone()),
        color: fields.color.clone(),
    }
}

/// The name and colour `changes` names; the slug is never changed.
pub fn update_body(fields: &SourceCraftLabelFields, changes: &[FieldChange]) -> UpdateLabelBody {
    let changed = |name: &str| changes.iter().any(|change| change.name == name);
    UpdateLabelBody {
        name: changed("name").then(|| fields.name.clone()),
        slug: None,
        color: changed("color").then(|| fields.color.clone()).flatten(),
    }
}

/// A slug sent blank would address no label.
fn blank_slug(label: &Label, location: Option<String>) -> Option<MappingError> {
    let slug = label.slug.as_deref()?;
    slug.trim().is_empty().then(|| {
        let origin = crate::record::Origin {
            kind: crate::record::Kind::Labels,
            provider: crate::providers::sourcecraft::PROVIDER,
            key: label.name.clone().unwrap_or_default(),
            location,
        };
        MappingError::new(
            &origin,
            "slug",
            "is empty: leave the column out or give a slug",
        )
        .with_value(slug)
        .of(crate::record::Kind::Labels)
    })
}

impl Mapper for SourceCraftLabels {
    type Record = LabelRecord;

    fn to_record(
        label: &Label,
        location: Option<String>,
    ) -> Result<LabelRecord, Vec<MappingError>> {
        let present = [
            ("id", label.id.is_some()),
            ("author", label.author.is_some()),
            ("updated_by", label.updated_by.is_some()),
            ("created_at", label.created_at.is_some()),
            ("updated_at", label.updated_at.is_some()),
        ];
        let read = read_label(
            WireLabel {
                provider: crate::providers::sourcecraft::PROVIDER,
                name: label.name.as_deref().unwrap_or_default(),
                color: label.color.as_deref(),
                description: None,
                slug: label.slug.as_deref(),
                present: &present,
                extra: &label.extra,
            },
            location.clone(),
        );
        match (read, blank_slug(label, location)) {
            (read, None) => read,
            (Ok(_), Some(problem)) => Err(vec![problem]),
            (Err(mut problems), Some(problem)) => {
                problems.push(problem);
                Err(problems)
            }
        }
    }

    /// Maps every record, or refuses those that would get one slug.
    fn map_records(records: Vec<LabelRecord>, _: &MappingOptions) -> Mapping<SourceCraftLabels> {
        let (refused, errors) = clashing_names(&records, "SourceCraft", slug_of);
        let mapped = records
            .into_iter()
            .map(|record| {
                let target = SourceCraftLabelFields {
                    name: record.name.clone(),
                    slug: slug_of(&record).into_owned(),
                    color: record.colour.map(|c| c.hash_hex()),
                };
                Box::new(Mapped { record, target })
            })
            .collect();
        Mapping {
            mapped,
            refused,
            errors,
        }
    }

    fn not_carried(record: &LabelRecord) -> Vec<&'static str> {
        record
            .description
            .iter()
            .filter(|description| !description.is_empty())
            .map(|_| "description")
            .collect()
    }

    fn changes(label: &Label, wanted: &SourceCraftLabelFields) -> Vec<FieldChange> {
        changes(found(label), wanted.compared(), false)
    }

    fn content(label: &Label, _: bool) -> Content {
        content(
            label.name.as_deref().unwrap_or_default(),
            label.color.as_deref(),
            None,
        )
    }

    fn wanted_content(fields: &SourceCraftLabelFields) -> Content {
        content(&fields.name, fields.color.as_deref(), None)
    }

    fn age(label: &Label, position: usize) -> (String, WholeNumber) {
        (
            instant(label.created_at.as_deref()),
            WholeNumber::from(position as i64),
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::{forge::Identity, net::decode, record::Colour};

    fn label(value: Value) -> Label {
        decode::milestone(value).unwrap()
    }

    /// A provider other than this one: where a source label comes from.
    fn elsewhere() -> crate::provider::Provider {
        crate::provider::Provider::all()
            .iter()
            .copied()
            .find(|provider| *provider != SourceCraftLabels::PROVIDER)
            .expect("more than one provider")
    }

    /// A record as another provider would give it.
    fn from_elsewhere(name: &str, colour: Option<&str>, description: Option<&str>) -> LabelRecord {
        read_label(
            WireLabel {
                provider: elsewhere(),
                name,
                color: colour,
                description,
                slug: None,
                present: &[],
                extra: &serde_json::Map::new(),
            },
            None,
        )
        .unwrap()
    }

    fn mapped(records: Vec<LabelRecord>) -> Mapping<SourceCraftLabels> {
        SourceCraftLabels::map_records(records, &MappingOptions::default())
    }

    #[test]
    fn a_label_from_sourcecraft_keeps_its_slug_and_its_colour_in_one_form() {
        let record = SourceCraftLabels::to_record(
            &label(
                json!({"id": "7", "name": "Bug", "slug": "bug-1", "color": "#D73A4A",
                          "author": {"id": "u", "slug": "ann"}, "updated_by": null,
                          "created_at": "2024-01-01T00:00:00Z", "weight": 3}),
            ),
            None,
        )
        .unwrap();
        assert_eq!(record.slug.as_deref(), Some("bug-1"));
        assert_eq!(record.colour, Colour::parse("d73a4a"));
        assert_eq!(record.description, None);
        assert_eq!(record.origin.to_string(), "SourceCraft label bug-1");
        assert_eq!(record.read_only, ["id", "author", "created_at", "weight"]);
        let mapping = mapped(vec![record]);
        assert!(mapping.errors.is_empty());
        let fields = &mapping.mapped[0].target;
        assert_eq!(fields.slug, "bug-1");
        assert_eq!(fields.color.as_deref(), Some("#d73a4a"));
        assert_eq!(
            SourceCraftLabels::planned_id(fields).as_deref(),
            Some("bug-1")
        );
    }

    #[test]
    fn a_label_from_elsewhere_gets_the_slug_its_name_gives() {
        let names = [
            "help wanted",
            "area/ui",
            "🐛 bug",
            "优先级: 高",
            "50%",
            "Релиз",
        ];
        let mapping = mapped(
            names
                .iter()
                .map(|n| from_elsewhere(n, None, None))
                .collect(),
        );
        assert!(mapping.errors.is_empty(), "{:?}", mapping.errors);
        let slugs: Vec<(&str, &str)> = mapping
            .mapped
            .iter()
            .map(|m| (m.target.name.as_str(), m.target.slug.as_str()))
            .collect();
        assert_eq!(
            slugs,
            [
                ("help wanted", "help-wanted"),
                ("area/ui", "area-ui"),
                ("🐛 bug", "bug-bug"),
                ("优先级: 高", "you-xian-ji-gao"),
                ("50%", "50"),
                ("Релиз", "reliz"),
            ]
        );
    }

    #[test]
    fn labels_that_would_get_one_slug_are_refused_naming_both() {
        let mapping = mapped(vec![
            from_elsewhere("Bug", None, None),
            from_elsewhere("bug!", None, None),
            from_elsewhere("question", None, None),
        ]);
        assert_eq!(mapping.refused.len(), 2);
        assert_eq!(mapping.errors.len(), 1);
        let problem = &mapping.errors[0].problem;
        assert!(
            problem.contains("\"Bug\"") && problem.contains("\"bug!\""),
            "{problem}"
        );
        assert!(problem.contains("SourceCraft"), "{problem}");
    }

    #[test]
    fn a_label_without_a_colour_leaves_it_to_sourcecraft_and_never_compares_it() {
        let mapping = mapped(vec![from_elsewhere("bug", None, None)]);
        let fields = &mapping.mapped[0].target;
        let body = serde_json::to_value(create_body(fields)).unwrap();
        assert_eq!(body, json!({"name": "bug", "slug": "bug"}));
        let grey = label(json!({"name": "bug", "slug": "bug", "color": "#808080"}));
        assert!(SourceCraftLabels::changes(&grey, fields).is_empty());
    }

    #[test]
    fn a_label_equal_in_every_held_field_needs_no_change() {
        let fields = SourceCraftLabelFields {
            name: "bug".into(),
            slug: "bug".into(),
            color: Some("#d73a4a".into()),
        };
        let same = label(json!({"name": "bug", "slug": "bug", "color": "D73A4A"}));
        assert!(SourceCraftLabels::changes(&same, &fields).is_empty());
        let other = label(json!({"name": "Bug", "slug": "bug", "color": "#ffffff"}));
        let changes = SourceCraftLabels::changes(&other, &fields);
        let names: Vec<&str> = changes.iter().map(|c| c.name).collect();
        assert_eq!(names, ["name", "color"]);
        let body = serde_json::to_value(update_body(&fields, &changes)).unwrap();
        assert_eq!(body, json!({"name": "bug", "color": "#d73a4a"}));
        let body = serde_json::to_value(update_body(&fields, &changes[1..])).unwrap();
        assert_eq!(body, json!({"color": "#d73a4a"}));
    }

    #[test]
    fn a_description_is_reported_as_not_carried_and_never_compared() {
        let described = from_elsewhere("bug", Some("d73a4a"), Some("Something is wrong"));
        assert_eq!(SourceCraftLabels::not_carried(&described), ["description"]);
        for description in [None, Some("")] {
            let record = from_elsewhere("bug", None, description);
            assert!(SourceCraftLabels::not_carried(&record).is_empty());
        }
        let mapping = mapped(vec![described]);
        let there = label(json!({"name": "bug", "slug": "bug", "color": "#d73a4a"}));
        assert!(SourceCraftLabels::changes(&there, &mapping.mapped[0].target).is_empty());
    }

    #[test]
    fn an_unreadable_colour_and_a_blank_slug_are_errors_naming_the_label() {
        let problems = SourceCraftLabels::to_record(
            &label(json!({"name": "bug", "slug": "bug", "color": "red"})),
            Some("labels.csv:4".into()),
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "color");
        assert_eq!(problems[0].value.as_deref(), Some("red"));
        assert_eq!(problems[0].origin, "labels.csv:4");
        let problems = SourceCraftLabels::to_record(
            &label(json!({"name": "bug", "slug": " ", "color": "#zzz"})),
            None,
        )
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["color", "slug"]);
        assert!(problems[1].origin.contains("bug"), "{}", problems[1].origin);
    }
}
