//! What a run can know will fail before it writes: a token whose role may
//! not write (GitHub says so in a repository's `permissions`), an
//! archived repository, and milestones the target cannot hold. A run
//! stops before its first write; a dry run shows each as a `!` line of
//! the plan and ends as the run would.

use mileport::{
    providers::{github::client as github, github::sandbox_access::GitHubRole},
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::json;

use crate::{
    exactly_once::{creates_sent, source_milestones},
    support::{mileport, start_sandbox},
};

const PROBE: &str = "github GET /repos/{owner}/{repo}";

async fn into_github(faults: Faults) -> Sandbox {
    let mut seed = SeedData::default().with_repos(&["github:acme/target"]);
    seed.gitcode()
        .milestones
        .insert("acme/source".to_owned(), source_milestones(4));
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(faults);
    sandbox
}

fn role(role: GitHubRole) -> Faults {
    Faults::default().with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
        role,
        ..Default::default()
    })
}

fn probes(sandbox: &Sandbox) -> u64 {
    sandbox.stats().routes.get(PROBE).copied().unwrap_or(0)
}

const MIGRATE: [&str; 3] = ["migrate", "gitcode:acme/source", "github:acme/target"];

#[tokio::test(flavor = "multi_thread")]
async fn a_token_that_may_only_read_is_refused_before_the_first_write() {
    let sandbox = into_github(role(GitHubRole::Pull)).await;
    let run = mileport(&sandbox, &MIGRATE).await;
    crate::run_snapshot!(run, @r"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    read 4 milestones (3 open, 1 closed) from gitcode:acme/source
    mileport: your token cannot write to github:acme/target: GitHub gives its user read access only; milestones need the triage, write, maintain or admin role. Nothing was written: use a token that may write there
    ");
    assert_eq!(creates_sent(&sandbox), 0);
    assert_eq!(probes(&sandbox), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_says_the_token_cannot_write_and_ends_as_the_run_would() {
    let sandbox = into_github(role(GitHubRole::Pull)).await;
    let mut args = MIGRATE.to_vec();
    args.push("--dry-run");
    let run = mileport(&sandbox, &args).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "  ! your token cannot write to the target: GitHub gives its user read access only"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("dry run, nothing written."),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("your token cannot write to github:acme/target"),
        "{}",
        run.stderr
    );
    assert_eq!(creates_sent(&sandbox), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_archived_repository_is_named_as_such() {
    let faults =
        Faults::default().with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
            archived: true,
            ..Default::default()
        });
    let sandbox = into_github(faults).await;
    let run = mileport(&sandbox, &MIGRATE).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("GitHub says the repository is archived, so it is read-only"),
        "{}",
        run.stderr
    );
    assert_eq!(creates_sent(&sandbox), 0);
}

/// Triage may manage milestones; and a run with nothing to write does not
/// ask.
#[tokio::test(flavor = "multi_thread")]
async fn a_triage_role_writes_and_a_rerun_with_nothing_to_do_does_not_ask() {
    let sandbox = into_github(role(GitHubRole::Triage)).await;
    mileport(&sandbox, &MIGRATE).await.success();
    assert_eq!(sandbox.github_milestones("acme/target").len(), 4);
    assert_eq!(probes(&sandbox), 1);
    mileport(&sandbox, &MIGRATE).await.success();
    assert_eq!(probes(&sandbox), 1);
}

/// A token the role allows but the token itself does not (a fine-grained
/// token without write access to issues): the first refusals stop it.
#[tokio::test(flavor = "multi_thread")]
async fn a_role_that_allows_but_a_token_that_does_not_is_stopped_by_its_refusals() {
    let faults =
        Faults::default().with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
            read_only: true,
            ..Default::default()
        });
    let sandbox = into_github(faults).await;
    let mut args = MIGRATE.to_vec();
    args.extend(["--concurrency", "1"]);
    let run = mileport(&sandbox, &args).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("Resource not accessible"),
        "{}",
        run.stderr
    );
    assert_eq!(creates_sent(&sandbox), 3);
}

