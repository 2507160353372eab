//! GitLab through the real binary against the sandbox: migrations both
//! ways with every other provider (exact titles, descriptions, calendar
//! dates and states; a second run writes nothing), start dates with
//! SourceCraft, a closed milestone created then closed exactly once when
//! the close's answer is lost, group milestones (exported marked, moved
//! out flattened and reported, a title held by one found and never
//! duplicated), paging past the totals GitLab drops, nested-group
//! locations, and the token only in `PRIVATE-TOKEN`.

use mileport::{
    providers::gitlab::client as gitlab,
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::{Value, json};

use crate::directions::{DEFAULT_DUE_ON, Seen, provider, source_for};
use crate::support::{Run, mileport, start_sandbox};

/// GitLab milestones holding `milestones`, ids from `first`.
pub(crate) fn gitlab_seed(milestones: &[Seen], first: i64) -> Vec<gitlab::types::Milestone> {
    milestones
        .iter()
        .zip(first..)
        .map(|(m, id)| {
            serde_json::from_value(json!({
                "id": id,
                "title": m.title,
                "description": m.description,
                "due_date": m.due,
                "state": if m.closed { "closed" } else { "active" },
            }))
            .unwrap()
        })
        .collect()
}

fn seen(milestones: Vec<gitlab::types::Milestone>) -> Vec<Seen> {
    let mut seen: Vec<Seen> = milestones
        .into_iter()
        .map(|m| Seen {
            description: m.description.unwrap_or_default(),
            due: m.due_date,
            closed: m.state.as_deref() == Some("closed"),
            title: m.title,
        })
        .collect();
    seen.sort();
    seen
}

/// Every milestone of `repo` (`provider:path`), sorted, whichever provider.
pub(crate) fn held(sandbox: &Sandbox, repo: &str) -> Vec<Seen> {
    match repo.split_once(':') {
        Some(("gitlab", path)) => seen(sandbox.gitlab_milestones(path)),
        Some(("gitee", _)) => crate::gitee::held(sandbox, repo),
        _ => crate::gitea::read_any(sandbox, repo),
    }
}

/// Requests that write, by route: PUT included (GitLab's updates).
pub(crate) fn writes(sandbox: &Sandbox) -> u64 {
    sandbox
        .stats()
        .routes
        .iter()
        .filter(|(route, _)| {
            let method = route.split(' ').nth(1).unwrap_or_default();
            matches!(method, "POST" | "PATCH" | "PUT" | "DELETE")
        })
        .map(|(_, count)| count)
        .sum()
}

fn route(sandbox: &Sandbox, route: &str) -> u64 {
    sandbox.stats().routes.get(route).copied().unwrap_or(0)
}

fn expected(source: &str, target: &str) -> Vec<Seen> {
    let mut expected = source_for(provider(source));
    // GitCode and Gitee need a due date: undated ones get the default.
    if matches!(provider(target), "gitcode" | "gitee") {
        for m in &mut expected {
            m.due.get_or_insert_with(|| DEFAULT_DUE_ON.to_owned());
        }
    }
    expected.sort();
    expected
}

async fn migrate(sandbox: &Sandbox, source: &str, target: &str) -> Run {
    mileport(
        sandbox,
        &[
            "migrate",
            source,
            target,
            "-q",
            "--default-due-on",
            DEFAULT_DUE_ON,
        ],
    )
    .await
}

fn sources() -> SeedData {
    let mut seed = SeedData::default();
    seed.gitlab().milestones.insert(
        "e2e/team/source".into(),
        gitlab_seed(&source_for("gitlab"), 700),
    );
    seed.gitea().milestones.insert(
        "e2e/source".into(),
        crate::gitea::gitea_seed(&source_for("gitea"), 300),
    );
    seed.gitee().milestones.insert(
        "e2e/source".into(),
        crate::gitee::gitee_seed(&source_for("gitee"), 400),
    );
    seed.sourcecraft().milestones.insert(
        "e2e/source".into(),
        crate::gitea::sourcecraft_seed(&source_for("sourcecraft")),
    );
    seed.github().milestones.insert(
        "e2e/source".into(),
        crate::directions::github_seed(&source_for("github")),
    );
    seed
}

/// Every direction between GitLab and each other provider: GitLab's
/// source into each, each one's into a project deep in nested groups.
fn pairs(tag: &str) -> Vec<(String, String)> {
    let others = ["gitcode", "sourcecraft", "github", "gitea", "gitee"];
    let mut pairs = Vec::new();
    for other in others {
        pairs.push((
            "gitlab:e2e/team/source".to_owned(),
            format!("{other}:{tag}/from-gitlab"),
        ));
        let source = if other == "gitcode" {
            "gitcode:e2e/dated".to_owned()
        } else {
            format!("{other}:e2e/source")
        };
        pairs.push((source, format!("gitlab:{tag}/deep/from-{other}")));
    }
    pairs
}

/// The sources, and every target of `pairs` held empty.
fn seed_for(pairs: &[(String, String)]) -> SeedData {
    let targets: Vec<&str> = pairs.iter().map(|(_, t)| t.as_str()).collect();
    let mut seed = sources().with_repos(&targets);
    seed.gitcode().milestones.insert(
        "e2e/dated".into(),
        serde_json::from_value(json!(
            source_for("gitcode")
                .iter()
                .zip(1..)
                .map(|(m, n)| json!({
                    "number": 7000 + n, "title": m.title, "description": m.description,
                    "due_on": m.due, "state": if m.closed { "closed" } else { "active" },
                }))
                .collect::<Vec<_>>()
        ))
        .unwrap(),
    );
    seed
}

/// Migrates each pair, checks the target holds exactly the source, and
/// checks a second run writes nothing.
async fn migrate_each(sandbox: &Sandbox, pairs: &[(String, String)]) {
    for (source, target) in pairs {
        let run = migrate(sandbox, source, target).await;
        assert_eq!(
            run.code, 0,
            "{source} → {target}: {}\n{}",
            run.stdout, run.stderr
        );
        assert_eq!(
            held(sandbox, target),
            expected(source, target),
            "{source} → {target}"
        );
    }
    // Again without faults: nothing is written.
    sandbox.set_faults(Faults::default());
    for (source, target) in pairs {
        let before = writes(sandbox);
        let again = migrate(sandbox, source, target).await;
        assert_eq!(again.code, 0, "{source} → {target} again: {}", again.stderr);
        assert_eq!(writes(sandbox), before, "{source} → {target} again wrote");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn gitlab_migrates_both_ways_with_every_provider_exactly_once_and_rerun_writes_nothing() {
    let pairs = pairs("from");
    let sandbox = start_sandbox(seed_for(&pairs)).await;
    migrate_each(&sandbox, &pairs).await;
    // Each closed milestone was created active, then closed once.
    let closed = source_for("github").iter().filter(|m| m.closed).count() as u64;
    assert_eq!(
        route(
            &sandbox,
            "gitlab PUT /projects/{id}/milestones/{milestone_id}"
        ),
        closed * 4 + source_for("gitcode").iter().filter(|m| m.closed).count() as u64,
        "{:?}",
        sandbox.stats().routes
    );
}

/// The same under the sandbox's faults: failed requests, lost create
/// answers and lost close answers; every milestone once, exactly.
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_migrates_both_ways_exactly_once_under_faults() {
    use mileport::providers::gitlab::sandbox_faults::GitLabFaults;
    let pairs = pairs("faults");
    let sandbox = start_sandbox(seed_for(&pairs)).await;
    sandbox.set_faults(Faults {
        fail_rate: 0.1,
        drop_after_commit: 0.3,
        seed: 21,
        ..Faults::default().with_gitlab(GitLabFaults {
            lose_close_answers: 3,
            ..GitLabFaults::default()
        })
    });
    migrate_each(&sandbox, &pairs).await;
    let stats = sandbox.stats();
    assert!(stats.dropped > 0, "{stats:?}");
    assert_eq!(sandbox.gitlab_closes_lost(), 3);
}

/// The sample's group milestone: a milestone of the group `demo`.
const GROUP_TITLE: &str = "Q3 planning (group)";

#[tokio::test(flavor = "multi_thread")]
async fn gitlab_group_milestones_are_exported_marked_moved_out_flattened_and_never_duplicated_in() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&[
        "github:flat/copy",
        "gitlab:demo/other",
        "gitlab:elsewhere/copy",
    ]))
    .await;
    // Exported with the project's own, marked by group_id.
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitlab:demo/roadmap",
            "-o",
            "-",
            "--format",
            "json",
        ],
    )
    .await;
    run.success();
    let backup: Value = serde_json::from_str(&run.stdout).unwrap();
    let milestones = backup["milestones"].as_array().unwrap();
    let group: Vec<&Value> = milestones
        .iter()
        .filter(|m| m["group_id"].is_number())
        .collect();
    assert_eq!(group.len(), 1, "{milestones:?}");
    assert_eq!(group[0]["title"], GROUP_TITLE);
    assert!(group[0].get("project_id").is_none(), "{:?}", group[0]);
    assert!(run.stderr.contains("group"), "{}", run.stderr);
    // Moved out: a milestone of the target repository, reported.
    let out = mileport(
        &sandbox,
        &["migrate", "gitlab:demo/roadmap", "github:flat/copy"],
    )
    .await;
    out.success();
    assert!(
        sandbox
            .github_milestones("flat/copy")
            .iter()
            .any(|m| m.title == GROUP_TITLE),
        "{}",
        out.stdout
    );
    assert!(
        format!("{}{}", out.stdout, out.stderr).contains("ancestor groups"),
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    // Moved into a project of the same group: the group's milestone is
    // found under its title, compared, and not made again.
    let into = mileport(
        &sandbox,
        &["migrate", "github:flat/copy", "gitlab:demo/other"],
    )
    .await;
    assert_eq!(into.code, 0, "{}\n{}", into.stdout, into.stderr);
    let own = sandbox.gitlab_milestones("demo/other");
    assert!(own.iter().all(|m| m.title != GROUP_TITLE), "{own:?}");
    assert_eq!(sandbox.gitlab_group_milestones("demo").len(), 1);
    assert_eq!(own.len() + 1, sandbox.github_milestones("flat/copy").len());
    let before = writes(&sandbox);
    let again = mileport(
        &sandbox,
        &["migrate", "github:flat/copy", "gitlab:demo/other"],
    )
    .await;
    again.success();
    assert_eq!(writes(&sandbox), before, "{}", again.stdout);
    // Into a project of another group: an ordinary milestone of its own.
    mileport(
        &sandbox,
        &["migrate", "gitlab:demo/roadmap", "gitlab:elsewhere/copy"],
    )
    .await
    .success();
    let copied = sandbox.gitlab_milestones("elsewhere/copy");
    assert!(
        copied
            .iter()
            .any(|m| m.title == GROUP_TITLE && m.project_id.is_some())
    );
}

