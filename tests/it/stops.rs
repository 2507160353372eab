//! Every way a run can end: SIGTERM and SIGHUP stop it as Ctrl-C does,
//! Ctrl-C at the question quits at once, the report is written on every
//! way out, a failure every write would meet stops the run after a few,
//! and a repository that moved is followed for reads only.

use std::{
    io::{Read, Write},
    process::{Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use mileport::{
    provider::rate::Window,
    providers::github::sandbox_moves::Moved,
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::Value;

use crate::{
    exactly_once::{
        MIGRATE, Watched, contents, creates_sent, finish, sandbox_with_source, signal,
        source_milestones, spawn, wait_for_creates, wait_for_creates_sent,
    },
    support::{Run, mileport, sandbox_env, start_sandbox},
};

fn read_json(path: &std::path::Path) -> Value {
    crate::support::json_report(path)
}

/// The `result` of every milestone of a single repository's report.
fn results(report: &Value) -> Vec<String> {
    crate::support::pair_report(report)["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["result"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_and_sighup_stop_as_ctrl_c_does_and_exit_128_plus_the_signal() {
    for (name, code, said) in [("TERM", 143, "SIGTERM"), ("HUP", 129, "SIGHUP")] {
        let sandbox = sandbox_with_source(
            40,
            Faults {
                write_latency_ms: 25,
                ..Faults::default()
            },
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("report.json");
        let args = [
            &MIGRATE[..],
            &["--concurrency", "2", "--report", report.to_str().unwrap()],
        ]
        .concat();
        let child = spawn(&sandbox, &args);
        wait_for_creates(&sandbox, "once/target", 4).await;
        signal(&child, name);
        let run = finish(child).await;
        assert_eq!(run.code, code, "{}", run.stderr);
        for line in [
            format!("mileport: stopping ({said}): no new requests"),
            format!("mileport: stopped by {said} with "),
            "run the same command again to finish".to_owned(),
        ] {
            assert!(run.stderr.contains(&line), "{said}: {}", run.stderr);
        }
        let written = read_json(&report);
        assert_eq!(written["interrupted"], true);
        assert_eq!(written["stopped_by"], said);
        let results = results(&written);
        assert!(results.iter().any(|r| r == "created"), "{results:?}");
        assert!(results.iter().any(|r| r == "not started"), "{results:?}");

        sandbox.set_faults(Faults::default());
        mileport(&sandbox, &MIGRATE).await.success();
        assert_eq!(
            contents(&sandbox, "once/target"),
            contents(&sandbox, "once/source")
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_signal_of_another_kind_still_quits_at_once() {
    let sandbox = sandbox_with_source(
        30,
        Faults {
            write_latency_ms: 3_000,
            ..Faults::default()
        },
    )
    .await;
    let run = Watched::spawn(&sandbox, &[&MIGRATE[..], &["--concurrency", "1"]].concat());
    wait_for_creates_sent(&sandbox, 1).await;
    run.signal("TERM");
    // The first signal is taken in once it is said.
    run.wait_for("again to quit at once").await;
    let started = Instant::now();
    run.signal("INT");
    let run = run.finish().await;
    assert!(run.code == 130 || run.code == 143, "{}", run.stderr);
    assert!(run.stderr.contains("quit at once"), "{}", run.stderr);
    assert!(
        started.elapsed() < Duration::from_millis(2_000),
        "took {:?}: {}",
        started.elapsed(),
        run.stderr
    );
}

/// Reads a child's output as it comes, for waiting on a line.
pub(crate) fn collect(mut output: impl Read + Send + 'static) -> Arc<Mutex<Vec<u8>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 4096];
        while let Ok(read) = output.read(&mut buffer) {
            if read == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buffer[..read]);
        }
    });
    seen
}

/// The question needs a terminal: the run goes through `script`, which
/// gives it one, and Ctrl-C is typed on it.
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_at_the_question_quits_at_once_with_nothing_written() {
    let mut seed = SeedData::default();
    let source = source_milestones(3);
    let mut target = source.clone();
    for milestone in &mut target {
        milestone.description = Some("an older description".to_owned());
    }
    seed.gitcode()
        .milestones
        .insert("ask/source".to_owned(), source);
    seed.gitcode()
        .milestones
        .insert("ask/target".to_owned(), target);
    let sandbox = start_sandbox(seed).await;
    let command = format!(
        "{} migrate gitcode:ask/source gitcode:ask/target",
        assert_cmd::cargo::cargo_bin("mileport").display()
    );
    let mut child = Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .envs(sandbox_env(&sandbox))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kept open until the end: closing it would hang up the terminal.
    let mut keys = child.stdin.take().unwrap();
    let seen = collect(child.stdout.take().unwrap());
    let text = || String::from_utf8_lossy(&seen.lock().unwrap()).into_owned();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !text().contains("Apply this plan? [y/N]") {
        assert!(Instant::now() < deadline, "no question: {}", text());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    keys.write_all(b"\x03").unwrap();
    keys.flush().unwrap();
    let started = Instant::now();
    let status = tokio::task::spawn_blocking(move || {
        while started.elapsed() < Duration::from_secs(10) {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap();
        child.wait().unwrap()
    })
    .await
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(1_500),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(status.code(), Some(130), "{}", text());
    assert!(
        text().contains("cancelled by Ctrl-C: nothing written"),
        "{}",
        text()
    );
    drop(keys);
    assert_eq!(creates_sent(&sandbox), 0);
    assert!(
        sandbox
            .gitcode_milestones("ask/target")
            .iter()
            .all(|m| m.description.as_deref() == Some("an older description"))
    );
}

/// `count` GitCode milestones in `gitcode:once/source` (fewer than 30:
/// no repeated title, which GitHub would refuse), and the GitHub
/// repositories given, empty, with `faults`.
pub(crate) async fn into_github(count: i64, github: &[&str], faults: Faults) -> Sandbox {
    let mut seed = SeedData::default().with_repos(github);
    seed.gitcode()
        .milestones
        .insert("once/source".to_owned(), source_milestones(count));
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(faults);
    sandbox
}

fn budget(requests: u32) -> Faults {
    Faults::default().with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
        budget: Some(Window {
            requests,
            length: Duration::from_secs(3600),
        }),
        ..Default::default()
    })
}

/// The GitHub budget spent mid-run, its reset beyond `--max-wait`: the
/// run stops (exit 3), with the report and the JSON document written.
#[tokio::test(flavor = "multi_thread")]
async fn a_spent_budget_stops_the_run_with_the_report_and_json_written() {
    let sandbox = into_github(29, &["github:spent/target"], budget(20)).await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:once/source",
            "github:spent/target",
            "--max-wait",
            "1s",
            "--json",
            "--report",
            report.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    let created = sandbox.github_milestones("spent/target").len();
    assert!((10..29).contains(&created), "{created} created");
    for written in [
        read_json(&report),
        crate::support::json_document(&run.stdout),
    ] {
        assert_eq!(written["interrupted"], true);
        assert!(
            written["stopped_by"]
                .as_str()
                .unwrap()
                .contains("--max-wait"),
            "{written}"
        );
        let results = results(&written);
        assert_eq!(results.iter().filter(|r| *r == "created").count(), created);
        assert!(results.iter().any(|r| r == "not started"), "{results:?}");
    }
    assert!(
        run.stderr.contains("longer than --max-wait"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.lines().any(|line| line.starts_with("failed: ")),
        "{}",
        run.stderr
    );
}

/// A token that may only read: three refused creates, one line saying
/// why, the report of what was not started, exit 3.
#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_token_stops_the_run_after_three_refusals() {
    let faults =
        Faults::default().with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
            read_only: true,
            ..Default::default()
        });
    let sandbox = into_github(29, &["github:locked/target"], faults).await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:once/source",
            "github:locked/target",
            "--concurrency",
            "1",
            "--report",
            report.to_str().unwrap(),
        ],
    )
    .await;
    crate::run_snapshot!("a_read_only_token_stops_the_run", run);
    assert_eq!(creates_sent(&sandbox), 3);
    assert_eq!(
        run.stderr.matches("Resource not accessible").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "stopped after 3 write(s) failed alike, with 26 of 29 milestones not started"
        ),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.lines().any(|line| line.starts_with("failed: ")),
        "{}",
        run.stderr
    );
    let markdown = std::fs::read_to_string(&report).unwrap();
    assert!(markdown.contains("not started"), "{markdown}");
    assert!(
        markdown.contains("| Result | stopped by GitHub: create milestone"),
        "{markdown}"
    );
}

