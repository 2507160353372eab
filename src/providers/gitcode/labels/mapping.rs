//! GitCode's labels to and from neutral records: `name` and `color` (sent
//! as six lowercase hexadecimal digits without `#`, read in any form).
//! GitCode needs a colour on every label and holds no description: a
//! source label without a colour is refused before anything is written,
//! and a description is reported as not carried. Names are compared as
//! written, so only source labels with the very same name clash.

use std::{borrow::Cow, collections::HashSet};

use super::GitCodeLabels;
use crate::{
    mapping::{
        FieldChange, Mapped, Mapping, MappingError, MappingOptions, Refused,
        labels::{Compared, WireLabel, changes, clashing_names, content, read_label},
    },
    pipeline::verify::Content,
    providers::{
        Provider,
        forge::Mapper,
        generated::gitcode::types::{CreateLabelBody, Label, UpdateLabelBody},
        number::WholeNumber,
    },
    record::LabelRecord,
};

/// What a migration writes to a GitCode label.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GitCodeLabelFields {
    pub name: String,
    /// Six lowercase hexadecimal digits, no `#`: GitCode needs one.
    pub color: String,
}

impl GitCodeLabelFields {
    fn compared(&self) -> Compared<'_> {
        Compared {
            name: &self.name,
            color: Some(&self.color),
            description: None,
        }
    }
}

fn found(label: &Label) -> Compared<'_> {
    Compared {
        name: &label.name,
        color: label.color.as_deref(),
        description: None,
    }
}

pub fn create_body(fields: &GitCodeLabelFields) -> CreateLabelBody {
    CreateLabelBody {
        name: fields.name.clone(),
        color: fields.color.clone(),
    }
}

/// The fields `changes` names: a new name goes as `name`.
pub fn update_body(fields: &GitCodeLabelFields, changes: &[FieldChange]) -> UpdateLabelBody {
    let changed = |name: &str| changes.iter().any(|change| change.name == name);
    UpdateLabelBody {
        name: changed("name").then(|| fields.name.clone()),
        color: changed("color").then(|| fields.color.clone()),
    }
}

/// The record as GitCode fields, or the error that says it has no colour.
fn target(record: &LabelRecord) -> Result<GitCodeLabelFields, MappingError> {
    match record.colour {
        Some(colour) => Ok(GitCodeLabelFields {
            name: record.name.clone(),
            color: colour.hex(),
        }),
        None => Err(MappingError::new(
            &record.origin,
            "color",
            format!(
                "is missing, and GitCode needs a colour: give the label {:?} one in the source (six hexadecimal digits, such as d73a4a), then run again",
                record.name
            ),
        )
        .of(crate::record::Kind::Labels)),
    }
}

impl Mapper for GitCodeLabels {
    type Record = LabelRecord;

    fn to_record(
        label: &Label,
        location: Option<String>,
    ) -> Result<LabelRecord, Vec<MappingError>> {
        let present = [
            ("id", label.id.is_some()),
            ("repository_id", label.repository_id.is_some()),
            ("url", label.url.is_some()),
            ("created_at", label.created_at.is_some()),
            ("updated_at", label.updated_at.is_some()),
        ];
        read_label(
            WireLabel {
                provider: Provider::GitCode,
                name: &label.name,
                color: label.color.as_deref(),
                description: None,
                slug: None,
                present: &present,
                extra: &label.extra,
            },
            location,
        )
    }

    /// Maps every record, or refuses those GitCode cannot hold: a name
    /// another source label has too, a label without a colour.
    fn map_records(records: Vec<LabelRecord>, _: &MappingOptions) -> Mapping<GitCodeLabels> {
        let (mut refused, mut errors) =
            clashing_names(&records, "GitCode", |r| Cow::Borrowed(r.name.as_str()));
        let clashing: HashSet<String> = refused.iter().map(|r| r.title.clone()).collect();
        let mut mapped = Vec::with_capacity(records.len());
        for record in records {
            match target(&record) {
                Ok(_) if clashing.contains(&record.name) => {}
                Ok(target) => mapped.push(Mapped { record, target }),
                Err(error) => {
                    errors.push(error);
                    if !clashing.contains(&record.name) {
                        refused.push(Refused::new(
                            &record,
                            "no colour, and GitCode needs one on every label",
                        ));
                    }
                }
            }
        }
        Mapping {
            mapped,
            refused,
            errors,
        }
    }

