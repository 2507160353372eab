//! Exactly once whatever happens to the runs themselves: two runs on one
//! target at once, Ctrl-C mid-run, a run killed with creates in flight
//! (on a quick server or a slow one) followed at once by another.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use mileport::{
    providers::gitcode::client as gitcode,
    sandbox::{Faults, Sandbox, SeedData},
    state::{lock::TargetLock, target_key},
};
use serde_json::json;

use crate::support::{Run, mileport, sandbox_env, start_sandbox, state_dir};

/// `count` GitCode milestones, every third closed, two pairs sharing a title.
pub(crate) fn source_milestones(count: i64) -> Vec<gitcode::types::Milestone> {
    (1..=count)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "title": if n % 15 == 0 { "Shared title".to_owned() } else { format!("Этап {n}") },
                "description": format!("milestone {n}"),
                "state": if n % 3 == 0 { "closed" } else { "active" },
                "due_on": format!("2026-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
            }))
            .unwrap()
        })
        .collect()
}

pub(crate) async fn sandbox_with_source(count: i64, faults: Faults) -> Sandbox {
    let mut seed = SeedData::default().with_repos(&["gitcode:once/target"]);
    seed.gitcode()
        .milestones
        .insert("once/source".to_owned(), source_milestones(count));
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(faults);
    sandbox
}

/// (title, description, due, closed) of every milestone, sorted: a multiset.
pub(crate) fn contents(sandbox: &Sandbox, repo: &str) -> Vec<(String, String, String, bool)> {
    let mut items: Vec<_> = sandbox
        .gitcode_milestones(repo)
        .into_iter()
        .map(|m| {
            (
                m.title,
                m.description.unwrap_or_default(),
                m.due_on.unwrap_or_default(),
                m.state.as_deref() == Some("closed"),
            )
        })
        .collect();
    items.sort();
    items
}

pub(crate) fn spawn(sandbox: &Sandbox, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("mileport"))
        .args(args)
        .envs(sandbox_env(sandbox))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A run whose stderr is read as it comes, so that a test can wait for
