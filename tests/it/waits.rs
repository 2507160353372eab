//! Every long wait is said, without a terminal too: a provider's 429, a
//! refusal by GitHub's limit on creates, each as one plain line on stderr
//! naming the provider, the cause and how long, not one line per request;
//! and nothing with `--quiet`.

use std::time::Duration;

use mileport::provider::rate::Window;
use mileport::sandbox::{Faults, SeedData};

use crate::run_snapshot;
use crate::support::{Run, mileport, start_sandbox};

/// The wait lines of a run's stderr that match `cause` (a regex).
fn wait_lines<'a>(run: &'a Run, cause: &str) -> Vec<&'a str> {
    let line = regex::Regex::new(&format!(
        r"^\d{{4}}-\d\d-\d\dT[\d:]+Z waiting \d+ s: {cause}(; \d+ of \d+ done)?$"
    ))
    .unwrap();
    run.stderr.lines().filter(|l| line.is_match(l)).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_throttled_migration_without_a_terminal_says_each_wait_once() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["sourcecraft:slow/target"])).await;
    // 40 a minute: a refused request is told to wait 2 s.
    sandbox.set_faults(Faults {
        rate_limit_per_minute: 40,
        ..Faults::default()
    });
    // Someone else spends SourceCraft's minute first.
    let http = crate::support::http_client();
    for _ in 0..40 {
        let _ = http
            .get(format!("{}/repos/slow/target", sandbox.sourcecraft_url()))
            .send()
            .await
            .unwrap();
    }
    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:demo/roadmap", "sourcecraft:slow/target"],
    )
    .await;
    run.success();
    let said = wait_lines(&run, r"SourceCraft answered 429 \(too many requests\)");
    assert!(!said.is_empty(), "{}", run.stderr);
    let refused = sandbox.stats().rate_limited;
    assert!(
        (said.len() as u64) < refused.max(2),
        "{} lines for {refused} answers of 429:\n{}",
        said.len(),
        run.stderr
    );
    // Every other wait it says is SourceCraft's pace, learned from the 429s.
    let paced = wait_lines(
        &run,
        r"requests to SourceCraft are spaced out \(--max-rate, or the pace its 429s allowed\)",
    );
    assert_eq!(
        run.stderr.matches("waiting").count(),
        said.len() + paced.len(),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn githubs_limit_on_creates_is_said_and_quiet_says_nothing() {
    let faults =
        Faults::default().with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
            create_limit: Some(Window {
                requests: 3,
                length: Duration::from_secs(4),
            }),
            ..Default::default()
        });
    let seed = SeedData::sample()
        .with_github_repo("acme/loud")
        .with_github_repo("acme/quiet");
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(faults);
    let run = mileport(
        &sandbox,
        &["migrate", "sourcecraft:demo/roadmap", "github:acme/loud"],
    )
    .await;
    run.success();
    let said = wait_lines(
        &run,
        r"GitHub's secondary rate limit refused a request \(on creates: at most 80/min,500/h\)",
    );
    let refused = sandbox.github_limit_stats().secondary_refusals;
    assert!(!said.is_empty(), "{}", run.stderr);
    assert!(
        (said.len() as u64) < refused.max(2),
        "{} lines for {refused} refusals:\n{}",
        said.len(),
        run.stderr
    );

    let quiet = mileport(
        &sandbox,
        &[
            "migrate",
            "sourcecraft:demo/roadmap",
            "github:acme/quiet",
            "--quiet",
        ],
    )
    .await;
    assert!(sandbox.github_limit_stats().secondary_refusals > refused);
    run_snapshot!(quiet, @r#"
    exit: 0
    ----- stdout -----
    created 6, updated 0, unchanged 0, failed 0
    labels: created 8, updated 0, unchanged 0, failed 0
    ----- stderr -----
    "#);
}