    /// A description (GitCode labels have none) and a slug.
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

    fn changes(label: &Label, wanted: &GitCodeLabelFields) -> Vec<FieldChange> {
        changes(found(label), wanted.compared(), false)
    }

    fn content(label: &Label, _: bool) -> Content {
        content(&label.name, label.color.as_deref(), None)
    }

    fn wanted_content(fields: &GitCodeLabelFields) -> Content {
        content(&fields.name, Some(&fields.color), None)
    }

    fn age(label: &Label, position: usize) -> (String, WholeNumber) {
        let order = label
            .id
            .clone()
            .unwrap_or_else(|| WholeNumber::from(position as i64));
        (String::new(), order)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::providers::{decode, forge::Identity};

    fn label(value: serde_json::Value) -> Label {
        decode::milestone(value).unwrap()
    }

    /// A provider other than this one: where a source label comes from.
    fn elsewhere() -> Provider {
        Provider::ALL
            .into_iter()
            .find(|provider| *provider != GitCodeLabels::PROVIDER)
            .expect("more than one provider")
    }

    /// A source label as another provider sent it.
    fn source(
        provider: Provider,
        name: &str,
        color: Option<&str>,
        description: Option<&str>,
        slug: Option<&str>,
    ) -> LabelRecord {
        let extra = serde_json::Map::new();
        read_label(
            WireLabel {
                provider,
                name,
                color,
                description,
                slug,
                present: &[("id", true)],
                extra: &extra,
            },
            None,
        )
        .unwrap()
    }

    fn map(records: Vec<LabelRecord>) -> Mapping<GitCodeLabels> {
        GitCodeLabels::map_records(records, &MappingOptions::default())
    }

    #[test]
    fn a_label_reads_with_its_colour_in_one_form_and_its_fields_named() {
        let read = GitCodeLabels::to_record(
            &label(
                serde_json::from_str(
                    r##"{"id": "7", "name": "优先级: 高", "color": "#D73A4A",
                        "repository_id": 123456789012345678901234567890, "url": null,
                        "created_at": "2024-01-01T00:00:00+08:00", "weight": 3}"##,
                )
                .unwrap(),
            ),
            None,
        )
        .unwrap();
        assert_eq!(read.colour.unwrap().hex(), "d73a4a");
        assert_eq!(read.description, None);
        assert_eq!(read.origin.to_string(), "GitCode label 优先级: 高");
        assert_eq!(
            read.read_only,
            ["id", "repository_id", "created_at", "weight"]
        );
    }

