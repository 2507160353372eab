//! What the real providers are seen to do beyond their documentation, each
//! imitated by the sandbox and met by the real binary over loopback: page
//! caps, listings that change while read, an ignored state filter, numbers
//! as strings, error bodies of every shape, echoed tokens, fixed rate
//! windows without `Retry-After`, long `Retry-After`s, huge answers and
//! deadlines normalised to UTC.

use std::{
    path::{Path, PathBuf},
    time::Instant,
};

use mileport::providers::gitcode::sandbox::DEFAULT_GITCODE_TOKEN;
use mileport::{
    providers::gitcode::client as gitcode,
    sandbox::{ErrorShape, Faults, Sandbox, SeedData},
};
use serde_json::{Value, json};

use crate::support::{Run, mileport, sandbox_env, start_sandbox};

/// `count` GitCode milestones numbered from 1, every third closed.
fn numbered(count: i64) -> Vec<gitcode::types::Milestone> {
    (1..=count)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "title": format!("Milestone {n}"),
                "state": if n % 3 == 0 { "closed" } else { "active" },
                "due_on": format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
            }))
            .unwrap()
        })
        .collect()
}

fn seeded(repo: &str, milestones: Vec<gitcode::types::Milestone>) -> SeedData {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert(repo.to_owned(), milestones);
    seed
}

/// The repositories these tests write to, held empty until they do.
const TARGETS: [&str; 11] = [
    "sourcecraft:budget/target",
    "sourcecraft:ids/restored",
    "sourcecraft:ids/target",
    "sourcecraft:secret/target",
    "sourcecraft:tz/middle",
    "sourcecraft:wait/target",
    "sourcecraft:win/loose",
    "sourcecraft:win/paced",
    "gitcode:win/copy",
    "gitcode:ids/back",
    "gitcode:tz/back",
];

async fn sandbox_with(seed: SeedData, faults: Faults) -> Sandbox {
    let sandbox = start_sandbox(seed.with_repos(&TARGETS)).await;
    sandbox.set_faults(faults);
    sandbox
}

/// Exports `repo` through the binary to `file` in a fresh temporary
/// directory, returned with the run so that it lives as long as the test.
async fn export_to(sandbox: &Sandbox, repo: &str, file: &str) -> (Run, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(file);
    let run = mileport(sandbox, &["export", repo, "-o", out.to_str().unwrap()]).await;
    (run, dir, out)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn backup_numbers(path: &Path) -> Vec<i64> {
    let mut numbers: Vec<i64> = read_json(path)["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["number"].to_string().trim_matches('"').parse().unwrap())
        .collect();
    numbers.sort_unstable();
    numbers
}

/// A server that caps pages at 20 although 100 were asked: every page is
/// read, because the headers say there are more.
#[tokio::test(flavor = "multi_thread")]
async fn a_page_cap_below_per_page_still_exports_everything() {
    let sandbox = sandbox_with(
        seeded("cap/repo", numbered(250)),
        Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                page_cap: 20,
                ..Default::default()
            },
        ),
    )
    .await;
    let (run, _dir, out) = export_to(&sandbox, "gitcode:cap/repo", "b.json").await;
    run.success();
    assert_eq!(backup_numbers(&out), (1..=250).collect::<Vec<_>>());
    assert!(
        run.stdout.contains("250 milestones (167 open, 83 closed)"),
        "{}",
        run.stdout
    );
}

/// A milestone deleted between two pages shifts an untouched one out of
/// view: the listing no longer adds up, is read again, and is complete.
#[tokio::test(flavor = "multi_thread")]
async fn a_listing_changed_while_read_is_read_again() {
    let sandbox = sandbox_with(
        seeded("churn/repo", numbered(250)),
        Faults {
            delete_while_listing: 1,
            ..Faults::default()
        },
    )
    .await;
    let (run, _dir, out) = export_to(&sandbox, "gitcode:churn/repo", "b.json").await;
    run.success();
    let mut present: Vec<i64> = sandbox
        .gitcode_milestones("churn/repo")
        .iter()
        .map(|m| m.number.as_i64().unwrap())
        .collect();
    present.sort_unstable();
    assert_eq!(present.len(), 249);
    assert_eq!(backup_numbers(&out), present);
}

