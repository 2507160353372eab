//! Migrations in all six directions between GitCode, SourceCraft and
//! GitHub, through the real binary against one sandbox: every milestone
//! arrives exactly once with its title, description, calendar due date and
//! state; a second run writes nothing; dates survive a round of all three
//! providers; GitHub as a target keeps exactly-once under faults and a small
//! primary budget, refuses repeated titles before writing, and takes a
//! taken title with our content as ours.

use std::time::{Duration, Instant};

use mileport::{
    provider::rate::Window,
    providers::{
        gitcode::client as gitcode, github::client as github, github::sandbox::kept_due_on,
        sourcecraft::client as sourcecraft,
    },
    sandbox::{Faults, Sandbox, SandboxStats, SeedData},
};
use serde_json::json;

use crate::support::{Run, mileport, sandbox_env, start_sandbox};

/// (title, description, due date, closed): the source every direction
/// starts from, with dates on both of Los Angeles' clock changes of 2025, a
/// leap day, a year end and none.
pub(crate) const SOURCE: &[(&str, &str, Option<&str>, bool)] = &[
    (
        "Spring forward",
        "Clocks go forward in Los Angeles.\nSecond line.",
        Some("2025-03-09"),
        false,
    ),
    (
        "Fall back ⏰",
        "Ünïcode ✓ — 中文 — русский 🚀",
        Some("2025-11-02"),
        true,
    ),
    ("Leap day", "", Some("2024-02-29"), true),
    (
        "Year end",
        "Line one, \"quoted\".\n\nLine three.",
        Some("2025-12-31"),
        false,
    ),
    ("Someday", "No date yet.", None, false),
    ("Shelved", "Closed before it had a date.", None, true),
];

/// The due date given to undated milestones on their way to GitCode.
pub(crate) const DEFAULT_DUE_ON: &str = "2026-06-30";

/// A milestone as the test compares it, whichever provider holds it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Seen {
    pub title: String,
    pub description: String,
    pub due: Option<String>,
    pub closed: bool,
}

/// The source milestones a provider can hold: GitCode needs a due date.
pub(crate) fn source_for(provider: &str) -> Vec<Seen> {
    SOURCE
        .iter()
        .filter(|(_, _, due, _)| provider != "gitcode" || due.is_some())
        .map(|&(title, description, due, closed)| Seen {
            title: title.to_owned(),
            description: description.to_owned(),
            due: due.map(str::to_owned),
            closed,
        })
        .collect()
}

/// How GitHub answers a due date: midnight Pacific, in UTC.
fn github_due_on(date: &str) -> String {
    kept_due_on(&format!("{date}T12:00:00Z")).unwrap()
}

fn gitcode_seed(milestones: &[Seen]) -> Vec<gitcode::types::Milestone> {
    milestones
        .iter()
        .zip(1..)
        .map(|(m, n)| {
            serde_json::from_value(json!({
                "number": 7000 + n,
                "title": m.title,
                "description": m.description,
                "due_on": m.due,
                "state": if m.closed { "closed" } else { "active" },
            }))
            .unwrap()
        })
        .collect()
}

fn sourcecraft_seed(milestones: &[Seen]) -> Vec<sourcecraft::types::Milestone> {
    milestones
        .iter()
        .zip(1..)
        .map(|(m, n)| {
            serde_json::from_value(json!({
                "id": format!("00000000-0000-4000-8000-{n:012x}"),
                "name": m.title,
                "slug": format!("milestone-{n}"),
                "description": m.description,
                "deadline": m.due.as_ref().map(|d| format!("{d}T00:00:00Z")),
                "status": if m.closed { "closed" } else { "open" },
            }))
            .unwrap()
        })
        .collect()
}

pub(crate) fn github_seed(milestones: &[Seen]) -> Vec<github::types::Milestone> {
    milestones
        .iter()
        .zip(1..)
        .map(|(m, n)| github_milestone(m, n))
        .collect()
}