/// A source milestone whose title a group milestone holds with other
/// content: never duplicated, the group's milestone left as it is, the
/// difference named (the project cannot hold a milestone of that title).
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_a_title_held_by_a_differing_group_milestone_is_named_and_never_duplicated() {
    let mut seed = SeedData::sample().with_repos(&["gitlab:demo/third"]);
    seed.github().milestones.insert(
        "src/held".into(),
        crate::directions::github_seed(&[Seen {
            title: GROUP_TITLE.to_owned(),
            description: "Another text".to_owned(),
            due: Some("2024-09-30".to_owned()),
            closed: false,
        }]),
    );
    let sandbox = start_sandbox(seed).await;
    // The plan shows the difference with the group's milestone.
    let asked = mileport(
        &sandbox,
        &["migrate", "github:src/held", "gitlab:demo/third"],
    )
    .await;
    assert_eq!(asked.code, 2, "{}\n{}", asked.stdout, asked.stderr);
    assert!(
        asked.stdout.contains("~ Q3 planning (group)"),
        "{}",
        asked.stdout
    );
    assert!(asked.stderr.contains("ancestor groups"), "{}", asked.stderr);
    let run = mileport(
        &sandbox,
        &["migrate", "github:src/held", "gitlab:demo/third", "--yes"],
    )
    .await;
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("ancestor group"), "{said}");
    assert!(sandbox.gitlab_milestones("demo/third").is_empty());
    let group = sandbox.gitlab_group_milestones("demo");
    assert_eq!(group.len(), 1);
    assert_ne!(group[0].description.as_deref(), Some("Another text"));
}

