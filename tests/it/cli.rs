//! End-to-end: the real binary against the sandbox on loopback, through
//! every command, in both directions.

use std::path::Path;

use mileport::sandbox::{Sandbox, SeedData};
use serde_json::Value;

use crate::support::{Run, mileport, read_any, start_sandbox};

fn titles_gitcode(sandbox: &Sandbox, repo: &str) -> Vec<(String, String, String, String)> {
    let mut items: Vec<_> = sandbox
        .gitcode_milestones(repo)
        .into_iter()
        .map(|m| {
            let state = if m.state.as_deref() == Some("closed") {
                "closed"
            } else {
                "open"
            };
            (
                m.title,
                m.description.unwrap_or_default(),
                m.due_on.unwrap_or_default(),
                state.to_owned(),
            )
        })
        .collect();
    items.sort();
    items
}

#[tokio::test(flavor = "multi_thread")]
async fn export_writes_both_formats() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("backup.csv");
    let json = dir.path().join("backup.json");
    let count = sandbox.gitcode_milestones("demo/roadmap").len();

    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            csv.to_str().unwrap(),
        ],
    )
    .await;
    run.success();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("number,title,description,state,due_on"),
        "{text}"
    );
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    assert_eq!(
        reader.records().count(),
        count,
        "every milestone, open and closed"
    );
    let run = mileport(&sandbox, &["validate", csv.to_str().unwrap()]).await;
    run.success();
    assert!(
        run.stdout.contains(&format!("{count} GitCode milestones")),
        "{}",
        run.stdout
    );

    mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            json.to_str().unwrap(),
        ],
    )
    .await
    .success();
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(document["provider"], "gitcode");
    assert_eq!(document["repository"], "demo/roadmap");
    let exported: Vec<mileport::providers::gitcode::client::types::Milestone> =
        serde_json::from_value(document["milestones"].clone()).unwrap();
    let mut stored = sandbox.gitcode_milestones("demo/roadmap");
    let mut exported = exported;
    stored.sort_by(|a, b| a.number.cmp(&b.number));
    exported.sort_by(|a, b| a.number.cmp(&b.number));
    assert_eq!(
        exported, stored,
        "the export holds exactly what the provider holds"
    );

    let run = mileport(
        &sandbox,
        &[
            "export",
            "sourcecraft:demo/roadmap",
            "--output",
            "-",
            "--format",
            "json",
        ],
    )
    .await;
    run.success();
    let document: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(document["provider"], "sourcecraft");

    let run = mileport(
        &sandbox,
        &["export", "gitcode:demo/roadmap", "--output", "backup.txt"],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--format"), "{}", run.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn migrate_gitcode_to_sourcecraft_and_back() {
    let sandbox = start_sandbox(
        SeedData::sample().with_repos(&["sourcecraft:acme/roadmap", "gitcode:demo/round-trip"]),
    )
    .await;
    let source = sandbox.gitcode_milestones("demo/roadmap");

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:acme/roadmap",
        ],
    )
    .await;
    run.success();
    assert!(
        run.stdout.contains(&format!(
            "created {}, updated 0, unchanged 0, failed 0",
            source.len()
        )),
        "{}",
        run.stdout
    );
    let moved = sandbox.sourcecraft_milestones("acme/roadmap");
    assert_eq!(moved.len(), source.len());
    for milestone in &source {
        let found = moved
            .iter()
            .find(|m| {
                m.name.as_deref() == Some(milestone.title.as_str())
                    && m.description == milestone.description
            })
            .unwrap_or_else(|| panic!("{} missing", milestone.title));
        let due = milestone.due_on.as_deref().unwrap();
        assert_eq!(
            found.deadline.as_deref(),
            Some(format!("{due}T00:00:00Z").as_str())
        );
        let closed = milestone.state.as_deref() == Some("closed");
        assert_eq!(
            found.status.as_deref(),
            Some(if closed { "closed" } else { "open" })
        );
    }

    // And back to a fresh GitCode repository: the round trip changes nothing.
    mileport(
        &sandbox,
        &[
            "migrate",
            "sourcecraft:acme/roadmap",
            "gitcode:demo/round-trip",
        ],
    )
    .await
    .success();
    assert_eq!(
        titles_gitcode(&sandbox, "demo/round-trip"),
        titles_gitcode(&sandbox, "demo/roadmap")
    );

    // A second run finds everything in place.
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:acme/roadmap",
        ],
    )
    .await;
    run.success();
    assert!(
        run.stdout
            .contains(&format!("created 0, updated 0, unchanged {}", source.len())),
        "{}",
        run.stdout
    );
    assert_eq!(
        sandbox.sourcecraft_milestones("acme/roadmap").len(),
        source.len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sourcecraft_milestones_without_deadline_stop_before_any_write() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["gitcode:acme/target"])).await;
    let run = mileport(
        &sandbox,
        &["migrate", "sourcecraft:demo/roadmap", "gitcode:acme/target"],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--default-due-on"), "{}", run.stderr);
    assert!(
        sandbox.gitcode_milestones("acme/target").is_empty(),
        "nothing written"
    );

    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "sourcecraft:demo/roadmap",
            "gitcode:acme/target",
            "--default-due-on",
            "2027-01-31",
        ],
    )
    .await;
    run.success();
    let moved = sandbox.gitcode_milestones("acme/target");
    assert_eq!(
        moved.len(),
        sandbox.sourcecraft_milestones("demo/roadmap").len()
    );
    assert!(
        moved
            .iter()
            .any(|m| m.due_on.as_deref() == Some("2027-01-31"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_prints_the_plan_and_writes_nothing() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["sourcecraft:acme/dry"])).await;
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:acme/dry",
            "--dry-run",
        ],
    )
    .await;
    run.success();
    let count = sandbox.gitcode_milestones("demo/roadmap").len();
    assert!(
        run.stdout
            .contains(&format!("plan: create {count}, update 0, unchanged 0,")),
        "{}",
        run.stdout
    );
    crate::assert_output_snapshot!("dry_run_plan", run.stdout);
    assert!(sandbox.sourcecraft_milestones("acme/dry").is_empty());
    let writes: u64 = sandbox
        .stats()
        .routes
        .iter()
        .filter(|(route, _)| !route.contains("GET"))
        .map(|(_, count)| count)
        .sum();
    assert_eq!(writes, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn check_tells_equal_from_different() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["sourcecraft:acme/check"])).await;
    mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:acme/check",
            "--yes",
        ],
    )
    .await
    .success();
    let run = mileport(
        &sandbox,
        &["check", "gitcode:demo/roadmap", "sourcecraft:acme/check"],
    )
    .await;
    run.success();
    assert!(run.stdout.contains("no differences"), "{}", run.stdout);

    // Someone edits the target by hand.
    let mut seed = SeedData::default();
    let mut edited = sandbox.sourcecraft_milestones("acme/check");
    // Creation order depends on concurrency; the edits must not.
    edited.sort_by(|a, b| a.slug.cmp(&b.slug));
    let flipped = if edited[0].status.as_deref() == Some("closed") {
        "open"
    } else {
        "closed"
    };
    edited[0].status = Some(flipped.into());
    edited[0].name = Some("renamed by hand".into());
    edited.pop();
    seed.sourcecraft()
        .milestones
        .insert("acme/check2".into(), edited);
    sandbox.seed(seed);
    let run = mileport(
        &sandbox,
        &["check", "gitcode:demo/roadmap", "sourcecraft:acme/check2"],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("MILESTONE") && run.stdout.contains("missing"),
        "{}",
        run.stdout
    );
    crate::assert_output_snapshot!("check_differences", run.stdout);

    // A migration into the edited copy puts it right again.
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:acme/check2",
            "--yes",
        ],
    )
    .await;
    run.success();
    crate::assert_output_snapshot!("migrate_summary_after_edits", run.stdout);
    mileport(
        &sandbox,
        &["check", "gitcode:demo/roadmap", "sourcecraft:acme/check2"],
    )
    .await
    .success();
}

