//! A backup's round trip on every provider in the list, through the
//! binary, with hostile text (a tab, CRLF line ends, emoji, right-to-left
//! script, a long description): moved in, exported to JSON and CSV,
//! validated, imported into fresh repositories, checked equal to the
//! source, and imported again writing nothing.

use mileport::{provider::Provider, sandbox::SeedData};

use crate::{
    directions::{Seen, github_seed},
    support::{mileport, start_sandbox, writes},
};

/// The hostile source, held on GitHub (any provider would do).
fn hostile() -> Vec<Seen> {
    let long: String = "Долгое описание — a long description. 🚀\r\n".repeat(400);
    [
        (
            "Tab\tin the title",
            "A tab\there too.",
            Some("2025-03-09"),
            false,
        ),
        (
            "CRLF ends",
            "Line one\r\nLine two\r\n\r\nLine four",
            Some("2025-11-02"),
            true,
        ),
        (
            "Emoji 🚀✨ 中文",
            "Ünïcode ✓ — русский",
            Some("2024-02-29"),
            false,
        ),
        (
            "שלום עולם — مرحبا",
            "‏טקסט מימין לשמאל‎ and back",
            Some("2025-12-31"),
            true,
        ),
        ("Long description", long.as_str(), Some("2026-01-15"), false),
    ]
    .into_iter()
    .map(|(title, description, due, closed)| Seen {
        title: title.to_owned(),
        description: description.to_owned(),
        due: due.map(str::to_owned),
        closed,
    })
    .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_milestones_round_trip_through_backups_on_every_provider() {
    let mut seed = SeedData::default();
    seed.github()
        .milestones
        .insert("acme/src".to_owned(), github_seed(&hostile()));
    let mut held = Vec::new();
    for provider in Provider::all().iter().copied() {
        for name in ["dst", "copy-json", "copy-csv", "empty"] {
            held.push(format!("{}:acme/{name}", provider.id()));
        }
    }
    let held: Vec<&str> = held.iter().map(String::as_str).collect();
    let sandbox = start_sandbox(seed.with_repos(&held)).await;
    let dir = tempfile::tempdir().unwrap();
    for provider in Provider::all().iter().copied() {
        let at = |name: &str| format!("{}:acme/{name}", provider.id());
        let file = |ext: &str| {
            let path = dir.path().join(format!("{}.{ext}", provider.id()));
            path.to_str().unwrap().to_owned()
        };
        let (json, csv) = (file("json"), file("csv"));
        // The comparison sees a difference where there is one.
        let differs = mileport(&sandbox, &["check", "github:acme/src", &at("empty")]).await;
        assert_eq!(differs.code, 1, "{provider}: {}", differs.stderr);
        mileport(&sandbox, &["migrate", "github:acme/src", &at("dst")])
            .await
            .success();
        for backup in [&json, &csv] {
            mileport(
                &sandbox,
                &[
                    "export",
                    &at("dst"),
                    "--output",
                    backup,
                    "--only",
                    "milestones",
                ],
            )
            .await
            .success();
            mileport(&sandbox, &["validate", backup]).await.success();
        }
        for (backup, copy) in [(&json, at("copy-json")), (&csv, at("copy-csv"))] {
            mileport(&sandbox, &["import", backup, &copy])
                .await
                .success();
            let before = writes(&sandbox);
            let again = mileport(&sandbox, &["import", backup, &copy]).await;
            again.success();
            assert_eq!(writes(&sandbox), before, "{provider}: {}", again.stdout);
            // The copy holds what the source holds, field by field.
            let check = mileport(&sandbox, &["check", "github:acme/src", &copy]).await;
            assert_eq!(
                check.code, 0,
                "{provider} {copy}:\n{}\n{}",
                check.stdout, check.stderr
            );
        }
    }
}
