//! Labels through the real binary against the sandbox: migrated with
//! hostile names exactly once, GitHub's default labels matched without
//! regard to case and put right, names that would clash refused before any
//! write, backups of both formats round-tripped, `--only` obeyed.

use mileport::providers::github::client as github;
use mileport::providers::github::sandbox_faults::GitHubFaults;
use mileport::sandbox::{Faults, Sandbox, SandboxConfig, SeedData};
use serde_json::json;

use crate::support::{mileport, writes};

/// Names and descriptions that break a careless client or file.
fn hostile() -> Vec<github::types::Label> {
    [
        json!({"id": 1, "name": "help wanted", "color": "008672", "description": "tab\there"}),
        json!({"id": 2, "name": "area/ui", "color": "#00FF00", "description": "line\r\nbreak"}),
        json!({"id": 3, "name": "🐛 Bug", "color": "D73A4A", "description": "emoji 👩‍💻"}),
        json!({"id": 4, "name": "优先级: 高", "color": "fa0", "description": null}),
        json!({"id": 5, "name": "עדיפות ‏גבוהה", "color": "123456", "description": "\u{202e}rtl"}),
        json!({"id": 6, "name": "50% done?#", "color": "ffffff", "description": "x".repeat(5000)}),
        json!({"id": 7, "name": "Bug", "color": "ee0701", "description": "Something isn't working"}),
    ]
    .into_iter()
    .map(|value| serde_json::from_value(value).unwrap())
    .collect()
}