#[tokio::test(flavor = "multi_thread")]
async fn backups_restore_exactly_into_their_own_provider() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&[
        "gitcode:demo/restored-csv",
        "gitcode:demo/restored-json",
        "sourcecraft:demo/restored-csv",
        "sourcecraft:demo/restored-json",
        "gitcode:demo/crossed-csv",
        "gitcode:demo/crossed-json",
    ]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "json"] {
        let gitcode = dir.path().join(format!("gitcode.{format}"));
        let sourcecraft = dir.path().join(format!("sourcecraft.{format}"));
        mileport(
            &sandbox,
            &[
                "export",
                "gitcode:demo/roadmap",
                "--output",
                gitcode.to_str().unwrap(),
            ],
        )
        .await
        .success();
        mileport(
            &sandbox,
            &[
                "export",
                "sourcecraft:demo/roadmap",
                "--output",
                sourcecraft.to_str().unwrap(),
            ],
        )
        .await
        .success();

        let restored = format!("demo/restored-{format}");
        import(&sandbox, &gitcode, &format!("gitcode:{restored}")).await;
        assert_eq!(
            titles_gitcode(&sandbox, &restored),
            titles_gitcode(&sandbox, "demo/roadmap")
        );

        import(&sandbox, &sourcecraft, &format!("sourcecraft:{restored}")).await;
        let fields = |repo: &str| {
            let mut items: Vec<_> = sandbox
                .sourcecraft_milestones(repo)
                .into_iter()
                .map(|m| {
                    (
                        m.slug,
                        m.name,
                        m.description,
                        m.start_date,
                        m.deadline,
                        m.status,
                    )
                })
                .collect();
            items.sort();
            items
        };
        assert_eq!(fields(&restored), fields("demo/roadmap"));

        // Cross-provider: a SourceCraft backup into GitCode.
        let crossed = format!("gitcode:demo/crossed-{format}");
        let run = mileport(
            &sandbox,
            &[
                "import",
                sourcecraft.to_str().unwrap(),
                &crossed,
                "--default-due-on",
                "2030-01-01",
            ],
        )
        .await;
        run.success();
    }
}