/// GitHub milestones without a due date, on their way to GitCode, which
/// requires one: the dry run shows each as `!` with the reason, plans the
/// others, counts both, and ends with exit 2 as the run would.
#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_shows_the_milestones_the_target_cannot_hold() {
    let milestones: Vec<github::types::Milestone> = serde_json::from_value(json!([
        {"number": 1, "title": "Dated", "state": "open", "due_on": "2026-03-01T08:00:00Z"},
        {"number": 2, "title": "Someday", "state": "open", "due_on": null},
        {"number": 3, "title": "Never ⏳", "state": "closed", "due_on": null}
    ]))
    .unwrap();
    let mut seed = SeedData::default().with_repos(&["gitcode:acme/target"]);
    seed.github()
        .milestones
        .insert("acme/source".to_owned(), milestones);
    let sandbox = start_sandbox(seed).await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "github:acme/source",
            "gitcode:acme/target",
            "--dry-run",
        ],
    )
    .await;
    crate::run_snapshot!(run, @r#"
    exit: 2
    ----- stdout -----
      + Dated
      ! Someday  from GitHub milestone 2: no due date, and GitCode requires one (--default-due-on gives one)
      ! Never ⏳  from GitHub milestone 3: no due date, and GitCode requires one (--default-due-on gives one)
    plan: create 1, update 0, unchanged 0, only on the target 0, cannot be migrated 2
    dry run, nothing written.
    ----- stderr -----
    read 3 milestones (2 open, 1 closed) from github:acme/source
    note: gitcode:acme/target has no place for these source fields (they are kept in exports and the report): number
    mileport: 2 milestone(s) cannot be migrated; nothing was written:
      GitHub milestone 2: field `deadline` is missing on "Someday", and GitCode requires a due date: give one to all such milestones with --default-due-on YYYY-MM-DD
      GitHub milestone 3: field `deadline` is missing on "Never ⏳", and GitCode requires a due date: give one to all such milestones with --default-due-on YYYY-MM-DD
    "#);
    assert_eq!(
        sandbox
            .stats()
            .routes
            .keys()
            .filter(|r| r.contains("POST"))
            .count(),
        0
    );
}

/// Titles GitHub cannot hold twice: every holder is a `!` line.
#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_shows_each_holder_of_a_repeated_title() {
    let mut seed = SeedData::default().with_repos(&["github:acme/target"]);
    seed.gitcode()
        .milestones
        .insert("acme/source".to_owned(), source_milestones(30));
    let sandbox = start_sandbox(seed).await;
    let mut args = MIGRATE.to_vec();
    args.push("--dry-run");
    let run = mileport(&sandbox, &args).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    let refused: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  ! "))
        .collect();
    assert_eq!(refused.len(), 2, "{}", run.stdout);
    for line in refused {
        assert!(
            line.starts_with("  ! Shared title  from GitCode milestone "),
            "{line}"
        );
        assert!(line.contains("held by 2 source milestones"), "{line}");
    }
    assert!(
        run.stdout.contains(
            "plan: create 28, update 0, unchanged 0, only on the target 0, cannot be migrated 2"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("--repeated-titles number"),
        "{}",
        run.stderr
    );
}

/// In a batch the same: each pair's plan shows what it cannot hold, the
/// pair is failed with why, and the other pairs are planned as usual.
#[tokio::test(flavor = "multi_thread")]
async fn a_batch_dry_run_fails_the_pair_that_cannot_be_migrated() {
    let mut seed = SeedData::default().with_repos(&["github:acme/clean", "github:acme/repeats"]);
    seed.gitcode()
        .milestones
        .insert("acme/clean".to_owned(), source_milestones(3));
    seed.gitcode()
        .milestones
        .insert("acme/repeats".to_owned(), source_milestones(30));
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.txt");
    std::fs::write(
        &pairs,
        "gitcode:acme/clean github:acme/clean\ngitcode:acme/repeats github:acme/repeats\n",
    )
    .unwrap();
    let run = mileport(
        &sandbox,
        &["migrate", "--repos", pairs.to_str().unwrap(), "--dry-run"],
    )
    .await;
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout
            .matches("  ! Shared title  from GitCode milestone")
            .count(),
        2,
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("plan: create 3,"), "{}", run.stdout);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("--repeated-titles number"), "{all}");
    assert_eq!(creates_sent(&sandbox), 0);
}

/// For scripts the same: the dry run's document counts what cannot be
/// migrated and fails the pair with why.
#[tokio::test(flavor = "multi_thread")]
async fn a_dry_runs_document_counts_what_cannot_be_migrated() {
    let mut seed = SeedData::default().with_repos(&["github:acme/target"]);
    seed.gitcode()
        .milestones
        .insert("acme/source".to_owned(), source_milestones(30));
    let sandbox = start_sandbox(seed).await;
    let mut args = MIGRATE.to_vec();
    args.extend(["--dry-run", "--json"]);
    let run = mileport(&sandbox, &args).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    let document = crate::support::json_document(&run.stdout);
    let pair = &document["pairs"][0];
    assert_eq!(pair["status"], "failed", "{document}");
    assert_eq!(pair["planned"]["create"], 28, "{document}");
    assert_eq!(pair["planned"]["cannot"], 2, "{document}");
    let message = pair["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("--repeated-titles number"), "{message}");
}