    #[test]
    fn a_colour_that_cannot_be_read_names_the_label_and_the_value() {
        let problems =
            GitCodeLabels::to_record(&label(json!({"name": "🐛 bug", "color": "#zz0000"})), None)
                .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "color");
        assert_eq!(problems[0].value.as_deref(), Some("#zz0000"));
        assert_eq!(problems[0].origin, "GitCode label 🐛 bug");
    }

    #[test]
    fn colours_are_sent_as_six_lowercase_digits_without_a_hash() {
        for (form, sent) in [
            ("#D73A4A", "d73a4a"),
            ("d73a4a", "d73a4a"),
            ("#fA0", "ffaa00"),
        ] {
            let records = vec![source(elsewhere(), "bug", Some(form), None, None)];
            let mapping = map(records);
            assert!(mapping.errors.is_empty());
            let body = create_body(&mapping.mapped[0].target);
            assert_eq!((body.name.as_str(), body.color.as_str()), ("bug", sent));
        }
    }

    #[test]
    fn a_label_without_a_colour_is_refused_before_any_write_naming_it() {
        let records = vec![
            source(elsewhere(), "help wanted", None, None, None),
            source(elsewhere(), "area/ui", Some("0e8a16"), None, None),
        ];
        let mapping = map(records);
        assert_eq!(mapping.errors.len(), 1);
        let error = mapping.errors[0].to_string();
        assert!(error.contains("GitCode needs a colour"), "{error}");
        assert!(error.contains("\"help wanted\""), "{error}");
        assert_eq!(mapping.errors[0].field, "color");
        assert_eq!(mapping.refused.len(), 1);
        assert_eq!(mapping.refused[0].title, "help wanted");
        let mapped: Vec<&str> = mapping
            .mapped
            .iter()
            .map(|m| m.target.name.as_str())
            .collect();
        assert_eq!(mapped, ["area/ui"]);
    }

    #[test]
    fn only_the_very_same_name_clashes_and_each_label_is_refused_once() {
        let records = vec![
            source(elsewhere(), "Bug", Some("d73a4a"), None, Some("bug")),
            source(elsewhere(), "bug", None, None, Some("bug-2")),
            source(elsewhere(), "bug", Some("ffffff"), None, Some("bug-3")),
        ];
        let mapping = map(records);
        let mapped: Vec<&str> = mapping
            .mapped
            .iter()
            .map(|m| m.target.name.as_str())
            .collect();
        assert_eq!(mapped, ["Bug"]);
        let refused: Vec<&str> = mapping.refused.iter().map(|r| r.origin.as_str()).collect();
        let from = elsewhere();
        assert_eq!(
            refused,
            [format!("{from} label bug-2"), format!("{from} label bug-3")]
        );
        let fields: Vec<&str> = mapping.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "color"]);
        assert!(mapping.errors[0].problem.contains("GitCode would take"));
    }

    #[test]
    fn a_description_and_a_slug_are_reported_as_not_carried() {
        let cases = [
            (Some("Something is broken"), None, vec!["description"]),
            (Some(""), None, vec![]),
            (None, Some("bug"), vec!["slug"]),
        ];
        for (description, slug, expected) in cases {
            let record = source(elsewhere(), "bug", Some("d73a4a"), description, slug);
            assert_eq!(GitCodeLabels::not_carried(&record), expected);
        }
    }

    #[test]
    fn a_label_equal_in_every_held_field_needs_no_change() {
        let wanted = GitCodeLabelFields {
            name: "50%".into(),
            color: "d73a4a".into(),
        };
        for color in ["#D73A4A", "d73a4a", "#d73a4a"] {
            let found = label(json!({"name": "50%", "color": color, "id": 1}));
            assert_eq!(GitCodeLabels::changes(&found, &wanted), [], "{color}");
            assert_eq!(
                GitCodeLabels::content(&found, false),
                GitCodeLabels::wanted_content(&wanted)
            );
        }
    }

    #[test]
    fn a_rename_and_a_new_colour_are_sent_and_nothing_else() {
        let wanted = GitCodeLabelFields {
            name: "Bug".into(),
            color: "ffffff".into(),
        };
        let found = label(json!({"name": "bug", "color": "#d73a4a"}));
        let changes = GitCodeLabels::changes(&found, &wanted);
        let names: Vec<&str> = changes.iter().map(|c| c.name).collect();
        assert_eq!(names, ["name", "color"]);
        let body = update_body(&wanted, &changes);
        assert_eq!(body.name.as_deref(), Some("Bug"));
        assert_eq!(body.color.as_deref(), Some("ffffff"));
        let recoloured = label(json!({"name": "Bug", "color": "d73a4a"}));
        let body = update_body(&wanted, &GitCodeLabels::changes(&recoloured, &wanted));
        assert_eq!((body.name, body.color.as_deref()), (None, Some("ffffff")));
    }

    #[test]
    fn names_match_as_written() {
        let found = label(json!({"name": "Bug", "color": "d73a4a"}));
        let wanted = GitCodeLabelFields {
            name: "bug".into(),
            color: "d73a4a".into(),
        };
        assert_eq!(GitCodeLabels::match_key(&found).as_deref(), Some("Bug"));
        assert_eq!(GitCodeLabels::fields_match_key(&wanted), "bug");
    }
}