async fn import(sandbox: &Sandbox, file: &Path, target: &str) {
    let run = mileport(sandbox, &["import", file.to_str().unwrap(), target]).await;
    run.success();
    let again = mileport(sandbox, &["import", file.to_str().unwrap(), target]).await;
    again.success();
    assert!(
        again.stdout.contains("created 0, updated 0"),
        "{}",
        again.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn report_lists_every_milestone_with_both_ids() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["sourcecraft:acme/report"])).await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:acme/report",
            "--report",
            report.to_str().unwrap(),
        ],
    )
    .await
    .success();
    let report = crate::support::json_report(&report);
    let entries = crate::support::pair_report(&report)["milestones"]
        .as_array()
        .unwrap();
    assert_eq!(
        entries.len(),
        sandbox.gitcode_milestones("demo/roadmap").len()
    );
    for entry in entries {
        assert_eq!(entry["result"], "created");
        assert!(entry["source_id"].as_str().unwrap().parse::<i64>().is_ok());
        let slug = entry["target_id"].as_str().unwrap();
        assert!(
            sandbox
                .sourcecraft_milestones("acme/report")
                .iter()
                .any(|m| m.slug.as_deref() == Some(slug))
        );
    }
    assert_eq!(report["totals"]["failed"], 0);
}

/// The demo moves the sample's GitCode and GitHub repositories to
/// SourceCraft, each backed up, checked and migrated again.
#[tokio::test(flavor = "multi_thread")]
async fn demo_runs_the_whole_job() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = Run::command(&["demo", "--out-dir", out.to_str().unwrap()], &[]).await;
    run.success();
    crate::run_snapshot!("demo", run);
    for file in [
        "roadmap.csv",
        "roadmap.json",
        "report.json",
        "github-roadmap.csv",
        "github-roadmap.json",
        "github-report.json",
    ] {
        assert!(out.join(file).exists(), "{file}");
    }
    for file in ["report.json", "github-report.json"] {
        let report = crate::support::json_report(&out.join(file));
        assert_eq!(report["totals"]["failed"], 0, "{file}: {report}");
        assert!(report["totals"]["created"].as_u64().unwrap() > 0, "{file}");
    }
    let backup = std::fs::read(out.join("github-roadmap.json")).unwrap();
    let (provider, count) = read_any(&backup, "github-roadmap.json", None).unwrap();
    assert_eq!(
        (provider, count),
        (mileport::providers::github::PROVIDER, 7)
    );
}

