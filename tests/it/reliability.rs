//! What must hold when things go wrong: flaky networks, lost answers to
//! creates, a killed process, bad files, provider errors and secrets.

use std::{collections::BTreeMap, time::Duration};

use mileport::{
    providers::gitcode::client as gitcode,
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::json;

use crate::support::{Run, mileport, sandbox_env, start_sandbox};

/// `count` GitCode milestones, every third closed, some sharing a title.
fn many_gitcode(count: i64) -> Vec<gitcode::types::Milestone> {
    (1..=count)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "title": if n % 10 == 0 { "Repeated title".to_owned() } else { format!("Milestone {n} — этап") },
                "description": format!("line one, \"quoted\"\nline {n}"),
                "state": if n % 3 == 0 { "closed" } else { "active" },
                "due_on": format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
            }))
            .unwrap()
        })
        .collect()
}

fn seed_gitcode(repo: &str, count: i64) -> SeedData {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert(repo.to_owned(), many_gitcode(count));
    seed
}

/// (title, description, due, state) of every milestone, sorted: a multiset.
fn gitcode_contents(sandbox: &Sandbox, repo: &str) -> Vec<(String, String, String, bool)> {
    let mut items: Vec<_> = sandbox
        .gitcode_milestones(repo)
        .into_iter()
        .map(|m| {
            let closed = m.state.as_deref() == Some("closed");
            (
                m.title,
                m.description.unwrap_or_default(),
                m.due_on.unwrap_or_default(),
                closed,
            )
        })
        .collect();
    items.sort();
    items
}

fn sourcecraft_contents(sandbox: &Sandbox, repo: &str) -> Vec<(String, String, String, bool)> {
    let mut items: Vec<_> = sandbox
        .sourcecraft_milestones(repo)
        .into_iter()
        .map(|m| {
            let closed = m.status.as_deref() == Some("closed");
            let due = m.deadline.unwrap_or_default().chars().take(10).collect();
            (
                m.name.unwrap_or_default(),
                m.description.unwrap_or_default(),
                due,
                closed,
            )
        })
        .collect();
    items.sort();
    items
}

