//! Gitea through the real binary against the sandbox: migrations both ways
//! with GitCode, SourceCraft and GitHub (exact titles, descriptions,
//! calendar due dates and states; a second run writes nothing), a source
//! repeating titles refused before any write unless numbered, exactly-once
//! creates when answers are lost, a missing URL, the token only in
//! `Authorization: token`, labels and whole owners.

use mileport::{
    providers::{
        gitcode::client as gitcode, gitea::client as gitea, sourcecraft::client as sourcecraft,
    },
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::json;

use crate::directions::{DEFAULT_DUE_ON, Seen, github_seed, provider, source_for, writes};
use crate::support::{Run, sandbox_env, start_sandbox};

/// The token the sandbox's Gitea side accepts.
pub(crate) const GITEA_TOKEN: &str = "gitea-sandbox-token";

/// The sandbox's environment, Gitea's URL and token included.
pub(crate) fn gitea_env(sandbox: &Sandbox) -> Vec<(&'static str, String)> {
    sandbox_env(sandbox)
}

/// Runs `mileport ARGS` against the sandbox, Gitea included.
pub(crate) async fn gitea_run(sandbox: &Sandbox, args: &[&str]) -> Run {
    Run::command(args, &gitea_env(sandbox)).await
}

/// Gitea milestones holding `milestones`, ids from `first`.
pub(crate) fn gitea_seed(milestones: &[Seen], first: i64) -> Vec<gitea::types::Milestone> {
    milestones
        .iter()
        .zip(first..)
        .map(|(m, id)| {
            serde_json::from_value(json!({
                "id": id,
                "title": m.title,
                "description": m.description,
                "due_on": m.due.as_ref().map(|d| format!("{d}T12:00:00Z")),
                "state": if m.closed { "closed" } else { "open" },
                "closed_at": m.closed.then_some("2024-01-01T00:00:00Z"),
            }))
            .unwrap()
        })
        .collect()
}

fn gitcode_seed(milestones: &[Seen]) -> Vec<gitcode::types::Milestone> {
    milestones
        .iter()
        .zip(1..)
        .map(|(m, n)| {
            serde_json::from_value(json!({
                "number": 7000 + n, "title": m.title, "description": m.description,
                "due_on": m.due, "state": if m.closed { "closed" } else { "active" },
            }))
            .unwrap()
        })
        .collect()
}

pub(crate) fn sourcecraft_seed(milestones: &[Seen]) -> Vec<sourcecraft::types::Milestone> {
    milestones
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
        .collect()
}

/// Every milestone of `repo` (`provider:owner/name`), sorted, Gitea's read
/// as the sandbox keeps them (times in UTC: the date of noon UTC is the
/// calendar date).
pub(crate) fn read_any(sandbox: &Sandbox, repo: &str) -> Vec<Seen> {
    let (provider, path) = repo.split_once(':').unwrap();
    if provider != "gitea" {
        return crate::directions::read(sandbox, repo);
    }
    let mut seen: Vec<Seen> = sandbox
        .gitea_milestones(path)
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

/// What the source becomes on `target`: GitCode gives undated milestones
/// the default due date.
fn expected(source: &str, target: &str) -> Vec<Seen> {
    let mut expected = source_for(provider(source));
    if provider(target) == "gitcode" {
        for m in &mut expected {
            m.due.get_or_insert_with(|| DEFAULT_DUE_ON.to_owned());
        }
    }
    expected.sort();
    expected
}

async fn migrate(sandbox: &Sandbox, source: &str, target: &str) -> Run {
    let mut args = vec!["migrate", source, target, "-q"];
    let undated = source_for(provider(source)).iter().any(|m| m.due.is_none());
    if provider(target) == "gitcode" && undated {
        args.extend(["--default-due-on", DEFAULT_DUE_ON]);
    }
    gitea_run(sandbox, &args).await
}

/// Migrates, checks the target holds exactly what the source does, then
/// runs again and checks that nothing was written.
async fn migrate_and_check(sandbox: &Sandbox, source: &str, target: &str) {
    migrate(sandbox, source, target).await.success();
    let count = expected(source, target).len();
    assert_eq!(
        read_any(sandbox, target),
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
}

fn sources() -> SeedData {
    let mut seed = SeedData::default();
    seed.gitea()
        .milestones
        .insert("e2e/source".into(), gitea_seed(&source_for("gitea"), 300));
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

#[tokio::test(flavor = "multi_thread")]
async fn gitea_migrates_both_ways_with_every_provider_exactly_once_and_rerun_writes_nothing() {
    let pairs = [
        ("gitea:e2e/source", "gitcode:from/gitea"),
        ("gitea:e2e/source", "sourcecraft:from/gitea"),
        ("gitea:e2e/source", "github:from/gitea"),
        ("gitcode:e2e/source", "gitea:from/gitcode"),
        ("sourcecraft:e2e/source", "gitea:from/sourcecraft"),
        ("github:e2e/source", "gitea:from/github"),
    ];
    let targets: Vec<&str> = pairs.iter().map(|(_, target)| *target).collect();
    let sandbox = start_sandbox(sources().with_repos(&targets)).await;
    for (source, target) in pairs {
        migrate_and_check(&sandbox, source, target).await;
    }
    // Closed on Gitea: created closed, `closed_at` set by the server (now),
    // not the source's.
    let closed: Vec<_> = sandbox
        .gitea_milestones("from/github")
        .into_iter()
        .filter(|m| m.state.as_deref() == Some("closed"))
        .collect();
    assert_eq!(closed.len(), 3);
    assert!(closed.iter().all(|m| m.closed_at.is_some()));
}

/// A source holding one title twice: refused before any write (exit 2),
/// with the title named; with `--repeated-titles number` the later one
/// arrives numbered, and a second run writes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn gitea_as_target_refuses_repeated_titles_before_writing_unless_numbered() {
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
    let target = "gitea:repeats/target";
    let sandbox = start_sandbox(seed.with_repos(&[target])).await;
    let run = gitea_run(&sandbox, &["migrate", "gitcode:e2e/repeats", target]).await;
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("\"Leap day\""), "{}", run.stderr);
    assert!(
        run.stderr.contains("--repeated-titles number"),
        "{}",
        run.stderr
    );
    assert_eq!(writes(&sandbox.stats()), 0);
    assert!(sandbox.gitea_milestones("repeats/target").is_empty());

    let numbered = [
        "migrate",
        "gitcode:e2e/repeats",
        target,
        "--repeated-titles",
        "number",
        "-q",
    ];
    gitea_run(&sandbox, &numbered).await.success();
    let titles: Vec<String> = read_any(&sandbox, target)
        .into_iter()
        .map(|m| m.title)
        .collect();
    assert_eq!(titles.len(), milestones.len());
    assert!(titles.contains(&"Leap day (2)".to_owned()), "{titles:?}");
    let before = sandbox.stats();
    gitea_run(&sandbox, &numbered).await.success();
    assert_eq!(writes(&sandbox.stats()), writes(&before));
}

/// Creates whose answers are lost after the server stored them, and
/// failures: every milestone arrives exactly once, found by title and
/// content before any create is sent again (Gitea would take a second
/// create of one title), and a second run writes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn gitea_creates_exactly_once_when_answers_are_lost() {
    let mut milestones = source_for("sourcecraft");
    milestones.extend((1..=14).map(|n| Seen {
        title: format!("Sprint {n}"),
        description: format!("Sprint {n}:\n- plan\n- ship"),
        due: (n % 3 != 0).then(|| format!("2026-{:02}-{:02}", n % 12 + 1, n % 28 + 1)),
        closed: n % 4 == 0,
    }));
    milestones.sort();
    let mut seed = SeedData::default();
    seed.sourcecraft()
        .milestones
        .insert("e2e/many".into(), sourcecraft_seed(&milestones));
    let target = "gitea:lost/target";
    let sandbox = start_sandbox(seed.with_repos(&[target])).await;
    sandbox.set_faults(Faults {
        fail_rate: 0.15,
        drop_after_commit: 0.4,
        seed: 11,
        ..Faults::default()
    });
    gitea_run(&sandbox, &["migrate", "sourcecraft:e2e/many", target, "-q"])
        .await
        .success();
    assert!(sandbox.stats().dropped > 0, "{:?}", sandbox.stats());
    assert_eq!(read_any(&sandbox, target), milestones);
    let before = sandbox.stats();
    gitea_run(&sandbox, &["migrate", "sourcecraft:e2e/many", target, "-q"])
        .await
        .success();
    assert_eq!(writes(&sandbox.stats()), writes(&before));
    assert_eq!(read_any(&sandbox, target), milestones);
}

/// Gitea is self-hosted: without a URL a run stops before any request,
/// saying which variable or flag to set.
#[tokio::test(flavor = "multi_thread")]
async fn gitea_without_a_url_stops_with_exit_2_saying_how_to_set_it() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let mut env = sandbox_env(&sandbox);
    env.retain(|(name, _)| *name != "GITEA_API_URL");
    let run = Run::command(
        &[
            "export",
            "gitea:demo/roadmap",
            "--output",
            "-",
            "--format",
            "json",
            "-q",
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("GITEA_API_URL"), "{}", run.stderr);
    assert!(run.stderr.contains("--gitea-url"), "{}", run.stderr);
    assert_eq!(sandbox.stats().total(), 0);
    // The flag is enough.
    let url = sandbox.gitea_url();
    let run = Run::command(
        &[
            "export",
            "gitea:demo/roadmap",
            "--gitea-url",
            &url,
            "--output",
            "-",
            "--format",
            "json",
            "-q",
        ],
        &env,
    )
    .await;
    run.success();
    assert!(run.stdout.contains("v1.0 正式版"), "{}", run.stdout);
}

/// The token goes in `Authorization: token …`: the sandbox refuses it in
/// the query or as a bearer token, and a wrong token is a failure that
/// never shows the token.
#[tokio::test(flavor = "multi_thread")]
async fn gitea_takes_the_token_only_in_its_authorization_header() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let url = format!("{}/repos/demo/roadmap/milestones", sandbox.gitea_url());
    let http = crate::support::http_client();
    let status = |request: reqwest::RequestBuilder| async move {
        request.send().await.unwrap().status().as_u16()
    };
    assert_eq!(
        status(
            http.get(&url)
                .header("Authorization", format!("token {GITEA_TOKEN}"))
        )
        .await,
        200
    );
    assert_eq!(
        status(http.get(format!("{url}?token={GITEA_TOKEN}"))).await,
        401
    );
    assert_eq!(
        status(http.get(format!("{url}?access_token={GITEA_TOKEN}"))).await,
        401
    );
    assert_eq!(
        status(
            http.get(&url)
                .header("Authorization", format!("Bearer {GITEA_TOKEN}"))
        )
        .await,
        401
    );
    let mut env = gitea_env(&sandbox);
    let secret = "wrong-secret-5d1e";
    env.push(("GITEA_TOKEN", secret.to_owned()));
    let run = Run::command(
        &[
            "export",
            "gitea:demo/roadmap",
            "--output",
            "-",
            "--format",
            "json",
            "-q",
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stderr.contains("401"), "{}", run.stderr);
    assert!(!run.stderr.contains(secret) && !run.stdout.contains(secret));
}

/// Labels move both ways between Gitea and GitHub (the sample's hostile
/// names, colours with or without `#`), and again writes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn gitea_labels_migrate_both_ways_and_again_write_nothing() {
    let seed = SeedData::sample().with_repos(&["github:labels/from-gitea", "gitea:labels/back"]);
    let sandbox = start_sandbox(seed).await;
    let to_github = [
        "migrate",
        "gitea:demo/roadmap",
        "github:labels/from-gitea",
        "--only",
        "labels",
        "-q",
    ];
    gitea_run(&sandbox, &to_github).await.success();
    let back = [
        "migrate",
        "github:labels/from-gitea",
        "gitea:labels/back",
        "--only",
        "labels",
        "-q",
    ];
    gitea_run(&sandbox, &back).await.success();
    let names = |labels: Vec<gitea::types::Label>| {
        let mut named: Vec<(String, String)> = labels
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
        named.sort();
        named
    };
    let sample = names(sandbox.gitea_labels("demo/roadmap"));
    assert_eq!(sample.len(), 8);
    assert_eq!(names(sandbox.gitea_labels("labels/back")), sample);
    // Older Gitea versions answer colours with `#`: still unchanged.
    sandbox.set_faults(Faults::default().with_gitea(
        mileport::providers::gitea::sandbox_faults::GiteaFaults {
            label_colors_with_hash: true,
            ..Default::default()
        },
    ));
    let before = sandbox.stats();
    for args in [&to_github, &back] {
        let run = gitea_run(&sandbox, args).await;
        run.success();
    }
    assert_eq!(writes(&sandbox.stats()), writes(&before));
}