/// A milestone's title, start date, due date and state.
type Dates = (String, Option<String>, Option<String>, Option<String>);

/// Start dates move where both sides hold them: GitLab → SourceCraft →
/// GitLab keeps every start date and due date exactly.
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_start_dates_survive_a_round_through_sourcecraft() {
    let sandbox = start_sandbox(
        SeedData::sample().with_repos(&["sourcecraft:sd/copy", "gitlab:sd/deep/back"]),
    )
    .await;
    mileport(
        &sandbox,
        &["migrate", "gitlab:demo/roadmap", "sourcecraft:sd/copy"],
    )
    .await
    .success();
    let starts: Vec<Option<String>> = sandbox
        .sourcecraft_milestones("sd/copy")
        .iter()
        .map(|m| m.start_date.clone())
        .collect();
    assert!(
        starts.iter().flatten().any(|s| s.starts_with("2024-03-01")),
        "{starts:?}"
    );
    mileport(
        &sandbox,
        &["migrate", "sourcecraft:sd/copy", "gitlab:sd/deep/back"],
    )
    .await
    .success();
    let dates = |milestones: Vec<gitlab::types::Milestone>| {
        let mut dates: Vec<Dates> = milestones
            .into_iter()
            .map(|m| (m.title, m.start_date, m.due_date, m.state))
            .collect();
        dates.sort();
        dates
    };
    let mut source = sandbox.gitlab_milestones("demo/roadmap");
    source.extend(sandbox.gitlab_group_milestones("demo"));
    assert_eq!(
        dates(sandbox.gitlab_milestones("sd/deep/back")),
        dates(source)
    );
}