fn github_milestone(m: &Seen, number: i64) -> github::types::Milestone {
    serde_json::from_value(json!({
        "number": number,
        "id": 9000 + number,
        "title": m.title,
        // GitHub answers an empty description as null.
        "description": (!m.description.is_empty()).then_some(&m.description),
        "due_on": m.due.as_deref().map(github_due_on),
        "state": if m.closed { "closed" } else { "open" },
    }))
    .unwrap()
}

/// Every milestone of `repo` (`provider:owner/name`), sorted.
pub(crate) fn read(sandbox: &Sandbox, repo: &str) -> Vec<Seen> {
    let (provider, path) = repo.split_once(':').unwrap();
    let date = |d: Option<&str>| d.map(|d| d[..10].to_owned());
    let mut seen: Vec<Seen> = match provider {
        "gitcode" => sandbox
            .gitcode_milestones(path)
            .into_iter()
            .map(|m| Seen {
                description: m.description.unwrap_or_default(),
                due: date(m.due_on.as_deref()),
                closed: m.state.as_deref() == Some("closed"),
                title: m.title,
            })
            .collect(),
        "sourcecraft" => sandbox
            .sourcecraft_milestones(path)
            .into_iter()
            .map(|m| Seen {
                title: m.name.unwrap_or_default(),
                description: m.description.unwrap_or_default(),
                due: date(m.deadline.as_deref()),
                closed: m.status.as_deref() == Some("closed"),
            })
            .collect(),
        "github" => sandbox
            .github_milestones(path)
            .into_iter()
            .map(|m| Seen {
                description: m.description.unwrap_or_default(),
                due: date(m.due_on.as_deref()),
                closed: m.state.as_deref() == Some("closed"),
                title: m.title,
            })
            .collect(),
        other => panic!("unknown provider {other}"),
    };
    seen.sort();
    seen
}

/// What `source` should become on `target`: GitCode gives undated
/// milestones the default due date.
pub(crate) fn expected(source: &str, target: &str) -> Vec<Seen> {
    let mut expected = source_for(provider(source));
    if provider(target) == "gitcode" {
        for m in &mut expected {
            m.due.get_or_insert_with(|| DEFAULT_DUE_ON.to_owned());
        }
    }
    expected.sort();
    expected
}

pub(crate) fn provider(repo: &str) -> &str {
    repo.split_once(':').unwrap().0
}

/// Requests that write (POST, PATCH, DELETE), on any provider.
pub(crate) fn writes(stats: &SandboxStats) -> u64 {
    stats
        .routes
        .iter()
        .filter(|(route, _)| {
            let method = route.split(' ').nth(1).unwrap_or_default();
            matches!(method, "POST" | "PATCH" | "DELETE")
        })
        .map(|(_, count)| count)
        .sum()
}

fn route_count(stats: &SandboxStats, route: &str) -> u64 {
    stats.routes.get(route).copied().unwrap_or(0)
}

const GITHUB_CREATE: &str = "github POST /repos/{owner}/{repo}/milestones";

/// One source repository per provider, holding `SOURCE`.
fn sources() -> SeedData {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("e2e/source".into(), gitcode_seed(&source_for("gitcode")));
    seed.sourcecraft().milestones.insert(
        "e2e/source".into(),
        sourcecraft_seed(&source_for("sourcecraft")),
    );
    seed.github()
        .milestones
        .insert("e2e/source".into(), github_seed(&source_for("github")));
    seed
}

async fn migrate(sandbox: &Sandbox, source: &str, target: &str) -> Run {
    let mut args = vec!["migrate", source, target, "-q"];
    let undated = source_for(provider(source)).iter().any(|m| m.due.is_none());
    if provider(target) == "gitcode" && undated {
        args.extend(["--default-due-on", DEFAULT_DUE_ON]);
    }
    mileport(sandbox, &args).await
}

/// Migrates, checks the target holds exactly what the source does, then
/// runs again and checks that nothing was written.
async fn migrate_and_check(sandbox: &Sandbox, source: &str, target: &str) {
    let run = migrate(sandbox, source, target).await;
    run.success();
    let count = expected(source, target).len();
    assert_eq!(
        read(sandbox, target),
        expected(source, target),
        "{source} → {target}"
    );

    let before = sandbox.stats();
    let again = migrate(sandbox, source, target).await;
    again.success();
    assert_eq!(
        writes(&sandbox.stats()),
        writes(&before),
        "{source} → {target} again wrote: {}",
        again.stdout
    );
    assert!(
        again.stdout.contains(&format!(
            "created 0, updated 0, unchanged {count}, failed 0"
        )),
        "{source} → {target} again: {}",
        again.stdout
    );
    assert_eq!(read(sandbox, target), expected(source, target));
}

