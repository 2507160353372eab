//! Gitee through the real binary against the sandbox: migrations both ways
//! with GitCode, SourceCraft and GitHub (every field, calendar dates and
//! states; a re-run writes nothing), exactly one milestone when a create's
//! answer is lost, due dates answered as date-times, the rate limit's 403
//! taken as a wait and a paced run that meets none, labels, and a whole
//! owner.

use std::collections::BTreeMap;

use mileport::{
    provider::rate::Window,
    providers::{
        gitee::client as gitee,
        gitee::{sandbox::DEFAULT_GITEE_TOKEN, sandbox_faults::GiteeFaults},
    },
    sandbox::{Faults, Sandbox, SandboxConfig, SeedData},
};
use serde_json::json;

use crate::directions::{Seen, github_seed, read, source_for, writes};
use crate::support::{Run, sandbox_env};

/// The due date undated milestones take on their way to Gitee or GitCode.
pub(crate) const DEFAULT_DUE_ON: &str = "2026-06-30";

/// The environment that points the binary at the sandbox, Gitee included.
pub(crate) fn gitee_env(sandbox: &Sandbox) -> Vec<(&'static str, String)> {
    let mut env = sandbox_env(sandbox);
    env.push(("GITEE_API_URL", sandbox.gitee_url()));
    env.push(("GITEE_TOKEN", DEFAULT_GITEE_TOKEN.to_owned()));
    env
}

/// Runs `mileport ARGS` against the sandbox, Gitee included.
pub(crate) async fn gitee_mileport(sandbox: &Sandbox, args: &[&str]) -> Run {
    Run::command(args, &gitee_env(sandbox)).await
}

/// `milestones` as Gitee holds them, numbered from `first`.
pub(crate) fn gitee_seed(milestones: &[Seen], first: i64) -> Vec<gitee::types::Milestone> {
    milestones
        .iter()
        .zip(first..)
        .map(|(m, n)| {
            serde_json::from_value(json!({
                "url": format!("https://gitee.com/api/v5/repos/e2e/source/milestones/{n}"),
                "html_url": format!("https://gitee.com/e2e/source/milestones/{n}"),
                "id": n,
                "number": n,
                "title": m.title,
                "description": m.description,
                "due_on": m.due,
                "state": if m.closed { "closed" } else { "open" },
            }))
            .unwrap()
        })
        .collect()
}

/// Every milestone of `repo` (`provider:owner/name`), sorted, Gitee's too.
pub(crate) fn held(sandbox: &Sandbox, repo: &str) -> Vec<Seen> {
    let Some(path) = repo.strip_prefix("gitee:") else {
        return read(sandbox, repo);
    };
    let mut seen: Vec<Seen> = sandbox
        .gitee_milestones(path)
        .into_iter()
        .map(|m| Seen {
            description: m.description.unwrap_or_default(),
            due: m.due_on.as_deref().map(|d| d[..10].to_owned()),
            closed: m.state.as_deref() == Some("closed"),
            title: m.title,
        })
        .collect();
    seen.sort();
    seen
}

fn provider(repo: &str) -> &str {
    repo.split_once(':').unwrap().0
}

/// What the source holds, as `target` should: GitCode and Gitee give
/// undated milestones the default due date.
fn expected(source: &str, target: &str) -> Vec<Seen> {
    let mut expected = source_for(provider(source));
    if matches!(provider(target), "gitcode" | "gitee") {
        for m in &mut expected {
            m.due.get_or_insert_with(|| DEFAULT_DUE_ON.to_owned());
        }
    }
    expected.sort();
    expected
}

/// One source repository per provider, each holding what it can of the
/// shared source.
fn sources() -> SeedData {
    let mut seed = SeedData::default();
    seed.gitee()
        .milestones
        .insert("e2e/source".into(), gitee_seed(&source_for("gitee"), 8001));
    let gitcode: Vec<_> = source_for("gitcode")
        .iter()
        .zip(7001..)
        .map(|(m, n)| {
            serde_json::from_value(json!({
                "number": n, "title": m.title, "description": m.description,
                "due_on": m.due, "state": if m.closed { "closed" } else { "active" },
            }))
            .unwrap()
        })
        .collect();
    seed.gitcode()
        .milestones
        .insert("e2e/source".into(), gitcode);
    let sourcecraft: Vec<_> = source_for("sourcecraft")
        .iter()
        .zip(1..)
        .map(|(m, n)| {
            serde_json::from_value(json!({
                "id": format!("00000000-0000-4000-8000-{n:012x}"),
                "name": m.title, "slug": format!("milestone-{n}"),
                "description": m.description,
                "deadline": m.due.as_ref().map(|d| format!("{d}T00:00:00Z")),
                "status": if m.closed { "closed" } else { "open" },
            }))
            .unwrap()
        })
        .collect();
    seed.sourcecraft()
        .milestones
        .insert("e2e/source".into(), sourcecraft);
    seed.github()
        .milestones
        .insert("e2e/source".into(), github_seed(&source_for("github")));
    seed
}

