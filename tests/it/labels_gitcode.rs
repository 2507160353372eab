//! GitCode's labels through the real binary against the sandbox: moved to
//! GitHub and back with hostile names (each sent as one path segment),
//! re-runs that write nothing whatever form GitCode answers colours in,
//! names told apart by case, a lost create made once, a label without a
//! colour refused before any write, and backups that keep what was sent.

use mileport::net::decode;
use mileport::providers::gitcode::sandbox_faults::GitCodeFaults;
use mileport::providers::{gitcode::client as gitcode, github::client as github};
use mileport::sandbox::{Faults, Sandbox, SandboxConfig, SeedData};
use serde_json::{Value, json};

use crate::support::{mileport, writes};

/// Names that break a careless client, with colours in every form GitCode
/// may hold them.
const HOSTILE: [(&str, &str); 6] = [
    ("help wanted", "#008672"),
    ("area/ui", "#00ff00"),
    ("🐛 bug", "#d73a4a"),
    ("优先级: 高", "#ffaa00"),
    ("50%", "#123456"),
    ("Bug", "#ee0701"),
];

fn gitcode_label(id: u64, name: &str, color: &str) -> gitcode::types::Label {
    serde_json::from_value(json!({"id": id, "name": name, "color": color, "repository_id": 7}))
        .unwrap()
}

/// The hostile labels as GitCode sends them: every field of its schema,
/// one of them `null`, and one it does not document.
fn hostile_sent() -> Vec<Value> {
    HOSTILE
        .iter()
        .zip(1..)
        .map(|((name, color), id)| {
            json!({
                "id": id, "name": name, "color": color, "repository_id": 7,
                "url": format!("https://api.gitcode.com/api/v5/repos/o/src/labels/{id}"),
                "created_at": "2024-10-08T10:58:16+08:00", "updated_at": null,
                "priority": id * 10,
            })
        })
        .collect()
}

fn hostile() -> Vec<gitcode::types::Label> {
    hostile_sent()
        .into_iter()
        .map(|value| decode::milestone(value).unwrap())
        .collect()
}

fn github_label(
    name: &str,
    color: Option<&str>,
    description: Option<&str>,
) -> github::types::Label {
    serde_json::from_value(json!({"name": name, "color": color, "description": description}))
        .unwrap()
}

