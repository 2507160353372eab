//! Many repositories in one run, through the binary against the sandbox:
//! whole owners exported and migrated (a listing of more than one page, a
//! GitCode user), target repositories missing with and without
//! `--skip-missing`, pairs files with mixed directions and bad lines, a
//! failing pair among good ones, a re-run that writes nothing, `check` over
//! many pairs, and the combined report.

use std::collections::BTreeMap;

use mileport::{
    providers::{gitcode::client as gitcode, sourcecraft::client as sourcecraft},
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::{Value, json};

use crate::support::{mileport, read_any, start_sandbox, writes};

/// `count` GitCode milestones of repository `repo`, the last one closed.
fn gitcode_milestones(repo: &str, count: i64) -> Vec<gitcode::types::Milestone> {
    (1..=count)
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "title": format!("{repo} step {n}"),
                "description": format!("milestone {n} of {repo}"),
                "state": if n == count { "closed" } else { "active" },
                "due_on": format!("2026-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
            }))
            .unwrap()
        })
        .collect()
}

/// A SourceCraft milestone with a deadline, open.
fn sourcecraft_milestone(name: &str, slug: &str) -> sourcecraft::types::Milestone {
    serde_json::from_value(json!({
        "id": format!("id-{slug}"),
        "name": name,
        "slug": slug,
        "description": "from SourceCraft",
        "deadline": "2026-05-01T00:00:00Z",
        "status": "open",
    }))
    .unwrap()
}

fn json_of(stdout: &str) -> Value {
    crate::support::json_document(stdout)
}

/// Checks that the totals of a batch report are the sums of its pairs.
fn assert_totals_add_up(report: &Value) {
    let pairs = report["pairs"].as_array().unwrap();
    let totals = &report["totals"];
    assert_eq!(totals["pairs"], pairs.len());
    for field in [
        "milestones",
        "created",
        "updated",
        "unchanged",
        "failed",
        "not_started",
    ] {
        let sum: u64 = pairs.iter().map(|p| p[field].as_u64().unwrap()).sum();
        assert_eq!(totals[field], sum, "{field}: {report}");
    }
    for (field, status) in [
        ("done", "done"),
        ("failed_pairs", "failed"),
        ("missing", "missing"),
        ("stopped", "stopped"),
        ("not_started_pairs", "not_started"),
    ] {
        let count = pairs.iter().filter(|p| p["status"] == status).count();
        assert_eq!(totals[field], count, "{field}: {report}");
    }
}

/// `big`: 105 repositories (more than a page of 100) of two milestones
/// each on GitCode, and the same names, empty, on SourceCraft.
async fn big_owner() -> Sandbox {
    let names: Vec<String> = (0..105).map(|n| format!("repo-{n:03}")).collect();
    let mut seed = SeedData::default();
    for name in &names {
        seed.gitcode()
            .milestones
            .insert(format!("big/{name}"), gitcode_milestones(name, 2));
        seed.sourcecraft()
            .milestones
            .insert(format!("big/{name}"), Vec::new());
    }
    start_sandbox(seed).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_owner_of_more_than_a_page_is_exported_then_migrated_then_left_alone() {
    let sandbox = big_owner().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("backups");
    let out_text = out.to_str().unwrap();

    let export = mileport(
        &sandbox,
        &["export", "gitcode:big", "--output-dir", out_text],
    )
    .await;
    export.success();
    assert_eq!(
        export.stdout.trim(),
        format!(
            "exported 105 repositories (210 milestones, 0 labels) of gitcode:big to {out_text}"
        )
    );
    // Every file there, nothing else (no temporary file left behind).
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let expected: Vec<String> = (0..105).map(|n| format!("repo-{n:03}.json")).collect();
    assert_eq!(files, expected);
    let bytes = std::fs::read(out.join("repo-104.json")).unwrap();
    let document: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(document["repository"], "big/repo-104");
    assert_eq!(document["milestones"][1]["title"], "repo-104 step 2");
    assert_eq!(document["milestones"][1]["state"], "closed");
    let (provider, count) = read_any(&bytes, "repo-104.json", None).unwrap();
    assert_eq!((provider.id(), count), ("gitcode", 2));

    let migrate = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:big",
            "sourcecraft:big",
            "--repos-in-flight",
            "8",
            "--json",
        ],
    )
    .await;
    migrate.success();
    let report = json_of(&migrate.stdout);
    assert_totals_add_up(&report);
    assert_eq!(report["totals"]["done"], 105);
    assert_eq!(report["totals"]["created"], 210);
    assert_eq!(
        report["pairs"][0]["report"]["milestones"][0]["result"],
        "created"
    );
    for n in [0, 57, 104] {
        let milestones = sandbox.sourcecraft_milestones(&format!("big/repo-{n:03}"));
        assert_eq!(milestones.len(), 2, "repo-{n:03}");
        // Created concurrently: found by name, not by place.
        let second = milestones
            .iter()
            .find(|m| m.name.as_deref() == Some(format!("repo-{n:03} step 2").as_str()))
            .unwrap();
        assert_eq!(
            second.status.as_ref().map(ToString::to_string),
            Some("closed".to_owned())
        );
    }

    // The same batch again: every pair unchanged, nothing written.
    let before = writes(&sandbox);
    let again = mileport(&sandbox, &["migrate", "gitcode:big", "sourcecraft:big"]).await;
    again.success();
    assert_eq!(writes(&sandbox), before, "{}", again.stdout);
    assert!(
        again.stdout.contains(
            "105 repositories: 105 done; milestones: created 0, updated 0, unchanged 210, failed 0\n"
        ),
        "{}",
        again.stdout
    );
    let check = mileport(&sandbox, &["check", "gitcode:big", "sourcecraft:big"]).await;
    check.success();
    assert_eq!(
        check.stdout.trim(),
        "checked 105 repositories: 105 equal, 0 with differences (0 differences)\n\
         labels: checked 105 repositories: 105 equal, 0 with differences (0 differences)"
    );
}

