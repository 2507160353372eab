//! SourceCraft's labels against the sandbox over loopback HTTP: every page
//! read with explicit nulls kept, hostile names written and read back as
//! they were, colours in one form, a create whose answer is lost found by
//! its slug and never sent twice, and a slug taken by another label left
//! untouched; then migrations through the binary, from GitHub and back,
//! whose re-runs write nothing.

use mileport::provider::Token;
use mileport::{
    backup::read_rest,
    files::open_backup_of,
    forge::{Mapper, Reading, WriteContext, Writing},
    net::connection::Connection,
    provider::RepoRef,
    providers::{
        github::client as github,
        github::labels::GitHubLabels,
        sourcecraft::client::types::Label,
        sourcecraft::{SourceCraftRepo, labels::SourceCraftLabels},
    },
    record::{Colour, Kind},
    sandbox::{Faults, Sandbox, SeedData, default_token},
};
use serde_json::{Value, json};

use crate::{
    run_snapshot,
    support::{mileport, quick_options, start_sandbox, writes},
};

const REPO: &str = "o/r";

const CREATE_ROUTE: &str = "sourcecraft POST /repos/{org_slug}/{repo_slug}/labels";

const HOSTILE: [&str; 6] = [
    "help wanted",
    "area/ui",
    "🐛 bug",
    "优先级: 高",
    "50%",
    "=cmd|' /C calc'!A0",
];

async fn sandbox_with(labels: Vec<Label>, faults: Faults) -> Sandbox {
    let mut seed = SeedData::default().with_repos(&["sourcecraft:o/r"]);
    seed.sourcecraft().labels.insert(REPO.to_owned(), labels);
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(faults);
    sandbox
}

fn repo(sandbox: &Sandbox) -> SourceCraftRepo {
    let provider = mileport::providers::sourcecraft::PROVIDER;
    let token = Token::new(default_token(provider));
    let connection = Connection::new(provider, &sandbox.url(provider), "test", token).unwrap();
    let repo: RepoRef = format!("sourcecraft:{REPO}").parse().unwrap();
    SourceCraftLabels::connect(&connection, &repo, &quick_options()).unwrap()
}

fn label(value: Value) -> Label {
    serde_json::from_value(value).unwrap()
}

/// What a migration from GitHub writes for these labels (name, colour).
fn from_github(
    labels: &[(&str, Option<&str>)],
) -> Vec<mileport::providers::sourcecraft::labels::SourceCraftLabelFields> {
    let records = labels
        .iter()
        .map(|(name, color)| {
            let label: github::types::Label =
                serde_json::from_value(json!({"name": name, "color": color})).unwrap();
            GitHubLabels::to_record(&label, None).unwrap()
        })
        .collect();
    let mapping = SourceCraftLabels::map_records(records, &Default::default());
    assert!(mapping.errors.is_empty(), "{:?}", mapping.errors);
    mapping.mapped.into_iter().map(|m| m.target).collect()
}

async fn listed(repo: &SourceCraftRepo) -> Vec<Label> {
    SourceCraftLabels::list(repo, &mut |_| {}).await.unwrap().0
}

#[tokio::test]
async fn every_page_is_read_and_an_explicit_null_stays_null() {
    let seeded: Vec<Label> = (1..=230)
        .map(|n| label(json!({"name": format!("label {n}"), "slug": format!("label-{n}"), "color": "#D73A4A"})))
        .collect();
    let sandbox = sandbox_with(seeded, Faults::default()).await;
    let mut pages = Vec::new();
    let (labels, warnings) = SourceCraftLabels::list(&repo(&sandbox), &mut |n| pages.push(n))
        .await
        .unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    // Several pages and no total: read twice, kept once both agree.
    assert_eq!(pages, [100, 200, 230, 100, 200, 230]);
    let slugs: Vec<&str> = labels.iter().filter_map(|l| l.slug.as_deref()).collect();
    let wanted: Vec<String> = (1..=230).map(|n| format!("label-{n}")).collect();
    assert_eq!(slugs, wanted);
    // The sandbox sends `updated_by: null` until a label is updated.
    let first = serde_json::to_value(&labels[0]).unwrap();
    assert_eq!(first.get("updated_by"), Some(&Value::Null), "{first}");
    let record = SourceCraftLabels::to_record(&labels[0], None).unwrap();
    assert_eq!(record.colour.unwrap().hash_hex(), "#d73a4a");
}

