//! What a person at a terminal sees, on a terminal of the test's own: how
//! to stop a sandbox started in the foreground or in the background, a
//! plan piped through `tee` shown before its question, and a batch's
//! skipped repositories and warnings said once although every pair is
//! read twice, to plan it and to run it, and a time left that counts the
//! limits known before the run.

use mileport::sandbox::{Faults, Sandbox, SeedData};
use serde_json::json;

use crate::{
    support::{sandbox_env, start_sandbox},
    terminal::Terminal,
};

fn binary() -> String {
    assert_cmd::cargo::cargo_bin("mileport")
        .display()
        .to_string()
}

#[test]
fn a_sandbox_in_the_foreground_stops_with_ctrl_c() {
    let mut terminal = Terminal::start(
        // `exec`: Ctrl-C would end a shell in between too.
        &format!("exec '{}' sandbox --listen 127.0.0.1:0 --empty", binary()),
        &[],
    );
    let shown = terminal.wait_for("in another shell").to_owned();
    assert!(shown.contains("; press Ctrl-C to stop"), "{shown}");
    assert!(!shown.contains("kill"), "{shown}");
    terminal.type_keys(b"\x03");
    let (code, shown) = terminal.finish();
    assert!(
        shown.contains("mileport: stopping the sandbox (Ctrl-C)"),
        "{shown}"
    );
    assert_eq!(code, Some(0), "{shown}");
}

#[test]
fn a_sandbox_in_the_background_says_how_to_kill_it() {
    // `sh -m` puts the job in a process group of its own, as an
    // interactive shell does, and leaves its stdin on the terminal.
    let mut terminal = Terminal::start(
        &format!(
            "sh -mc \"'{}' sandbox --listen 127.0.0.1:0 --empty & wait\"",
            binary()
        ),
        &[],
    );
    let shown = terminal.wait_for("in another shell").to_owned();
    assert!(!shown.contains("Ctrl-C"), "{shown}");
    let pid = regex::Regex::new(r"; stop it with: kill (\d+)\r?\n")
        .unwrap()
        .captures(&shown)
        .unwrap_or_else(|| panic!("no kill line:\n{shown}"))[1]
        .to_owned();
    // The process it names is the sandbox: killing it stops the sandbox,
    // as Ctrl-C would have.
    let killed = std::process::Command::new("kill")
        .arg(&pid)
        .status()
        .unwrap();
    assert!(killed.success());
    let (code, shown) = terminal.finish();
    assert!(
        shown.contains("mileport: stopping the sandbox (SIGTERM)"),
        "{shown}"
    );
    assert_eq!(code, Some(0), "{shown}");
}