/// `demo -q` says only its result, in one line, as `-q` does elsewhere.
#[tokio::test(flavor = "multi_thread")]
async fn a_quiet_demo_prints_its_result_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = Run::command(&["demo", "-q", "--out-dir", out.to_str().unwrap()], &[]).await;
    crate::run_snapshot!(run, @r#"
    exit: 0
    ----- stdout -----
    demo done: gitcode:demo/roadmap, github:demo/roadmap, gitea:demo/roadmap, gitee:demo/roadmap and gitlab:demo/roadmap migrated to SourceCraft with their labels, checked equal, nothing doubled; files in [TMP]/out
    ----- stderr -----
    "#);
    assert!(out.join("github-report.json").exists());

    // Its errors are still said.
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let blocked = file.join("out");
    let run = Run::command(&["demo", "-q", "--out-dir", blocked.to_str().unwrap()], &[]).await;
    crate::run_snapshot!(run, @r"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    mileport: cannot create [TMP]/file/out: Not a directory (os error 20)
    ");
}

/// `mileport sandbox --seed` takes the files `mileport export` writes.
#[tokio::test(flavor = "multi_thread")]
async fn the_sandbox_seeds_from_export_files() {
    use std::io::{BufRead, BufReader};

    let sandbox = start_sandbox(SeedData::sample()).await;
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("roadmap.json");
    let csv = dir.path().join("roadmap.csv");
    for path in [&json, &csv] {
        mileport(
            &sandbox,
            &[
                "export",
                "gitcode:demo/roadmap",
                "--output",
                path.to_str().unwrap(),
            ],
        )
        .await
        .success();
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mileport"))
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--seed",
            json.to_str().unwrap(),
        ])
        .arg("--seed")
        .arg(format!("acme/copy={}", csv.display()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(crate::support::Reaped)
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    let url = url
        .strip_prefix("export GITCODE_API_URL=")
        .unwrap()
        .to_owned();
    let env = [
        ("GITCODE_API_URL", url),
        (
            "GITCODE_TOKEN",
            mileport::providers::gitcode::sandbox::DEFAULT_GITCODE_TOKEN.to_owned(),
        ),
    ];
    let mut original = sandbox.gitcode_milestones("demo/roadmap");
    original.sort_by(|a, b| a.number.cmp(&b.number));
    for repo in ["demo/roadmap", "acme/copy"] {
        let run = Run::command(
            &[
                "export",
                &format!("gitcode:{repo}"),
                "--output",
                "-",
                "--format",
                "json",
            ],
            &env,
        )
        .await;
        run.success();
        let document: Value = serde_json::from_str(&run.stdout).unwrap();
        let mut seeded: Vec<mileport::providers::gitcode::client::types::Milestone> =
            serde_json::from_value(document["milestones"].clone()).unwrap();
        seeded.sort_by(|a, b| a.number.cmp(&b.number));
        assert_eq!(seeded, original, "{repo}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Regression: a GitCode target holding two milestones of one title, the
/// later one already equal to the source's, had the earlier one updated
/// into a second copy (found only by the check after writing).
#[tokio::test(flavor = "multi_thread")]
async fn an_equal_target_milestone_is_matched_before_a_different_one_of_its_title() {
    use mileport::providers::gitcode::client as gitcode;
    let milestone = |number: i64, description: &str| -> gitcode::types::Milestone {
        serde_json::from_value(serde_json::json!({
            "number": number,
            "title": "Release 1.0",
            "description": description,
            "state": "active",
            "due_on": "2026-05-01",
        }))
        .unwrap()
    };
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("same/source".to_owned(), vec![milestone(1, "the plan")]);
    seed.gitcode().milestones.insert(
        "same/target".to_owned(),
        vec![milestone(10, "someone's draft"), milestone(11, "the plan")],
    );
    let sandbox = start_sandbox(seed).await;
    let run = mileport(
        &sandbox,
        &["migrate", "gitcode:same/source", "gitcode:same/target"],
    )
    .await;
    run.success();
    assert!(
        run.stdout.contains("created 0, updated 0, unchanged 1"),
        "{}",
        run.stdout
    );
    let target = sandbox.gitcode_milestones("same/target");
    let descriptions: Vec<_> = target
        .iter()
        .map(|m| {
            (
                m.number.to_string(),
                m.description.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        descriptions,
        [
            ("10".to_owned(), "someone's draft".to_owned()),
            ("11".to_owned(), "the plan".to_owned())
        ]
    );
}
