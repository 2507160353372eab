//! No overwrite without consent, through the binary: without a terminal a
//! run that would update existing milestones shows its plan and refuses
//! (exit 2) unless given `--yes`, for `migrate`, `import` and batches;
//! runs that only create need no `--yes`; a batch on a terminal asks once
//! for all its pairs.

use std::{
    io::Write,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use mileport::{
    providers::gitcode::client::types::Milestone,
    sandbox::{Sandbox, SeedData},
};

use crate::{
    exactly_once::source_milestones,
    run_snapshot,
    stops::collect,
    support::{mileport, sandbox_env, start_sandbox, writes},
};

/// `count` source milestones, and the same ones with older descriptions.
fn drifted(count: i64) -> (Vec<Milestone>, Vec<Milestone>) {
    let source = source_milestones(count);
    let mut target = source.clone();
    for milestone in &mut target {
        milestone.description = Some("an older description".to_owned());
    }
    (source, target)
}

/// `gitcode:ask/source`, and `gitcode:ask/target` whose two milestones
/// would be overwritten.
async fn one_pair() -> Sandbox {
    let (source, target) = drifted(2);
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("ask/source".to_owned(), source);
    seed.gitcode()
        .milestones
        .insert("ask/target".to_owned(), target);
    start_sandbox(seed).await
}

/// Whether every milestone of the target still has its older description.
fn untouched(sandbox: &Sandbox, repo: &str) -> bool {
    sandbox
        .gitcode_milestones(repo)
        .iter()
        .all(|m| m.description.as_deref() == Some("an older description"))
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_an_overwrite_needs_yes() {
    let sandbox = one_pair().await;
    let args = ["migrate", "gitcode:ask/source", "gitcode:ask/target"];
    let refused = mileport(&sandbox, &args).await;
    run_snapshot!(refused, @r"
    exit: 2
    ----- stdout -----
      ~ Этап 1  (number 1)
          description: an older description → milestone 1
      ~ Этап 2  (number 2)
          description: an older description → milestone 2
    plan: create 0, update 2, unchanged 0, only on the target 0
    ----- stderr -----
    read 2 milestones (2 open, 0 closed) from gitcode:ask/source
    mileport: 2 existing milestone(s) would be overwritten and there is no terminal to ask on; nothing was written: add --yes to apply it
    ");
    assert_eq!(writes(&sandbox), 0);
    assert!(untouched(&sandbox, "ask/target"));

    let applied = mileport(&sandbox, &[&args[..], &["--yes"]].concat()).await;
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    assert!(
        applied.stdout.contains("created 0, updated 2, unchanged 0"),
        "{}",
        applied.stdout
    );
    assert!(
        sandbox
            .gitcode_milestones("ask/target")
            .iter()
            .all(|m| m.description.as_deref() != Some("an older description"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_a_run_that_only_creates_needs_no_yes() {
    let mut seed = SeedData::default().with_repos(&["gitcode:new/target"]);
    seed.gitcode()
        .milestones
        .insert("new/source".to_owned(), source_milestones(2));
    let sandbox = start_sandbox(seed).await;
    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:new/source", "gitcode:new/target"],
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(sandbox.gitcode_milestones("new/target").len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_an_import_that_overwrites_needs_yes() {
    let sandbox = one_pair().await;
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("source.json");
    let backup = backup.to_str().unwrap();
    mileport(
        &sandbox,
        &["export", "gitcode:ask/source", "--output", backup],
    )
    .await
    .success();
    let refused = mileport(&sandbox, &["import", backup, "gitcode:ask/target"]).await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("add --yes to apply it"),
        "{}",
        refused.stderr
    );
    assert!(refused.stdout.contains("update"), "{}", refused.stdout);
    assert_eq!(writes(&sandbox), 0);

    let applied = mileport(&sandbox, &["import", backup, "gitcode:ask/target", "--yes"]).await;
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    assert!(!untouched(&sandbox, "ask/target"));
}

/// Two owners: `into/source` would be overwritten, `into/fresh` only
/// receives a new milestone.
async fn two_pairs() -> Sandbox {
    let (source, target) = drifted(2);
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("from/source".to_owned(), source);
    seed.gitcode()
        .milestones
        .insert("into/source".to_owned(), target);
    seed.gitcode()
        .milestones
        .insert("from/fresh".to_owned(), source_milestones(1));
    seed.gitcode()
        .milestones
        .insert("into/fresh".to_owned(), Vec::new());
    start_sandbox(seed).await
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_a_batch_that_overwrites_writes_nothing_until_yes() {
    let sandbox = two_pairs().await;
    let args = ["migrate", "gitcode:from", "gitcode:into"];
    let refused = mileport(&sandbox, &args).await;
    run_snapshot!(refused, @r#"
    exit: 2
    ----- stdout -----
    gitcode:from/source -> gitcode:into/source
      ~ Этап 1  (number 1)
          description: an older description → milestone 1
      ~ Этап 2  (number 2)
          description: an older description → milestone 2
    plan: create 0, update 2, unchanged 0, only on the target 0

    ----- stderr -----
    milestones:
    mileport: 2 existing milestone(s) would be overwritten and there is no terminal to ask on; nothing was written: add --yes to apply it
    "#);
    assert_eq!(writes(&sandbox), 0, "not even the pair that only creates");

    let applied = mileport(&sandbox, &[&args[..], &["--yes"]].concat()).await;
    assert_eq!(applied.code, 0, "{}", applied.stderr);
    assert!(!untouched(&sandbox, "into/source"));
    assert_eq!(sandbox.gitcode_milestones("into/fresh").len(), 1);
}

/// Runs a batch on a terminal (`script` gives it one), waits for its one
/// question and answers it; returns the exit code and all it showed.
async fn answer_batch(sandbox: &Sandbox, answer: &'static [u8]) -> (Option<i32>, String) {
    let command = format!(
        "{} migrate gitcode:from gitcode:into",
        assert_cmd::cargo::cargo_bin("mileport").display()
    );
    let mut child = Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .envs(sandbox_env(sandbox))
        .env("TERM", "dumb")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kept open until the end: closing it would hang up the terminal.
    let mut keys = child.stdin.take().unwrap();
    let seen = collect(child.stdout.take().unwrap());
    let text = move || String::from_utf8_lossy(&seen.lock().unwrap()).into_owned();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !text().contains("Apply this plan? [y/N]") {
        assert!(Instant::now() < deadline, "no question: {}", text());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    keys.write_all(answer).unwrap();
    keys.flush().unwrap();
    let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
        .await
        .unwrap();
    drop(keys);
    (status.code(), text())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_on_a_terminal_asks_once_for_all_its_pairs() {
    let sandbox = two_pairs().await;
    let (code, shown) = answer_batch(&sandbox, b"n\n").await;
    assert_eq!(code, Some(1), "{shown}");
    assert_eq!(shown.matches("Apply this plan?").count(), 1, "{shown}");
    assert!(
        shown.contains("gitcode:from/source -> gitcode:into/source"),
        "{shown}"
    );
    assert!(
        !shown.contains("gitcode:from/fresh ->"),
        "only pairs that update: {shown}"
    );
    assert!(shown.contains("cancelled: nothing written."), "{shown}");
    assert_eq!(writes(&sandbox), 0, "nothing written anywhere");

    let (code, shown) = answer_batch(&sandbox, b"y\n").await;
    assert_eq!(code, Some(0), "{shown}");
    assert!(!untouched(&sandbox, "into/source"));
    assert_eq!(sandbox.gitcode_milestones("into/fresh").len(), 1);
}