fn flaky(seed: u64) -> Faults {
    Faults {
        fail_rate: 0.15,
        drop_after_commit: 0.15,
        seed,
        ..Faults::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn flaky_migrations_end_with_exactly_the_source_in_both_directions() {
    for fault_seed in [11, 12, 13] {
        flaky_round_trip(fault_seed).await;
    }
}

async fn flaky_round_trip(fault_seed: u64) {
    let sandbox = start_sandbox(
        seed_gitcode("flaky/source", 60)
            .with_repos(&["sourcecraft:flaky/target", "gitcode:flaky/back"]),
    )
    .await;
    sandbox.set_faults(flaky(fault_seed));
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:flaky/source",
            "sourcecraft:flaky/target",
            "--concurrency",
            "64",
        ],
    )
    .await;
    run.success();
    assert_eq!(
        sourcecraft_contents(&sandbox, "flaky/target"),
        gitcode_contents(&sandbox, "flaky/source")
    );

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "sourcecraft:flaky/target",
            "gitcode:flaky/back",
            "--concurrency",
            "16",
        ],
    )
    .await;
    run.success();
    assert_eq!(
        gitcode_contents(&sandbox, "flaky/back"),
        gitcode_contents(&sandbox, "flaky/source")
    );
    let stats = sandbox.stats();
    assert!(
        stats.dropped > 0 && stats.failed > 0,
        "faults were injected: {stats:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_migration_completes_when_run_again() {
    let sandbox =
        start_sandbox(seed_gitcode("kill/source", 120).with_repos(&["sourcecraft:kill/target"]))
            .await;
    sandbox.set_faults(Faults {
        latency_ms: 15,
        ..Faults::default()
    });
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mileport"))
        .args([
            "migrate",
            "gitcode:kill/source",
            "sourcecraft:kill/target",
            "--concurrency",
            "4",
        ])
        .envs(sandbox_env(&sandbox))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while sandbox.sourcecraft_milestones("kill/target").len() < 30 {
        assert!(
            std::time::Instant::now() < deadline,
            "the migration made no progress"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let partial = sandbox.sourcecraft_milestones("kill/target").len();
    assert!(partial < 120, "killed mid-run ({partial} created)");

    sandbox.set_faults(Faults::default());
    mileport(
        &sandbox,
        &["migrate", "gitcode:kill/source", "sourcecraft:kill/target"],
    )
    .await
    .success();
    assert_eq!(
        sourcecraft_contents(&sandbox, "kill/target"),
        gitcode_contents(&sandbox, "kill/source")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_leave_no_trace() {
    const SECRET: &str = "s3cr3t-T0KEN-do-not-print";
    let sandbox =
        start_sandbox(seed_gitcode("leak/source", 5).with_repos(&["sourcecraft:leak/target"]))
            .await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let export = dir.path().join("backup.json");
    let mut outputs = Vec::new();
    // A wrong token: every request is refused.
    let mut env = sandbox_env(&sandbox);
    env.retain(|(k, _)| !k.ends_with("TOKEN"));
    env.push(("GITCODE_TOKEN", SECRET.to_owned()));
    env.push(("SOURCECRAFT_TOKEN", SECRET.to_owned()));
    let run = Run::command(
        &[
            "export",
            "gitcode:leak/source",
            "--output",
            export.to_str().unwrap(),
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 3);
    assert!(run.stderr.contains("GITCODE_TOKEN"), "{}", run.stderr);
    outputs.push(run);
    // The right token for reading, a failing target for writing.
    sandbox.set_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    let mut env = sandbox_env(&sandbox);
    env.retain(|(k, _)| *k != "SOURCECRAFT_TOKEN");
    env.push(("SOURCECRAFT_TOKEN", SECRET.to_owned()));
    outputs.push(
        Run::command(
            &[
                "migrate",
                "gitcode:leak/source",
                "sourcecraft:leak/target",
                "--retries",
                "1",
                "--report",
                report.to_str().unwrap(),
            ],
            &env,
        )
        .await,
    );
    // A URL that must be refused.
    env.push(("SOURCECRAFT_API_URL", "http://example.com/api".to_owned()));
    let refused = Run::command(
        &["check", "gitcode:leak/source", "sourcecraft:leak/target"],
        &env,
    )
    .await;
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("http://"), "{}", refused.stderr);
    outputs.push(refused);
    for run in &outputs {
        assert!(
            !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
            "{run:?}"
        );
    }
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        assert!(!text.contains(SECRET));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_files_are_refused_before_any_request() {
    let sandbox = start_sandbox(SeedData::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let header = "number,title,description,state,due_on\n";
    let cases: BTreeMap<&str, (Vec<u8>, &[&str])> = BTreeMap::from([
        ("bad-date.csv", (format!("{header}1,a,,active,2025-01-01\n2,b,,active,2025-02-30\n").into_bytes(), &["bad-date.csv:3", "due_on", "2025-02-30"][..])),
        ("empty-title.csv", (format!("{header}1,,,active,2025-01-01\n").into_bytes(), &["empty-title.csv:2", "title"][..])),
        ("unknown-state.csv", (format!("{header}1,a,,paused,2025-01-01\n").into_bytes(), &["unknown-state.csv:2", "state", "paused"][..])),
        ("columns.csv", (b"foo,bar\n1,2\n".to_vec(), &["columns.csv", "foo"][..])),
        ("utf8.csv", ([header.as_bytes(), b"1,\xff\xfe,,active,2025-01-01\n"].concat(), &["utf8.csv", "UTF-8"][..])),
        ("truncated.json", (br#"{"format": "mileport-backup", "version": 1, "provider": "gitcode", "milestones": [{"number": 1, "#.to_vec(), &["truncated.json"][..])),
    ]);
    for (name, (content, expected)) in &cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let run = mileport(
            &sandbox,
            &["import", path.to_str().unwrap(), "gitcode:bad/target"],
        )
        .await;
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        for part in *expected {
            assert!(
                run.stderr.contains(part),
                "{name}: `{part}` not in {}",
                run.stderr
            );
        }
        let checked = mileport(&sandbox, &["validate", path.to_str().unwrap()]).await;
        assert_eq!(checked.code, 2, "{name}: {}", checked.stderr);
        assert_eq!(checked.stderr, run.stderr, "validate and import agree");
    }
    assert!(
        sandbox.stats().routes.is_empty(),
        "no request reached the target: {:?}",
        sandbox.stats()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn provider_errors_read_like_advice() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/missing",
            "--output",
            "-",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(run.code, 3);
    assert!(
        run.stderr.contains("404") && run.stderr.contains("gitcode:demo/missing"),
        "{}",
        run.stderr
    );
    let run = mileport(
        &sandbox,
        &[
            "export",
            "sourcecraft:demo/missing",
            "--output",
            "-",
            "--format",
            "csv",
        ],
    )
    .await;
    assert!(run.stderr.contains("request id"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn permanent_failures_are_reported_and_the_rest_go_through() {
    let sandbox = start_sandbox(SeedData::default().with_repos(&["sourcecraft:part/target"])).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.csv");
    let report = dir.path().join("report.json");
    std::fs::write(
        &file,
        "id,slug,name,description,status,start_date,deadline\n\
         1,good-one,Good one,,open,,2025-01-01T00:00:00Z\n\
         2,Bad Slug!,Bad slug,,open,,2025-01-01T00:00:00Z\n\
         3,good-two,Good two,,closed,,\n",
    )
    .unwrap();
    let run = mileport(
        &sandbox,
        &[
            "import",
            file.to_str().unwrap(),
            "sourcecraft:part/target",
            "--report",
            report.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("created 2, updated 0, unchanged 0, failed 1"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("Bad slug"), "{}", run.stderr);
    let report = crate::support::json_report(&report);
    assert_eq!(report["totals"]["failed"], 1);
    assert_eq!(report["failures"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(sandbox.sourcecraft_milestones("part/target").len(), 2);
}
