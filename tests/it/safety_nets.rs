//! Safety nets for operators, through the binary against the sandbox: an
//! owner export that would replace another source's backups is refused,
//! `check --ignore-extra` for targets that held milestones before, and a
//! backup file checked against the repository it was restored into.

use mileport::{
    providers::{gitcode::client as gitcode, sourcecraft::client as sourcecraft},
    sandbox::SeedData,
};
use serde_json::json;

use crate::{
    run_snapshot,
    support::{mileport, start_sandbox},
};

/// `count` GitCode milestones of repository `repo`, the last one closed.
fn gitcode_milestones(repo: &str, count: i64) -> Vec<gitcode::types::Milestone> {
    (1..=count)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "title": format!("{repo} step {n}"),
                "description": format!("milestone {n} of {repo}"),
                "state": if n == count { "closed" } else { "active" },
                "due_on": format!("2026-{:02}-{:02}", n + 1, n + 1),
            }))
            .unwrap()
        })
        .collect()
}

fn owner_seed() -> SeedData {
    let mut seed = SeedData::default().with_repos(&["github:acme/site"]);
    seed.gitcode()
        .milestones
        .insert("acme/site".into(), gitcode_milestones("site", 2));
    seed.gitcode()
        .milestones
        .insert("other/site".into(), gitcode_milestones("other", 1));
    seed
}

#[tokio::test]
async fn an_owner_export_never_replaces_another_sources_backups() {
    let sandbox = start_sandbox(owner_seed()).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let export = |source: &'static str, more: &'static [&'static str]| {
        let mut args = vec!["export", source, "--output-dir", out];
        args.extend(more);
        let sandbox = &sandbox;
        async move { mileport(sandbox, &args).await }
    };
    export("gitcode:acme", &[]).await.success();
    let first = std::fs::read(dir.path().join("site.json")).unwrap();

    let sent = sandbox.stats().total();
    let refused = export("github:acme", &[]).await;
    run_snapshot!(refused, @r"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    mileport: [TMP]/site.json holds backups of gitcode:acme, not of github:acme; nothing was written: export github:acme to another directory, or add --overwrite to replace them
    ");
    let other_owner = export("gitcode:other", &[]).await;
    assert_eq!(other_owner.code, 2, "{}", other_owner.stderr);
    assert!(
        other_owner.stderr.contains("holds backups of gitcode:acme"),
        "{}",
        other_owner.stderr
    );
    assert_eq!(sandbox.stats().total(), sent, "no request was sent");
    assert_eq!(std::fs::read(dir.path().join("site.json")).unwrap(), first);

    // The same source again updates its backups in place.
    export("gitcode:acme", &[]).await.success();
    export("github:acme", &["--overwrite"]).await.success();
    let replaced = std::fs::read_to_string(dir.path().join("site.json")).unwrap();
    assert!(replaced.contains("\"provider\": \"github\""), "{replaced}");
}

#[tokio::test]
async fn a_csv_backup_is_known_by_its_provider() {
    let sandbox = start_sandbox(owner_seed()).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let csv = ["--format", "csv"];
    let run = |source: &'static str| {
        let args = [&["export", source, "--output-dir", out][..], &csv].concat();
        let sandbox = &sandbox;
        async move { mileport(sandbox, &args).await }
    };
    run("gitcode:acme").await.success();
    let refused = run("github:acme").await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("site.csv holds backups of gitcode, not of github:acme"),
        "{}",
        refused.stderr
    );
    // A CSV backup does not name its owner: another GitCode owner may write.
    run("gitcode:other").await.success();
}

/// A SourceCraft milestone with a deadline, open.
fn sourcecraft_milestone(name: &str, slug: &str) -> sourcecraft::types::Milestone {
    serde_json::from_value(json!({
        "id": format!("id-{slug}"),
        "name": name,
        "slug": slug,
        "description": format!("{name}, from SourceCraft"),
        "deadline": "2026-05-01T00:00:00Z",
        "status": "open",
    }))
    .unwrap()
}

