//! A target read into the planner as its pages come (GitHub's `Link`
//! paging, GitCode's numbered pages without totals) while a milestone is
//! deleted between two pages: the shifted reading is read again until two
//! agree, so an import plans against what is there, and a real import
//! creates what is missing once, never a second copy of a milestone the
//! shift hid.

use std::collections::BTreeSet;

use mileport::{
    providers::{
        gitcode::{client as gitcode, sandbox_faults::GitCodeFaults},
        github::client as github,
    },
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::{Value, json};

use crate::support::{json_document, mileport, start_sandbox};

const GITHUB: &str = "github:linked/repo";
const GITCODE: &str = "gitcode:bare/repo";

/// A GitHub repository of 150 milestones (100 a page) and a GitCode one of
/// 60 (20 a page, no totals), titled `Milestone N`.
async fn sandbox() -> Sandbox {
    let mut seed = SeedData::default();
    let github: Vec<github::types::Milestone> = (1..=150)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "id": 9000 + n,
                "title": format!("Milestone {n}"),
                "state": "open",
            }))
            .unwrap()
        })
        .collect();
    seed.github()
        .milestones
        .insert("linked/repo".to_owned(), github);
    let gitcode: Vec<gitcode::types::Milestone> = (1..=60)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "title": format!("Milestone {n}"),
                "state": "active",
                "due_on": "2025-01-15",
            }))
            .unwrap()
        })
        .collect();
    seed.gitcode()
        .milestones
        .insert("bare/repo".to_owned(), gitcode);
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(faults(0));
    sandbox
}

/// GitCode without totals, 20 a page; `deletions` listings see their
/// first milestone deleted between pages 1 and 2.
fn faults(deletions: u32) -> Faults {
    Faults {
        delete_while_listing: deletions,
        ..Faults::default()
    }
    .with_gitcode(GitCodeFaults {
        no_totals: true,
        page_cap: 20,
        ..Default::default()
    })
}

/// The titles `repo` holds, each once, and how many it holds in all.
async fn titles(sandbox: &Sandbox, repo: &str) -> (BTreeSet<String>, usize) {
    let run = mileport(
        sandbox,
        &["export", repo, "-o", "-", "--format", "json", "-q"],
    )
    .await;
    run.success();
    let backup: Value = serde_json::from_str(&run.stdout).unwrap();
    let listed = backup["milestones"].as_array().unwrap();
    let unique = listed
        .iter()
        .map(|m| m["title"].as_str().unwrap().to_owned())
        .collect();
    (unique, listed.len())
}

/// Requests for pages of `provider`'s milestone listings of every state.
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

fn expected(range: std::ops::RangeInclusive<i64>) -> BTreeSet<String> {
    range.map(|n| format!("Milestone {n}")).collect()
}

/// Exports `repo`, then imports the export back while its listing shifts:
/// the plan creates only the milestone deleted meanwhile; the real import
/// leaves each title there once.
async fn import_while_the_listing_shifts(sandbox: &Sandbox, repo: &str, count: i64) {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.json");
    let backup = backup.to_str().unwrap();
    mileport(sandbox, &["export", repo, "-o", backup, "-q"])
        .await
        .success();

    sandbox.set_faults(faults(1));
    let before = listing_requests(sandbox, repo.split(':').next().unwrap());
    let planned = mileport(
        sandbox,
        &["import", backup, repo, "--dry-run", "--json", "-q"],
    )
    .await;
    planned.success();
    let plan = json_document(&planned.stdout);
    assert_eq!(plan["totals"]["planned"]["create"], 1, "{repo}: {plan}");
    assert_eq!(plan["totals"]["planned"]["update"], 0, "{repo}: {plan}");
    let read = listing_requests(sandbox, repo.split(':').next().unwrap()) - before;
    assert!(
        read > 3,
        "{repo}: the shifted listing was read {read} pages only"
    );

    // Milestone 1 went in the dry run; milestone 2 goes in this one.
    sandbox.set_faults(faults(1));
    mileport(sandbox, &["import", backup, repo, "--yes", "-q"])
        .await
        .success();
    sandbox.set_faults(faults(0));
    let (unique, listed) = titles(sandbox, repo).await;
    assert_eq!(listed, unique.len(), "{repo}: a title was created twice");
    assert_eq!(unique, expected(1..=count), "{repo}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_into_a_github_target_whose_listing_shifts_plans_against_what_is_there() {
    let sandbox = sandbox().await;
    import_while_the_listing_shifts(&sandbox, GITHUB, 150).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_into_a_gitcode_target_whose_listing_shifts_plans_against_what_is_there() {
    let sandbox = sandbox().await;
    import_while_the_listing_shifts(&sandbox, GITCODE, 60).await;
}