/// the line that says the run is where the test wants it.
pub(crate) struct Watched {
    child: Child,
    stderr: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

impl Watched {
    pub(crate) fn spawn(sandbox: &Sandbox, args: &[&str]) -> Watched {
        let mut child = spawn(sandbox, args);
        let stderr = crate::stops::collect(child.stderr.take().unwrap());
        Watched { child, stderr }
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    /// Waits until stderr holds `text`.
    pub(crate) async fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.stderr().contains(text) {
            assert!(Instant::now() < deadline, "no {text:?}: {}", self.stderr());
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }

    pub(crate) fn signal(&self, name: &str) {
        signal(&self.child, name);
    }

    /// Waits for the end; stderr is whatever was read by then, the pipe
    /// being closed at exit.
    pub(crate) async fn finish(self) -> Run {
        let Watched { child, stderr } = self;
        let mut run = finish(child).await;
        let deadline = Instant::now() + Duration::from_secs(5);
        // The reader drains what the run wrote before it exited.
        loop {
            let text = String::from_utf8_lossy(&stderr.lock().unwrap()).into_owned();
            if std::sync::Arc::strong_count(&stderr) == 1 || Instant::now() > deadline {
                run.stderr = text;
                return run;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
}

pub(crate) async fn wait_for_creates(sandbox: &Sandbox, repo: &str, at_least: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while sandbox.gitcode_milestones(repo).len() < at_least {
        assert!(Instant::now() < deadline, "the migration made no progress");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

pub(crate) fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

pub(crate) async fn finish(child: Child) -> Run {
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub(crate) const MIGRATE: [&str; 3] = ["migrate", "gitcode:once/source", "gitcode:once/target"];

#[tokio::test(flavor = "multi_thread")]
async fn two_runs_at_once_into_one_gitcode_repository_create_everything_once() {
    let sandbox = sandbox_with_source(
        40,
        Faults {
            latency_ms: 2,
            write_latency_ms: 20,
            ..Faults::default()
        },
    )
    .await;
    let args = [&MIGRATE[..], &["--concurrency", "4"]].concat();
    let (first, second) = tokio::join!(mileport(&sandbox, &args), mileport(&sandbox, &args));
    first.success();
    second.success();
    assert_eq!(
        contents(&sandbox, "once/target"),
        contents(&sandbox, "once/source")
    );
    let waited = [&first, &second]
        .iter()
        .filter(|run| {
            run.stderr
                .contains("another mileport run is writing to gitcode:once/target")
        })
        .count();
    // The lock is held for the whole run, every kind: exactly one waits,
    // for the whole of the other.
    assert_eq!(waited, 1, "{}\n{}", first.stderr, second.stderr);
    // The one that waited found everything there.
    // The milestones' line; the labels' follows it.
    let first_line =
        |run: &crate::support::Run| run.stdout.lines().next().unwrap_or_default().to_owned();
    let summaries = [first_line(&first), first_line(&second)];
    let summaries: Vec<&str> = summaries.iter().map(String::as_str).collect();
    assert!(
        summaries.contains(&"created 0, updated 0, unchanged 40, failed 0"),
        "{summaries:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_that_cannot_get_the_lock_in_time_names_the_other_run() {
    let sandbox = sandbox_with_source(3, Faults::default()).await;
    let key = target_key("gitcode", &sandbox.gitcode_url(), "once/target");
    let _held = TargetLock::acquire(
        &state_dir(),
        &key,
        "gitcode:once/target",
        "pid 4242, a run started by the test",
        Duration::ZERO,
        |_| {},
    )
    .await
    .unwrap();
    // Ctrl-C while waiting gives up at once, having written nothing.
    let run = Watched::spawn(&sandbox, &MIGRATE);
    run.wait_for("another mileport run is writing to gitcode:once/target")
        .await;
    run.signal("INT");
    let run = run.finish().await;
    assert_eq!(run.code, 130, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("another mileport run is writing to gitcode:once/target"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("stopped while waiting for another run"),
        "{}",
        run.stderr
    );

    let run = mileport(&sandbox, &[&MIGRATE[..], &["--lock-wait", "0"]].concat()).await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("another mileport run is writing to gitcode:once/target (pid 4242, a run started by the test)"),
        "{}",
        run.stderr
    );
    assert!(sandbox.gitcode_milestones("once/target").is_empty());
    // A dry run writes nothing and needs no lock.
    mileport(&sandbox, &[&MIGRATE[..], &["--dry-run"]].concat())
        .await
        .success();
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_writes_the_report_and_the_same_command_finishes_the_job() {
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
    let report_arg = report.to_str().unwrap();
    let args = [
        &MIGRATE[..],
        &["--concurrency", "2", "--report", report_arg],
    ]
    .concat();
    let child = spawn(&sandbox, &args);
    wait_for_creates(&sandbox, "once/target", 4).await;
    signal(&child, "INT");
    let run = finish(child).await;
    assert_eq!(run.code, 130, "{}", run.stderr);
    assert!(
        run.stderr.contains("run the same command again to finish"),
        "{}",
        run.stderr
    );
    let done = contents(&sandbox, "once/target").len();
    assert!(done < 40, "stopped mid-run, {done} written");
    let written = crate::support::json_report(&report);
    assert_eq!(written["interrupted"], true);
    assert!(
        written["totals"]["not_started"].as_u64().unwrap() > 0,
        "{written}"
    );
    let results: Vec<&str> = crate::support::pair_report(&written)["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["result"].as_str().unwrap())
        .collect();
    assert!(results.contains(&"not started"), "{results:?}");
    assert!(results.contains(&"created"), "{results:?}");
    assert!(run.stdout.contains("created "), "{}", run.stdout);

    sandbox.set_faults(Faults::default());
    // The stopped creates may have left copies to finish (close): the same
    // command finishes them without --yes, since that is no overwrite.
    mileport(&sandbox, &MIGRATE).await.success();
    assert_eq!(
        contents(&sandbox, "once/target"),
        contents(&sandbox, "once/source")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_ctrl_c_quits_at_once() {
    // A create takes 3 s: after the first Ctrl-C the run would wait for it.
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
    run.signal("INT");
    run.wait_for("press Ctrl-C again to quit at once").await;
    let started = Instant::now();
    run.signal("INT");
    let run = run.finish().await;
    assert_eq!(run.code, 130, "{}", run.stderr);
    assert!(run.stderr.contains("quit at once"), "{}", run.stderr);
    assert!(
        started.elapsed() < Duration::from_millis(1_500),
        "took {:?}",
        started.elapsed()
    );
}

/// Kills a run once `after` creates have landed, with creates still in
/// flight (they land after the kill), and runs the same command at once.
/// Writes are slow enough that a loaded machine noticing the `after`-th
/// create late still kills the run well before its end.
async fn kill_and_rerun(after: usize) {
    let sandbox = sandbox_with_source(
        36,
        Faults {
            write_latency_ms: 150,
            ..Faults::default()
        },
    )
    .await;
    // A request may take 2 s: the re-run waits that long (and 0.4 s more)
    // after the last create the killed run sent.
    let quick = ["--timeout", "2", "--settle-ms", "400"];
    let child = spawn(
        &sandbox,
        &[&MIGRATE[..], &["--concurrency", "8"], &quick].concat(),
    );
    wait_for_creates(&sandbox, "once/target", after).await;
    signal(&child, "KILL");
    let killed = finish(child).await;
    assert_eq!(killed.code, -1, "killed by a signal");
    let rerun = mileport(&sandbox, &[&MIGRATE[..], &quick].concat()).await;
    rerun.success();
    // Early on, creates were surely under way, their answers not yet
    // taken in; near the end maybe not, on a loaded machine.
    if after <= 9 {
        assert!(
            rerun
                .stderr
                .contains("sent by an earlier run on gitcode:once/target"),
            "after {after}: {}",
            rerun.stderr
        );
    }
    // Whatever was still in flight has landed by now.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        contents(&sandbox, "once/target"),
        contents(&sandbox, "once/source"),
        "killed after {after} creates"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_killed_with_creates_in_flight_then_run_again_at_once_ends_exactly_once() {
    for after in [1, 9, 20, 33] {
        kill_and_rerun(after).await;
    }
}

/// Polls until the sandbox has received at least `count` creates.
/// Creates (POST requests) the sandbox has received, on any provider.
pub(crate) fn creates_sent(sandbox: &Sandbox) -> u64 {
    sandbox
        .stats()
        .routes
        .iter()
        .filter(|(route, _)| route.contains(" POST "))
        .map(|(_, count)| *count)
        .sum()
}

pub(crate) async fn wait_for_creates_sent(sandbox: &Sandbox, count: u64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while creates_sent(sandbox) < count {
        assert!(Instant::now() < deadline, "{count} creates were not sent");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn creates_a_killed_run_left_on_a_slow_server_are_waited_for_until_they_cannot_land() {
    // Each create is stored 1.5 s after it arrives, whether or not its
    // client is still there; a request may take 2 s. The re-run's margin
    // is short (0.2 s): only waiting out the request timeout of the
    // creates sent finds them before creating anything again.
    let sandbox = sandbox_with_source(
        12,
        Faults {
            write_latency_ms: 1_500,
            ..Faults::default()
        },
    )
    .await;
    let args = [&MIGRATE[..], &["--timeout", "2", "--settle-ms", "200"]].concat();
    let child = spawn(&sandbox, &args);
    wait_for_creates_sent(&sandbox, 12).await;
    signal(&child, "KILL");
    let killed = finish(child).await;
    assert_eq!(killed.code, -1, "killed by a signal");
    assert!(
        sandbox.gitcode_milestones("once/target").len() < 12,
        "the creates were still under way when the run was killed"
    );

    // The killed creates may have left copies to finish (close): running
    // the same command again does it, without --yes.
    let rerun = mileport(&sandbox, &args).await;
    rerun.success();
    assert!(
        rerun.stderr.contains(
            "create(s) sent by an earlier run on gitcode:once/target that was stopped before \
             their answers came"
        ),
        "{}",
        rerun.stderr
    );
    assert!(
        rerun
            .stderr
            .contains("a request may land until its timeout (2 s) has passed"),
        "{}",
        rerun.stderr
    );
    assert_eq!(
        contents(&sandbox, "once/target"),
        contents(&sandbox, "once/source")
    );
    // Everything the killed run sent was found; only its closes were missing.
    assert_eq!(
        rerun.stdout.lines().next().unwrap_or_default(),
        "created 0, updated 4, unchanged 8, failed 0"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_with_nowhere_to_keep_its_lock_says_which_variable_to_set() {
    let sandbox = sandbox_with_source(2, Faults::default()).await;
    let mut env = sandbox_env(&sandbox);
    env.retain(|(name, _)| *name != "MILEPORT_STATE_DIR");
    env.push(("MILEPORT_STATE_DIR", String::new()));
    let run = Run::command(&MIGRATE, &env).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("set MILEPORT_STATE_DIR"),
        "{}",
        run.stderr
    );
    assert!(sandbox.gitcode_milestones("once/target").is_empty());
}
