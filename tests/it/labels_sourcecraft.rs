//! SourceCraft's labels against the sandbox over loopback HTTP: every page
//! read with explicit nulls kept, hostile names written and read back as
//! they were, colours in one form, a create whose answer is lost found by
//! its slug and never sent twice, and a slug taken by another label left
//! untouched.

use mileport::{
    forge::{Mapper, Reading, Writing},
    pipeline::write::WriteContext,
    providers::{
        Provider, RepoRef,
        connection::{Connection, Token},
        generated::{github, sourcecraft::types::Label},
        github::labels::GitHubLabels,
        sourcecraft::{SourceCraftRepo, labels::SourceCraftLabels},
    },
    sandbox::{Faults, Sandbox, SeedData, default_token},
};
use serde_json::{Value, json};

use crate::support::{quick_options, start_sandbox};

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
    let provider = Provider::SourceCraft;
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
    assert_eq!(sandbox.stats().labels_created[&Provider::SourceCraft], 1);
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
