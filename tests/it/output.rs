//! What people and scripts see: the plan, `check`, reports, JSON output,
//! logs and explained waits, colour, the question before overwriting, the
//! sandbox as printed, and exit codes. Whole runs are snapshotted (exit
//! code, stdout and stderr together) through `run_snapshot!`.

use std::time::{Duration, Instant};

use mileport::providers::{gitcode::client as gitcode, sourcecraft::client as sourcecraft};
use mileport::sandbox::{Faults, Sandbox, SeedData};
use serde_json::json;

use crate::run_snapshot;
use crate::support::{Run, mileport, sandbox_env, start_sandbox};

const LONG: &str = "This milestone gathers the work on the importer: reading backups one \
    record at a time, naming the file, line and field of every bad value, and the parser \
    rewrite that keeps memory flat on large files.";

fn gitcode_milestone(number: i64, title: &str, description: &str) -> gitcode::types::Milestone {
    serde_json::from_value(json!({
        "number": number,
        "title": title,
        "description": description,
        "state": "active",
        "due_on": "2026-03-01",
    }))
    .unwrap()
}

/// A target that differs from its source in every way a plan shows: one
/// milestone to create, one to update (its long description changed in
/// the middle, and its state), one unchanged, one only on the target.
async fn drifted() -> Sandbox {
    let mut seed = SeedData::default().with_repos(&["sourcecraft:plan/target"]);
    seed.gitcode().milestones.insert(
        "plan/source".into(),
        vec![
            gitcode_milestone(1, "Importer", LONG),
            gitcode_milestone(2, "Docs", "short"),
        ],
    );
    let sandbox = start_sandbox(seed).await;
    mileport(
        &sandbox,
        &["migrate", "gitcode:plan/source", "sourcecraft:plan/target"],
    )
    .await
    .success();
    let mut edits = SeedData::default();
    let mut importer = sandbox
        .sourcecraft_milestones("plan/target")
        .into_iter()
        .find(|m| m.slug.as_deref() == Some("importer"))
        .unwrap();
    importer.description = Some(LONG.replace("parser rewrite", "lexer rewrite"));
    importer.status = Some("closed".into());
    let by_hand: sourcecraft::types::Milestone = serde_json::from_value(json!({
        "name": "Added by hand <b>",
        "slug": "added-by-hand",
        "status": "open",
    }))
    .unwrap();
    edits
        .sourcecraft()
        .milestones
        .insert("plan/target".into(), vec![importer, by_hand]);
    edits.gitcode().milestones.insert(
        "plan/source".into(),
        vec![gitcode_milestone(3, "Release | 1.0", "new")],
    );
    sandbox.seed(edits);
    sandbox
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plan_shows_creates_updates_and_target_only_milestones() {
    let sandbox = drifted().await;
    let dry = [
        "migrate",
        "gitcode:plan/source",
        "sourcecraft:plan/target",
        "--dry-run",
        "-q",
    ];
    let run = mileport(&sandbox, &dry).await;
    run_snapshot!("plan_dry_run", run);

    let run = mileport(&sandbox, &[&dry[..], &["--show-unchanged"]].concat()).await;
    run_snapshot!("plan_show_unchanged", run);

    // Colour only when asked for (or forced), and never from the data.
    let run = mileport(&sandbox, &[&dry[..], &["--color", "always"]].concat()).await;
    insta::assert_snapshot!("plan_in_colour", run.stdout.replace('\x1b', "\\e"));
    let mut env = sandbox_env(&sandbox);
    env.push(("CLICOLOR_FORCE", "1".into()));
    let forced = Run::command(&dry, &env).await;
    assert_eq!(forced.stdout, run.stdout, "CLICOLOR_FORCE colours too");
    let never = Run::command(&[&dry[..], &["--color", "never"]].concat(), &env).await;
    assert!(!never.stdout.contains('\x1b'), "{}", never.stdout);
    env.push(("NO_COLOR", "1".into()));
    let no_color = Run::command(&dry, &env).await;
    assert!(
        !no_color.stdout.contains('\x1b'),
        "NO_COLOR wins: {}",
        no_color.stdout
    );

    // The plan as JSON: one document on stdout, nothing else there.
    let run = mileport(&sandbox, &[&dry[..], &["--json"]].concat()).await;
    run.success();
    let plan = crate::support::json_document(&run.stdout);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["totals"]["planned"]["create"], 1, "{plan}");
    insta::with_settings!({filters => crate::support::run_filters()}, {
        insta::assert_snapshot!("plan_json", serde_json::to_string_pretty(&plan).unwrap());
    });

    // Nothing was written by any of these.
    let writes: u64 = sandbox
        .stats()
        .routes
        .iter()
        .filter(|(route, _)| route.contains("sourcecraft") && !route.contains("GET"))
        .map(|(_, count)| count)
        .sum();
    assert_eq!(writes, 2, "only the first migration's two creates");
}