/// A whole Gitea organisation and a user, listed over several pages, are
/// moved repository by repository, and a second run writes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn gitea_whole_owners_migrate_and_again_write_nothing() {
    let mut seed = SeedData::default().with_user(mileport::providers::gitea::PROVIDER, "alice");
    for (n, owner) in [(5, "acme"), (3, "alice")] {
        for i in 0..n {
            let milestones = vec![Seen {
                title: format!("{owner} {i}"),
                description: "d".into(),
                due: Some("2025-05-05".into()),
                closed: i % 2 == 1,
            }];
            seed.gitea().milestones.insert(
                format!("{owner}/repo-{i}"),
                gitea_seed(&milestones, 2000 + i * 10 + (owner.len() as i64) * 100),
            );
            seed.sourcecraft()
                .milestones
                .insert(format!("{owner}/repo-{i}"), Vec::new());
        }
    }
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(Faults::default().with_gitea(
        mileport::providers::gitea::sandbox_faults::GiteaFaults {
            page_cap: 2,
            ..Default::default()
        },
    ));
    for owner in ["acme", "alice"] {
        let source = format!("gitea:{owner}");
        let target = format!("sourcecraft:{owner}");
        let run = gitea_run(&sandbox, &["migrate", &source, &target]).await;
        run.success();
        let count = if owner == "acme" { 5 } else { 3 };
        assert!(
            run.stdout
                .contains(&format!("{count} repositories: {count} done")),
            "{}",
            run.stdout
        );
        for i in 0..count {
            let held = read_any(&sandbox, &format!("sourcecraft:{owner}/repo-{i}"));
            assert_eq!(held.len(), 1);
            assert_eq!(held[0].title, format!("{owner} {i}"));
        }
        let before = sandbox.stats();
        gitea_run(&sandbox, &["migrate", &source, &target, "-q"])
            .await
            .success();
        assert_eq!(writes(&sandbox.stats()), writes(&before));
    }
    let run = gitea_run(&sandbox, &["migrate", "gitea:nobody", "sourcecraft:acme"]).await;
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("nobody"), "{}", run.stderr);
}

