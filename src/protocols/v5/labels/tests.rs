//! The promises every v5 provider's labels keep, written once: a member's
//! tests run [`every_promise`] on its labels.

use serde_json::{Value, json};

use super::{LabelFields, WireLabel, backup::COLUMNS};
use crate::{
    files::Location,
    forge::{Forge, Identity, Mapper, Mapping},
    mapping::{
        MappingOptions,
        labels::{WireLabel as Wire, read_label},
    },
    net::decode,
    provider::Provider,
    record::LabelRecord,
};

/// A member's labels, as the forge sees them: the types named, so that
/// the tests can read what the forge's traits hand back.
pub trait Labels:
    Forge + Identity<Fields = LabelFields, Object: WireLabel> + Mapper<Record = LabelRecord>
{
}

impl<K> Labels for K where
    K: Forge + Identity<Fields = LabelFields, Object: WireLabel> + Mapper<Record = LabelRecord>
{
}

/// Every test below, on a member's labels.
pub fn every_promise<K: Labels>() {
    reads_with_its_colour_in_one_form_and_its_fields_named::<K>();
    a_colour_that_cannot_be_read_names_the_label_and_the_value::<K>();
    colours_are_sent_as_six_lowercase_digits_without_a_hash::<K>();
    a_label_without_a_colour_is_refused_before_any_write_naming_it::<K>();
    only_the_very_same_name_clashes_and_each_label_is_refused_once::<K>();
    a_description_and_a_slug_are_reported_as_not_carried::<K>();
    a_label_equal_in_every_held_field_needs_no_change::<K>();
    a_rename_and_a_new_colour_are_sent_and_nothing_else::<K>();
    names_match_as_written::<K>();
    a_label_survives_a_row_as_it_was_sent::<K>();
    a_wrong_value_names_the_field_and_the_value::<K>();
}

fn label<K: Labels>(value: Value) -> K::Object {
    decode::milestone(value).unwrap()
}

