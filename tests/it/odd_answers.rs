//! Answers the providers are seen to give beyond their docs, and copies
//! found after writing: every milestone still ends on the target exactly
//! once, or fails naming why, and nothing of anyone else's is touched.

use mileport::{
    providers::{
        gitcode::client as gitcode,
        gitcode::sandbox_faults::GitCodeStates,
        sourcecraft::client as sourcecraft,
        sourcecraft::sandbox_faults::{ConflictAnswer, SourceCraftFaults},
    },
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::json;

use crate::support::{mileport, start_sandbox};

fn gitcode_source(count: i64) -> Vec<gitcode::types::Milestone> {
    (1..=count)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "title": format!("Release {n}"),
                "description": format!("notes {n}"),
                "state": if n % 2 == 0 { "closed" } else { "active" },
                "due_on": format!("2026-03-{:02}", n + 1),
            }))
            .unwrap()
        })
        .collect()
}

async fn sandbox(faults: Faults) -> Sandbox {
    let mut seed =
        SeedData::default().with_repos(&["gitcode:odd/target", "sourcecraft:odd/target"]);
    seed.gitcode()
        .milestones
        .insert("odd/source".to_owned(), gitcode_source(6));
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(faults);
    sandbox
}

/// (title, closed) on a GitCode repository, sorted.
fn gitcode_states(sandbox: &Sandbox, repo: &str) -> Vec<(String, bool)> {
    let mut items: Vec<_> = sandbox
        .gitcode_milestones(repo)
        .into_iter()
        .map(|m| (m.title, m.state.as_deref() == Some("closed")))
        .collect();
    items.sort();
    items
}

fn sourcecraft_states(sandbox: &Sandbox, repo: &str) -> Vec<(String, bool)> {
    let mut items: Vec<_> = sandbox
        .sourcecraft_milestones(repo)
        .into_iter()
        .map(|m| {
            (
                m.name.unwrap_or_default(),
                m.status.as_deref() == Some("closed"),
            )
        })
        .collect();
    items.sort();
    items
}