#[tokio::test]
async fn a_gitcode_user_is_migrated_as_an_owner() {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("alice/notes".into(), gitcode_milestones("notes", 3));
    seed.gitcode()
        .milestones
        .insert("alice/dot.files".into(), gitcode_milestones("dot", 1));
    seed.sourcecraft()
        .milestones
        .insert("team/notes".into(), Vec::new());
    seed.sourcecraft()
        .milestones
        .insert("team/dot.files".into(), Vec::new());
    seed.gitcode().users.insert("alice".into());
    let sandbox = start_sandbox(seed).await;
    let run = mileport(&sandbox, &["migrate", "gitcode:alice", "sourcecraft:team"]).await;
    run.success();
    assert_eq!(
        run.stdout,
        "gitcode:alice/dot.files -> sourcecraft:team/dot.files: created 1, updated 0, unchanged 0, failed 0\n\
         gitcode:alice/notes -> sourcecraft:team/notes: created 3, updated 0, unchanged 0, failed 0\n\
         2 repositories: 2 done; milestones: created 4, updated 0, unchanged 0, failed 0\n\
         gitcode:alice/dot.files -> sourcecraft:team/dot.files: created 0, updated 0, unchanged 0, failed 0\n\
         gitcode:alice/notes -> sourcecraft:team/notes: created 0, updated 0, unchanged 0, failed 0\n\
         2 repositories: 2 done; labels: created 0, updated 0, unchanged 0, failed 0\n"
    );
    assert_eq!(sandbox.sourcecraft_milestones("team/notes").len(), 3);
}

/// GitCode `acme` has site, Docs and tools; SourceCraft `acme` has site and docs.
pub(crate) async fn owners_with_missing_targets() -> Sandbox {
    let mut seed = SeedData::default();
    for name in ["site", "Docs", "tools"] {
        seed.gitcode()
            .milestones
            .insert(format!("acme/{name}"), gitcode_milestones(name, 2));
    }
    for name in ["site", "docs"] {
        seed.sourcecraft()
            .milestones
            .insert(format!("acme/{name}"), Vec::new());
    }
    start_sandbox(seed).await
}