/// A sandbox with GitCode's hostile labels in `gitcode:o/src`, `labels` in
/// `github:o/src`, and empty repositories on both sides.
async fn start(labels: Vec<github::types::Label>, faults: Faults) -> Sandbox {
    let mut seed =
        SeedData::default().with_repos(&["github:o/dst", "gitcode:o/dst", "gitcode:o/empty"]);
    seed.gitcode().labels.insert("o/src".to_owned(), hostile());
    seed.github().labels.insert("o/src".to_owned(), labels);
    Sandbox::start(SandboxConfig {
        seed,
        faults,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

fn bare_colours() -> Faults {
    Faults::default().with_gitcode(GitCodeFaults {
        label_colors_without_hash: true,
        ..GitCodeFaults::default()
    })
}

/// What a GitCode repository holds, as (name, colour in one form).
fn on_gitcode(sandbox: &Sandbox, repo: &str) -> Vec<(String, String)> {
    let mut labels: Vec<_> = sandbox
        .gitcode_labels(repo)
        .into_iter()
        .map(|l| (l.name, l.color.unwrap_or_default().replace('#', "")))
        .collect();
    labels.sort();
    labels
}

/// What a GitHub repository holds, as (name, colour).
fn on_github(sandbox: &Sandbox, repo: &str) -> Vec<(String, String)> {
    let mut labels: Vec<_> = sandbox
        .github_labels(repo)
        .into_iter()
        .map(|l| (l.name, l.color.unwrap_or_default()))
        .collect();
    labels.sort();
    labels
}

fn hostile_held() -> Vec<(String, String)> {
    let mut labels: Vec<_> = HOSTILE
        .iter()
        .map(|(name, color)| (name.to_string(), color.replace('#', "")))
        .collect();
    labels.sort();
    labels
}

async fn migrate(sandbox: &Sandbox, source: &str, target: &str) -> crate::support::Run {
    mileport(
        sandbox,
        &["migrate", source, target, "--only", "labels", "--yes"],
    )
    .await
}

#[tokio::test]
async fn labels_go_from_gitcode_to_github_and_back_once() {
    let sandbox = start(Vec::new(), bare_colours()).await;
    // GitCode keeps `Bug` and `🐛 bug` apart, and so does GitHub.
    let run = migrate(&sandbox, "gitcode:o/src", "github:o/dst").await;
    run.success();
    assert!(
        run.stdout
            .contains("labels: created 6, updated 0, unchanged 0, failed 0"),
        "{}",
        run.stdout
    );
    assert_eq!(on_github(&sandbox, "o/dst"), hostile_held());

    let run = migrate(&sandbox, "github:o/dst", "gitcode:o/dst").await;
    run.success();
    assert_eq!(on_gitcode(&sandbox, "o/dst"), hostile_held());
    // Sent without `#`, stored and answered as the sandbox does.
    let stored = sandbox.gitcode_labels("o/dst");
    assert!(
        stored
            .iter()
            .all(|l| l.color.as_deref().unwrap().len() == 7)
    );

    let before = writes(&sandbox);
    for (source, target) in [
        ("gitcode:o/src", "github:o/dst"),
        ("github:o/dst", "gitcode:o/dst"),
        ("gitcode:o/src", "gitcode:o/dst"),
    ] {
        let again = migrate(&sandbox, source, target).await;
        again.success();
        assert!(
            again
                .stdout
                .contains("labels: created 0, updated 0, unchanged 6"),
            "{source} → {target}: {}",
            again.stdout
        );
    }
    assert_eq!(writes(&sandbox), before, "re-runs write nothing");
}

#[tokio::test]
async fn labels_under_hostile_names_are_updated_in_place() {
    // The target holds every name in another colour: each is put right by
    // a PATCH to its name, which reaches it only when encoded once.
    let sources: Vec<github::types::Label> = HOSTILE
        .iter()
        .map(|(name, color)| github_label(name, Some(&color[1..]), None))
        .collect();
    let mut seed = SeedData::default();
    seed.github().labels.insert("o/src".to_owned(), sources);
    let grey: Vec<gitcode::types::Label> = HOSTILE
        .iter()
        .zip(1..)
        .map(|((name, _), id)| gitcode_label(id, name, "#ededed"))
        .collect();
    seed.gitcode().labels.insert("o/dst".to_owned(), grey);
    let sandbox = Sandbox::start(SandboxConfig {
        seed,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let run = migrate(&sandbox, "github:o/src", "gitcode:o/dst").await;
    run.success();
    assert!(
        run.stdout
            .contains("labels: created 0, updated 6, unchanged 0, failed 0"),
        "{}",
        run.stdout
    );
    assert_eq!(on_gitcode(&sandbox, "o/dst"), hostile_held());
    assert_eq!(
        sandbox
            .stats()
            .labels_created_on(mileport::providers::gitcode::PROVIDER),
        0
    );
}

#[tokio::test]
async fn gitcode_tells_names_apart_by_case() {
    let sandbox = start(
        vec![github_label("BUG", Some("000000"), None)],
        Faults::default(),
    )
    .await;
    let run = migrate(&sandbox, "github:o/src", "gitcode:o/src").await;
    run.success();
    // `BUG` is a label of its own beside `Bug` and `🐛 bug`, which are left alone.
    let held = on_gitcode(&sandbox, "o/src");
    assert_eq!(held.len(), 7, "{held:?}");
    assert!(held.contains(&("BUG".to_owned(), "000000".to_owned())));
    assert!(held.contains(&("Bug".to_owned(), "ee0701".to_owned())));
}

#[tokio::test]
async fn a_lost_answer_to_a_label_create_still_makes_one_label() {
    let sources: Vec<github::types::Label> = HOSTILE
        .iter()
        .map(|(name, color)| github_label(name, Some(color), None))
        .collect();
    let faults = Faults {
        drop_after_commit: 1.0,
        ..Faults::default()
    };
    let sandbox = start(sources, faults).await;
    let run = migrate(&sandbox, "github:o/src", "gitcode:o/empty").await;
    run.success();
    assert_eq!(
        sandbox
            .stats()
            .labels_created_on(mileport::providers::gitcode::PROVIDER),
        6
    );
    assert_eq!(on_gitcode(&sandbox, "o/empty"), hostile_held());
}

#[tokio::test]
async fn a_label_without_a_colour_stops_the_run_before_any_write() {
    let sandbox = start(Vec::new(), Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.json");
    let backup = json!({"provider": "github", "repository": "o/src",
    "milestones": [{"number": 1, "title": "v1", "state": "open", "due_on": "2025-01-01T08:00:00Z"}],
    "labels": [
        {"id": 1, "name": "area/ui", "color": "00ff00"},
        {"id": 2, "name": "help wanted", "color": null, "description": "Extra attention is needed"},
    ]});
    std::fs::write(&file, backup.to_string()).unwrap();
    let run = mileport(
        &sandbox,
        &["import", file.to_str().unwrap(), "gitcode:o/empty", "--yes"],
    )
    .await;
    crate::run_snapshot!("labels_gitcode_without_a_colour", run);
    assert_eq!(writes(&sandbox), 0, "nothing written, milestones included");
}

#[tokio::test]
async fn a_description_is_reported_as_not_carried() {
    let sources = vec![github_label(
        "help wanted",
        Some("008672"),
        Some("Extra attention is needed"),
    )];
    let sandbox = start(sources, Faults::default()).await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "github:o/src",
            "gitcode:o/empty",
            "--only",
            "labels",
            "--dry-run",
        ],
    )
    .await;
    crate::run_snapshot!("labels_gitcode_description_not_carried", run);
    run.success();
}

#[tokio::test]
async fn backups_keep_every_field_as_gitcode_sent_it() {
    let sandbox = start(Vec::new(), Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("b.json");
    let csv = dir.path().join("b.csv");
    for file in [&json, &csv] {
        let run = mileport(
            &sandbox,
            &[
                "export",
                "gitcode:o/src",
                "--only",
                "labels",
                "-o",
                file.to_str().unwrap(),
            ],
        )
        .await;
        run.success();
    }
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(document["labels"], Value::Array(hostile_sent()));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("id,name,color,repository_id,url,created_at,updated_at,priority\n"),
        "{text}"
    );

    let run = mileport(&sandbox, &["validate", csv.to_str().unwrap()]).await;
    run.success();
    assert!(run.stdout.contains("6 GitCode labels"), "{}", run.stdout);
    let run = mileport(
        &sandbox,
        &["import", csv.to_str().unwrap(), "gitcode:o/empty", "--yes"],
    )
    .await;
    run.success();
    assert_eq!(on_gitcode(&sandbox, "o/empty"), hostile_held());
    for file in [&json, &csv] {
        let check = mileport(
            &sandbox,
            &[
                "check",
                file.to_str().unwrap(),
                "gitcode:o/empty",
                "--only",
                "labels",
            ],
        )
        .await;
        check.success();
    }
}

#[tokio::test]
async fn every_label_is_read_across_capped_pages_without_totals() {
    let mut seed = SeedData::default();
    let many: Vec<gitcode::types::Label> = (1..=150)
        .map(|n| gitcode_label(n, &format!("l{n:03}"), "#ededed"))
        .collect();
    seed.gitcode().labels.insert("o/src".to_owned(), many);
    let sandbox = Sandbox::start(SandboxConfig {
        seed,
        faults: Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                page_cap: 40,
                no_totals: true,
                ..Default::default()
            },
        ),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("b.json");
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:o/src",
            "--only",
            "labels",
            "-o",
            json.to_str().unwrap(),
        ],
    )
    .await;
    run.success();
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(document["labels"].as_array().unwrap().len(), 150);
}