#[tokio::test(flavor = "multi_thread")]
async fn creates_answered_202_without_the_milestone_count_as_created_and_get_closed() {
    let sandbox = sandbox(Faults {
        create_accepted: true,
        ..Faults::default()
    })
    .await;
    for target in ["gitcode:odd/target", "sourcecraft:odd/target"] {
        let run = mileport(&sandbox, &["migrate", "gitcode:odd/source", target]).await;
        run.success();
        assert!(
            run.stdout
                .contains("created 6, updated 0, unchanged 0, failed 0"),
            "{target}: {}",
            run.stdout
        );
    }
    let expected = gitcode_states(&sandbox, "odd/source");
    assert_eq!(gitcode_states(&sandbox, "odd/target"), expected);
    assert_eq!(sourcecraft_states(&sandbox, "odd/target"), expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn gitcode_that_wants_close_and_reopen_still_gets_closed_milestones() {
    for words in [GitCodeStates::Verbs, GitCodeStates::VerbsIgnoringOthers] {
        let sandbox = sandbox(Faults::default().with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                states: words,
                ..Default::default()
            },
        ))
        .await;
        let run = mileport(
            &sandbox,
            &["migrate", "gitcode:odd/source", "gitcode:odd/target"],
        )
        .await;
        run.success();
        assert_eq!(
            gitcode_states(&sandbox, "odd/target"),
            gitcode_states(&sandbox, "odd/source"),
            "{words:?}"
        );
        // Reopening goes the same way: a closed target milestone whose
        // source is open.
        let mut reopened = SeedData::default();
        let mut first = sandbox
            .gitcode_milestones("odd/target")
            .into_iter()
            .find(|m| m.state.as_deref() == Some("active"))
            .unwrap();
        first.state = Some("closed".to_owned());
        reopened
            .gitcode()
            .milestones
            .insert("odd/target".to_owned(), vec![first]);
        sandbox.seed(reopened);
        let run = mileport(
            &sandbox,
            &[
                "migrate",
                "gitcode:odd/source",
                "gitcode:odd/target",
                "--yes",
            ],
        )
        .await;
        run.success();
        assert!(run.stdout.contains("updated 1"), "{}", run.stdout);
        assert_eq!(
            gitcode_states(&sandbox, "odd/target"),
            gitcode_states(&sandbox, "odd/source"),
            "{words:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slug_taken_by_someone_else_mid_run_is_left_alone_and_named() {
    for conflict in [
        ConflictAnswer::Conflict,
        ConflictAnswer::BadRequest,
        ConflictAnswer::Gateway,
    ] {
        let sandbox = sandbox(Faults::default().with_sourcecraft(SourceCraftFaults {
            conflict,
            slugs_taken_mid_run: vec!["release-3".to_owned()],
            ..Default::default()
        }))
        .await;
        let run = mileport(
            &sandbox,
            &["migrate", "gitcode:odd/source", "sourcecraft:odd/target"],
        )
        .await;
        assert_eq!(run.code, 1, "{conflict:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(
                "the slug \"release-3\" is taken in sourcecraft:odd/target by another milestone"
            ),
            "{conflict:?}: {}",
            run.stderr
        );
        assert!(run.stdout.contains("created 5"), "{}", run.stdout);
        let theirs: Vec<sourcecraft::types::Milestone> = sandbox
            .sourcecraft_milestones("odd/target")
            .into_iter()
            .filter(|m| m.slug.as_deref() == Some("release-3"))
            .collect();
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].name.as_deref(), Some("Someone else's release-3"));
        assert_eq!(
            theirs[0].description.as_deref(),
            Some("Created by someone else")
        );
        assert!(theirs[0].updated_by.is_none(), "left untouched");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn our_own_slug_answered_as_a_conflict_of_any_shape_is_ours() {
    for conflict in [ConflictAnswer::BadRequest, ConflictAnswer::Gateway] {
        let sandbox = sandbox(
            Faults {
                drop_after_commit: 0.5,
                seed: 11,
                ..Faults::default()
            }
            .with_sourcecraft(SourceCraftFaults {
                conflict,
                ..Default::default()
            }),
        )
        .await;
        let run = mileport(
            &sandbox,
            &["migrate", "gitcode:odd/source", "sourcecraft:odd/target"],
        )
        .await;
        run.success();
        assert_eq!(
            sourcecraft_states(&sandbox, "odd/target"),
            gitcode_states(&sandbox, "odd/source"),
            "{conflict:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn copies_found_after_writing_are_named_and_removed_only_when_asked() {
    let sandbox = sandbox(Faults::default()).await;
    let mut copies = SeedData::default();
    let mut copy_of_2: gitcode::types::Milestone = gitcode_source(6)[1].clone();
    copy_of_2.number = 9001.into();
    let mut copy_of_5 = gitcode_source(6)[4].clone();
    copy_of_5.number = 9002.into();
    let mut changed_copy_of_5 = copy_of_5.clone();
    changed_copy_of_5.number = 9003.into();
    changed_copy_of_5.state = Some("closed".to_owned());
    let mut source_copies = gitcode_source(6);
    for m in &mut source_copies {
        m.number = (m.number.as_i64().unwrap() + 8000).into();
    }
    source_copies.extend([copy_of_2, copy_of_5, changed_copy_of_5]);
    copies
        .gitcode()
        .milestones
        .insert("odd/target".to_owned(), source_copies);
    sandbox.seed(copies);

    let check = mileport(
        &sandbox,
        &["check", "gitcode:odd/source", "gitcode:odd/target"],
    )
    .await;
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("duplicate"), "{}", check.stdout);
    assert!(check.stdout.contains("9001"), "{}", check.stdout);

    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:odd/source", "gitcode:odd/target"],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("\"Release 2\" is on the target 2 times: keep 8002, extra 9001"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("run the same command with --remove-duplicates"),
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.gitcode_milestones("odd/target").len(), 9);

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:odd/source",
            "gitcode:odd/target",
            "--remove-duplicates",
        ],
    )
    .await;
    // 9003 differs from the source (closed): never deleted, still named.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let left: Vec<i64> = sandbox
        .gitcode_milestones("odd/target")
        .iter()
        .map(|m| m.number.as_i64().unwrap())
        .collect();
    assert_eq!(left, [8001, 8002, 8003, 8004, 8005, 8006, 9003]);
    assert!(
        run.stderr
            .contains("9003 differ(s) from the source milestone"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("removed duplicate(s) of \"Release 2\": 9001"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn remove_duplicates_also_removes_a_copy_whose_close_never_came() {
    let sandbox = sandbox(Faults::default()).await;
    // Every source milestone once, as a finished run leaves it; and a late
    // copy of the closed "Release 2", created but never closed, as a run
    // killed between its create and its close leaves it.
    let mut target = gitcode_source(6);
    for m in &mut target {
        m.number = (m.number.as_i64().unwrap() + 8000).into();
    }
    let mut open_copy = gitcode_source(6)[1].clone();
    open_copy.number = 9001.into();
    open_copy.state = Some("active".to_owned());
    target.push(open_copy);
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("odd/target".to_owned(), target);
    sandbox.seed(seed);
    let check = ["check", "gitcode:odd/source", "gitcode:odd/target"];
    let before = mileport(&sandbox, &check).await;
    assert_eq!(before.code, 1, "{}", before.stdout);
    assert!(before.stdout.contains("9001"), "{}", before.stdout);

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:odd/source",
            "gitcode:odd/target",
            "--remove-duplicates",
        ],
    )
    .await;
    crate::run_snapshot!(run, @r#"
    exit: 0
    ----- stdout -----
    created 0, updated 0, unchanged 6, failed 0
    labels: created 0, updated 0, unchanged 0, failed 0
    ----- stderr -----
    read 6 milestones (3 open, 3 closed) from gitcode:odd/source
    note: gitcode:odd/target has no place for these source fields (they are kept in exports and the report): number
    removed duplicate(s) of "Release 2": 9001 (kept 8002)
    read 0 labels from gitcode:odd/source
    "#);
    let left: Vec<i64> = sandbox
        .gitcode_milestones("odd/target")
        .iter()
        .map(|m| m.number.as_i64().unwrap())
        .collect();
    assert_eq!(left, [8001, 8002, 8003, 8004, 8005, 8006]);
    mileport(&sandbox, &check).await.success();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_open_copy_older_than_the_finished_one_is_the_one_removed() {
    let sandbox = sandbox(Faults::default()).await;
    mileport(
        &sandbox,
        &["migrate", "gitcode:odd/source", "gitcode:odd/target"],
    )
    .await
    .success();
    // An older copy of the closed "Release 4", its close never sent.
    let mut open_copy = gitcode_source(6)[3].clone();
    open_copy.number = 1.into();
    open_copy.state = Some("active".to_owned());
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("odd/target".to_owned(), vec![open_copy]);
    sandbox.seed(seed);

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:odd/source",
            "gitcode:odd/target",
            "--remove-duplicates",
        ],
    )
    .await;
    run.success();
    assert_eq!(
        gitcode_states(&sandbox, "odd/target"),
        gitcode_states(&sandbox, "odd/source")
    );
    mileport(
        &sandbox,
        &["check", "gitcode:odd/source", "gitcode:odd/target"],
    )
    .await
    .success();
}

#[test]
fn every_odd_answer_is_a_flag_of_the_sandbox_command() {
    use clap::Parser;
    use mileport::cli::{Cli, Command};
    let cli = Cli::try_parse_from([
        "mileport",
        "sandbox",
        "--empty",
        "--write-latency-ms",
        "7",
        "--create-accepted",
        "--gitcode-states",
        "verbs-ignoring-others",
        "--conflict",
        "gateway",
        "--slug-taken-mid-run",
        "beta",
        "--slug-taken-mid-run",
        "gamma",
        "--no-totals",
        "--delete-while-listing",
        "1",
    ])
    .unwrap();
    let Command::Sandbox(args) = cli.command else {
        panic!("parsed as another command")
    };
    let faults = args.config().unwrap().faults;
    assert_eq!(
        faults,
        Faults {
            write_latency_ms: 7,
            create_accepted: true,
            delete_while_listing: 1,
            ..Faults::default()
        }
        .with_sourcecraft(SourceCraftFaults {
            conflict: ConflictAnswer::Gateway,
            slugs_taken_mid_run: vec!["beta".to_owned(), "gamma".to_owned()],
            ..Default::default()
        })
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                states: GitCodeStates::VerbsIgnoringOthers,
                no_totals: true,
                ..Default::default()
            }
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn on_sourcecraft_the_copy_under_our_slug_is_the_one_kept() {
    let sandbox = sandbox(Faults::default()).await;
    mileport(
        &sandbox,
        &["migrate", "gitcode:odd/source", "sourcecraft:odd/target"],
    )
    .await
    .success();
    // An older copy of "Release 1" under another slug, placed first.
    let mut copy = sandbox
        .sourcecraft_milestones("odd/target")
        .into_iter()
        .find(|m| m.slug.as_deref() == Some("release-1"))
        .unwrap();
    copy.slug = Some("release-1-copy".to_owned());
    copy.id = None;
    copy.created_at = Some("2020-01-01T00:00:00Z".to_owned());
    let mut seed = SeedData::default();
    seed.sourcecraft()
        .milestones
        .insert("odd/target".to_owned(), vec![copy]);
    sandbox.seed(seed);

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:odd/source",
            "sourcecraft:odd/target",
            "--remove-duplicates",
        ],
    )
    .await;
    run.success();
    assert!(
        run.stderr
            .contains("removed duplicate(s) of \"Release 1\": release-1-copy (kept release-1)"),
        "{}",
        run.stderr
    );
    let slugs: Vec<String> = sandbox
        .sourcecraft_milestones("odd/target")
        .into_iter()
        .filter_map(|m| m.slug)
        .collect();
    assert_eq!(slugs.len(), 6);
    assert!(slugs.contains(&"release-1".to_owned()), "{slugs:?}");
}