/// A listing that keeps changing is never returned in part: exit 3, no file.
#[tokio::test(flavor = "multi_thread")]
async fn a_listing_that_never_adds_up_fails_with_exit_3() {
    let sandbox = sandbox_with(
        seeded("churn/repo", numbered(250)),
        Faults {
            delete_while_listing: 10,
            ..Faults::default()
        },
    )
    .await;
    let (run, _dir, out) = export_to(&sandbox, "gitcode:churn/repo", "b.json").await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("did not add up"), "{}", run.stderr);
    assert!(!out.exists());
}

/// Two different milestones under one number cannot be told apart: an
/// error naming the number, never one of them dropped.
#[tokio::test(flavor = "multi_thread")]
async fn two_milestones_with_one_number_are_an_error() {
    let sandbox = sandbox_with(
        seeded("dup/repo", numbered(3)),
        Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                duplicate_numbers: true,
                ..Default::default()
            },
        ),
    )
    .await;
    let (run, _dir, out) = export_to(&sandbox, "gitcode:dup/repo", "b.json").await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "two different milestones carry the number 1 (\"Milestone 1\" and \"Milestone 2\")"
        ),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

/// GitCode's own CLI says the list has no state filter: a server that
/// ignores it is detected and the user warned, never left in silence.
#[tokio::test(flavor = "multi_thread")]
async fn an_ignored_state_filter_is_warned_about() {
    let sandbox = sandbox_with(
        seeded("state/repo", numbered(9)),
        Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                ignore_state_filter: true,
                ..Default::default()
            },
        ),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.csv");
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:state/repo",
            "-o",
            out.to_str().unwrap(),
            "-q",
        ],
    )
    .await;
    run.success();
    assert!(
        run.stderr.contains("warning:") && run.stderr.contains("closed milestones may be missing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("6 milestones (6 open, 0 closed)"),
        "{}",
        run.stdout
    );

    // A server that honours it draws no warning.
    sandbox.set_faults(Faults::default());
    let run = mileport(
        &sandbox,
        &["export", "gitcode:state/repo", "-o", out.to_str().unwrap()],
    )
    .await;
    run.success();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
}

/// A server that answers `state=all` with open milestones only, while
/// `state=closed` works: the closed ones are read by their state and added,
/// and the user is told how the listing was made.
#[tokio::test(flavor = "multi_thread")]
async fn closed_milestones_left_out_of_all_are_read_by_state() {
    let sandbox = sandbox_with(
        seeded("state/repo", numbered(250)),
        Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                state_all_as_open: true,
                ..Default::default()
            },
        ),
    )
    .await;
    let (run, _dir, out) = export_to(&sandbox, "gitcode:state/repo", "b.json").await;
    run.success();
    assert_eq!(backup_numbers(&out), (1..=250).collect::<Vec<_>>());
    assert!(
        run.stdout.contains("250 milestones (167 open, 83 closed)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("83 were read with state=closed and added"),
        "{}",
        run.stderr
    );
}

/// Numbers as strings, integers beyond 64 bits and explicit nulls are read,
/// and a JSON backup keeps each exactly as it came.
#[tokio::test(flavor = "multi_thread")]
async fn numbers_and_nulls_are_kept_as_sent() {
    let mut milestones = numbered(3);
    milestones[0].extra.insert("id".into(), Value::Null);
    milestones[0].extra.insert(
        "big".into(),
        serde_json::from_str("123456789012345678901234567890").unwrap(),
    );
    let sandbox = sandbox_with(
        seeded("ids/repo", milestones),
        Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                string_ids: true,
                ..Default::default()
            },
        ),
    )
    .await;
    let (run, _dir, out) = export_to(&sandbox, "gitcode:ids/repo", "b.json").await;
    run.success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"number\": \"1\""), "{text}");
    assert!(text.contains("\"id\": null"), "{text}");
    assert!(
        text.contains("\"big\": 123456789012345678901234567890"),
        "{text}"
    );

    // The backup imports, and a migration reads the strings too.
    let run = mileport(
        &sandbox,
        &["import", out.to_str().unwrap(), "sourcecraft:ids/restored"],
    )
    .await;
    run.success();
    assert!(
        run.stderr
            .contains("read 3 GitCode milestones (2 open, 1 closed)"),
        "{}",
        run.stderr
    );
    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:ids/repo", "sourcecraft:ids/target"],
    )
    .await;
    run.success();
    assert_eq!(sandbox.sourcecraft_milestones("ids/target").len(), 3);

    // Writing to a GitCode that answers with string numbers: creates,
    // closes and a second run that finds everything in place.
    for _ in 0..2 {
        let run = mileport(
            &sandbox,
            &["migrate", "sourcecraft:ids/target", "gitcode:ids/back"],
        )
        .await;
        run.success();
    }
    let back = sandbox.gitcode_milestones("ids/back");
    assert_eq!(back.len(), 3);
    assert_eq!(
        back.iter()
            .filter(|m| m.state.as_deref() == Some("closed"))
            .count(),
        1
    );
}