/// A token that expires mid-run: what was created before is reported,
/// the refusals after stop the run.
#[tokio::test(flavor = "multi_thread")]
async fn a_token_that_expires_mid_run_stops_it_after_three_refusals() {
    let faults =
        Faults::default().with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
            token_expires_after: Some(8),
            ..Default::default()
        });
    let sandbox = into_github(29, &["github:expiring/target"], faults).await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:once/source",
            "github:expiring/target",
            "--concurrency",
            "1",
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    let created = sandbox.github_milestones("expiring/target").len();
    assert!(created > 0, "{}", run.stderr);
    assert_eq!(creates_sent(&sandbox), created as u64 + 3);
    assert_eq!(
        run.stderr.matches("GITHUB_TOKEN").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains(&format!("created {created},")),
        "{}",
        run.stdout
    );
}

/// Five pairs from a file, GitCode to GitHub.
fn pairs_file(dir: &std::path::Path, count: usize) -> std::path::PathBuf {
    let lines: String = (1..=count)
        .map(|n| format!("gitcode:acme/r{n} github:acme/r{n}\n"))
        .collect();
    let path = dir.join("pairs.txt");
    std::fs::write(&path, lines).unwrap();
    path
}

async fn batch_sandbox(count: usize, faults: Faults) -> Sandbox {
    let targets: Vec<String> = (1..=count).map(|n| format!("github:acme/r{n}")).collect();
    let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
    let mut seed = SeedData::default().with_repos(&targets);
    for n in 1..=count {
        seed.gitcode()
            .milestones
            .insert(format!("acme/r{n}"), source_milestones(12));
    }
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(faults);
    sandbox
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_with_a_refused_token_stops_after_three_pairs_with_exit_3() {
    let sandbox = batch_sandbox(5, Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let pairs = pairs_file(dir.path(), 5);
    let report = dir.path().join("report.json");
    let mut env = sandbox_env(&sandbox);
    env.retain(|(name, _)| *name != "GITHUB_TOKEN");
    env.push(("GITHUB_TOKEN", "expired-token-0000".to_owned()));
    let args = [
        "migrate",
        "--repos",
        pairs.to_str().unwrap(),
        "--repos-in-flight",
        "1",
        "--report",
        report.to_str().unwrap(),
    ];
    let run = Run::command(&args, &env).await;
    crate::run_snapshot!("a_batch_with_a_refused_token_stops", run);
    assert!(
        run.stderr
            .contains("stopped with 2 of 5 repositories not done"),
        "{}",
        run.stderr
    );
    let written = read_json(&report);
    let statuses: Vec<&str> = written["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["failed", "failed", "failed", "stopped", "stopped"]
    );
    assert!(
        written["stopped_by"].as_str().unwrap().contains("401"),
        "{written}"
    );
    assert!(!run.stderr.contains("expired-token-0000"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wait_beyond_max_wait_in_a_batch_stops_it_with_exit_3() {
    let sandbox = batch_sandbox(3, budget(16)).await;
    let dir = tempfile::tempdir().unwrap();
    let pairs = pairs_file(dir.path(), 3);
    let report = dir.path().join("report.json");
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "--repos",
            pairs.to_str().unwrap(),
            "--repos-in-flight",
            "1",
            "--max-wait",
            "1s",
            "--report",
            report.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("longer than --max-wait"),
        "{}",
        run.stderr
    );
    let written = read_json(&report);
    assert!(
        written["stopped_by"]
            .as_str()
            .unwrap()
            .contains("--max-wait"),
        "{written}"
    );
    assert_eq!(written["pairs"][2]["status"], "stopped", "{written}");
}

/// A renamed repository: reads follow GitHub's redirect and say so; a
/// write is never sent again to the new name, and the run stops naming it.
#[tokio::test(flavor = "multi_thread")]
async fn a_moved_github_repository_is_followed_for_reads_and_stops_writes() {
    let sandbox = into_github(4, &["github:o/new", "github:o/empty"], Faults::default()).await;
    mileport(
        &sandbox,
        &["migrate", "gitcode:once/source", "github:o/new"],
    )
    .await
    .success();
    sandbox.set_faults(Faults::default().with_github(
        mileport::providers::github::sandbox_faults::GitHubFaults {
            moved: vec!["o/old=o/new".parse::<Moved>().unwrap()],
            ..Default::default()
        },
    ));
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("old.json");
    let export = mileport(
        &sandbox,
        &[
            "export",
            "github:o/old",
            "--output",
            backup.to_str().unwrap(),
        ],
    )
    .await;
    export.success();
    assert!(
        export
            .stderr
            .contains("warning: github:o/old has moved to github:o/new"),
        "{}",
        export.stderr
    );
    assert_eq!(
        serde_json::from_str::<Value>(&std::fs::read_to_string(&backup).unwrap()).unwrap()
            ["milestones"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let before = creates_sent(&sandbox);
    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:once/source", "github:o/old"],
    )
    .await;
    // Nothing to write: the moved repository holds everything.
    run.success();
    assert_eq!(creates_sent(&sandbox), before);

    sandbox.set_faults(Faults::default().with_github(
        mileport::providers::github::sandbox_faults::GitHubFaults {
            moved: vec!["o/old=o/empty".parse::<Moved>().unwrap()],
            ..Default::default()
        },
    ));
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:once/source",
            "github:o/old",
            "--concurrency",
            "1",
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the repository has moved to github:o/empty"),
        "{}",
        run.stderr
    );
    assert_eq!(
        creates_sent(&sandbox),
        before + 1,
        "a write is sent once, never again"
    );
    assert!(sandbox.github_milestones("o/empty").is_empty());
}

/// Output nobody reads any more (a closed pipe, a terminal gone with
/// SIGHUP) does not keep the report from being written.
#[tokio::test(flavor = "multi_thread")]
async fn the_report_is_written_when_stdout_is_gone() {
    let sandbox = sandbox_with_source(12, Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let args = [&MIGRATE[..], &["--report", report.to_str().unwrap()]].concat();
    let mut child = spawn(&sandbox, &args);
    drop(child.stdout.take());
    let run = finish(child).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("report written to"), "{}", run.stderr);
    let results = results(&read_json(&report));
    assert_eq!(results.len(), 12);
    assert!(results.iter().all(|r| r == "created"), "{results:?}");
}

/// A run that cannot read its source ends before it has a plan: `--json`
/// and `--report` still say so (nothing done, and why), and it exits 3.
#[tokio::test]
async fn a_run_that_cannot_read_its_source_still_writes_its_report() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let mut env = sandbox_env(&sandbox);
    env.retain(|(key, _)| *key != "GITCODE_TOKEN");
    env.push(("GITCODE_TOKEN", "expired-token".to_owned()));
    let run = Run::command(
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:demo/roadmap",
            "--yes",
            "--json",
            "--report",
            report.to_str().unwrap(),
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.snapshot());
    let shown = crate::support::json_document(&run.stdout);
    let written = read_json(&report);
    assert_eq!(shown, written, "--json and --report give one document");
    for report in [&shown, &written] {
        assert_eq!(report["source"], "gitcode:demo/roadmap");
        assert_eq!(report["pairs"][0]["status"], "failed");
        assert!(
            report["failures"][0]["message"]
                .as_str()
                .unwrap()
                .contains("401")
        );
        let report = crate::support::pair_report(report);
        assert_eq!(report["milestones"].as_array().unwrap().len(), 0);
        assert_eq!(report["summary"]["created"], 0);
        let why = report["stopped_by"].as_str().unwrap();
        assert!(why.contains("401"), "{why}");
        assert!(!why.contains("expired-token"), "{why}");
    }
}