/// The generated client's source, snapshotted so every change shows in
/// review.
#[test]
fn generated_gitea_client_source() {
    let source = include_str!(concat!(env!("OUT_DIR"), "/gitea.rs"));
    insta::assert_snapshot!("gitea_client", source);
}

/// A milestone as a Gitea 1.22 server sends it (and a Forgejo one with a
/// field of its own) reads and writes back as it came, `null`s included.
#[test]
fn gitea_milestones_as_sent_deserialize_and_come_back_whole() {
    let text = r#"{"id": 4242, "title": "v1.0", "description": "", "state": "closed",
        "open_issues": 0, "closed_issues": 3, "created_at": "2024-01-02T10:00:00+08:00",
        "updated_at": "2024-03-01T10:00:00+08:00", "closed_at": "2024-03-01T10:00:00+08:00",
        "due_on": null, "forgejo_only": {"x": [1, null]}}"#;
    let sent: serde_json::Value = serde_json::from_str(text).unwrap();
    let milestone: gitea::types::Milestone =
        mileport::net::decode::milestone(sent.clone()).unwrap();
    assert_eq!(milestone.id, 4242);
    assert_eq!(milestone.closed_issues, Some(3));
    let again: serde_json::Value = serde_json::to_value(&milestone).unwrap();
    assert_eq!(again, sent);
}

