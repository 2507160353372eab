//! Titles several source milestones share, on their way to GitHub, which
//! keeps titles unique: refused before anything is written, or numbered
//! when asked, and a numbered run repeated writes nothing.

use mileport::{providers::gitcode::client as gitcode, sandbox::SeedData};
use serde_json::json;

use crate::support::{mileport, start_sandbox};

fn source() -> SeedData {
    let milestones: Vec<gitcode::types::Milestone> = serde_json::from_value(json!([
        {"number": 1, "title": "Release", "state": "active", "due_on": "2025-03-09"},
        {"number": 2, "title": "Release", "state": "closed", "due_on": "2025-11-02"},
        {"number": 3, "title": "Docs", "state": "active", "due_on": "2024-02-29"},
        {"number": 4, "title": "Release", "state": "active", "due_on": "2025-12-31"},
        {"number": 5, "title": "Release (2)", "state": "active", "due_on": "2026-01-01"}
    ]))
    .unwrap();
    let mut seed = SeedData::default().with_repos(&["github:acme/roadmap"]);
    seed.gitcode()
        .milestones
        .insert("acme/roadmap".to_owned(), milestones);
    seed
}

/// Writes to GitHub so far: creates and updates.
fn writes(sandbox: &mileport::sandbox::Sandbox) -> u64 {
    sandbox
        .stats()
        .routes
        .iter()
        .filter(|(route, _)| route.starts_with("github POST") || route.starts_with("github PATCH"))
        .map(|(_, count)| count)
        .sum()
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_titles_are_refused_before_anything_is_written() {
    let sandbox = start_sandbox(source()).await;
    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:acme/roadmap", "github:acme/roadmap"],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("\"Release\" is held by 3 milestones"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--repeated-titles number"),
        "{}",
        run.stderr
    );
    assert_eq!(writes(&sandbox), 0);
    assert!(sandbox.github_milestones("acme/roadmap").is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_titles_are_numbered_when_asked_and_a_rerun_writes_nothing() {
    let sandbox = start_sandbox(source()).await;
    let args = [
        "migrate",
        "gitcode:acme/roadmap",
        "github:acme/roadmap",
        "--repeated-titles",
        "number",
    ];
    let run = mileport(&sandbox, &args).await;
    run.success();
    let mut titles: Vec<(String, Option<String>, Option<String>)> = sandbox
        .github_milestones("acme/roadmap")
        .into_iter()
        .map(|m| (m.title, m.state.map(|s| s.to_string()), m.due_on))
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            (
                "Docs".into(),
                Some("open".into()),
                Some("2024-02-29T08:00:00Z".into())
            ),
            (
                "Release".into(),
                Some("open".into()),
                Some("2025-03-09T08:00:00Z".into())
            ),
            (
                "Release (2)".into(),
                Some("open".into()),
                Some("2026-01-01T08:00:00Z".into())
            ),
            (
                "Release (3)".into(),
                Some("closed".into()),
                Some("2025-11-02T07:00:00Z".into())
            ),
            (
                "Release (4)".into(),
                Some("open".into()),
                Some("2025-12-31T08:00:00Z".into())
            ),
        ]
    );
    let before = writes(&sandbox);
    assert_eq!(before, 5, "one request per milestone, closed ones included");
    let again = mileport(&sandbox, &args).await;
    again.success();
    assert_eq!(writes(&sandbox), before, "{}", again.stderr);
}
