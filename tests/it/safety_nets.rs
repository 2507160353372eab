//! Safety nets for operators, through the binary against the sandbox: an
//! owner export that would replace another source's backups is refused.

use mileport::{providers::generated::gitcode, sandbox::SeedData};
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
    seed.gitcode
        .insert("acme/site".into(), gitcode_milestones("site", 2));
    seed.gitcode
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