#[tokio::test(flavor = "multi_thread")]
async fn check_shows_long_values_whole_and_tells_drift_from_trouble() {
    let sandbox = drifted().await;
    let mut env = sandbox_env(&sandbox);
    env.push(("COLUMNS", "72".into()));
    let args = ["check", "gitcode:plan/source", "sourcecraft:plan/target"];
    let run = Run::command(&args, &env).await;
    assert_eq!(run.code, 1, "differences: {}", run.stderr);
    run_snapshot!("check_wrapped", run);

    let run = Run::command(&[&args[..], &["--json"]].concat(), &env).await;
    assert_eq!(run.code, 1);
    let document = crate::support::json_document(&run.stdout);
    insta::assert_snapshot!(
        "check_json",
        serde_json::to_string_pretty(&document).unwrap()
    );

    // Equal: 0. A host that cannot be reached: 3, named, and soon.
    let run = mileport(
        &sandbox,
        &["check", "gitcode:plan/source", "gitcode:plan/source"],
    )
    .await;
    run_snapshot!(run, @r#"
    exit: 0
    ----- stdout -----
    gitcode:plan/source and gitcode:plan/source agree: 3 milestones, no differences
    gitcode:plan/source and gitcode:plan/source agree: 0 labels, no differences
    ----- stderr -----
    read 3 milestones (3 open, 0 closed) from gitcode:plan/source and 3 milestones (3 open, 0 closed) from gitcode:plan/source
    read 0 labels from gitcode:plan/source and 0 labels from gitcode:plan/source
    "#);
    let started = Instant::now();
    let run = mileport(
        &sandbox,
        &[
            "check",
            "gitcode:plan/source",
            "sourcecraft:plan/target",
            "--gitcode-url",
            "http://127.0.0.1:9/api/v5",
        ],
    )
    .await;
    assert!(started.elapsed() < Duration::from_secs(5), "failed fast");
    run_snapshot!(run, @r"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    mileport: GitCode: list milestones of gitcode:plan/source failed: cannot connect to 127.0.0.1:9: Connection refused (os error 111)
    ");
}

#[tokio::test(flavor = "multi_thread")]
async fn reports_for_people_in_markdown_and_html() {
    let sandbox = drifted().await;
    let dir = tempfile::tempdir().unwrap();
    let (md, html) = (dir.path().join("run.md"), dir.path().join("run.html"));
    for report in [&md, &html] {
        mileport(
            &sandbox,
            &[
                "migrate",
                "gitcode:plan/source",
                "sourcecraft:plan/target",
                "--dry-run",
                "--report",
                report.to_str().unwrap(),
            ],
        )
        .await
        .success();
    }
    insta::with_settings!({filters => crate::support::run_filters()}, {
        insta::assert_snapshot!("report_markdown", std::fs::read_to_string(&md).unwrap());
    });
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(!page.to_ascii_lowercase().contains("<script"), "no scripts");
    assert!(
        !page.contains("src=") && !page.contains("href="),
        "self-contained"
    );
    assert!(page.contains("Added by hand &lt;b&gt;"), "escaped: {page}");
    assert!(page.contains("Release | 1.0"), "{page}");

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:plan/source",
            "sourcecraft:plan/target",
            "--report",
            dir.path().join("run.txt").to_str().unwrap(),
        ],
    )
    .await;
    run_snapshot!(run, @r"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    mileport: --report [TMP]/run.txt: name the report *.json, *.md or *.html (the extension sets the format)
    ");
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_for_every_command() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["sourcecraft:json/target"])).await;
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.csv");
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            backup.to_str().unwrap(),
            "--json",
        ],
    )
    .await;
    crate::support::json_document(&run.stdout);
    run_snapshot!(run, @r#"
    exit: 0
    ----- stdout -----
    {
      "schema": 1,
      "kind": "export",
      "source": "gitcode:demo/roadmap",
      "format": "csv",
      "repositories": 1,
      "written": 1,
      "failed": 0,
      "milestones": 12,
      "labels": 8,
      "files": [
        {
          "source": "gitcode:demo/roadmap",
          "file": "[TMP]/backup.csv",
          "milestones": 12,
          "labels": 8
        }
      ]
    }
    ----- stderr -----
    "#);

    let run = mileport(&sandbox, &["validate", backup.to_str().unwrap(), "--json"]).await;
    crate::support::json_document(&run.stdout);
    run_snapshot!(run, @r#"
    exit: 0
    ----- stdout -----
    {
      "schema": 1,
      "kind": "validate",
      "file": "[TMP]/backup.csv",
      "valid": true,
      "provider": "gitcode",
      "milestones": 12,
      "invalid": 0,
      "closed": 3,
      "without_due_date": 0,
      "problems": []
    }
    ----- stderr -----
    "#);
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "number,title,description,state,due_on\n1,a,,paused,2025-01-01\n2,,,active,2025-01-01\n",
    )
    .unwrap();
    let run = mileport(&sandbox, &["validate", bad.to_str().unwrap(), "--json"]).await;
    assert_eq!(run.code, 2);
    let verdict = crate::support::json_document(&run.stdout);
    assert_eq!(verdict["valid"], false);
    assert_eq!(
        verdict["problems"].as_array().unwrap().len(),
        2,
        "{verdict}"
    );

    let run = mileport(
        &sandbox,
        &[
            "import",
            backup.to_str().unwrap(),
            "sourcecraft:json/target",
            "--json",
        ],
    )
    .await;
    run.success();
    let report = crate::support::json_document(&run.stdout);
    assert_eq!(report["totals"]["created"], 12);
    assert_eq!(report["dry_run"], false);
    assert!(report["stats"]["requests"].as_u64().unwrap() >= 13);
}