#[tokio::test]
async fn missing_target_repositories_are_all_named_before_any_write() {
    let sandbox = owners_with_missing_targets().await;
    let run = mileport(&sandbox, &["migrate", "gitcode:acme", "sourcecraft:acme"]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "gitcode:acme/Docs: sourcecraft:acme has no repository `Docs` (it has `docs`, which differs only in letter case)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("gitcode:acme/tools: sourcecraft:acme has no repository `tools`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--skip-missing"), "{}", run.stderr);
    assert_eq!(writes(&sandbox), 0);
    assert!(sandbox.sourcecraft_milestones("acme/site").is_empty());

    // check names them as missing, beside the pair it could compare.
    let check = mileport(&sandbox, &["check", "gitcode:acme", "sourcecraft:acme"]).await;
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("missing: gitcode:acme/tools: sourcecraft:acme has no repository `tools`\n"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains(
            "checked 3 repositories: 0 equal, 1 with differences (2 differences), 2 missing on the target\n"
        ),
        "{}",
        check.stdout
    );
}

#[tokio::test]
async fn skip_missing_migrates_the_others_and_names_the_skipped() {
    let sandbox = owners_with_missing_targets().await;
    let dir = tempfile::tempdir().unwrap();
    let report_path = dir.path().join("acme.json");
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:acme",
            "sourcecraft:acme",
            "--skip-missing",
            "--report",
            report_path.to_str().unwrap(),
        ],
    )
    .await;
    // Skipping was asked for: the run did all it was asked.
    run.success();
    // Named once, on stderr, before anything is planned; not again.
    assert!(
        run.stderr
            .contains("skipped gitcode:acme/tools: sourcecraft:acme has no repository `tools`\n"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("acme/tools"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "3 repositories: 1 done, 2 missing on the target; milestones: created 2, updated 0, unchanged 0, failed 0\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(sandbox.sourcecraft_milestones("acme/site").len(), 2);
    assert!(sandbox.sourcecraft_milestones("acme/docs").is_empty());
    let report = crate::support::json_report(&report_path);
    assert_totals_add_up(&report);
    let docs = &report["pairs"][1];
    assert_eq!(docs["source"], "gitcode:acme/Docs");
    assert_eq!(docs["status"], "missing");
    assert_eq!(docs["similar"], "docs");
}

#[tokio::test]
async fn a_failing_repository_is_named_and_the_others_are_done() {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("acme/one".into(), gitcode_milestones("one", 1));
    seed.gitcode()
        .milestones
        .insert("acme/two".into(), gitcode_milestones("two", 3));
    seed.gitcode()
        .milestones
        .insert("acme/three".into(), gitcode_milestones("three", 1));
    for name in ["one", "two", "three"] {
        seed.sourcecraft()
            .milestones
            .insert(format!("acme/{name}"), Vec::new());
    }
    let sandbox = start_sandbox(seed).await;
    // Listings give their second milestone the first one's number: only
    // `two` has a second milestone.
    sandbox.set_faults(
        Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                duplicate_numbers: true,
                ..Default::default()
            },
        ),
    );
    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:acme", "sourcecraft:acme", "--json"],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json_of(&run.stdout);
    assert_totals_add_up(&report);
    let statuses: BTreeMap<String, String> = report["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["source"].as_str().unwrap().to_owned(),
                p["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(statuses["gitcode:acme/one"], "done");
    assert_eq!(statuses["gitcode:acme/three"], "done");
    assert_eq!(statuses["gitcode:acme/two"], "failed");
    let failed = report["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["status"] == "failed")
        .unwrap();
    assert!(
        failed["error"]["message"]
            .as_str()
            .unwrap()
            .contains("gitcode:acme/two"),
        "{failed}"
    );
    assert_eq!(
        report["failures"][0]["source"], "gitcode:acme/two",
        "{report}"
    );
    assert_eq!(sandbox.sourcecraft_milestones("acme/one").len(), 1);
    assert_eq!(sandbox.sourcecraft_milestones("acme/three").len(), 1);
    assert!(sandbox.sourcecraft_milestones("acme/two").is_empty());

    // An owner's export names the failing repository and writes the rest.
    let dir = tempfile::tempdir().unwrap();
    let export = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:acme",
            "--output-dir",
            dir.path().to_str().unwrap(),
            "--format",
            "csv",
        ],
    )
    .await;
    assert_eq!(export.code, 1, "{}", export.stderr);
    assert!(
        export.stderr.contains("failed: gitcode:acme/two: "),
        "{}",
        export.stderr
    );
    assert!(export.stdout.contains("; 1 failed"), "{}", export.stdout);
    assert!(dir.path().join("one.csv").exists());
    assert!(dir.path().join("three.csv").exists());
    assert!(!dir.path().join("two.csv").exists());
}

#[tokio::test]
async fn a_pairs_file_takes_both_directions_and_a_dry_run_prints_one_plan() {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("acme/site".into(), gitcode_milestones("site", 2));
    seed.gitcode()
        .milestones
        .insert("acme/back".into(), Vec::new());
    seed.sourcecraft()
        .milestones
        .insert("acme/site".into(), Vec::new());
    seed.sourcecraft().milestones.insert(
        "acme/api".into(),
        vec![sourcecraft_milestone("API v2", "api-v2")],
    );
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.txt");
    std::fs::write(
        &pairs,
        "# both ways\ngitcode:acme/site sourcecraft:acme/site\nsourcecraft:acme/api gitcode:acme/back  # back home\n",
    )
    .unwrap();
    let pairs_text = pairs.to_str().unwrap();
    let run = mileport(&sandbox, &["migrate", "--repos", pairs_text, "--dry-run"]).await;
    run.success();
    assert!(
        run.stdout
            .starts_with("gitcode:acme/site -> sourcecraft:acme/site\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\nsourcecraft:acme/api -> gitcode:acme/back\n  + API v2\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "dry run, nothing written: 2 repositories: 2 planned; milestones: 3 to create, 0 to update, 0 unchanged\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(writes(&sandbox), 0);

    let run = mileport(&sandbox, &["migrate", "--repos", pairs_text]).await;
    run.success();
    assert_eq!(sandbox.gitcode_milestones("acme/back").len(), 1);
    assert_eq!(sandbox.sourcecraft_milestones("acme/site").len(), 2);
    let check = mileport(&sandbox, &["check", "--repos", pairs_text]).await;
    check.success();
}

#[tokio::test]
async fn a_bad_line_in_a_pairs_file_is_named_and_nothing_is_written() {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("acme/site".into(), gitcode_milestones("site", 2));
    seed.sourcecraft()
        .milestones
        .insert("acme/site".into(), Vec::new());
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.txt");
    std::fs::write(
        &pairs,
        "gitcode:acme/site sourcecraft:acme/site\n\ngitcode:acme sourcecraft:acme/site\n",
    )
    .unwrap();
    let run = mileport(&sandbox, &["migrate", "--repos", pairs.to_str().unwrap()]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("pairs.txt:3: `gitcode:acme` names a whole owner"),
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.stats().total(), 0, "nothing was even read");
}

#[tokio::test]
async fn owners_and_repositories_do_not_mix_and_a_pairs_file_excludes_arguments() {
    let sandbox = start_sandbox(SeedData::default()).await;
    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:acme", "sourcecraft:acme/site"],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("gitcode:acme is a whole owner but sourcecraft:acme/site one repository"),
        "{}",
        run.stderr
    );
    let run = mileport(&sandbox, &["check", "--repos", "pairs.txt", "gitcode:a/b"]).await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("'--repos <FILE>' cannot be used with"),
        "{}",
        run.stderr
    );
    let run = mileport(
        &sandbox,
        &["export", "gitcode:acme", "--output", "acme.json"],
    )
    .await;
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("give --output-dir DIR"),
        "{}",
        run.stderr
    );
    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:a..b/../x", "sourcecraft:acme"],
    )
    .await;
    assert_eq!(run.code, 2);
    assert_eq!(sandbox.stats().total(), 0);
}