/// Label creates whose answers are lost: Gitea answers no conflict for a
/// repeated name, so each label is looked for (by name and content) before
/// its create is sent again, and arrives once.
#[tokio::test(flavor = "multi_thread")]
async fn gitea_labels_are_created_once_when_answers_are_lost() {
    let target = "gitea:labels/lost";
    let sandbox = start_sandbox(SeedData::sample().with_repos(&[target])).await;
    sandbox.set_faults(Faults {
        drop_after_commit: 0.5,
        fail_rate: 0.1,
        seed: 5,
        ..Faults::default()
    });
    let args = [
        "migrate",
        "github:demo/roadmap",
        target,
        "--only",
        "labels",
        "-q",
    ];
    gitea_run(&sandbox, &args).await.success();
    assert!(sandbox.stats().dropped > 0, "{:?}", sandbox.stats());
    let mut names: Vec<String> = sandbox
        .gitea_labels("labels/lost")
        .into_iter()
        .map(|l| l.name)
        .collect();
    names.sort();
    let mut wanted: Vec<String> = sandbox
        .github_labels("demo/roadmap")
        .into_iter()
        .map(|l| l.name)
        .collect();
    wanted.sort();
    assert_eq!(names, wanted);
    let before = sandbox.stats();
    gitea_run(&sandbox, &args).await.success();
    assert_eq!(writes(&sandbox.stats()), writes(&before));
}

