//! Gitee backups through the real binary: export → import → export gives
//! back every title, description, due date and state byte for byte in CSV
//! and JSON, with a tab, CRLF, emoji, right-to-left text and a very long
//! description; Gitee's columns are its own (`html_url` among them), and a
//! GitCode backup is never taken for Gitee's, nor Gitee's for GitCode's.

use mileport::{
    providers::{gitcode::client as gitcode, gitee::client as gitee},
    sandbox::{Faults, Sandbox, SandboxConfig, SeedData},
};
use serde_json::{Value, json};

use crate::gitee::gitee_mileport;

/// (title, description) that break a careless file.
fn texts() -> Vec<(String, String)> {
    vec![
        ("Tab\there".into(), "cells\tseparated\tby tabs".into()),
        (
            "CRLF notes".into(),
            "line one\r\nline two\r\n\r\nlast, \"quoted\"\r\n".into(),
        ),
        ("Launch 🚀🎉".into(), "👩‍💻 emoji, joined ones too".into()),
        (
            "الإصدار الأول".into(),
            "نص من اليمين إلى اليسار \u{202e}mixed".into(),
        ),
        (
            "Long".into(),
            "A very long description, repeated.\r\n".repeat(3000),
        ),
        ("=cmd|' /C calc'!A0".into(), String::new()),
    ]
}

fn gitee_source() -> Vec<gitee::types::Milestone> {
    texts()
        .into_iter()
        .zip(500..)
        .map(|((title, description), n)| {
            serde_json::from_value(json!({
                "url": format!("https://gitee.com/api/v5/repos/bk/source/milestones/{n}"),
                "html_url": format!("https://gitee.com/bk/source/milestones/{n}"),
                "id": n, "number": n, "repository_id": 77,
                "state": if n % 2 == 0 { "open" } else { "closed" },
                "title": title, "description": description,
                "created_at": "2024-06-01T09:00:00+08:00",
                "updated_at": "2024-06-01T09:00:00+08:00",
                "open_issues": 0, "closed_issues": 0,
                "due_on": format!("2025-0{}-1{}", 1 + n % 9, n % 10),
                "custom_field": {"kept": [1, null, "x"]},
            }))
            .unwrap()
        })
        .collect()
}