async fn start(labels: Vec<github::types::Label>, faults: Faults) -> Sandbox {
    let mut seed = SeedData::default().with_repos(&["github:o/dst", "github:o/empty"]);
    seed.github().labels.insert("o/src".to_owned(), labels);
    seed.github()
        .milestones
        .insert("o/src".to_owned(), Vec::new());
    Sandbox::start(SandboxConfig {
        seed,
        faults,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

fn with_defaults(faults: Faults) -> Faults {
    faults.with_github(GitHubFaults {
        default_labels: true,
        ..GitHubFaults::default()
    })
}

/// What a repository holds, as (name, colour, description).
fn held(sandbox: &Sandbox, repo: &str) -> Vec<(String, String, String)> {
    let mut labels: Vec<_> = sandbox
        .github_labels(repo)
        .into_iter()
        .map(|l| {
            (
                l.name,
                l.color.unwrap_or_default(),
                l.description.unwrap_or_default(),
            )
        })
        .collect();
    labels.sort();
    labels
}

#[tokio::test]
async fn labels_move_once_with_their_names_colours_and_descriptions() {
    let sandbox = start(hostile(), with_defaults(Faults::default())).await;
    let run = mileport(
        &sandbox,
        &["migrate", "github:o/src", "github:o/dst", "--yes"],
    )
    .await;
    run.success();
    assert!(
        run.stdout
            .contains("labels: created 5, updated 2, unchanged 0, failed 0"),
        "{}",
        run.stdout
    );
    let target = held(&sandbox, "o/dst");
    // The nine defaults and five new ones; `bug` became `Bug` and `help
    // wanted` took the source's description, neither copied.
    assert_eq!(target.len(), 14, "{target:?}");
    assert!(target.iter().any(|l| l.0 == "Bug" && l.1 == "ee0701"));
    assert!(!target.iter().any(|l| l.0 == "bug"));
    for (name, colour, description) in [
        ("help wanted", "008672", "tab\there"),
        ("area/ui", "00ff00", "line\r\nbreak"),
        ("🐛 Bug", "d73a4a", "emoji 👩‍💻"),
        ("优先级: 高", "ffaa00", ""),
        ("עדיפות ‏גבוהה", "123456", "\u{202e}rtl"),
    ] {
        let found = target.iter().find(|l| l.0 == name).unwrap();
        assert_eq!((found.1.as_str(), found.2.as_str()), (colour, description));
    }
    let long = target.iter().find(|l| l.0 == "50% done?#").unwrap();
    assert_eq!(long.2.len(), 5000);

    let before = writes(&sandbox);
    let again = mileport(
        &sandbox,
        &["migrate", "github:o/src", "github:o/dst", "--yes"],
    )
    .await;
    again.success();
    assert_eq!(writes(&sandbox), before, "a re-run writes nothing");
    assert!(
        again
            .stdout
            .contains("labels: created 0, updated 0, unchanged 7")
    );
}

#[tokio::test]
async fn a_lost_answer_to_a_label_create_still_makes_one_label() {
    let faults = Faults {
        drop_after_commit: 1.0,
        ..Faults::default()
    };
    let sandbox = start(hostile(), faults).await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "github:o/src",
            "github:o/empty",
            "--only",
            "labels",
            "--yes",
        ],
    )
    .await;
    run.success();
    assert_eq!(
        sandbox
            .stats()
            .labels_created_on(mileport::providers::github::PROVIDER),
        7
    );
    assert_eq!(held(&sandbox, "o/empty").len(), 7);
}

#[tokio::test]
async fn names_equal_but_for_case_stop_the_run_before_any_write() {
    let sandbox = start(hostile(), Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("clash.json");
    let mut labels: Vec<serde_json::Value> = hostile()
        .iter()
        .map(|l| serde_json::to_value(l).unwrap())
        .collect();
    labels.push(json!({"id": 8, "name": "bug", "color": "000000"}));
    let backup = json!({"provider": "github", "repository": "o/src",
        "milestones": [{"number": 1, "title": "v1", "state": "open"}], "labels": labels});
    std::fs::write(&file, backup.to_string()).unwrap();
    let run = mileport(
        &sandbox,
        &["import", file.to_str().unwrap(), "github:o/empty", "--yes"],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("labels[7]: field `name` is `bug`, the name of the label at"),
        "{}",
        run.stderr
    );
    assert_eq!(writes(&sandbox), 0, "nothing written, milestones included");
}

#[tokio::test]
async fn only_moves_the_kinds_it_names() {
    let sandbox = start(hostile(), Faults::default()).await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "github:o/src",
            "github:o/empty",
            "--only",
            "milestones",
            "--yes",
        ],
    )
    .await;
    run.success();
    assert!(!run.stdout.contains("labels"), "{}", run.stdout);
    assert!(held(&sandbox, "o/empty").is_empty());
    let bad = mileport(
        &sandbox,
        &[
            "migrate",
            "github:o/src",
            "github:o/empty",
            "--only",
            "issues",
        ],
    )
    .await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[tokio::test]
async fn backups_of_both_formats_round_trip_through_import_and_check() {
    let sandbox = start(hostile(), Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("b.json");
    let csv = dir.path().join("b.csv");
    let labels_csv = dir.path().join("b.labels.csv");
    for file in [&json, &csv] {
        let run = mileport(
            &sandbox,
            &["export", "github:o/src", "-o", file.to_str().unwrap()],
        )
        .await;
        run.success();
    }
    assert!(labels_csv.exists());
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(document["labels"].as_array().unwrap().len(), 7);
    assert_eq!(
        document["labels"][3]["description"],
        serde_json::Value::Null
    );
    for file in [&json, &labels_csv] {
        let run = mileport(&sandbox, &["validate", file.to_str().unwrap()]).await;
        run.success();
        assert!(
            run.stdout.contains("7 GitHub labels") || run.stdout.contains("and 7 labels"),
            "{}",
            run.stdout
        );
    }

    let run = mileport(
        &sandbox,
        &["import", json.to_str().unwrap(), "github:o/empty", "--yes"],
    )
    .await;
    run.success();
    let check = mileport(&sandbox, &["check", "github:o/src", "github:o/empty"]).await;
    check.success();
    assert!(check.stdout.contains("agree: 7 labels"), "{}", check.stdout);

    // The CSV pair into a repository of its own, then checked against the files.
    let run = mileport(
        &sandbox,
        &[
            "import",
            csv.to_str().unwrap(),
            labels_csv.to_str().unwrap(),
            "github:o/dst",
            "--yes",
        ],
    )
    .await;
    run.success();
    for file in [&json, &labels_csv] {
        let check = mileport(
            &sandbox,
            &[
                "check",
                file.to_str().unwrap(),
                "github:o/dst",
                "--only",
                "labels",
            ],
        )
        .await;
        check.success();
    }
    assert_eq!(held(&sandbox, "o/empty"), held(&sandbox, "o/dst"));
}

#[tokio::test]
async fn one_csv_file_on_stdout_holds_one_kind() {
    let sandbox = start(hostile(), Faults::default()).await;
    let run = mileport(
        &sandbox,
        &["export", "github:o/src", "-o", "-", "--format", "csv"],
    )
    .await;
    run.success();
    assert!(
        run.stdout.starts_with("url,html_url,labels_url,"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("add --only labels"), "{}", run.stderr);
    let run = mileport(
        &sandbox,
        &[
            "export",
            "github:o/src",
            "-o",
            "-",
            "--format",
            "csv",
            "--only",
            "milestones,labels",
        ],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--only"), "{}", run.stderr);
    let run = mileport(
        &sandbox,
        &[
            "export",
            "github:o/src",
            "-o",
            "-",
            "--format",
            "csv",
            "--only",
            "labels",
        ],
    )
    .await;
    run.success();
    assert!(
        run.stdout
            .starts_with("id,node_id,url,name,color,description,default")
    );
    assert_eq!(
        run.stdout.matches(",LA_kwDOsandbox").count(),
        7,
        "{}",
        run.stdout
    );
}