/// Whatever the error body (a gateway's, HTML, text, nothing, a `null`
/// where an object was documented), the status decides: a 503 is retried
/// and a 404 gets its advice.
#[tokio::test(flavor = "multi_thread")]
async fn errors_keep_their_status_whatever_the_body() {
    let mut seed = SeedData::sample();
    seed.gitcode().missing.insert("gone/repo".into());
    seed.sourcecraft().missing.insert("gone/repo".into());
    let sandbox = start_sandbox(seed.with_repos(&TARGETS)).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.csv");
    let out = out.to_str().unwrap();
    for shape in [
        ErrorShape::Documented,
        ErrorShape::NullDetails,
        ErrorShape::Gateway,
        ErrorShape::NestedMessage,
        ErrorShape::Html,
        ErrorShape::Text,
        ErrorShape::Empty,
    ] {
        for provider in ["gitcode", "sourcecraft"] {
            sandbox.set_faults(Faults {
                error_shape: shape,
                ..Faults::default()
            });
            let missing = format!("{provider}:gone/repo");
            let run = mileport(&sandbox, &["export", &missing, "-o", out]).await;
            assert_eq!(run.code, 3, "{shape:?} {provider}: {}", run.stderr);
            assert!(
                run.stderr.contains("HTTP 404") && run.stderr.contains("check the repository name"),
                "{shape:?} {provider}: {}",
                run.stderr
            );
            sandbox.set_faults(Faults {
                error_shape: shape,
                fail_rate: 1.0,
                ..Faults::default()
            });
            let source = format!("{provider}:demo/roadmap");
            let run = mileport(&sandbox, &["export", &source, "-o", out, "--retries", "1"]).await;
            assert_eq!(run.code, 3, "{shape:?} {provider}: {}", run.stderr);
            assert!(
                run.stderr.contains("HTTP 503") && run.stderr.contains("after 2 attempts"),
                "{shape:?} {provider}: {}",
                run.stderr
            );
        }
    }
    // The support handles are shown.
    sandbox.set_faults(Faults {
        error_shape: ErrorShape::NestedMessage,
        ..Faults::default()
    });
    let run = mileport(&sandbox, &["export", "gitcode:gone/repo", "-o", out]).await;
    assert!(
        run.stderr.contains("trace id sandbox-trace-gitcode"),
        "{}",
        run.stderr
    );
    sandbox.set_faults(Faults::default());
    let run = mileport(&sandbox, &["export", "sourcecraft:gone/repo", "-o", out]).await;
    assert!(run.stderr.contains("request id sandbox-"), "{}", run.stderr);
}