/// A self-hosted Gitea is reached as a named remote: with its `url` and a
/// token from `token_env` it is a source and a target like any location;
/// without a `url` the config file is refused (exit 2), naming the line.
#[tokio::test(flavor = "multi_thread")]
async fn a_named_gitea_remote_needs_its_url_and_then_works_as_any_location() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["gitea:acme/copy"])).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let write = |text: String| {
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let shown = write(format!(
        "[remotes.forge]\nprovider = \"gitea\"\nurl = \"{}\"\ntoken_env = \"FORGE_TOKEN\"\n",
        sandbox.gitea_url()
    ));
    let mut env = sandbox_env(&sandbox);
    env.push(("MILEPORT_CONFIG", shown));
    env.push(("FORGE_TOKEN", GITEA_TOKEN.to_owned()));
    let run = Run::command(
        &["migrate", "github:demo/roadmap", "forge:acme/copy", "-q"],
        &env,
    )
    .await;
    run.success();
    assert_eq!(sandbox.gitea_milestones("acme/copy").len(), 7);
    let check = Run::command(&["check", "github:demo/roadmap", "forge:acme/copy"], &env).await;
    check.success();

    let shown =
        write("[remotes.forge]\nprovider = \"gitea\"\ntoken_env = \"FORGE_TOKEN\"\n".to_owned());
    env.retain(|(name, _)| *name != "MILEPORT_CONFIG");
    env.push(("MILEPORT_CONFIG", shown));
    let run = Run::command(
        &[
            "export",
            "forge:acme/copy",
            "--output",
            "-",
            "--format",
            "json",
        ],
        &env,
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("url"), "{}", run.stderr);
}