#[tokio::test(flavor = "multi_thread")]
async fn six_directions_carry_every_field_exactly_once_and_rerun_writes_nothing() {
    let targets = [
        ("gitcode:e2e/source", "sourcecraft:from/gitcode"),
        ("gitcode:e2e/source", "github:from/gitcode"),
        ("sourcecraft:e2e/source", "gitcode:from/sourcecraft"),
        ("sourcecraft:e2e/source", "github:from/sourcecraft"),
        ("github:e2e/source", "gitcode:from/github"),
        ("github:e2e/source", "sourcecraft:from/github"),
    ];
    let repos: Vec<&str> = targets.iter().map(|(_, target)| *target).collect();
    let sandbox = start_sandbox(sources().with_repos(&repos)).await;
    for (source, target) in targets {
        migrate_and_check(&sandbox, source, target).await;
    }
}

/// GitHub → SourceCraft → GitCode → GitHub: every due date comes back as
/// the same `due_on`, on both sides of a clock change.
#[tokio::test(flavor = "multi_thread")]
async fn dates_survive_a_round_of_all_three_providers() {
    let dated: Vec<Seen> = source_for("gitcode");
    let mut seed = SeedData::default();
    seed.github()
        .milestones
        .insert("chain/start".into(), github_seed(&dated));
    let chain = [
        "github:chain/start",
        "sourcecraft:chain/second",
        "gitcode:chain/third",
        "github:chain/end",
    ];
    let sandbox = start_sandbox(seed.with_repos(&chain[1..])).await;
    for pair in chain.windows(2) {
        mileport(&sandbox, &["migrate", pair[0], pair[1], "-q"])
            .await
            .success();
    }
    let fields = |repo: &str| {
        let mut fields: Vec<_> = sandbox
            .github_milestones(repo)
            .into_iter()
            .map(|m| {
                (
                    m.title,
                    m.description.unwrap_or_default(),
                    m.due_on,
                    m.state,
                )
            })
            .collect();
        fields.sort();
        fields
    };
    let end = fields("chain/end");
    assert_eq!(end, fields("chain/start"));
    let due_ons: Vec<&str> = end.iter().filter_map(|m| m.2.as_deref()).collect();
    assert!(
        due_ons.contains(&"2025-03-09T08:00:00Z") && due_ons.contains(&"2025-11-02T07:00:00Z"),
        "{due_ons:?}"
    );
}

/// `SOURCE` and `extra` more, a quarter of those closed and a third undated.
fn many(extra: i64) -> Vec<Seen> {
    let mut milestones = source_for("sourcecraft");
    milestones.extend((1..=extra).map(|n| Seen {
        title: format!("Sprint {n}"),
        description: format!("Sprint {n}:\n- plan\n- ship"),
        due: (n % 3 != 0).then(|| format!("2026-{:02}-{:02}", n % 12 + 1, n % 28 + 1)),
        closed: n % 4 == 0,
    }));
    milestones
}