/// No secret is ever printed or written: not a token a 500 echoes, not a
/// password in a URL, not a token inside provider data; and control
/// characters from provider data reach the terminal escaped.
#[tokio::test(flavor = "multi_thread")]
async fn secrets_and_escapes_never_reach_the_output_raw() {
    let mut milestones = numbered(2);
    milestones[0].title = "Clear \u{1b}[2J screen".to_owned();
    milestones[1].description = Some(format!("leaked {DEFAULT_GITCODE_TOKEN} here"));
    let sandbox = sandbox_with(
        seeded("secret/repo", milestones),
        Faults {
            echo_token: true,
            fail_rate: 1.0,
            ..Faults::default()
        },
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.json");
    let out = out.to_str().unwrap();
    let run = mileport(
        &sandbox,
        &["export", "gitcode:secret/repo", "-o", out, "--retries", "0"],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("[REDACTED]"), "{}", run.stderr);
    assert!(
        !run.stderr.contains(DEFAULT_GITCODE_TOKEN),
        "{}",
        run.stderr
    );

    sandbox.set_faults(Faults::default());
    for file in ["b.json", "b.csv"] {
        let path = dir.path().join(file);
        let run = mileport(
            &sandbox,
            &[
                "export",
                "gitcode:secret/repo",
                "-o",
                path.to_str().unwrap(),
            ],
        )
        .await;
        run.success();
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(!written.contains(DEFAULT_GITCODE_TOKEN), "{written}");
        assert!(written.contains("leaked [REDACTED] here"), "{written}");
    }
    let report = dir.path().join("report.json");
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:secret/repo",
            "sourcecraft:secret/target",
            "--dry-run",
            "--report",
            report.to_str().unwrap(),
        ],
    )
    .await;
    run.success();
    assert!(
        run.stdout.contains("Clear \\x1b[2J screen"),
        "{}",
        run.stdout
    );
    for output in [&run.stdout, &run.stderr] {
        assert!(!output.contains('\u{1b}'), "{output}");
        assert!(!output.contains(DEFAULT_GITCODE_TOKEN), "{output}");
    }
    let written = std::fs::read_to_string(&report).unwrap();
    assert!(!written.contains(DEFAULT_GITCODE_TOKEN), "{written}");
    let run = mileport(
        &sandbox,
        &["check", "gitcode:secret/repo", "sourcecraft:secret/target"],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("Clear \\x1b[2J screen"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);

    // A password in a base URL is never shown.
    let run = Run::command(
        &[
            "export",
            "gitcode:a/b",
            "-o",
            out,
            "--gitcode-url",
            "https://user:hunter2pass@example.com/api",
        ],
        &sandbox_env(&sandbox),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("hunter2pass"), "{}", run.stderr);
    assert!(run.stderr.contains("user:****@"), "{}", run.stderr);
}

/// Names that would leave `/repos/OWNER/REPO/` are refused before any request.
#[tokio::test(flavor = "multi_thread")]
async fn unsafe_repository_names_are_refused_before_any_request() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&TARGETS)).await;
    for name in [
        "gitcode:../..",
        "gitcode:./x",
        "sourcecraft:o/..",
        "gitcode:o/r%2F",
        "gitcode:o/r?x=1",
    ] {
        let run = mileport(&sandbox, &["export", name, "-o", "x.csv"]).await;
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
    }
    let run = mileport(&sandbox, &["export", "gitcode:o/r\u{1b}[2J", "-o", "x.csv"]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
    assert_eq!(sandbox.stats().total(), 0);
}

/// GitCode documents fixed windows and no `Retry-After`. Paced by the
/// windows, a run meets no 429; paced too loosely, each 429 waits for the
/// window to pass instead of burning its few retries in a second.
#[tokio::test(flavor = "multi_thread")]
async fn fixed_windows_without_retry_after_are_waited_out() {
    let windows = Faults {
        rate_window: Some(
            "5/2s"
                .parse::<mileport::provider::rate::RateLimits>()
                .unwrap()
                .windows()
                .next()
                .unwrap(),
        ),
        ..Faults::default()
    };
    let sandbox = sandbox_with(seeded("win/repo", numbered(4)), windows.clone()).await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:win/repo",
            "sourcecraft:win/paced",
            "--max-rate",
            "5/2s",
        ],
    )
    .await;
    run.success();
    assert_eq!(sandbox.stats().rate_limited, 0);
    assert_eq!(sandbox.sourcecraft_milestones("win/paced").len(), 4);

    sandbox.set_faults(windows);
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:win/repo",
            "sourcecraft:win/loose",
            "--max-rate",
            "50/2s",
            "--concurrency",
            "1",
            "--retries",
            "2",
        ],
    )
    .await;
    run.success();
    assert!(sandbox.stats().rate_limited > 0);
    assert_eq!(sandbox.sourcecraft_milestones("win/loose").len(), 4);
}