#[tokio::test]
async fn a_repository_exported_to_a_directory_is_named_after_it() {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("acme/site".into(), gitcode_milestones("site", 2));
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new");
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:acme/site",
            "--output-dir",
            out.to_str().unwrap(),
        ],
    )
    .await;
    run.success();
    let bytes = std::fs::read(out.join("site.json")).unwrap();
    assert_eq!(read_any(&bytes, "site.json", None).unwrap().1, 2);

    let owner = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:acme",
            "--output-dir",
            out.to_str().unwrap(),
            "--format",
            "csv",
            "--json",
        ],
    )
    .await;
    owner.success();
    let document = json_of(&owner.stdout);
    assert_eq!(document["repositories"], 1);
    assert_eq!(document["milestones"], 2);
    assert_eq!(document["format"], "csv");
    assert!(
        document["files"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("site.csv")
    );
    let bytes = std::fs::read(out.join("site.csv")).unwrap();
    assert_eq!(read_any(&bytes, "site.csv", None).unwrap().1, 2);

    let both = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:acme/site",
            "--output",
            "x.json",
            "--output-dir",
            "d",
        ],
    )
    .await;
    assert_eq!(both.code, 2);
    assert!(
        both.stderr.contains("cannot be used with"),
        "{}",
        both.stderr
    );
}