#[tokio::test(flavor = "multi_thread")]
async fn logs_name_each_request_and_never_the_token() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let args = [
        "export",
        "gitcode:demo/roadmap",
        "--output",
        "-",
        "--format",
        "csv",
    ];
    let quiet = mileport(&sandbox, &[&["-q"][..], &args[..]].concat()).await;
    let after = mileport(&sandbox, &[&args[..], &["--quiet"]].concat()).await;
    assert_eq!(
        quiet.snapshot(),
        after.snapshot(),
        "global flags go anywhere"
    );

    let run = mileport(&sandbox, &[&["-v"][..], &args[..]].concat()).await;
    run.success();
    insta::with_settings!({filters => crate::support::run_filters()}, {
        insta::assert_snapshot!(run.stderr, @r#"
        labels not written: a CSV file holds one kind of object; add --only labels for them
        [TIME]  INFO mileport::http: answer provider=GitCode method=GET path=/gitcode/api/v5/repos/demo/roadmap/milestones status=200 attempt=1 ms=[MS] request_id="[REQUEST-ID]"
        [TIME]  INFO mileport::http: answer provider=GitCode method=GET path=/gitcode/api/v5/repos/demo/roadmap/milestones status=200 attempt=1 ms=[MS] request_id="[REQUEST-ID]"
        "#);
    });
    assert!(!run.stderr.contains("sandbox-token"));

    // -vv: also what each request asks for, by parameter name only.
    let run = mileport(&sandbox, &[&["-vv"][..], &args[..]].concat()).await;
    run.success();
    let send = regex::Regex::new(r"DEBUG mileport::http: send .*query=[a-z_,]+$").unwrap();
    assert!(
        run.stderr.lines().any(|line| send.is_match(line)),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("state=all"), "names, never values");

    let mut env = sandbox_env(&sandbox);
    env.push(("RUST_LOG", "mileport::http=info".into()));
    let run = Run::command(&args, &env).await;
    assert!(run.stderr.contains("status=200"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rate_limited_run_without_a_terminal_says_why_it_waits() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    sandbox.set_faults(Faults {
        rate_limit_per_minute: 60,
        ..Faults::default()
    });
    // Someone else spends the minute's budget first.
    let http = crate::support::http_client();
    for _ in 0..60 {
        http.get(format!(
            "{}/repos/demo/roadmap/milestones",
            sandbox.gitcode_url()
        ))
        .send()
        .await
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("backup.json");
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            out.to_str().unwrap(),
            "--wait-notice-ms",
            "500",
        ],
    )
    .await;
    run.success();
    // One line per wait (each of the export's requests may meet one), each
    // a timestamped line saying who holds the run back and for how long.
    let wait =
        regex::Regex::new(
            r"^\d{4}-\d\d-\d\dT[\d:]+Z waiting \d+ s: (GitCode answered 429 \(too many requests\)|requests to GitCode are spaced out \(--max-rate, or the pace its 429s allowed\))(; \d+ of \d+ done)?$",
        )
        .unwrap();
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(!lines.is_empty(), "the wait was said");
    assert!(lines.iter().all(|l| wait.is_match(l)), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn each_retry_says_which_try_and_why() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    sandbox.set_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            "-",
            "--format",
            "csv",
            "--retries",
            "1",
            "--wait-notice-ms",
            "0",
        ],
    )
    .await;
    run_snapshot!(run, @r#"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    labels not written: a CSV file holds one kind of object; add --only labels for them
    [TIME] waiting [N] s: try 2 of 2 of a GitCode request, after HTTP 503 Service Unavailable
    mileport: GitCode: list milestones of gitcode:demo/roadmap failed after 2 attempts: HTTP 503 Service Unavailable: the service is temporarily unavailable (injected fault) (trace id [REQUEST-ID])
    "#);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paced_run_says_so_and_a_name_that_does_not_resolve_fails_at_once() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["sourcecraft:paced/target"])).await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:paced/target",
            "--max-rate",
            "600",
            "--wait-notice-ms",
            "50",
        ],
    )
    .await;
    run.success();
    assert!(
        run.stderr
            .contains("s: requests to SourceCraft are spaced out (--max-rate"),
        "{}",
        run.stderr
    );

    let started = Instant::now();
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            "-",
            "--format",
            "csv",
            "--gitcode-url",
            "https://mileport-test.invalid/api/v5",
        ],
    )
    .await;
    assert!(started.elapsed() < Duration::from_secs(5), "failed fast");
    assert_eq!(run.code, 3);
    assert!(
        run.stderr
            .contains("failed: cannot connect to mileport-test.invalid:443: "),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn progress_without_a_terminal_is_printed_as_lines() {
    let mut seed = SeedData::default().with_repos(&["sourcecraft:slow/target"]);
    seed.gitcode().milestones.insert(
        "slow/source".into(),
        (1..=12)
            .map(|n| gitcode_milestone(n, &format!("Milestone {n}"), ""))
            .collect(),
    );
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(Faults {
        latency_ms: 40,
        ..Faults::default()
    });
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:slow/source",
            "sourcecraft:slow/target",
            "--concurrency",
            "1",
            "--progress-interval-ms",
            "150",
        ],
    )
    .await;
    run.success();
    let pattern = regex::Regex::new(r"(?m)^\d{4}-\d\d-\d\dT[\d:]+Z writing: \d+/12$").unwrap();
    assert!(pattern.is_match(&run.stderr), "{}", run.stderr);
}