#[tokio::test]
async fn check_ignore_extra_lists_what_only_the_target_holds_without_failing() {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("acme/site".into(), gitcode_milestones("site", 2));
    seed.sourcecraft().milestones.insert(
        "acme/site".into(),
        vec![sourcecraft_milestone("Held before", "held-before")],
    );
    let sandbox = start_sandbox(seed).await;
    mileport(
        &sandbox,
        &["migrate", "gitcode:acme/site", "sourcecraft:acme/site"],
    )
    .await
    .success();

    let pair = ["check", "gitcode:acme/site", "sourcecraft:acme/site"];
    let strict = mileport(&sandbox, &pair).await;
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    let ignoring = mileport(&sandbox, &[&pair[..], &["--ignore-extra", "-q"]].concat()).await;
    run_snapshot!(ignoring, @r#"
    exit: 0
    ----- stdout -----
    MILESTONE                  FIELD  SOURCE (MAPPED)  TARGET
    Held before [held-before]  -      missing          present
    0 differences: 0 missing on the target, 0 differing, 1 only on the target (ignored), 2 equal
    gitcode:acme/site and sourcecraft:acme/site agree: 0 labels, no differences
    ----- stderr -----
    "#);
    let json = mileport(
        &sandbox,
        &[&pair[..], &["--ignore-extra", "--json"]].concat(),
    )
    .await;
    json.success();
    let document = crate::support::json_document(&json.stdout);
    assert_eq!(document["equal"], true);
    let check = &document["pairs"][0]["check"];
    assert_eq!(check["only_on_target"], 1);
    assert_eq!(check["differences"][0]["kind"], "only_on_target");

    let owners = [
        "check",
        "gitcode:acme",
        "sourcecraft:acme",
        "--ignore-extra",
    ];
    let batch = mileport(&sandbox, &owners).await;
    batch.success();
    assert!(batch.stdout.contains("Held before"), "{}", batch.stdout);
    assert!(
        batch
            .stdout
            .contains("checked 1 repository: 1 equal, 0 with differences (0 differences)"),
        "{}",
        batch.stdout
    );
    assert_eq!(mileport(&sandbox, &owners[..3]).await.code, 1);

    // Anything else that differs still fails the check.
    let mut edited = gitcode_milestones("site", 2);
    edited[0].title = "site step one".into();
    let mut seed = SeedData::default();
    seed.gitcode().milestones.insert("acme/site".into(), edited);
    seed.sourcecraft().milestones.insert(
        "acme/site".into(),
        sandbox.sourcecraft_milestones("acme/site"),
    );
    let changed = start_sandbox(seed).await;
    let run = mileport(&changed, &[&pair[..], &["--ignore-extra"]].concat()).await;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("site step one"), "{}", run.stdout);
}

#[tokio::test]
async fn a_backup_checked_against_the_repository_it_was_restored_into() {
    let mut seed = SeedData::default().with_repos(&["gitcode:acme/restored"]);
    seed.sourcecraft().milestones.insert(
        "acme/site".into(),
        vec![
            sourcecraft_milestone("Alpha", "alpha"),
            sourcecraft_milestone("Beta", "beta"),
        ],
    );
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("site.json");
    let backup = backup.to_str().unwrap();
    mileport(
        &sandbox,
        &["export", "sourcecraft:acme/site", "--output", backup],
    )
    .await
    .success();
    mileport(&sandbox, &["import", backup, "gitcode:acme/restored"])
        .await
        .success();

    let check = ["check", backup, "gitcode:acme/restored"];
    let agreed = mileport(&sandbox, &check).await;
    run_snapshot!(agreed, @r#"
    exit: 0
    ----- stdout -----
    [TMP]/site.json and gitcode:acme/restored agree: 2 milestones, no differences
    [TMP]/site.json and gitcode:acme/restored agree: 0 labels, no differences
    ----- stderr -----
    read 2 SourceCraft milestones (2 open, 0 closed) from [TMP]/site.json and 2 milestones (2 open, 0 closed) from gitcode:acme/restored
    read 0 SourceCraft labels from [TMP]/site.json and 0 labels from gitcode:acme/restored
    "#);

    let held = json!(sandbox.gitcode_milestones("acme/restored")[0]);
    let number = &held["number"];
    let edited = crate::support::http_client()
        .patch(format!(
            "{}/repos/acme/restored/milestones/{number}",
            sandbox.gitcode_url()
        ))
        .bearer_auth(mileport::sandbox::default_token(
            mileport::providers::gitcode::PROVIDER,
        ))
        .json(&json!({
            "title": held["title"],
            "due_on": held["due_on"],
            "description": "edited on the target",
        }))
        .send()
        .await
        .unwrap();
    assert!(edited.status().is_success(), "{}", edited.status());
    let differs = mileport(&sandbox, &[&check[..], &["-q"]].concat()).await;
    assert_eq!(differs.code, 1, "{}", differs.stderr);
    assert!(differs.stdout.contains("description"), "{}", differs.stdout);
    assert!(
        differs.stdout.contains("edited on the target"),
        "{}",
        differs.stdout
    );
    assert!(
        differs
            .stdout
            .contains("1 differences: 0 missing on the target, 1 differing")
    );

    // A damaged backup is refused before any request; so is an owner.
    let sent = sandbox.stats().total();
    let damaged = dir.path().join("damaged.csv");
    std::fs::write(
        &damaged,
        "number,title,description,state,due_on\n1,a,,paused,2025-01-01\n",
    )
    .unwrap();
    let bad = mileport(
        &sandbox,
        &["check", damaged.to_str().unwrap(), "gitcode:acme/restored"],
    )
    .await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("damaged.csv:2: field `state`"),
        "{}",
        bad.stderr
    );
    let owner = mileport(&sandbox, &["check", backup, "gitcode:acme"]).await;
    assert_eq!(owner.code, 2, "{}", owner.stderr);
    assert!(
        owner.stderr.contains("name one target repository"),
        "{}",
        owner.stderr
    );
    assert_eq!(sandbox.stats().total(), sent);
}