#[tokio::test]
async fn check_over_many_pairs_shows_each_difference_and_exits_three_when_nothing_was_read() {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("acme/same".into(), gitcode_milestones("same", 1));
    seed.gitcode()
        .milestones
        .insert("acme/drift".into(), gitcode_milestones("drift", 2));
    seed.sourcecraft()
        .milestones
        .insert("acme/same".into(), Vec::new());
    seed.sourcecraft()
        .milestones
        .insert("acme/drift".into(), Vec::new());
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("same.txt");
    std::fs::write(&pairs, "gitcode:acme/same sourcecraft:acme/same\n").unwrap();
    mileport(&sandbox, &["migrate", "--repos", pairs.to_str().unwrap()])
        .await
        .success();

    let check = mileport(
        &sandbox,
        &["check", "gitcode:acme", "sourcecraft:acme", "--json"],
    )
    .await;
    assert_eq!(check.code, 1, "{}", check.stderr);
    let document = json_of(&check.stdout);
    assert_eq!(document["totals"]["equal"], 1);
    assert_eq!(document["totals"]["different"], 1);
    assert_eq!(document["totals"]["differences"], 2);
    assert_eq!(document["pairs"][0]["check"]["missing"], 2);

    let broken = dir.path().join("broken.txt");
    std::fs::write(
        &broken,
        "gitcode:acme/gone sourcecraft:acme/same\ngitcode:acme/same sourcecraft:acme/gone\n",
    )
    .unwrap();
    let check = mileport(&sandbox, &["check", "--repos", broken.to_str().unwrap()]).await;
    assert_eq!(check.code, 3, "{}", check.stdout);
    assert!(
        check.stdout.ends_with(
            "checked 2 repositories: 0 equal, 0 with differences (0 differences), 2 could not be read\n"
        ),
        "{}",
        check.stdout
    );
}