/// Runs `mileport ARGS` with a terminal (`script` gives it one), typing
/// `input`; the terminal's output comes back on stdout.
async fn on_a_terminal(sandbox: &Sandbox, args: &str, input: &[u8]) -> std::process::Output {
    let env = sandbox_env(sandbox);
    let command = format!(
        "{} {args}",
        assert_cmd::cargo::cargo_bin("mileport").display()
    );
    let input = input.to_vec();
    tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut child = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .envs(env)
            .env("TERM", "dumb")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Typed ahead, the answer waits in the terminal until it is read.
        std::thread::sleep(Duration::from_millis(300));
        child.stdin.take().unwrap().write_all(&input).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn overwriting_asks_on_a_terminal_and_needs_yes_without_one() {
    let sandbox = drifted().await;
    let args = "migrate gitcode:plan/source sourcecraft:plan/target";
    let asked = on_a_terminal(&sandbox, args, b"n\n").await;
    let shown = String::from_utf8_lossy(&asked.stdout);
    assert!(shown.contains("Apply this plan?"), "{shown}");
    assert!(shown.contains("cancelled: nothing written."), "{shown}");
    assert_eq!(asked.status.code(), Some(1), "{shown}");
    let untouched = sandbox.sourcecraft_milestones("plan/target");
    assert_eq!(untouched.len(), 3, "nothing created");
    assert!(
        untouched
            .iter()
            .any(|m| m.status.as_deref() == Some("closed")),
        "nothing updated"
    );

    // Without a terminal there is no one to ask: the run refuses, and
    // goes ahead with --yes.
    let refused = mileport(
        &sandbox,
        &["migrate", "gitcode:plan/source", "sourcecraft:plan/target"],
    )
    .await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("add --yes to apply it"),
        "{}",
        refused.stderr
    );
    assert_eq!(sandbox.sourcecraft_milestones("plan/target").len(), 3);
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:plan/source",
            "sourcecraft:plan/target",
            "--yes",
        ],
    )
    .await;
    run_snapshot!(run, @r#"
    exit: 0
    ----- stdout -----
    created 1, updated 1, unchanged 1, failed 0
    labels: created 0, updated 0, unchanged 0, failed 0
    ----- stderr -----
    read 3 milestones (3 open, 0 closed) from gitcode:plan/source
    note: sourcecraft:plan/target has no place for these source fields (they are kept in exports and the report): number
    read 0 labels from gitcode:plan/source
    "#);

    // On a terminal, --yes skips the question.
    let mut edits = SeedData::default();
    let mut docs = sandbox
        .sourcecraft_milestones("plan/target")
        .into_iter()
        .find(|m| m.slug.as_deref() == Some("docs"))
        .unwrap();
    docs.description = Some("edited by hand".into());
    edits
        .sourcecraft()
        .milestones
        .insert("plan/target".into(), vec![docs]);
    sandbox.seed(edits);
    let run = on_a_terminal(&sandbox, &format!("{args} --yes"), b"").await;
    let shown = String::from_utf8_lossy(&run.stdout);
    assert!(!shown.contains("Apply this plan?"), "{shown}");
    assert!(
        shown.contains("created 0, updated 1, unchanged 2"),
        "{shown}"
    );
    assert_eq!(run.status.code(), Some(0), "{shown}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unwritable_output_names_the_path_and_the_error_once() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file.txt");
    std::fs::write(&file, "").unwrap();
    let out = file.join("backup.csv");
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            out.to_str().unwrap(),
        ],
    )
    .await;
    // Found before the first request: nothing is sent (exit 2).
    run_snapshot!(run, @r"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    mileport: cannot write [TMP]/file.txt/backup.csv, so nothing was sent (choose a place that can be written): Not a directory (os error 20)
    ");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_help_documents_the_exit_codes() {
    let run = Run::command(&["--help"], &[]).await;
    let codes = run.stdout.split("Exit codes:").nth(1).unwrap();
    insta::assert_snapshot!(codes, @r"
      0    done (for check: the repositories agree)
      1    done, with failures or differences
      2    invalid input or usage; nothing was written
      3    could not finish: a provider, the network or the file system failed
      130  interrupted (Ctrl-C); 143 after SIGTERM, 129 after SIGHUP

    Try it offline first: mileport demo
    ");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sandbox_prints_lines_to_source_and_holds_only_what_it_names() {
    use std::io::{BufRead, BufReader};

    let dir = tempfile::tempdir().unwrap();
    let env_file = dir.path().join("sandbox.env");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mileport"))
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--repo",
            "sourcecraft:acme/empty",
            "--env-file",
            env_file.to_str().unwrap(),
        ])
        .env_remove("MILEPORT_SANDBOX_GITCODE_TOKEN")
        .env_remove("MILEPORT_SANDBOX_SOURCECRAFT_TOKEN")
        .env_remove("MILEPORT_SANDBOX_GITHUB_TOKEN")
        .env_remove("MILEPORT_SANDBOX_GITEA_TOKEN")
        .env_remove("MILEPORT_SANDBOX_GITEE_TOKEN")
        .env_remove("MILEPORT_SANDBOX_GITLAB_TOKEN")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map(crate::support::Reaped)
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    // Two lines a provider (its URL and token), then how to undo them.
    let lines = 2 * mileport::provider::Provider::all().len() + 1;
    let printed: Vec<String> = (0..lines)
        .map(|_| stdout.next().unwrap().unwrap())
        .collect();
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    // Where it serves, then the repositories it holds: five lines. Its
    // stdin is no terminal, so Ctrl-C cannot reach it: it names its id.
    let told: Vec<String> = (0..5).map(|_| stderr.next().unwrap().unwrap()).collect();
    let told = told
        .join("\n")
        .replace(&format!("kill {}", child.id()), "kill [PID]");
    insta::with_settings!({filters => crate::support::run_filters()}, {
        insta::assert_snapshot!(format!("{}\n---\n{told}", printed.join("\n")), @r"
        export GITCODE_API_URL=http://[ADDR]/gitcode/api/v5
        export GITCODE_TOKEN=gitcode-sandbox-token
        export SOURCECRAFT_API_URL=http://[ADDR]/sourcecraft
        export SOURCECRAFT_TOKEN=sourcecraft-sandbox-token
        export GITHUB_API_URL=http://[ADDR]/github
        export GITHUB_TOKEN=github-sandbox-token
        export GITEA_API_URL=http://[ADDR]/gitea/api/v1
        export GITEA_TOKEN=gitea-sandbox-token
        export GITEE_API_URL=http://[ADDR]/gitee/api/v5
        export GITEE_TOKEN=gitee-sandbox-token
        export GITLAB_API_URL=http://[ADDR]/gitlab/api/v4
        export GITLAB_TOKEN=gitlab-sandbox-token
        # when done, undo with: unset GITCODE_API_URL GITCODE_TOKEN SOURCECRAFT_API_URL SOURCECRAFT_TOKEN GITHUB_API_URL GITHUB_TOKEN GITEA_API_URL GITEA_TOKEN GITEE_API_URL GITEE_TOKEN GITLAB_API_URL GITLAB_TOKEN
        ---
        mileport: sandbox serving on [ADDR] with the sample data; stop it with: kill [PID]
        mileport: repositories (any other answers 404; add empty ones with --repo):
          gitcode:demo/roadmap (12 milestones)
          sourcecraft:acme/empty (0 milestones)
          sourcecraft:demo/roadmap (6 milestones)
        ");
    });
    assert_eq!(
        std::fs::read_to_string(&env_file).unwrap(),
        printed.join("\n") + "\n",
        "the env file holds the same lines"
    );

    // Sourced by a shell, the lines are all mileport needs.
    let binary = assert_cmd::cargo::cargo_bin("mileport");
    let state = dir.path().join("state");
    let script = format!(
        ". '{}' && '{}' migrate gitcode:demo/roadmap sourcecraft:acme/empty -q \
         && '{}' export gitcode:demo/typo --output - --format json",
        env_file.display(),
        binary.display(),
        binary.display()
    );
    let run = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .args(["-c", &script])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("MILEPORT_STATE_DIR", &state)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    // The last line, its command run, undoes what the others set.
    let (_, undo) = printed[lines - 1].split_once("undo with: ").unwrap();
    let left = std::process::Command::new("sh")
        .args([
            "-c",
            &format!(". '{}' && {undo} && env", env_file.display()),
        ])
        .env_clear()
        .output()
        .unwrap();
    assert!(left.status.success(), "{left:?}");
    let left = String::from_utf8_lossy(&left.stdout);
    assert!(
        !left.contains("_API_URL=") && !left.contains("_TOKEN="),
        "{left}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let run = Run {
        code: run.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&run.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
    };
    run_snapshot!(run, @r#"
    exit: 3
    ----- stdout -----
    created 12, updated 0, unchanged 0, failed 0
    labels: created 8, updated 0, unchanged 0, failed 0
    ----- stderr -----
    mileport: GitCode: list milestones of gitcode:demo/typo failed: HTTP 404 Not Found: 404 Project Not Found (trace id [REQUEST-ID]); check the repository name and that the token in GITCODE_TOKEN can see it
    "#);
}
