//! A backup gives back what the provider held: titles and descriptions with
//! a tab, CRLF line ends, an escape, emoji, right-to-left text or a very
//! long text go through export, validate and import byte for byte, into
//! the provider they came from and into the others; only the terminal gets
//! them escaped.

use mileport::{
    providers::gitcode::client as gitcode,
    sandbox::{Sandbox, SeedData},
};
use serde_json::json;

use crate::support::{mileport, start_sandbox};

const SOURCE: &str = "gitcode:faithful/source";

/// (title, description): what real providers accept and hand back.
fn texts() -> Vec<(String, String)> {
    let long = "A line of a very long description, repeated.\r\n".repeat(4000);
    vec![
        ("Tab\there".into(), "cells\tseparated\tby tabs".into()),
        (
            "CRLF notes".into(),
            "line one\r\nline two\r\n\r\nlast, \"quoted\"\r\n".into(),
        ),
        ("Launch 🚀🎉".into(), "👩‍💻 emoji, joined ones too".into()),
        (
            "الإصدار الأول".into(),
            "نص من اليمين إلى اليسار mixed with English".into(),
        ),
        (
            "Red \u{1b}[31m alert".into(),
            "bell \u{7} and escape \u{1b}[0m".into(),
        ),
        ("  Spaced out  ".into(), " leading and trailing ".into()),
        ("Long one".into(), long),
    ]
}

fn source_milestones() -> Vec<gitcode::types::Milestone> {
    texts()
        .into_iter()
        .zip(1..)
        .map(|((title, description), n)| {
            serde_json::from_value(json!({
                "number": 500 + n,
                "title": title,
                "description": description,
                "state": if n % 2 == 0 { "closed" } else { "active" },
                "due_on": format!("2026-0{}-1{n}", 1 + n % 9),
            }))
            .unwrap()
        })
        .collect()
}

/// (title, description) of every milestone of `repo`, sorted.
fn held(sandbox: &Sandbox, repo: &str) -> Vec<(String, String)> {
    let (provider, path) = repo.split_once(':').unwrap();
    let mut held: Vec<(String, String)> = match provider {
        "gitcode" => sandbox
            .gitcode_milestones(path)
            .into_iter()
            .map(|m| (m.title, m.description.unwrap_or_default()))
            .collect(),
        "sourcecraft" => sandbox
            .sourcecraft_milestones(path)
            .into_iter()
            .map(|m| {
                (
                    m.name.unwrap_or_default(),
                    m.description.unwrap_or_default(),
                )
            })
            .collect(),
        _ => sandbox
            .github_milestones(path)
            .into_iter()
            .map(|m| (m.title, m.description.unwrap_or_default()))
            .collect(),
    };
    held.sort();
    held
}

/// A terminal gets escapes for what would act on it; a tab is shown as one.
fn no_raw_controls(text: &str) {
    assert!(
        !text.contains(['\u{1b}', '\u{7}', '\r']),
        "control characters reached the terminal: {text:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn backups_of_any_text_restore_byte_for_byte() {
    let targets = [
        ("csv", "gitcode:faithful/from-csv"),
        ("csv", "sourcecraft:faithful/from-csv"),
        ("json", "sourcecraft:faithful/from-json"),
        ("json", "github:faithful/from-json"),
    ];
    let mut seed = SeedData::default().with_repos(&targets.map(|(_, target)| target));
    seed.gitcode()
        .milestones
        .insert("faithful/source".into(), source_milestones());
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    let mut want = texts();
    want.sort();
    assert_eq!(held(&sandbox, SOURCE), want);

    for format in ["csv", "json"] {
        let file = dir.path().join(format!("backup.{format}"));
        let file = file.to_str().unwrap();
        mileport(&sandbox, &["export", SOURCE, "--output", file, "-q"])
            .await
            .success();
        let validated = mileport(&sandbox, &["validate", file]).await;
        validated.success();
        no_raw_controls(&validated.stdout);
    }
    for (format, target) in targets {
        let file = dir.path().join(format!("backup.{format}"));
        let file = file.to_str().unwrap();
        let planned = mileport(&sandbox, &["import", file, target, "--dry-run"]).await;
        planned.success();
        no_raw_controls(&planned.stdout);
        no_raw_controls(&planned.stderr);
        mileport(&sandbox, &["import", file, target, "-q"])
            .await
            .success();
        assert_eq!(held(&sandbox, target), want, "{format} → {target}");
        let checked = mileport(&sandbox, &["check", SOURCE, target]).await;
        checked.success();
        assert!(
            checked.stdout.contains("no differences"),
            "{target}: {}",
            checked.stdout
        );
        let before = sandbox.stats();
        let again = mileport(&sandbox, &["import", file, target, "-q"]).await;
        again.success();
        assert_eq!(
            crate::directions::writes(&sandbox.stats()),
            crate::directions::writes(&before),
            "{target}: a second import writes nothing"
        );
    }
}
