//! Listings no total can check (GitCode answering a bare array, GitHub's
//! `Link` paging, SourceCraft's page tokens): a milestone deleted between two pages shifts another
//! out of view unseen, so a listing of several pages stands only once two
//! readings agree. An export from one either holds every milestone or
//! fails loudly (exit 3, no file), never a silent part.

use std::path::{Path, PathBuf};

use mileport::{
    providers::{
        gitcode::client as gitcode, github::client as github, sourcecraft::client as sourcecraft,
    },
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::{Value, json};

use crate::support::{Run, mileport, start_sandbox};

/// `count` GitCode milestones numbered from 1.
fn gitcode_numbered(count: i64) -> Vec<gitcode::types::Milestone> {
    (1..=count)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "title": format!("Milestone {n}"),
                "state": "active",
                "due_on": format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
            }))
            .unwrap()
        })
        .collect()
}

/// `count` GitHub milestones numbered from 1.
fn github_numbered(count: i64) -> Vec<github::types::Milestone> {
    (1..=count)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "id": 9000 + n,
                "title": format!("Milestone {n}"),
                "state": "open",
            }))
            .unwrap()
        })
        .collect()
}

/// `count` SourceCraft milestones, slugs `m-1`… in creation order.
fn sourcecraft_numbered(count: i64) -> Vec<sourcecraft::types::Milestone> {
    (1..=count)
        .map(|n| {
            serde_json::from_value(json!({
                "id": format!("00000000-0000-4000-8000-{n:012x}"),
                "name": format!("Milestone {n}"),
                "slug": format!("m-{n}"),
                "status": "open",
            }))
            .unwrap()
        })
        .collect()
}

/// A GitCode repository of 60 milestones served 20 a page without totals,
/// a GitHub one and a SourceCraft one of 150 (100 a page), with `faults`.
async fn sandbox(faults: Faults) -> Sandbox {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("bare/repo".to_owned(), gitcode_numbered(60));
    seed.github()
        .milestones
        .insert("linked/repo".to_owned(), github_numbered(150));
    seed.sourcecraft()
        .milestones
        .insert("tokens/repo".to_owned(), sourcecraft_numbered(150));
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(Faults { ..faults }.with_gitcode(
        mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
            no_totals: true,
            page_cap: 20,
            ..Default::default()
        },
    ));
    sandbox
}

async fn export(sandbox: &Sandbox, repo: &str) -> (Run, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("backup.json");
    let run = mileport(sandbox, &["export", repo, "-o", out.to_str().unwrap()]).await;
    (run, dir, out)
}

fn backup_numbers(path: &Path) -> Vec<i64> {
    let backup: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut numbers: Vec<i64> = backup["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["number"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    numbers
}

fn listing_requests(sandbox: &Sandbox, provider: &str) -> u64 {
    sandbox
        .stats()
        .routes
        .iter()
        .filter(|(route, _)| {
            route.starts_with(&format!("{provider} GET")) && route.ends_with("/milestones")
        })
        .map(|(_, count)| count)
        .sum()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gitcode_listing_without_totals_is_read_until_two_readings_agree() {
    let sandbox = sandbox(Faults::default()).await;
    let (run, _dir, out) = export(&sandbox, "gitcode:bare/repo").await;
    run.success();
    assert_eq!(backup_numbers(&out), (1..=60).collect::<Vec<_>>());
    // Two readings of three pages and the empty page that ends them, and
    // the one page of `state=closed` that checks the state filter.
    assert_eq!(listing_requests(&sandbox, "gitcode"), 2 * 4 + 1);

    // Milestone 1 deleted between the first reading's pages 1 and 2
    // shifted milestone 21 onto page 1, already read: the first reading
    // missed it, the second disagreed, the third agreed with the second.
    sandbox.set_faults(
        Faults {
            delete_while_listing: 1,
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                no_totals: true,
                page_cap: 20,
                ..Default::default()
            },
        ),
    );
    let (run, _dir, out) = export(&sandbox, "gitcode:bare/repo").await;
    crate::run_snapshot!(run, @r#"
    exit: 0
    ----- stdout -----
    exported 59 milestones (59 open, 0 closed) and 0 labels of gitcode:bare/repo to [TMP]/backup.json
    ----- stderr -----
    "#);
    assert_eq!(backup_numbers(&out), (2..=60).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gitcode_listing_without_totals_that_keeps_changing_fails_with_exit_3() {
    let sandbox = sandbox(Faults {
        delete_while_listing: 10,
        ..Faults::default()
    })
    .await;
    let (run, _dir, out) = export(&sandbox, "gitcode:bare/repo").await;
    crate::run_snapshot!(run, @r"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    mileport: GitCode: list milestones of gitcode:bare/repo failed: the listing did not add up in 3 readings (two readings with no total to check them disagreed: only the earlier listed 1, 22, only the later 21; two readings with no total to check them disagreed: only the earlier listed 2, 23, only the later 22); try again when the repository is not being changed
    ");
    assert!(!out.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_github_listing_of_several_pages_is_read_until_two_readings_agree() {
    let sandbox = sandbox(Faults {
        delete_while_listing: 1,
        ..Faults::default()
    })
    .await;
    let (run, _dir, out) = export(&sandbox, "github:linked/repo").await;
    run.success();
    assert_eq!(backup_numbers(&out), (2..=150).collect::<Vec<_>>());
    // Three readings of two pages.
    assert_eq!(listing_requests(&sandbox, "github"), 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sourcecraft_listing_of_several_pages_is_read_until_two_readings_agree() {
    let sandbox = sandbox(Faults {
        delete_while_listing: 1,
        ..Faults::default()
    })
    .await;
    let (run, _dir, out) = export(&sandbox, "sourcecraft:tokens/repo").await;
    run.success();
    let backup: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let mut slugs: Vec<&str> = backup["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["slug"].as_str().unwrap())
        .collect();
    slugs.sort_unstable();
    let mut expected: Vec<String> = (2..=150).map(|n| format!("m-{n}")).collect();
    expected.sort_unstable();
    assert_eq!(slugs, expected);
    // Three readings of two pages.
    assert_eq!(listing_requests(&sandbox, "sourcecraft"), 6);
}
