//! GitLab through the real binary against the sandbox: migrations both
//! ways with every other provider (exact titles, descriptions, calendar
//! dates and states; a second run writes nothing), start dates with
//! SourceCraft, a closed milestone created then closed exactly once when
//! the close's answer is lost, group milestones (exported marked, moved
//! out flattened and reported, a title held by one found and never
//! duplicated), paging past the totals GitLab drops, nested-group
//! locations, and the token only in `PRIVATE-TOKEN`.

use mileport::{
    providers::generated::gitlab,
    sandbox::{Sandbox, SeedData},
};
use serde_json::json;

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

#[tokio::test(flavor = "multi_thread")]
async fn gitlab_migrates_both_ways_with_every_provider_exactly_once_and_rerun_writes_nothing() {
    let others = ["gitcode", "sourcecraft", "github", "gitea", "gitee"];
    let mut pairs = Vec::new();
    for other in others {
        pairs.push((
            "gitlab:e2e/team/source".to_owned(),
            format!("{other}:from/gitlab"),
        ));
        let source = if other == "gitcode" {
            "gitcode:e2e/dated".to_owned()
        } else {
            format!("{other}:e2e/source")
        };
        pairs.push((source, format!("gitlab:into/deep/from-{other}")));
    }
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
    let sandbox = start_sandbox(seed).await;
    for (source, target) in &pairs {
        let run = migrate(&sandbox, source, target).await;
        assert_eq!(
            run.code, 0,
            "{source} → {target}: {}\n{}",
            run.stdout, run.stderr
        );
        assert_eq!(
            held(&sandbox, target),
            expected(source, target),
            "{source} → {target}"
        );
        let before = writes(&sandbox);
        let again = migrate(&sandbox, source, target).await;
        assert_eq!(again.code, 0, "{source} → {target} again: {}", again.stderr);
        assert_eq!(writes(&sandbox), before, "{source} → {target} again wrote");
    }
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