/// A provider other than `P`: where a source label comes from.
fn elsewhere<K: Labels>() -> Provider {
    Provider::all()
        .iter()
        .copied()
        .find(|provider| *provider != K::PROVIDER)
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
        Wire {
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

fn map<K: Labels>(records: Vec<LabelRecord>) -> Mapping<K> {
    K::map_records(records, &MappingOptions::default())
}

fn fields(name: &str, color: &str) -> LabelFields {
    LabelFields {
        name: name.into(),
        color: color.into(),
    }
}

fn reads_with_its_colour_in_one_form_and_its_fields_named<K: Labels>() {
    let read = K::to_record(
        &label::<K>(
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
    assert_eq!(
        read.origin.to_string(),
        format!("{} label 优先级: 高", K::NAME)
    );
    assert_eq!(
        read.read_only,
        ["id", "repository_id", "created_at", "weight"]
    );
}

fn a_colour_that_cannot_be_read_names_the_label_and_the_value<K: Labels>() {
    let sent = label::<K>(json!({"name": "🐛 bug", "color": "#zz0000"}));
    let problems = K::to_record(&sent, None).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "color");
    assert_eq!(problems[0].value.as_deref(), Some("#zz0000"));
    assert_eq!(problems[0].origin, format!("{} label 🐛 bug", K::NAME));
}

fn colours_are_sent_as_six_lowercase_digits_without_a_hash<K: Labels>() {
    for (form, sent) in [
        ("#D73A4A", "d73a4a"),
        ("d73a4a", "d73a4a"),
        ("#fA0", "ffaa00"),
    ] {
        let mapping = map::<K>(vec![source(
            elsewhere::<K>(),
            "bug",
            Some(form),
            None,
            None,
        )]);
        assert!(mapping.errors.is_empty());
        assert_eq!(mapping.mapped[0].target, fields("bug", sent));
    }
}

fn a_label_without_a_colour_is_refused_before_any_write_naming_it<K: Labels>() {
    let records = vec![
        source(elsewhere::<K>(), "help wanted", None, None, None),
        source(elsewhere::<K>(), "area/ui", Some("0e8a16"), None, None),
    ];
    let mapping = map::<K>(records);
    assert_eq!(mapping.errors.len(), 1);
    let error = mapping.errors[0].to_string();
    assert!(
        error.contains(&format!("{} needs a colour", K::NAME)),
        "{error}"
    );
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

fn only_the_very_same_name_clashes_and_each_label_is_refused_once<K: Labels>() {
    let from = elsewhere::<K>();
    let records = vec![
        source(from, "Bug", Some("d73a4a"), None, Some("bug")),
        source(from, "bug", None, None, Some("bug-2")),
        source(from, "bug", Some("ffffff"), None, Some("bug-3")),
    ];
    let mapping = map::<K>(records);
    let mapped: Vec<&str> = mapping
        .mapped
        .iter()
        .map(|m| m.target.name.as_str())
        .collect();
    assert_eq!(mapped, ["Bug"]);
    let refused: Vec<&str> = mapping.refused.iter().map(|r| r.origin.as_str()).collect();
    assert_eq!(
        refused,
        [format!("{from} label bug-2"), format!("{from} label bug-3")]
    );
    let named: Vec<&str> = mapping.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(named, ["name", "color"]);
    let would_take = format!("{} would take", K::NAME);
    assert!(mapping.errors[0].problem.contains(&would_take));
}

fn a_description_and_a_slug_are_reported_as_not_carried<K: Labels>() {
    let cases = [
        (Some("Something is broken"), None, vec!["description"]),
        (Some(""), None, vec![]),
        (None, Some("bug"), vec!["slug"]),
    ];
    for (description, slug, expected) in cases {
        let record = source(elsewhere::<K>(), "bug", Some("d73a4a"), description, slug);
        assert_eq!(K::not_carried(&record), expected);
    }
}

fn a_label_equal_in_every_held_field_needs_no_change<K: Labels>() {
    let wanted = fields("50%", "d73a4a");
    for color in ["#D73A4A", "d73a4a", "#d73a4a"] {
        let found = label::<K>(json!({"name": "50%", "color": color, "id": 1}));
        assert_eq!(K::changes(&found, &wanted), [], "{color}");
        assert_eq!(K::content(&found, false), K::wanted_content(&wanted));
    }
}

fn a_rename_and_a_new_colour_are_sent_and_nothing_else<K: Labels>() {
    let wanted = fields("Bug", "ffffff");
    let found = label::<K>(json!({"name": "bug", "color": "#d73a4a"}));
    let changes = K::changes(&found, &wanted);
    let names: Vec<&str> = changes.iter().map(|c| c.name).collect();
    assert_eq!(names, ["name", "color"]);
    let change = wanted.change(&changes);
    assert_eq!(change.name.as_deref(), Some("Bug"));
    assert_eq!(change.color.as_deref(), Some("ffffff"));
    let recoloured = label::<K>(json!({"name": "Bug", "color": "d73a4a"}));
    let change = wanted.change(&K::changes(&recoloured, &wanted));
    assert_eq!(
        (change.name, change.color.as_deref()),
        (None, Some("ffffff"))
    );
}

fn names_match_as_written<K: Labels>() {
    let found = label::<K>(json!({"name": "Bug", "color": "d73a4a"}));
    let wanted = fields("bug", "d73a4a");
    assert_eq!(K::match_key(&found).as_deref(), Some("Bug"));
    assert_eq!(K::fields_match_key(&wanted), "bug");
}

fn location() -> Location {
    Location {
        file: "labels.csv".into(),
        kind: crate::record::Kind::Labels,
        line: Some(2),
        index: 0,
    }
}

/// Labels as the family may send them (every field of its schema, some
/// `null`): ids as numbers or strings, numbers beyond 64 bits, colours in
/// either form, text that reads as something else, and fields mileport
/// does not know.
const SENT: [&str; 5] = [
    r##"{"id": 1, "name": "🐛 bug", "color": "#d73a4a", "repository_id": 123456789012345678901234567890,
        "url": "https://example.com/o/r/labels/1", "created_at": "2024-01-01T00:00:00+08:00",
        "updated_at": null}"##,
    r##"{"id": "83", "name": "优先级: 高", "color": "D73A4A", "repository_id": "7", "url": null,
        "created_at": null, "updated_at": "2024-01-01T00:00:00Z"}"##,
    r##"{"id": null, "name": "50%", "color": "ffffff", "repository_id": null, "url": "",
        "created_at": "", "updated_at": "", "extra": {"a": [1, null]}, "weight": 1.50}"##,
    r##"{"id": 2, "name": "null", "color": "", "repository_id": 0, "url": "true",
        "created_at": "42", "updated_at": " x\t\r\n"}"##,
    r##"{"id": 3, "name": "=cmd|' /C calc'!A0", "color": "#FA0", "repository_id": 1,
        "url": "a,b\"c\nd", "created_at": null, "updated_at": null, "note": "\"quoted\""}"##,
];

fn a_label_survives_a_row_as_it_was_sent<K: Labels>() {
    for text in SENT {
        let value: Value = serde_json::from_str(text).unwrap();
        let label: K::Object = decode::milestone(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&label).unwrap(), value, "{text}");
        let row = K::flatten(&label, &location()).unwrap();
        let back = K::unflatten(row, &location()).unwrap();
        assert_eq!(back, label, "{text}");
        assert_eq!(serde_json::to_value(&back).unwrap(), value, "{text}");
    }
    assert_eq!(K::COLUMNS, COLUMNS);
}

fn a_wrong_value_names_the_field_and_the_value<K: Labels>() {
    let cases = [
        (
            json!({"name": "bug", "repository_id": "x7"}),
            "repository_id",
            "x7",
        ),
        (json!({"name": "bug", "color": 123}), "color", "123"),
        (json!({"color": "d73a4a"}), "name", "empty or missing"),
        (json!({"name": null}), "name", "empty or missing"),
    ];
    for (fields, field, value) in cases {
        let error = K::check_json(fields.as_object().unwrap(), &location()).unwrap_err();
        let shown = error.to_string();
        assert!(shown.starts_with("labels.csv:2: "), "{shown}");
        assert!(shown.contains(&format!("`{field}`")), "{shown}");
        assert!(shown.contains(value), "{shown}");
    }
}