/// GitCode's `plan/source` holds Importer and Docs; SourceCraft's
/// `plan/target` holds Docs, edited by hand: migrating overwrites it.
async fn edited_target() -> Sandbox {
    let mut seed = SeedData::default();
    let milestone = |number: i64, title: &str| {
        serde_json::from_value(json!({
            "number": number,
            "title": title,
            "description": format!("{title} as planned"),
            "state": "active",
            "due_on": "2026-06-30",
        }))
        .unwrap()
    };
    seed.gitcode().milestones.insert(
        "plan/source".into(),
        vec![milestone(1, "Importer"), milestone(2, "Docs")],
    );
    let edited = serde_json::from_value(json!({
        "id": "id-docs",
        "name": "Docs",
        "slug": "docs",
        "description": "edited by hand",
        "deadline": "2026-06-30T00:00:00Z",
        "status": "open",
    }))
    .unwrap();
    seed.sourcecraft()
        .milestones
        .insert("plan/target".into(), vec![edited]);
    start_sandbox(seed).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plan_piped_through_tee_is_written_before_its_question() {
    let sandbox = edited_target().await;
    let dir = tempfile::tempdir().unwrap();
    let plan_file = dir.path().join("plan.txt");
    let command = format!(
        "'{}' migrate gitcode:plan/source sourcecraft:plan/target | tee '{}'",
        binary(),
        plan_file.display()
    );
    let env = sandbox_env(&sandbox);
    let file = plan_file.clone();
    let (code, shown, planned) = tokio::task::spawn_blocking(move || {
        let mut terminal = Terminal::start(&command, &env);
        terminal.wait_for("Apply this plan? [y/N]");
        // The question waits for its answer: the plan must already be
        // through the pipe, in the file, while it does.
        let planned = wait_for_file(&file, "plan: create 1, update 1");
        terminal.type_keys(b"n\n");
        let (code, shown) = terminal.finish();
        (code, shown, planned)
    })
    .await
    .unwrap();
    assert!(planned.contains("~ Docs"), "{planned}");
    // On the terminal too, the plan tee shows comes before the question.
    let plan_at = shown.find("plan: create 1, update 1");
    let question_at = shown.find("Apply this plan? [y/N]");
    assert!(
        plan_at.is_some() && plan_at < question_at,
        "the question came first:\n{shown}"
    );
    assert!(shown.contains("cancelled: nothing written."), "{shown}");
    // The shell reports tee's status, the last of the pipeline.
    assert_eq!(code, Some(0), "{shown}");
    assert_eq!(
        sandbox.sourcecraft_milestones("plan/target").len(),
        1,
        "nothing written"
    );
}

/// Waits until `path` holds `text`; what it holds.
fn wait_for_file(path: &std::path::Path, text: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let held = std::fs::read_to_string(path).unwrap_or_default();
        if held.contains(text) {
            return held;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} never held {text:?} while the question waited; it holds:\n{held}",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_skipped_repository_and_a_warning_are_said_once_although_the_batch_is_planned_first() {
    let mut seed = SeedData::default();
    let milestone = |title: &str| {
        serde_json::from_value(json!({
            "number": 1,
            "title": title,
            "description": "as planned",
            "state": "active",
            "due_on": "2026-06-30",
        }))
        .unwrap()
    };
    seed.gitcode()
        .milestones
        .insert("acme/site".into(), vec![milestone("Launch")]);
    seed.gitcode()
        .milestones
        .insert("acme/tools".into(), vec![milestone("Release")]);
    let edited = serde_json::from_value(json!({
        "id": "id-launch",
        "name": "Launch",
        "slug": "launch",
        "description": "edited by hand",
        "deadline": "2026-06-30T00:00:00Z",
        "status": "open",
    }))
    .unwrap();
    seed.sourcecraft()
        .milestones
        .insert("acme/site".into(), vec![edited]);
    let sandbox = start_sandbox(seed).await;
    // A GitCode that ignores the state filter: reading it warns.
    sandbox.set_faults(
        Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                ignore_state_filter: true,
                ..Default::default()
            },
        ),
    );
    let command = format!(
        "'{}' migrate gitcode:acme sourcecraft:acme --skip-missing",
        binary()
    );
    let env = sandbox_env(&sandbox);
    let (code, shown) = tokio::task::spawn_blocking(move || {
        let mut terminal = Terminal::start(&command, &env);
        terminal.wait_for("Apply this plan? [y/N]");
        terminal.type_keys(b"y\n");
        terminal.finish()
    })
    .await
    .unwrap();
    assert_eq!(code, Some(0), "{shown}");
    assert_eq!(shown.matches("gitcode:acme/tools").count(), 1, "{shown}");
    // The planning pass read the source and warned; the run does not again.
    assert_eq!(shown.matches("warning: ").count(), 1, "{shown}");
    assert!(
        shown.contains("skipped gitcode:acme/tools: sourcecraft:acme has no repository `tools`"),
        "{shown}"
    );
    assert!(
        shown.contains("2 repositories: 1 done, 1 missing on the target"),
        "{shown}"
    );
    let site = sandbox.sourcecraft_milestones("acme/site");
    assert_eq!(site[0].description.as_deref(), Some("as planned"));
}

/// GitHub takes 80 creates at once, then 80 a minute: while the burst
/// goes through, the bar already says the rest takes minutes, not the
/// seconds the burst's speed would promise.
#[tokio::test(flavor = "multi_thread")]
async fn the_time_left_counts_githubs_limit_on_creates() {
    let mut seed = SeedData::default().with_repos(&["github:eta/target"]);
    seed.gitcode().milestones.insert(
        "eta/source".to_owned(),
        crate::exactly_once::source_milestones(200),
    );
    let sandbox = start_sandbox(seed).await;
    let mut env = sandbox_env(&sandbox);
    env.push(("TERM", "xterm".to_owned()));
    let shown = tokio::task::spawn_blocking(move || {
        let mut terminal = Terminal::start(
            &format!(
                "exec '{}' migrate gitcode:eta/source github:eta/target --repeated-titles number",
                binary()
            ),
            &env,
        );
        terminal.wait_for("writing [");
        let shown = terminal.wait_for("minute").to_owned();
        terminal.type_keys(b"\x03");
        let _ = terminal.finish();
        shown
    })
    .await
    .unwrap();
    let left = regex::Regex::new(r"(\d+)/200 \((\d+) minutes? left\)").unwrap();
    let (done, minutes): (u32, u32) = left
        .captures_iter(&shown)
        .map(|c| (c[1].parse().unwrap(), c[2].parse().unwrap()))
        .last()
        .unwrap_or_else(|| panic!("no time left in minutes:\n{shown}"));
    assert!(done < 200 && minutes >= 1, "{shown}");
    sandbox.shutdown().await;
}