/// Listings are followed by x-next-page: past the count above which GitLab
/// leaves out x-total, every milestone is read, and one deleted while the
/// pages are read makes the listing read again, never kept in part.
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_listings_are_read_whole_past_the_totals_gitlab_drops() {
    use mileport::providers::gitlab::sandbox_faults::GitLabFaults;
    let many: Vec<Seen> = (1..=250)
        .map(|n| Seen {
            title: format!("M{n:03}"),
            description: String::new(),
            due: Some("2025-01-31".to_owned()),
            closed: n % 10 == 0,
        })
        .collect();
    let mut seed = SeedData::default().with_repos(&["sourcecraft:big/copy"]);
    seed.gitlab()
        .milestones
        .insert("big/a/b/project".into(), gitlab_seed(&many, 10_000));
    let sandbox = start_sandbox(seed).await;
    let quirks = GitLabFaults {
        totals_limit: 5,
        ..GitLabFaults::default()
    };
    sandbox.set_faults(Faults::default().with_gitlab(quirks.clone()));
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitlab:big/a/b/project",
            "-o",
            "-",
            "--format",
            "json",
        ],
    )
    .await;
    run.success();
    let backup: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(backup["milestones"].as_array().unwrap().len(), 250);
    sandbox.set_faults(Faults {
        delete_while_listing: 1,
        ..Faults::default().with_gitlab(quirks)
    });
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitlab:big/a/b/project",
            "sourcecraft:big/copy",
            "-q",
        ],
    )
    .await;
    run.success();
    assert_eq!(held(&sandbox, "sourcecraft:big/copy").len(), 249);
    assert_eq!(sandbox.gitlab_milestones("big/a/b/project").len(), 249);
}

/// The token goes in PRIVATE-TOKEN alone: runs work, and neither a -vv log
/// nor an error shows it; a wrong token is refused, named by its variable.
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_token_travels_in_private_token_and_is_never_shown() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitlab:demo/roadmap",
            "-o",
            "-",
            "--format",
            "json",
            "-vv",
        ],
    )
    .await;
    run.success();
    let token = mileport::sandbox::default_token(mileport::providers::gitlab::PROVIDER);
    assert!(!run.stdout.contains(token) && !run.stderr.contains(token));
    let mut env = crate::support::sandbox_env(&sandbox);
    env.retain(|(name, _)| *name != "GITLAB_TOKEN");
    env.push(("GITLAB_TOKEN", "glpat-wrong-secret".to_owned()));
    let refused = Run::command(
        &[
            "export",
            "gitlab:demo/roadmap",
            "-o",
            "-",
            "--format",
            "json",
            "-vv",
        ],
        &env,
    )
    .await;
    assert_ne!(refused.code, 0);
    assert!(
        refused.stderr.contains("GITLAB_TOKEN"),
        "{}",
        refused.stderr
    );
    assert!(
        !refused.stderr.contains("glpat-wrong-secret"),
        "{}",
        refused.stderr
    );
    assert!(!refused.stdout.contains("glpat-wrong-secret"));
}

/// Nested groups: a project three groups deep is named by its full path,
/// and a path that names no project is refused by name.
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_projects_in_nested_groups_are_named_by_their_full_path() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["gitlab:a/b/c/d/project"])).await;
    mileport(
        &sandbox,
        &[
            "migrate",
            "github:demo/roadmap",
            "gitlab:a/b/c/d/project",
            "-q",
        ],
    )
    .await
    .success();
    assert_eq!(
        held(&sandbox, "gitlab:a/b/c/d/project"),
        held(&sandbox, "github:demo/roadmap")
    );
    let missing = mileport(
        &sandbox,
        &[
            "export",
            "gitlab:a/b/nothing",
            "-o",
            "-",
            "--format",
            "json",
        ],
    )
    .await;
    assert_ne!(missing.code, 0);
    assert!(
        missing.stderr.contains("gitlab:a/b/nothing"),
        "{}",
        missing.stderr
    );
    let bad = mileport(
        &sandbox,
        &["export", "gitlab:a/../b", "-o", "-", "--format", "json"],
    )
    .await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