#[tokio::test]
async fn hostile_names_are_written_and_read_back_as_they_were() {
    let sandbox = sandbox_with(Vec::new(), Faults::default()).await;
    let repo = repo(&sandbox);
    let mut wanted: Vec<(&str, Option<&str>)> =
        HOSTILE.iter().map(|name| (*name, Some("D73A4A"))).collect();
    wanted.push(("no colour", None));
    let fields = from_github(&wanted);
    let context = WriteContext::new(None, []);
    for fields in &fields {
        let slug = SourceCraftLabels::create(&repo, fields, &context)
            .await
            .unwrap();
        assert_eq!(&slug, &fields.slug);
    }
    let labels = listed(&repo).await;
    let names: Vec<&str> = labels.iter().filter_map(|l| l.name.as_deref()).collect();
    let expected: Vec<&str> = wanted.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, expected);
    for (label, fields) in labels.iter().zip(&fields) {
        assert_eq!(label.slug.as_deref(), Some(fields.slug.as_str()));
        assert!(
            SourceCraftLabels::changes(label, fields).is_empty(),
            "{label:?}"
        );
    }
    assert_eq!(labels[0].color.as_deref(), Some("#d73a4a"));
    // No colour sent: SourceCraft's grey, and nothing to change on a re-run.
    assert_eq!(labels[HOSTILE.len()].color.as_deref(), Some("#808080"));
}

#[tokio::test]
async fn a_create_whose_answer_is_lost_is_found_by_its_slug_and_not_sent_again() {
    let faults = Faults {
        drop_after_commit: 1.0,
        ..Faults::default()
    };
    let sandbox = sandbox_with(Vec::new(), faults).await;
    let repo = repo(&sandbox);
    let fields = from_github(&[("🐛 bug", Some("#FFAA00"))]);
    let context = WriteContext::new(None, []);
    let slug = SourceCraftLabels::create(&repo, &fields[0], &context)
        .await
        .unwrap();
    assert_eq!(slug, "bug-bug");
    let stored = sandbox.sourcecraft_labels(REPO);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].color.as_deref(), Some("#ffaa00"));
    assert_eq!(
        sandbox.stats().labels_created[&mileport::providers::sourcecraft::PROVIDER],
        1
    );
    let posts = sandbox.stats().routes.get(CREATE_ROUTE).copied();
    assert_eq!(posts, Some(1), "{:?}", sandbox.stats().routes);
}

#[tokio::test]
async fn a_slug_taken_by_another_label_is_left_untouched() {
    let theirs = label(json!({"name": "Bug", "slug": "bug", "color": "#000000"}));
    let sandbox = sandbox_with(vec![theirs], Faults::default()).await;
    let repo = repo(&sandbox);
    let fields = from_github(&[("bug", Some("ffffff"))]);
    let context = WriteContext::new(None, []);
    let error = SourceCraftLabels::create(&repo, &fields[0], &context)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("\"bug\"") && error.contains("taken"),
        "{error}"
    );
    let stored = sandbox.sourcecraft_labels(REPO);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].name.as_deref(), Some("Bug"));
    assert_eq!(stored[0].color.as_deref(), Some("#000000"));
}

