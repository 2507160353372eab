//! Backups of a GitHub repository through the real binary: CSV in GitHub's
//! own field names and JSON, each imported into GitCode and SourceCraft
//! with every field intact, and both pinned by snapshots.

use mileport::sandbox::{Sandbox, SeedData};
use serde_json::json;

use crate::directions::{DEFAULT_DUE_ON, Seen, expected, github_seed, read, source_for};
use crate::support::{mileport, start_sandbox};

/// A small GitHub repository whose every field is fixed, as GitHub answers
/// it: one open milestone with a winter due date, one closed with a summer
/// one and an empty description, one without a due date.
fn fixed() -> Vec<mileport::providers::github::client::types::Milestone> {
    let creator = json!({
        "login": "octocat", "id": 1, "node_id": "MDQ6VXNlcjE=", "type": "User",
        "html_url": "https://github.com/octocat",
    });
    let base = "https://api.github.com/repos/acme/site/milestones";
    [
        json!({
            "url": format!("{base}/1"), "html_url": "https://github.com/acme/site/milestone/1",
            "labels_url": format!("{base}/1/labels"), "id": 1002604, "node_id": "MDk6TWlsZXN0b25lMTAwMjYwNA==",
            "number": 1, "state": "open", "title": "v1.0, \"final\"",
            "description": "Tracking milestone for version 1.0\nwith a second line — and 中文",
            "creator": creator, "open_issues": 4, "closed_issues": 8,
            "created_at": "2011-04-10T20:09:31Z", "updated_at": "2014-03-03T18:58:10Z",
            "closed_at": null, "due_on": "2025-03-09T08:00:00Z",
        }),
        json!({
            "url": format!("{base}/2"), "html_url": "https://github.com/acme/site/milestone/2",
            "labels_url": format!("{base}/2/labels"), "id": 1002605, "node_id": "MDk6TWlsZXN0b25lMTAwMjYwNQ==",
            "number": 2, "state": "closed", "title": "Fall back", "description": null,
            "creator": creator, "open_issues": 0, "closed_issues": 3,
            "created_at": "2024-05-01T09:00:00Z", "updated_at": "2025-11-03T10:00:00Z",
            "closed_at": "2025-11-03T10:00:00Z", "due_on": "2025-11-02T07:00:00Z",
        }),
        json!({
            "url": format!("{base}/3"), "html_url": "https://github.com/acme/site/milestone/3",
            "labels_url": format!("{base}/3/labels"), "id": 1002606, "node_id": "MDk6TWlsZXN0b25lMTAwMjYwNg==",
            "number": 3, "state": "open", "title": "Someday 🚀", "description": "",
            "creator": null, "open_issues": 0, "closed_issues": 0,
            "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
            "closed_at": null, "due_on": null,
        }),
    ]
    .into_iter()
    .map(|m| serde_json::from_value(m).unwrap())
    .collect()
}

async fn export(sandbox: &Sandbox, repo: &str, file: &std::path::Path) {
    mileport(
        sandbox,
        &["export", repo, "--output", file.to_str().unwrap()],
    )
    .await
    .success();
}

/// GitHub → file → GitCode and SourceCraft, in both formats: every
/// milestone once, exactly as on GitHub.
#[tokio::test(flavor = "multi_thread")]
async fn github_backups_import_into_the_other_providers() {
    let mut seed = SeedData::default();
    seed.github()
        .milestones
        .insert("e2e/source".into(), github_seed(&source_for("github")));
    let targets = [
        ("csv", "gitcode:csv/target"),
        ("csv", "sourcecraft:csv/target"),
        ("json", "gitcode:json/target"),
        ("json", "sourcecraft:json/target"),
    ];
    let repos: Vec<&str> = targets.iter().map(|(_, target)| *target).collect();
    let sandbox = start_sandbox(seed.with_repos(&repos)).await;
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "json"] {
        export(
            &sandbox,
            "github:e2e/source",
            &dir.path().join(format!("backup.{format}")),
        )
        .await;
    }
    let header = std::fs::read_to_string(dir.path().join("backup.csv")).unwrap();
    assert!(
        header.starts_with("url,html_url,labels_url,id,node_id,number,state,title,description,"),
        "GitHub's own field names: {header}"
    );

    for (format, target) in targets {
        let file = dir.path().join(format!("backup.{format}"));
        let mut args = vec!["import", file.to_str().unwrap(), target, "-q"];
        if target.starts_with("gitcode:") {
            args.extend(["--default-due-on", DEFAULT_DUE_ON]);
        }
        mileport(&sandbox, &args).await.success();
        let want: Vec<Seen> = expected("github:e2e/source", target);
        assert_eq!(read(&sandbox, target), want, "{format} → {target}");
    }
}

/// What a GitHub backup looks like, in both formats; only the time of the
/// export varies.
#[tokio::test(flavor = "multi_thread")]
async fn github_backup_files_snapshot() {
    let mut seed = SeedData::default();
    seed.github().milestones.insert("acme/site".into(), fixed());
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    for name in ["github.csv", "github.json"] {
        let file = dir.path().join(name);
        export(&sandbox, "github:acme/site", &file).await;
        let text = std::fs::read_to_string(&file).unwrap();
        insta::with_settings!({filters => vec![
            (r#""exported_at": "[^"]+""#, r#""exported_at": "[TIME]""#),
        ]}, {
            insta::assert_snapshot!(format!("export_{name}"), text);
        });
    }
}
