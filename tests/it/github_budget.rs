//! GitHub's primary rate budget through the real binary against the
//! sandbox: a spent budget is said as such (until when, on GitHub's clock,
//! in UTC, and how long that is), whether the run waits for the reset or
//! stops because the reset is beyond `--max-wait`; and the reset is read on
//! GitHub's clock, from its `Date`, so a server whose clock is an hour off
//! ours neither makes the run wait that hour nor refuses a request.

use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, TimeDelta, Timelike, Utc};
use mileport::{
    provider::rate::Window,
    sandbox::{Faults, Sandbox, SeedData},
};

use crate::{
    run_snapshot,
    support::{Run, mileport, start_sandbox},
};

const SOURCE: &str = "github:demo/roadmap";

/// The sample's GitHub repository and an empty target beside it, under a
/// GitHub whose budget is `budget` and whose clock is `skew` seconds off.
async fn sandbox(target: &str, budget: Window, skew: i64) -> Sandbox {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&[target])).await;
    sandbox.set_faults(Faults::default().with_github(
        mileport::providers::github::sandbox_faults::GitHubFaults {
            budget: Some(budget),
            clock_skew: skew,
            ..Default::default()
        },
    ));
    sandbox
}

/// The moments a run may name as GitHub's reset, `length` after a moment
/// between `from` and `to` on GitHub's clock: `HH:MM`, rounded up.
fn resets_between(from: SystemTime, to: SystemTime, skew: i64, length: Duration) -> Vec<String> {
    let shown = |at: SystemTime| {
        let at = DateTime::<Utc>::from(at) + TimeDelta::seconds(skew) + length;
        let up = if at.second() > 0 || at.nanosecond() > 0 {
            at + TimeDelta::minutes(1)
        } else {
            at
        };
        up.format("%H:%M").to_string()
    };
    // GitHub's clock is read from `Date` and resets travel in whole
    // seconds: a second either side still belongs to the run (a loaded
    // machine may cross a minute there).
    let second = Duration::from_secs(1);
    let mut names = vec![
        shown(from - second),
        shown(from),
        shown(to),
        shown(to + second),
    ];
    names.dedup();
    names
}

/// The reset is beyond `--max-wait`: the run stops without sending,
/// naming the budget, the time it comes back on GitHub's clock (an hour
/// ahead of ours here) and how long that is, not "HTTP 429".
#[tokio::test(flavor = "multi_thread")]
async fn a_budget_spent_beyond_max_wait_says_until_when() {
    let target = "github:spent/target";
    let hour = Duration::from_secs(3600);
    // The listing, the question of what the token may do, one create.
    let budget = Window {
        requests: 3,
        length: hour,
    };
    let sandbox = sandbox(target, budget, 3600).await;
    let before = SystemTime::now();
    let run = mileport(
        &sandbox,
        &["migrate", SOURCE, target, "--max-wait", "5s", "-q"],
    )
    .await;
    let after = SystemTime::now();
    let until = regex::Regex::new(r"until (\d\d:\d\d) UTC").unwrap();
    let shown = &until.captures(&run.stderr).expect("a reset named")[1];
    assert!(
        resets_between(before, after, 3600, hour)
            .iter()
            .any(|r| r == shown),
        "{shown} is not GitHub's reset: {}",
        run.stderr
    );
    // An hour from the first answer, less what the run took since.
    assert!(
        run.stderr.contains("UTC (1 h)") || run.stderr.contains("UTC (60 min)"),
        "{}",
        run.stderr
    );
    // The reset's minute and the title of whichever create was first held.
    let reset = regex::Regex::new(r"until \d\d:\d\d UTC \((1 h|60 min)\)").unwrap();
    let title = regex::Regex::new(r#"create milestone "[^"]+""#).unwrap();
    let stderr = reset.replace_all(&run.stderr, "until [HH:MM] UTC ([AN HOUR])");
    // How many creates were under way when the budget ran out depends on
    // timing: the counts are not what this test is about.
    let counts = regex::Regex::new(r"(stopped with|failed) \d+").unwrap();
    let shown = Run {
        stdout: counts.replace_all(&run.stdout, "$1 [N]").into_owned(),
        stderr: counts
            .replace_all(
                &title.replace_all(&stderr, r#"create milestone "[TITLE]""#),
                "$1 [N]",
            )
            .into_owned(),
        ..run
    };
    run_snapshot!(shown, @r#"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    mileport: GitHub: read the permissions on github:spent/target failed: GitHub's rate budget is spent until [HH:MM] UTC ([AN HOUR]), longer than --max-wait (5 s); stopped rather than wait: run the same command again then, or allow the wait with --max-wait
    "#);
    assert_eq!(sandbox.github_limit_stats().primary_refusals, 0);
}

/// Runs a migration from the sample into `target`, its waits said.
async fn migrate_saying_waits(sandbox: &Sandbox, target: &str) -> Run {
    mileport(
        sandbox,
        &["migrate", SOURCE, target, "--wait-notice-ms", "300"],
    )
    .await
}

/// A budget of four requests every three seconds runs out several times:
/// each wait for its reset says so, and none is refused.
#[tokio::test(flavor = "multi_thread")]
async fn a_wait_for_the_reset_says_the_budget_is_spent() {
    let target = "github:waits/target";
    let budget = Window {
        requests: 4,
        length: Duration::from_secs(3),
    };
    let sandbox = sandbox(target, budget, 0).await;
    let run = migrate_saying_waits(&sandbox, target).await;
    run.success();
    let wait = regex::Regex::new(
        r"^\d{4}-\d\d-\d\dT[\d:]+Z waiting \d+ s: GitHub's rate budget is spent until \d\d:\d\d UTC \(\d s\)(; \d+ of \d+ done)?$",
    )
    .unwrap();
    let waits: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("budget"))
        .collect();
    assert!(!waits.is_empty(), "no wait said: {}", run.stderr);
    assert!(waits.iter().all(|l| wait.is_match(l)), "{}", run.stderr);
    assert!(!run.stderr.contains("429"), "{}", run.stderr);
    assert_eq!(sandbox.github_limit_stats().primary_refusals, 0);
}

/// GitHub's clock an hour ahead of ours, then an hour behind: by our clock
/// its resets lie an hour away or in the past. Read against its `Date`,
/// the run waits only for the few seconds of each window, is refused
/// nothing, and names the resets on GitHub's clock.
#[tokio::test(flavor = "multi_thread")]
async fn a_github_clock_an_hour_off_neither_waits_the_hour_nor_is_refused() {
    let length = Duration::from_secs(2);
    let until = regex::Regex::new(r"until (\d\d:\d\d) UTC").unwrap();
    for (skew, target) in [
        (3600, "github:ahead/target"),
        (-3600, "github:behind/target"),
    ] {
        let budget = Window {
            requests: 4,
            length,
        };
        let sandbox = sandbox(target, budget, skew).await;
        let started = Instant::now();
        let before = SystemTime::now();
        let run = migrate_saying_waits(&sandbox, target).await;
        run.success();
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{skew}: took {:?}",
            started.elapsed()
        );
        assert_eq!(sandbox.github_limit_stats().primary_refusals, 0, "{skew}");
        assert_eq!(sandbox.stats().rate_limited, 0, "{skew}");
        assert!(
            sandbox.stats().total() > 2 * u64::from(budget.requests),
            "{skew}: the budget was never spent"
        );
        let named = resets_between(before, SystemTime::now(), skew, length);
        for shown in until.captures_iter(&run.stderr) {
            assert!(
                named.contains(&shown[1].to_owned()),
                "{skew}: {}",
                run.stderr
            );
        }
    }
}