/// GitHub labels in `o/src`: hostile names, a colour in capitals, one
/// with a description (which SourceCraft cannot hold).
fn github_labels() -> Vec<github::types::Label> {
    let mut labels: Vec<github::types::Label> = HOSTILE
        .iter()
        .enumerate()
        .map(|(n, name)| {
            serde_json::from_value(json!({
                "id": n + 1, "name": name, "color": if n == 0 { "D73A4A" } else { "a2eeef" },
                "description": null, "default": false,
            }))
            .unwrap()
        })
        .collect();
    labels.push(
        serde_json::from_value(json!({"id": 99, "name": "docs", "color": "0075ca",
                                      "description": "Improvements to documentation"}))
        .unwrap(),
    );
    labels
}

async fn sandbox_for_migrations(faults: Faults) -> Sandbox {
    let mut seed =
        SeedData::default().with_repos(&["github:o/src", "github:o/back", "sourcecraft:o/dst"]);
    seed.github()
        .labels
        .insert("o/src".to_owned(), github_labels());
    seed.github().labels.insert("o/back".to_owned(), Vec::new());
    seed.sourcecraft()
        .labels
        .insert("o/dst".to_owned(), Vec::new());
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(faults);
    sandbox
}

/// (name, colour as a colour) of every label, sorted.
fn held<'a>(labels: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    let mut held: Vec<(String, String)> = labels
        .map(|(name, color)| (name.to_owned(), Colour::parse(color).unwrap().hex()))
        .collect();
    held.sort();
    held
}