/// A closed milestone is created active, then closed: when the close's
/// answer is lost (carried out, connection closed), it is sent again, and
/// every milestone is there once, closed; a second run writes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_a_closed_milestone_is_created_and_closed_exactly_once_when_the_close_answer_is_lost()
 {
    use mileport::providers::gitlab::sandbox_faults::GitLabFaults;
    let target = "gitlab:lost/closes";
    let sandbox = start_sandbox(sources().with_repos(&[target])).await;
    sandbox.set_faults(Faults {
        drop_after_commit: 0.3,
        seed: 7,
        ..Faults::default().with_gitlab(GitLabFaults {
            lose_close_answers: 2,
            ..GitLabFaults::default()
        })
    });
    let run = migrate(&sandbox, "github:e2e/source", target).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(sandbox.gitlab_closes_lost(), 2);
    assert!(sandbox.stats().dropped > 0, "{:?}", sandbox.stats());
    assert_eq!(
        held(&sandbox, target),
        expected("github:e2e/source", target)
    );
    let before = writes(&sandbox);
    migrate(&sandbox, "github:e2e/source", target)
        .await
        .success();
    assert_eq!(writes(&sandbox), before);
}

/// GitLab's rate limit is read from its RateLimit-* headers: a run paced
/// by them meets no 429 across several windows; a budget spent by others
/// before the run starts is waited out through 429s whose RateLimit
/// headers are missing (Retry-After alone), and every milestone arrives once.
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_rate_limit_headers_pace_a_run_to_no_429_and_a_bare_429_is_waited_out() {
    use mileport::providers::gitlab::sandbox_faults::GitLabFaults;
    let sandbox =
        start_sandbox(sources().with_repos(&["gitlab:paced/one", "gitlab:paced/two"])).await;
    let limit = GitLabFaults {
        rate_limit: 6,
        rate_window_secs: 1,
        ..GitLabFaults::default()
    };
    sandbox.set_faults(Faults::default().with_gitlab(limit.clone()));
    let run = migrate(&sandbox, "github:e2e/source", "gitlab:paced/one").await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        held(&sandbox, "gitlab:paced/one"),
        expected("github:e2e/source", "gitlab:paced/one")
    );
    // More requests than one window holds went out, none refused.
    assert!(
        sandbox
            .stats()
            .routes
            .iter()
            .filter(|(r, _)| r.starts_with("gitlab "))
            .map(|(_, n)| n)
            .sum::<u64>()
            > 6
    );
    assert_eq!(sandbox.gitlab_rate_refusals(), 0);
    // Spent by someone else; the 429s carry Retry-After alone.
    sandbox.set_faults(Faults::default().with_gitlab(GitLabFaults {
        bare_429: true,
        rate_window_secs: 2,
        ..limit
    }));
    let url = format!("{}/projects/paced%2Ftwo/milestones", sandbox.gitlab_url());
    for _ in 0..6 {
        crate::support::http_client()
            .get(&url)
            .header("PRIVATE-TOKEN", "gitlab-sandbox-token")
            .send()
            .await
            .unwrap();
    }
    let run = migrate(&sandbox, "github:e2e/source", "gitlab:paced/two").await;
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(sandbox.gitlab_rate_refusals() > 0);
    assert_eq!(
        held(&sandbox, "gitlab:paced/two"),
        expected("github:e2e/source", "gitlab:paced/two")
    );
}

/// An OAuth access token goes as `Authorization: Bearer` (GitLab refuses
/// one in PRIVATE-TOKEN, as the sandbox does), and is never shown either.
#[tokio::test(flavor = "multi_thread")]
async fn gitlab_an_oauth_token_travels_as_a_bearer_token() {
    let oauth = "0123456789abcdef".repeat(4);
    let mut config = mileport::sandbox::SandboxConfig {
        seed: SeedData::sample(),
        ..Default::default()
    };
    config
        .tokens
        .insert(mileport::providers::gitlab::PROVIDER, oauth.clone());
    let sandbox = mileport::sandbox::Sandbox::start(config).await.unwrap();
    let refused = crate::support::http_client()
        .get(format!(
            "{}/projects/demo%2Froadmap/milestones",
            sandbox.gitlab_url()
        ))
        .header("PRIVATE-TOKEN", &oauth)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let mut env = crate::support::sandbox_env(&sandbox);
    env.retain(|(name, _)| *name != "GITLAB_TOKEN");
    env.push(("GITLAB_TOKEN", oauth.clone()));
    let run = Run::command(
        &[
            "export",
            "gitlab:demo/roadmap",
            "-o",
            "-",
            "--format",
            "json",
            "-vv",
        ],
        &env,
    )
    .await;
    run.success();
    assert!(!run.stdout.contains(&oauth) && !run.stderr.contains(&oauth));
}