/// Limits are counted per token: reading and writing two repositories of
/// one provider share one budget, so a GitCode-to-GitCode copy paced at the
/// window's count meets no 429 either.
#[tokio::test(flavor = "multi_thread")]
async fn one_token_shares_one_budget() {
    let window = "5/2s"
        .parse::<mileport::provider::rate::RateLimits>()
        .unwrap()
        .windows()
        .next();
    let sandbox = sandbox_with(
        seeded("win/repo", numbered(2)),
        Faults {
            rate_window: window,
            ..Faults::default()
        },
    )
    .await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:win/repo",
            "gitcode:win/copy",
            "--max-rate",
            "5/2s",
        ],
    )
    .await;
    run.success();
    assert_eq!(sandbox.stats().rate_limited, 0);
    assert_eq!(sandbox.gitcode_milestones("win/copy").len(), 2);
}

/// A `Retry-After` longer than `--max-wait` stops the run at once, saying
/// how long the provider asked for.
#[tokio::test(flavor = "multi_thread")]
async fn a_wait_longer_than_max_wait_stops_the_run() {
    let sandbox = sandbox_with(
        SeedData::sample().with_repos(&TARGETS),
        Faults {
            rate_limit_per_minute: 2,
            ..Faults::default()
        },
    )
    .await;
    let started = Instant::now();
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:wait/target",
            "--max-wait",
            "5s",
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("asks to wait") && run.stderr.contains("--max-wait"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed().as_secs() < 10);
}

/// An answer larger than the limit fails clearly instead of filling memory.
#[tokio::test(flavor = "multi_thread")]
async fn an_answer_over_the_size_limit_fails() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&TARGETS)).await;
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "-o",
            "x.json",
            "--max-answer-size",
            "300",
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("larger than 300 bytes"),
        "{}",
        run.stderr
    );
}

/// A plan beyond the hourly budget says how long it will take.
#[tokio::test(flavor = "multi_thread")]
async fn a_plan_beyond_the_hourly_budget_says_how_long() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&TARGETS)).await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:budget/target",
            "--dry-run",
            "--max-rate",
            "3/h",
        ],
    )
    .await;
    run.success();
    assert!(
        run.stderr
            .contains("more than its rate limits (3/h) allow in an hour")
            && run.stderr.contains("it will take about"),
        "{}",
        run.stderr
    );
}

/// SourceCraft keeps deadlines in UTC: with `--timezone`, a date picked at
/// midnight in Moscow survives GitCode → SourceCraft → GitCode; without
/// it, the plan flags the deadlines that are not at midnight.
#[tokio::test(flavor = "multi_thread")]
async fn deadlines_are_dates_in_the_users_zone() {
    let sandbox = sandbox_with(
        seeded("tz/source", numbered(5)),
        Faults {
            ..Faults::default()
        }
        .with_sourcecraft(
            mileport::providers::sourcecraft::sandbox_faults::SourceCraftFaults {
                utc_deadlines: true,
                ..Default::default()
            },
        ),
    )
    .await;
    let zone = ["--timezone", "Europe/Moscow"];
    let mut args = vec!["migrate", "gitcode:tz/source", "sourcecraft:tz/middle"];
    args.extend(zone);
    mileport(&sandbox, &args).await.success();
    let deadlines: Vec<String> = sandbox
        .sourcecraft_milestones("tz/middle")
        .into_iter()
        .map(|m| m.deadline.unwrap())
        .collect();
    assert!(
        deadlines.iter().all(|d| d.ends_with("T21:00:00Z")),
        "{deadlines:?}"
    );

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "sourcecraft:tz/middle",
            "gitcode:tz/back",
            "--dry-run",
        ],
    )
    .await;
    run.success();
    assert!(
        run.stdout.contains("is not at midnight in UTC"),
        "{}",
        run.stdout
    );

    let mut args = vec!["migrate", "sourcecraft:tz/middle", "gitcode:tz/back"];
    args.extend(zone);
    mileport(&sandbox, &args).await.success();
    let dates = |repo: &str| {
        let mut dates: Vec<(String, String)> = sandbox
            .gitcode_milestones(repo)
            .into_iter()
            .map(|m| (m.title, m.due_on.unwrap()))
            .collect();
        dates.sort();
        dates
    };
    assert_eq!(dates("tz/back"), dates("tz/source"));

    let mut args = vec!["check", "gitcode:tz/source", "sourcecraft:tz/middle"];
    args.extend(zone);
    mileport(&sandbox, &args).await.success();
}