async fn start() -> Sandbox {
    let mut seed = SeedData::default().with_repos(&[
        "gitee:bk/from-csv",
        "gitee:bk/from-json",
        "gitcode:bk/empty",
    ]);
    seed.gitee()
        .milestones
        .insert("bk/source".into(), gitee_source());
    let gitcode: Vec<gitcode::types::Milestone> = vec![
        serde_json::from_value(
            json!({"number": 1, "title": "GitCode's", "due_on": "2025-01-01", "state": "active"}),
        )
        .unwrap(),
    ];
    seed.gitcode()
        .milestones
        .insert("bk/gitcode".into(), gitcode);
    Sandbox::start(SandboxConfig {
        seed,
        faults: Faults::default(),
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

/// What a JSON backup holds of each milestone that a restore must carry,
/// as the exact strings, sorted.
fn carried(document: &Value) -> Vec<(String, String, String, String)> {
    let mut rows: Vec<_> = document["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let text = |field: &str| m[field].as_str().unwrap_or_default().to_owned();
            (
                text("title"),
                text("description"),
                text("due_on"),
                text("state"),
            )
        })
        .collect();
    rows.sort();
    rows
}

async fn export_json(sandbox: &Sandbox, repo: &str) -> Value {
    let run = gitee_mileport(sandbox, &["export", repo, "-o", "-", "--format", "json"]).await;
    run.success();
    serde_json::from_str(&run.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn gitee_backups_round_trip_byte_for_byte_in_both_formats() {
    let sandbox = start().await;
    let dir = tempfile::tempdir().unwrap();
    let original = export_json(&sandbox, "gitee:bk/source").await;
    assert_eq!(original["provider"], "gitee", "{original}");
    let first = &original["milestones"][0];
    assert_eq!(
        first["custom_field"],
        json!({"kept": [1, null, "x"]}),
        "unknown fields kept"
    );
    assert!(first["html_url"].is_string());

    for (format, target) in [("csv", "gitee:bk/from-csv"), ("json", "gitee:bk/from-json")] {
        let file = dir.path().join(format!("backup.{format}"));
        let file = file.to_str().unwrap();
        gitee_mileport(&sandbox, &["export", "gitee:bk/source", "-o", file, "-q"])
            .await
            .success();
        let validated = gitee_mileport(&sandbox, &["validate", file]).await;
        validated.success();
        assert!(validated.stdout.contains("Gitee"), "{}", validated.stdout);
        gitee_mileport(&sandbox, &["import", file, target, "-q"])
            .await
            .success();
        let restored = export_json(&sandbox, target).await;
        assert_eq!(carried(&restored), carried(&original), "{format}");
        let before = crate::directions::writes(&sandbox.stats());
        gitee_mileport(&sandbox, &["import", file, target, "-q"])
            .await
            .success();
        assert_eq!(
            crate::directions::writes(&sandbox.stats()),
            before,
            "{format}: again"
        );
    }

    // The same file written twice is the same bytes, and its header is
    // Gitee's own columns in its schema's order, unknown ones after.
    let csv = std::fs::read_to_string(dir.path().join("backup.csv")).unwrap();
    assert!(
        csv.starts_with(
            "url,html_url,id,number,repository_id,state,title,description,created_at,updated_at,open_issues,closed_issues,due_on,custom_field\n"
        ),
        "{}",
        &csv[..200]
    );
    let again = dir.path().join("again.csv");
    gitee_mileport(
        &sandbox,
        &[
            "export",
            "gitee:bk/source",
            "-o",
            again.to_str().unwrap(),
            "-q",
        ],
    )
    .await
    .success();
    assert_eq!(std::fs::read(&again).unwrap(), csv.as_bytes());
}

#[tokio::test(flavor = "multi_thread")]
async fn gitcode_and_gitee_backups_are_told_apart() {
    let sandbox = start().await;
    let dir = tempfile::tempdir().unwrap();
    for (repo, name, own, other) in [
        ("gitee:bk/source", "gitee", "Gitee", "GitCode"),
        ("gitcode:bk/gitcode", "gitcode", "GitCode", "Gitee"),
    ] {
        for format in ["csv", "json"] {
            let file = dir.path().join(format!("{name}.{format}"));
            let file = file.to_str().unwrap();
            gitee_mileport(&sandbox, &["export", repo, "-o", file, "-q"])
                .await
                .success();
            let validated = gitee_mileport(&sandbox, &["validate", file]).await;
            validated.success();
            assert!(
                validated.stdout.contains(&format!(" {own} milestone")),
                "{file}: {}",
                validated.stdout
            );
            assert!(
                !validated.stdout.contains(&format!(" {other} milestone")),
                "{file}"
            );
        }
    }
    // A Gitee CSV without `number` is refused, the column named (the
    // first provider whose columns it resembles is named with it).
    let csv = std::fs::read_to_string(dir.path().join("gitee.csv")).unwrap();
    let cut = csv.replacen("url,html_url,id,number,", "url,html_url,id,", 1);
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, cut).unwrap();
    let validated = gitee_mileport(&sandbox, &["validate", broken.to_str().unwrap()]).await;
    assert_eq!(validated.code, 2, "{}", validated.stdout);
    assert!(
        validated.stderr.contains("no `number` column"),
        "{}",
        validated.stderr
    );
    // A Gitee backup restores into GitCode too.
    let run = gitee_mileport(
        &sandbox,
        &[
            "import",
            dir.path().join("gitee.csv").to_str().unwrap(),
            "gitcode:bk/empty",
            "-q",
        ],
    )
    .await;
    run.success();
    assert_eq!(sandbox.gitcode_milestones("bk/empty").len(), texts().len());
}