/// Failures, lost answers and a primary budget that must be paced, smaller
/// than the requests in flight at once: every milestone arrives once,
/// GitHub's primary limit never refuses, and a second run under the same
/// faults writes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn github_as_target_keeps_exactly_once_under_faults_and_a_small_budget() {
    let (source, target) = ("sourcecraft:e2e/many", "github:faults/target");
    let milestones = many(24);
    let mut seed = SeedData::default();
    seed.sourcecraft()
        .milestones
        .insert("e2e/many".into(), sourcecraft_seed(&milestones));
    let sandbox = start_sandbox(seed.with_repos(&[target])).await;
    sandbox.set_faults(
        Faults {
            fail_rate: 0.2,
            drop_after_commit: 0.3,
            seed: 7,
            ..Faults::default()
        }
        .with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
            budget: Some(Window {
                requests: 8,
                length: Duration::from_secs(1),
            }),
            ..Default::default()
        }),
    );
    let mut expected = milestones;
    expected.sort();
    let started = Instant::now();
    mileport(&sandbox, &["migrate", source, target, "-q"])
        .await
        .success();
    assert_eq!(read(&sandbox, target), expected);
    let stats = sandbox.stats();
    assert!(
        stats.failed > 0 && stats.dropped > 0,
        "the faults did not happen: {stats:?}"
    );
    assert!(stats.total() > 16, "the budget was never spent: {stats:?}");
    assert_eq!(sandbox.github_limit_stats().primary_refusals, 0);
    assert_eq!(stats.rate_limited, 0, "{stats:?}");

    let before = sandbox.stats();
    mileport(&sandbox, &["migrate", source, target, "-q"])
        .await
        .success();
    assert_eq!(writes(&sandbox.stats()), writes(&before));
    assert_eq!(read(&sandbox, target), expected);
    assert_eq!(sandbox.github_limit_stats().primary_refusals, 0);
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// GitHub titles are unique: a source repeating one is refused before any
/// request that writes, with the title named.
#[tokio::test(flavor = "multi_thread")]
async fn repeated_titles_going_to_github_stop_before_any_write() {
    let mut milestones = source_for("gitcode");
    milestones.push(Seen {
        title: "Leap day".into(),
        description: "Another one.".into(),
        due: Some("2028-02-29".into()),
        closed: false,
    });
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("e2e/repeats".into(), gitcode_seed(&milestones));
    let target = "github:repeats/target";
    let sandbox = start_sandbox(seed.with_repos(&[target])).await;
    let run = mileport(&sandbox, &["migrate", "gitcode:e2e/repeats", target]).await;
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("\"Leap day\""), "{}", run.stderr);
    assert_eq!(writes(&sandbox.stats()), 0);
    assert!(sandbox.github_milestones("repeats/target").is_empty());
}

/// A title taken between the listing and the create, by a milestone with
/// our title, description and due date, is ours: no second copy, its state
/// brought in line, and the run succeeds as a re-run would.
#[tokio::test(flavor = "multi_thread")]
async fn a_taken_title_with_our_content_is_taken_as_ours() {
    let (source, target) = ("gitcode:e2e/source", "github:taken/target");
    let sandbox = start_sandbox(sources().with_repos(&[target])).await;
    sandbox.set_faults(Faults {
        write_latency_ms: 700,
        ..Faults::default()
    });
    let env = sandbox_env(&sandbox);
    let run =
        tokio::spawn(async move { Run::command(&["migrate", source, target, "-q"], &env).await });
    let deadline = Instant::now() + Duration::from_secs(10);
    while route_count(&sandbox.stats(), GITHUB_CREATE) == 0 {
        assert!(Instant::now() < deadline, "no create was sent");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The creates are on their way: someone makes "Fall back ⏰" first,
    // with our content but still open.
    let mut theirs = source_for("gitcode")
        .into_iter()
        .find(|m| m.title == "Fall back ⏰")
        .unwrap();
    assert!(theirs.closed);
    theirs.closed = false;
    let mut seed = SeedData::default();
    seed.github()
        .milestones
        .insert("taken/target".into(), vec![github_milestone(&theirs, 50)]);
    sandbox.seed(seed);

    let run = run.await.unwrap();
    run.success();
    assert_eq!(read(&sandbox, target), expected(source, target));
    let stats = sandbox.stats();
    assert_eq!(
        route_count(&stats, GITHUB_CREATE),
        source_for("gitcode").len() as u64,
        "one create each, the taken one answered 422: {stats:?}"
    );
    assert_eq!(
        route_count(
            &stats,
            "github PATCH /repos/{owner}/{repo}/milestones/{number}"
        ),
        1,
        "the taken one is closed: {stats:?}"
    );
    let kept = sandbox.github_milestones("taken/target");
    assert!(
        kept.iter()
            .any(|m| m.number == 50 && m.title == "Fall back ⏰"),
        "{kept:?}"
    );
}