async fn start(seed: SeedData, faults: Faults) -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed,
        faults,
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

async fn migrate(sandbox: &Sandbox, source: &str, target: &str, extra: &[&str]) -> Run {
    let mut args = vec!["migrate", source, target, "--only", "milestones"];
    if matches!(provider(target), "gitcode" | "gitee") {
        args.extend(["--default-due-on", DEFAULT_DUE_ON]);
    }
    args.extend(extra);
    gitee_mileport(sandbox, &args).await
}

/// Migrates, checks every field, then again: nothing written.
async fn migrate_and_check(sandbox: &Sandbox, source: &str, target: &str) {
    let run = migrate(sandbox, source, target, &[]).await;
    run.success();
    assert_eq!(
        held(sandbox, target),
        expected(source, target),
        "{source} → {target}"
    );
    let count = expected(source, target).len();
    let before = writes(&sandbox.stats());
    let again = migrate(sandbox, source, target, &[]).await;
    again.success();
    assert_eq!(
        writes(&sandbox.stats()),
        before,
        "{source} → {target} again: {}",
        again.stdout
    );
    assert!(
        again.stdout.contains(&format!(
            "created 0, updated 0, unchanged {count}, failed 0"
        )),
        "{source} → {target} again: {}",
        again.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn gitee_migrates_both_ways_with_every_provider_and_a_rerun_writes_nothing() {
    let pairs = [
        ("gitee:e2e/source", "gitcode:from/gitee"),
        ("gitcode:e2e/source", "gitee:from/gitcode"),
        ("gitee:e2e/source", "sourcecraft:from/gitee"),
        ("sourcecraft:e2e/source", "gitee:from/sourcecraft"),
        ("gitee:e2e/source", "github:from/gitee"),
        ("github:e2e/source", "gitee:from/github"),
    ];
    let targets: Vec<&str> = pairs.iter().map(|(_, target)| *target).collect();
    let sandbox = start(sources().with_repos(&targets), Faults::default()).await;
    for (source, target) in pairs {
        migrate_and_check(&sandbox, source, target).await;
    }
    // Gitee's own words on the wire: open/closed, html_url, every create
    // with its due date.
    let written = sandbox.gitee_milestones("from/github");
    assert!(
        written
            .iter()
            .all(|m| matches!(m.state.as_deref(), Some("open" | "closed")))
    );
    assert!(written.iter().all(|m| m.html_url.is_some()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_create_answer_still_makes_exactly_one_gitee_milestone() {
    let faults = Faults {
        drop_after_commit: 1.0,
        ..Faults::default()
    };
    let sandbox = start(sources().with_repos(&["gitee:once/target"]), faults).await;
    let run = migrate(&sandbox, "github:e2e/source", "gitee:once/target", &[]).await;
    run.success();
    assert_eq!(
        held(&sandbox, "gitee:once/target"),
        expected("github:e2e/source", "gitee:once/target")
    );
    assert_eq!(sandbox.stats().dropped, 6, "every create's answer was lost");

    // Answered 202 without the milestone: looked for, found, not sent again.
    let faults = Faults {
        create_accepted: true,
        ..Faults::default()
    };
    let sandbox = start(sources().with_repos(&["gitee:accepted/target"]), faults).await;
    let run = migrate(&sandbox, "github:e2e/source", "gitee:accepted/target", &[]).await;
    run.success();
    assert_eq!(
        held(&sandbox, "gitee:accepted/target"),
        expected("github:e2e/source", "gitee:accepted/target")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn due_dates_answered_as_date_times_keep_their_calendar_date() {
    let faults = Faults::default().with_gitee(GiteeFaults {
        timestamps: true,
        ..GiteeFaults::default()
    });
    let sandbox = start(
        sources().with_repos(&["gitee:stamped/target", "github:stamped/back"]),
        faults,
    )
    .await;
    // Into Gitee: answers say 2025-03-09T00:00:00+08:00; a re-run sees the
    // same dates and writes nothing.
    migrate_and_check(&sandbox, "github:e2e/source", "gitee:stamped/target").await;
    // Out of Gitee: the date part as sent, not the instant moved to UTC.
    let run = migrate(&sandbox, "gitee:stamped/target", "github:stamped/back", &[]).await;
    run.success();
    assert_eq!(
        held(&sandbox, "github:stamped/back"),
        expected("github:e2e/source", "gitee:x/y")
    );
    let export = gitee_mileport(
        &sandbox,
        &[
            "export",
            "gitee:stamped/target",
            "-o",
            "-",
            "--format",
            "json",
        ],
    )
    .await;
    export.success();
    assert!(
        export
            .stdout
            .contains("\"due_on\": \"2025-03-09T00:00:00+08:00\""),
        "{}",
        export.stdout
    );
}

fn limited(window: Window) -> Faults {
    Faults::default().with_gitee(GiteeFaults {
        rate_limit: Some(window),
        ..GiteeFaults::default()
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spent_rate_limit_is_a_wait_and_the_headers_pace_a_run_that_meets_none() {
    // Paced: the gauge reads X-RateLimit-Remaining and holds requests back
    // before the limit is spent.
    let window = Window {
        requests: 6,
        length: std::time::Duration::from_secs(1),
    };
    let sandbox = start(
        sources().with_repos(&["gitee:paced/target"]),
        limited(window),
    )
    .await;
    let run = migrate(
        &sandbox,
        "github:e2e/source",
        "gitee:paced/target",
        &["-vv"],
    )
    .await;
    run.success();
    assert_eq!(
        held(&sandbox, "gitee:paced/target"),
        expected("github:e2e/source", "gitee:x/y")
    );
    assert_eq!(sandbox.gitee_rate_refusals(), 0, "{}", run.stderr);

    // Refused all the same (another client spends the limit first): the
    // 403 "Rate Limit Exceeded" is waited out, never a permission error.
    let sandbox = start(
        sources().with_repos(&["gitee:refused/target"]),
        limited(window),
    )
    .await;
    for _ in 0..window.requests {
        crate::support::http_client()
            .get(format!(
                "{}/repos/e2e/source/milestones?access_token={DEFAULT_GITEE_TOKEN}",
                sandbox.gitee_url()
            ))
            .send()
            .await
            .unwrap();
    }
    let run = migrate(&sandbox, "github:e2e/source", "gitee:refused/target", &[]).await;
    run.success();
    assert!(sandbox.gitee_rate_refusals() >= 1, "the limit was met");
    assert_eq!(
        held(&sandbox, "gitee:refused/target"),
        expected("github:e2e/source", "gitee:x/y")
    );
    assert!(!run.stderr.contains("permission"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spent_rate_limit_told_by_the_body_alone_is_a_wait() {
    let window = Window {
        requests: 4,
        length: std::time::Duration::from_secs(1),
    };
    let faults = Faults::default().with_gitee(GiteeFaults {
        rate_limit: Some(window),
        no_rate_headers: true,
        ..GiteeFaults::default()
    });
    let sandbox = start(sources().with_repos(&["gitee:bare/target"]), faults).await;
    let run = migrate(&sandbox, "github:e2e/source", "gitee:bare/target", &[]).await;
    run.success();
    assert!(sandbox.gitee_rate_refusals() >= 1, "the limit was met");
    assert_eq!(
        held(&sandbox, "gitee:bare/target"),
        expected("github:e2e/source", "gitee:x/y")
    );
    assert!(!run.stderr.contains("permission"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_header_token_alone_is_refused_and_the_query_token_is_taken() {
    let sandbox = start(sources(), Faults::default()).await;
    let url = format!("{}/repos/e2e/source/milestones", sandbox.gitee_url());
    let client = crate::support::http_client();
    let header = client
        .get(&url)
        .bearer_auth(DEFAULT_GITEE_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(header.status(), 401);
    let query = client
        .get(format!(
            "{url}?access_token={DEFAULT_GITEE_TOKEN}&state=all"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(query.status(), 200);
    assert_eq!(query.headers()["total_count"], "6");
    let missing = client
        .get(format!(
            "{}/repos/e2e/none/milestones?access_token={DEFAULT_GITEE_TOKEN}",
            sandbox.gitee_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let create = client
        .post(format!("{url}?access_token={DEFAULT_GITEE_TOKEN}"))
        .json(&json!({"title": "no date"}))
        .send()
        .await
        .unwrap();
    assert_eq!(create.status(), 400, "due_on is required");
}

fn labels_seed() -> Vec<gitee::types::Label> {
    [
        json!({"id": 1, "name": "🐛 bug", "color": "#d73a4a", "repository_id": 5}),
        json!({"id": 2, "name": "优先级: 高", "color": "#ffaa00", "repository_id": 5}),
        json!({"id": 3, "name": "area/ui", "color": "#00ff00", "repository_id": 5}),
        json!({"id": 4, "name": "50% done?#", "color": "#123456", "repository_id": 5}),
    ]
    .into_iter()
    .map(|value| serde_json::from_value(value).unwrap())
    .collect()
}

fn label_names(sandbox: &Sandbox, repo: &str) -> Vec<(String, String)> {
    let mut labels: Vec<_> = sandbox
        .gitee_labels(repo)
        .into_iter()
        .map(|l| {
            (
                l.name,
                l.color
                    .unwrap_or_default()
                    .trim_start_matches('#')
                    .to_lowercase(),
            )
        })
        .collect();
    labels.sort();
    labels
}

#[tokio::test(flavor = "multi_thread")]
async fn gitee_labels_migrate_with_github_and_gitcode_exactly_once() {
    let mut seed = SeedData::default().with_repos(&[
        "github:labels/middle",
        "gitcode:labels/middle",
        "gitee:labels/back",
    ]);
    seed.gitee()
        .labels
        .insert("labels/src".into(), labels_seed());
    seed.gitee()
        .milestones
        .insert("labels/src".into(), Vec::new());
    let sandbox = start(seed, Faults::default()).await;
    let chain = [
        "gitee:labels/src",
        "github:labels/middle",
        "gitcode:labels/middle",
        "gitee:labels/back",
    ];
    for pair in chain.windows(2) {
        let run = gitee_mileport(
            &sandbox,
            &["migrate", pair[0], pair[1], "--only", "labels", "--yes"],
        )
        .await;
        run.success();
        assert!(
            run.stdout
                .contains("labels: created 4, updated 0, unchanged 0, failed 0"),
            "{}",
            run.stdout
        );
    }
    assert_eq!(
        label_names(&sandbox, "labels/back"),
        label_names(&sandbox, "labels/src")
    );
    let before = writes(&sandbox.stats());
    let again = gitee_mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:labels/middle",
            "gitee:labels/back",
            "--only",
            "labels",
            "--yes",
        ],
    )
    .await;
    again.success();
    assert_eq!(writes(&sandbox.stats()), before, "{}", again.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_gitee_owner_migrates_and_an_unknown_one_is_a_404() {
    let mut seed = SeedData::default();
    let repos: BTreeMap<String, Vec<gitee::types::Milestone>> = ["app", "docs.site", "web-ui"]
        .into_iter()
        .map(|name| {
            (
                format!("acme/{name}"),
                gitee_seed(&source_for("gitcode")[..2], 100),
            )
        })
        .collect();
    seed.gitee().milestones = repos;
    seed.gitee().milestones.insert(
        "alice/notes".into(),
        gitee_seed(&source_for("gitcode")[..1], 200),
    );
    seed.gitee().users.insert("alice".into());
    let seed = seed.with_repos(&[
        "sourcecraft:acme/app",
        "sourcecraft:acme/docs.site",
        "sourcecraft:acme/web-ui",
        "github:team/notes",
    ]);
    let sandbox = start(seed, Faults::default()).await;
    let run = gitee_mileport(&sandbox, &["migrate", "gitee:acme", "sourcecraft:acme"]).await;
    run.success();
    assert!(
        run.stdout.contains(
            "3 repositories: 3 done; milestones: created 6, updated 0, unchanged 0, failed 0"
        ),
        "{}",
        run.stdout
    );
    for name in ["app", "docs.site", "web-ui"] {
        assert_eq!(held(&sandbox, &format!("sourcecraft:acme/{name}")).len(), 2);
    }
    let user = gitee_mileport(&sandbox, &["migrate", "gitee:alice", "github:team"]).await;
    user.success();
    assert_eq!(
        held(&sandbox, "github:team/notes").len(),
        1,
        "{}",
        user.stdout
    );
    let before = writes(&sandbox.stats());
    let again = gitee_mileport(&sandbox, &["migrate", "gitee:acme", "sourcecraft:acme"]).await;
    again.success();
    assert_eq!(writes(&sandbox.stats()), before);
    let unknown = gitee_mileport(&sandbox, &["migrate", "gitee:nobody", "sourcecraft:acme"]).await;
    assert_ne!(unknown.code, 0);
    assert!(unknown.stderr.contains("nobody"), "{}", unknown.stderr);
    assert_eq!(mileport::providers::gitee::PROVIDER.id(), "gitee");
}

#[tokio::test(flavor = "multi_thread")]
async fn gitee_is_reached_by_flag_and_token_file_and_its_web_addresses_are_named() {
    let sandbox = start(sources(), Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, format!("{DEFAULT_GITEE_TOKEN}\n")).unwrap();
    let mut env = gitee_env(&sandbox);
    env.retain(|(name, _)| !matches!(*name, "GITEE_API_URL" | "GITEE_TOKEN"));
    env.push(("GITEE_TOKEN_FILE", token_file.display().to_string()));
    let url = sandbox.gitee_url();
    let run = Run::command(
        &[
            "export",
            "gitee:e2e/source",
            "--gitee-url",
            &url,
            "-o",
            "-",
            "--format",
            "json",
        ],
        &env,
    )
    .await;
    run.success();
    let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(document["milestones"].as_array().unwrap().len(), 6);
    // An address pasted from either of Gitee's sites is named as a location.
    for address in [
        "https://gitee.com/e2e/source",
        "https://gitee.ru/e2e/source",
    ] {
        let run = Run::command(&["export", address, "-o", "-", "--format", "json"], &env).await;
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("did you mean gitee:e2e/source?"),
            "{}",
            run.stderr
        );
    }
    // Without a URL, Gitee's public API is the default: named in --help.
    let help = Run::command(&["export", "--help"], &[]).await;
    assert!(
        help.stdout.contains("https://gitee.com/api/v5"),
        "{}",
        help.stdout
    );
    assert!(
        help.stdout.contains("https://gitee.ru/api/v5"),
        "{}",
        help.stdout
    );
}

/// `count` dated milestones, as Gitee holds them.
fn numbered(count: usize) -> Vec<gitee::types::Milestone> {
    let many: Vec<Seen> = (0..count)
        .map(|n| Seen {
            title: format!("M{n:03}"),
            description: String::new(),
            due: Some("2025-01-01".to_owned()),
            closed: n % 3 == 0,
        })
        .collect();
    gitee_seed(&many, 1)
}

/// The numbers a JSON export holds, sorted.
async fn exported_numbers(sandbox: &Sandbox, repo: &str) -> Run {
    gitee_mileport(sandbox, &["export", repo, "-o", "-", "--format", "json"]).await
}

fn numbers_of(run: &Run) -> Vec<i64> {
    let document: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut numbers: Vec<i64> = document["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["number"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    numbers
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gitee_listing_is_read_whole_through_short_pages_and_churn() {
    // Pages capped below what is asked: the totals, not a short page, end it.
    let mut seed = SeedData::default();
    seed.gitee()
        .milestones
        .insert("many/repo".into(), numbered(250));
    let capped = Faults::default().with_gitee(GiteeFaults {
        page_cap: 30,
        ..GiteeFaults::default()
    });
    let sandbox = start(seed, capped).await;
    let run = exported_numbers(&sandbox, "gitee:many/repo").await;
    run.success();
    assert_eq!(numbers_of(&run), (1..=250).collect::<Vec<i64>>());

    // A milestone deleted while the listing is read: read again, and what
    // is exported is exactly what the repository then holds.
    let mut seed = SeedData::default();
    seed.gitee()
        .milestones
        .insert("churn/repo".into(), numbered(250));
    let churn = Faults {
        delete_while_listing: 1,
        ..Faults::default()
    };
    let sandbox = start(seed, churn).await;
    let run = exported_numbers(&sandbox, "gitee:churn/repo").await;
    run.success();
    let mut present: Vec<i64> = sandbox
        .gitee_milestones("churn/repo")
        .iter()
        .map(|m| m.number.as_i64().unwrap())
        .collect();
    present.sort_unstable();
    assert_eq!(present.len(), 249);
    assert_eq!(numbers_of(&run), present);
}