#[tokio::test]
async fn a_whole_batch_run_reads_well() {
    let sandbox = owners_with_missing_targets().await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:acme",
            "sourcecraft:acme",
            "--skip-missing",
        ],
    )
    .await;
    crate::run_snapshot!("batch_migrate_owner", run);
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:acme",
            "sourcecraft:acme",
            "--skip-missing",
            "--dry-run",
        ],
    )
    .await;
    crate::run_snapshot!("batch_migrate_owner_dry_run", run);
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_stops_a_batch_and_the_report_says_what_was_done() {
    let mut seed = SeedData::default();
    for n in 0..6 {
        seed.gitcode()
            .milestones
            .insert(format!("slow/r{n}"), gitcode_milestones("r", 6));
        seed.sourcecraft()
            .milestones
            .insert(format!("slow/r{n}"), Vec::new());
    }
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(Faults {
        write_latency_ms: 150,
        ..Faults::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let report_path = dir.path().join("stopped.json");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mileport"))
        .args([
            "migrate",
            "gitcode:slow",
            "sourcecraft:slow",
            "--repos-in-flight",
            "1",
            "--concurrency",
            "1",
            "--report",
            report_path.to_str().unwrap(),
        ])
        .envs(crate::support::sandbox_env(&sandbox))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while sandbox.sourcecraft_milestones("slow/r0").is_empty() {
        assert!(std::time::Instant::now() < deadline, "no progress");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("repositories not done; run the same command again to finish"),
        "{stderr}"
    );
    let report = crate::support::json_report(&report_path);
    assert_totals_add_up(&report);
    assert_eq!(report["interrupted"], true);
    assert_eq!(report["pairs"][0]["status"], "stopped");
    assert_eq!(report["pairs"][5]["status"], "stopped");
    assert!(sandbox.sourcecraft_milestones("slow/r5").is_empty());
    // Run again: it finishes the work, each milestone once.
    sandbox.set_faults(Faults::default());
    let again = mileport(&sandbox, &["migrate", "gitcode:slow", "sourcecraft:slow"]).await;
    again.success();
    for n in 0..6 {
        assert_eq!(
            sandbox.sourcecraft_milestones(&format!("slow/r{n}")).len(),
            6
        );
    }
}

#[tokio::test]
async fn pairs_that_cannot_be_read_or_written_fail_alone() {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("acme/site".into(), gitcode_milestones("site", 2));
    seed.gitcode()
        .milestones
        .insert("acme/api".into(), gitcode_milestones("api", 1));
    seed.sourcecraft()
        .milestones
        .insert("acme/site".into(), Vec::new());
    seed.sourcecraft().missing.insert("acme/hidden".into());
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    let pairs = dir.path().join("pairs.txt");
    std::fs::write(
        &pairs,
        "gitcode:acme/gone sourcecraft:acme/site-copy\ngitcode:acme/site sourcecraft:acme/site\ngitcode:acme/api sourcecraft:acme/hidden\n",
    )
    .unwrap();
    let report_path = dir.path().join("report.md");
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "--repos",
            pairs.to_str().unwrap(),
            "--report",
            report_path.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("gitcode:acme/gone -> sourcecraft:acme/site-copy: failed: ")
            && lines[0].contains("404"),
        "{}",
        run.stdout
    );
    assert_eq!(
        lines[1],
        "gitcode:acme/site -> sourcecraft:acme/site: created 2, updated 0, unchanged 0, failed 0"
    );
    assert!(
        lines[2].starts_with("gitcode:acme/api -> sourcecraft:acme/hidden: failed: "),
        "{}",
        run.stdout
    );
    assert_eq!(
        lines[3],
        "3 repositories: 1 done, 2 failed; milestones: created 2, updated 0, unchanged 0, failed 0"
    );
    assert_eq!(sandbox.sourcecraft_milestones("acme/site").len(), 2);
    let page = std::fs::read_to_string(&report_path).unwrap();
    assert!(
        page.contains("| gitcode:acme/api | sourcecraft:acme/hidden | failed | 0 |"),
        "{page}"
    );
}

/// A GitHub organisation moved whole to SourceCraft and back up to files:
/// its repositories listed by name through GitHub's `Link` pages, each
/// paired with the SourceCraft repository of its name, and a re-run that
/// writes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn a_github_organisation_moves_whole_to_sourcecraft() {
    let mut seed = SeedData::default();
    for repo in ["site", "api", "docs"] {
        let milestones: Vec<mileport::providers::github::client::types::Milestone> = (1..=3)
            .map(|n| {
                serde_json::from_value(json!({
                    "number": n,
                    "title": format!("{repo} step {n}"),
                    "state": if n == 3 { "closed" } else { "open" },
                    "due_on": format!("2025-11-0{n}T07:00:00Z"),
                }))
                .unwrap()
            })
            .collect();
        seed.github()
            .milestones
            .insert(format!("octo/{repo}"), milestones);
        seed.sourcecraft()
            .milestones
            .insert(format!("acme/{repo}"), Vec::new());
    }
    let sandbox = start_sandbox(seed).await;
    let run = mileport(&sandbox, &["migrate", "github:octo", "sourcecraft:acme"]).await;
    run.success();
    for repo in ["site", "api", "docs"] {
        let held = sandbox.sourcecraft_milestones(&format!("acme/{repo}"));
        assert_eq!(held.len(), 3, "{repo}: {}", run.stderr);
        let mut deadlines: Vec<_> = held.iter().filter_map(|m| m.deadline.clone()).collect();
        deadlines.sort();
        assert_eq!(
            deadlines,
            [
                "2025-11-01T00:00:00Z",
                "2025-11-02T00:00:00Z",
                "2025-11-03T00:00:00Z"
            ]
        );
    }
    let before = writes(&sandbox);
    mileport(&sandbox, &["migrate", "github:octo", "sourcecraft:acme"])
        .await
        .success();
    assert_eq!(writes(&sandbox), before);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("octo");
    mileport(
        &sandbox,
        &[
            "export",
            "github:octo",
            "--output-dir",
            out.to_str().unwrap(),
        ],
    )
    .await
    .success();
    for repo in ["site", "api", "docs"] {
        let bytes = std::fs::read(out.join(format!("{repo}.json"))).unwrap();
        let (provider, count) = read_any(&bytes, repo, None).unwrap();
        assert_eq!((provider.id(), count), ("github", 3));
    }
}

/// Repositories whose names differ only in letter case each get their own
/// file where the file system tells case apart.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread")]
async fn names_differing_in_case_each_get_a_file_where_case_counts() {
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("acme/Docs".into(), gitcode_milestones("Docs", 2));
    seed.gitcode()
        .milestones
        .insert("acme/docs".into(), gitcode_milestones("docs", 3));
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    mileport(
        &sandbox,
        &[
            "export",
            "gitcode:acme",
            "--output-dir",
            dir.path().to_str().unwrap(),
        ],
    )
    .await
    .success();
    for (name, count) in [("Docs", 2), ("docs", 3)] {
        let bytes = std::fs::read(dir.path().join(format!("{name}.json"))).unwrap();
        assert_eq!(read_any(&bytes, name, None).unwrap().1, count);
    }
}
