//! Properties of the backup readers and writers: no input makes a reader
//! panic, and any milestone survives writing and reading in either format.

use mileport::{
    backup::{parse_backup, write_backup_to},
    files::Format,
    forge::Forge,
    providers::{
        gitcode::GitCode, gitcode::client::types as gc, sourcecraft::SourceCraft,
        sourcecraft::client::types as sc,
    },
};

use crate::support::read_any;
use proptest::{collection, option, prelude::*};
use serde_json::{Map, Value};

/// Text that CSV finds hard: separators, quotes, line ends, and any Unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z ,\"\r\n]{0,12}",
        any::<String>(),
        "[你好中国 ,\"\n]{0,6}",
    ]
}

fn extra_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        text().prop_map(Value::String),
        collection::vec(any::<i32>().prop_map(Value::from), 0..3).prop_map(Value::Array),
    ]
}

/// Unknown fields, named so they cannot be mistaken for known ones.
fn extras() -> impl Strategy<Value = Map<String, Value>> {
    collection::btree_map("x_[a-z_]{0,6}", extra_value(), 0..3)
        .prop_map(|map| map.into_iter().collect())
}

pub(crate) fn gitcode_milestone() -> impl Strategy<Value = gc::Milestone> {
    (
        (any::<i64>(), text(), option::of(text()), option::of(text())),
        (
            option::of(text()),
            option::of(text()),
            option::of(text()),
            option::of(text()),
        ),
        (
            option::of(any::<i64>()),
            option::of(any::<i64>()),
            option::of(any::<i64>()),
            option::of(any::<i64>()),
        ),
        extras(),
    )
        .prop_map(
            |(
                (number, title, description, state),
                (due_on, created_at, updated_at, url),
                (id, open_issues, closed_issues, repository_id),
                extra,
            )| gc::Milestone {
                number: number.into(),
                title,
                description,
                state,
                due_on,
                created_at,
                updated_at,
                url,
                id: id.map(Into::into),
                open_issues: open_issues.map(Into::into),
                closed_issues: closed_issues.map(Into::into),
                repository_id: repository_id.map(Into::into),
                extra,
            },
        )
}

fn user() -> impl Strategy<Value = sc::UserEmbedded> {
    (text(), option::of(text()), extras()).prop_map(|(id, slug, extra)| sc::UserEmbedded {
        // A user with no field at all has nothing to write in CSV; real
        // users always carry an id.
        id: Some(id),
        slug,
        extra,
    })
}

pub(crate) fn sourcecraft_milestone() -> impl Strategy<Value = sc::Milestone> {
    (
        (
            option::of(text()),
            option::of(text()),
            option::of(text()),
            option::of(text()),
        ),
        (
            option::of(text()),
            option::of(text()),
            option::of(text()),
            option::of(text()),
        ),
        (option::of(text()), option::of(user()), option::of(user())),
        extras(),
    )
        .prop_map(
            |(
                (id, slug, name, description),
                (status, start_date, deadline, created_at),
                (updated_at, author, updated_by),
                extra,
            )| sc::Milestone {
                id,
                slug,
                name,
                description,
                status,
                start_date,
                deadline,
                created_at,
                updated_at,
                author,
                updated_by,
                extra,
            },
        )
}

pub(crate) fn write<F: Forge>(format: Format, milestones: &[F::Object]) -> Vec<u8> {
    let mut out = Vec::new();
    write_backup_to::<F, _>(
        &mut out,
        "p",
        format,
        "o/r",
        "2025-01-01T00:00:00Z",
        milestones,
    )
    .unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn readers_never_panic_on_bytes(bytes in collection::vec(any::<u8>(), 0..200)) {
        let _ = read_any(&bytes, "p.csv", Some(Format::Csv));
        let _ = read_any(&bytes, "p.json", Some(Format::Json));
    }

    #[test]
    fn readers_never_panic_on_csv_like_text(
        text in "(number|title|name|slug|id|author_x|,|\"|\r|\n|[0-9]|a|你){0,60}"
    ) {
        let _ = read_any(text.as_bytes(), "p.csv", Some(Format::Csv));
    }

    #[test]
    fn readers_never_panic_on_json_like_text(
        text in r#"(\{|\}|\[|\]|"|:|,|milestones|provider|gitcode|number|title|name|author|null|[0-9]|-|\.| ){0,60}"#
    ) {
        let _ = read_any(text.as_bytes(), "p.json", Some(Format::Json));
    }

    #[test]
    fn gitcode_milestones_round_trip(
        milestones in collection::vec(gitcode_milestone(), 0..4)
    ) {
        for format in [Format::Csv, Format::Json] {
            let bytes = write::<GitCode>(format, &milestones);
            let backup = parse_backup::<GitCode>(&bytes, "p", Some(format)).unwrap();
            let read: Vec<_> = backup.milestones.into_iter().map(|l| l.milestone).collect();
            prop_assert_eq!(&read, &milestones);
        }
    }

    #[test]
    fn sourcecraft_milestones_round_trip(
        milestones in collection::vec(sourcecraft_milestone(), 0..4)
    ) {
        for format in [Format::Csv, Format::Json] {
            let bytes = write::<SourceCraft>(format, &milestones);
            let backup = parse_backup::<SourceCraft>(&bytes, "p", Some(format)).unwrap();
            let read: Vec<_> = backup.milestones.into_iter().map(|l| l.milestone).collect();
            prop_assert_eq!(&read, &milestones);
        }
    }
}