#[tokio::test(flavor = "multi_thread")]
async fn labels_migrate_from_github_to_sourcecraft_and_back_and_a_rerun_writes_nothing() {
    let sandbox = sandbox_for_migrations(Faults::default()).await;
    let there = [
        "migrate",
        "github:o/src",
        "sourcecraft:o/dst",
        "--only",
        "labels",
    ];
    let run = mileport(&sandbox, &there).await;
    run_snapshot!("sourcecraft_labels_from_github", run);
    let stored = sandbox.sourcecraft_labels("o/dst");
    let mut slugs: Vec<&str> = stored.iter().filter_map(|l| l.slug.as_deref()).collect();
    slugs.sort_unstable();
    let wanted_slugs = [
        "50",
        "area-ui",
        "bug-bug",
        "cmd-c-calc-a0",
        "docs",
        "help-wanted",
        "you-xian-ji-gao",
    ];
    assert_eq!(slugs, wanted_slugs);
    assert!(
        stored
            .iter()
            .all(|l| l.color.as_deref().is_some_and(|c| c.starts_with('#')))
    );
    let source = github_labels();
    let wanted = held(
        source
            .iter()
            .map(|l| (l.name.as_str(), l.color.as_deref().unwrap())),
    );
    let on_sourcecraft = held(
        stored
            .iter()
            .map(|l| (l.name.as_deref().unwrap(), l.color.as_deref().unwrap())),
    );
    assert_eq!(on_sourcecraft, wanted);

    let before = writes(&sandbox);
    let again = mileport(&sandbox, &there).await;
    assert_eq!(again.code, run.code, "{}", again.stderr);
    assert_eq!(
        writes(&sandbox),
        before,
        "a re-run writes nothing: {}",
        again.stderr
    );

    let check = [
        "check",
        "github:o/src",
        "sourcecraft:o/dst",
        "--only",
        "labels",
    ];
    let checked = mileport(&sandbox, &check).await;
    assert_eq!(checked.code, 0, "{}", checked.snapshot());

    let back = [
        "migrate",
        "sourcecraft:o/dst",
        "github:o/back",
        "--only",
        "labels",
    ];
    let run = mileport(&sandbox, &back).await;
    run_snapshot!("github_labels_from_sourcecraft", run);
    let returned = sandbox.github_labels("o/back");
    assert_eq!(
        held(
            returned
                .iter()
                .map(|l| (l.name.as_str(), l.color.as_deref().unwrap()))
        ),
        wanted
    );
    assert!(
        returned
            .iter()
            .all(|l| !l.color.as_deref().unwrap().starts_with('#'))
    );
    let before = writes(&sandbox);
    let again = mileport(&sandbox, &back).await;
    again.success();
    assert_eq!(
        writes(&sandbox),
        before,
        "a re-run writes nothing: {}",
        again.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_label_create_whose_answer_is_dropped_still_yields_one_label() {
    let faults = Faults {
        drop_after_commit: 1.0,
        ..Faults::default()
    };
    let sandbox = sandbox_for_migrations(faults).await;
    let there = [
        "migrate",
        "github:o/src",
        "sourcecraft:o/dst",
        "--only",
        "labels",
    ];
    let run = mileport(&sandbox, &there).await;
    run.success();
    let count = github_labels().len();
    let stored = sandbox.sourcecraft_labels("o/dst");
    assert_eq!(stored.len(), count, "{}", run.stderr);
    let posts = sandbox.stats().routes.get(CREATE_ROUTE).copied();
    assert_eq!(
        posts,
        Some(count as u64),
        "each create sent once: {}",
        run.stderr
    );
    assert_eq!(
        sandbox.stats().labels_created[&mileport::providers::sourcecraft::PROVIDER],
        count as u64
    );
    sandbox.set_faults(Faults::default());
    let before = writes(&sandbox);
    let again = mileport(&sandbox, &there).await;
    again.success();
    assert_eq!(writes(&sandbox), before, "{}", again.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn labels_that_cannot_be_migrated_stop_the_run_before_any_write() {
    let mut seed = SeedData::default().with_repos(&["github:o/src", "sourcecraft:o/dst"]);
    let clashing: Vec<github::types::Label> = ["Bug", "bug!", "question"]
        .iter()
        .map(|name| serde_json::from_value(json!({"name": name, "color": "d73a4a"})).unwrap())
        .collect();
    seed.github().labels.insert("o/src".to_owned(), clashing);
    let bad_colour = label(json!({"name": "wontfix", "slug": "wontfix", "color": "red"}));
    seed.sourcecraft()
        .labels
        .insert("o/dst".to_owned(), vec![bad_colour]);
    let sandbox = start_sandbox(seed).await;

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "github:o/src",
            "sourcecraft:o/dst",
            "--only",
            "labels",
        ],
    )
    .await;
    run_snapshot!("sourcecraft_labels_with_one_slug", run);
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "sourcecraft:o/dst",
            "github:o/src",
            "--only",
            "labels",
        ],
    )
    .await;
    run_snapshot!("sourcecraft_label_with_an_unreadable_colour", run);
    assert_eq!(writes(&sandbox), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_keeps_every_label_field_as_sourcecraft_sent_it() {
    let seeded = vec![
        label(json!({"name": "🐛 bug", "slug": "bug", "color": "#D73A4A",
                     "author": {"id": "u1", "slug": "ann", "avatar": null,
                                "karma": 12345678901234567890u64},
                     "weight": "007", "flags": [1, null, {"x": true}]})),
        label(json!({"name": "=1+1", "slug": "formula", "color": "fff",
                     "note": "line\nbreak\t\"quoted\""})),
        label(json!({"name": "优先级: 高", "slug": "priority-high"})),
    ];
    let sandbox = sandbox_with(seeded, Faults::default()).await;
    let wire: Value = crate::support::http_client()
        .get(format!("{}/repos/{REPO}/labels", sandbox.sourcecraft_url()))
        .bearer_auth(default_token(mileport::providers::sourcecraft::PROVIDER))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for name in ["labels.json", "labels.csv"] {
        let path = dir.path().join(name);
        let output = path.to_str().unwrap();
        let args = [
            "export",
            "sourcecraft:o/r",
            "--only",
            "labels",
            "--output",
            output,
        ];
        mileport(&sandbox, &args).await.success();
        let backup =
            read_rest::<SourceCraftLabels>(open_backup_of(&path, None, Kind::Labels).unwrap())
                .unwrap();
        let kept: Vec<Value> = backup
            .milestones
            .iter()
            .map(|label| serde_json::to_value(&label.milestone).unwrap())
            .collect();
        assert_eq!(Value::Array(kept), wire["items"], "{name}");
    }
}
