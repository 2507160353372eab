//! What scripts and people read after a run: every `--json` document and
//! JSON report follows the schema (`support::json_document` checks each
//! one), and the Markdown report puts failures first, counts what a stop
//! left not started, and names the repositories missing on the target.

use mileport::sandbox::{Faults, SeedData};

use crate::{
    owners_cli::owners_with_missing_targets,
    run_snapshot,
    stops::into_github,
    support::{json_document, json_report, mileport, start_sandbox},
};

/// A Markdown report in a snapshot, with what varies from run to run hidden.
fn snapshot_page(name: &str, path: &std::path::Path) {
    let page = std::fs::read_to_string(path).unwrap();
    insta::with_settings!({filters => crate::support::run_filters()}, {
        insta::assert_snapshot!(name, page);
    });
}

#[tokio::test(flavor = "multi_thread")]
async fn a_report_after_failures_shows_them_first() {
    let sandbox = start_sandbox(SeedData::default().with_repos(&["sourcecraft:part/target"])).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.csv");
    let report = dir.path().join("report.md");
    std::fs::write(
        &file,
        "id,slug,name,description,status,start_date,deadline\n\
         1,good-one,Good one,,open,,2025-01-01T00:00:00Z\n\
         2,Bad Slug!,Bad slug,,open,,2025-01-01T00:00:00Z\n\
         3,good-two,Good two,,closed,,\n",
    )
    .unwrap();
    let run = mileport(
        &sandbox,
        &[
            "import",
            file.to_str().unwrap(),
            "sourcecraft:part/target",
            "--json",
            "--report",
            report.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.stderr);
    let document = json_document(&run.stdout);
    assert_eq!(document["totals"]["failed"], 1, "{document}");
    let failure = &document["failures"][0];
    assert_eq!(failure["title"], "Bad slug", "{document}");
    assert_eq!(failure["source_id"], "Bad Slug!", "{document}");
    assert_eq!(failure["status"], 400, "{document}");
    assert_eq!(document["pairs"][0]["failed"], 1, "{document}");
    snapshot_page("report_after_failures", &report);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_report_after_a_stop_counts_what_was_not_started() {
    let faults =
        Faults::default().with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
            read_only: true,
            ..Default::default()
        });
    let sandbox = into_github(8, &["github:locked/target"], faults).await;
    let dir = tempfile::tempdir().unwrap();
    let (md, json) = (dir.path().join("stop.md"), dir.path().join("stop.json"));
    for report in [&md, &json] {
        let run = mileport(
            &sandbox,
            &[
                "migrate",
                "gitcode:once/source",
                "github:locked/target",
                "--concurrency",
                "1",
                "--report",
                report.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!(run.code, 3, "{}", run.stderr);
    }
    let written = json_report(&json);
    assert_eq!(written["totals"]["failed"], 3, "{written}");
    assert_eq!(written["totals"]["not_started"], 5, "{written}");
    assert_eq!(written["pairs"][0]["status"], "failed", "{written}");
    assert!(
        written["pairs"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("5 of 8 milestones not started"),
        "{written}"
    );
    snapshot_page("report_after_a_stop", &md);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_with_a_missing_repository_says_so_skipped_or_refused() {
    let sandbox = owners_with_missing_targets().await;
    let dir = tempfile::tempdir().unwrap();
    let refused = dir.path().join("refused.md");
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:acme",
            "sourcecraft:acme",
            "--json",
            "--report",
            refused.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    let document = json_document(&run.stdout);
    let statuses: Vec<&str> = document["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| pair["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["not_started", "missing", "missing"],
        "{document}"
    );
    assert_eq!(document["totals"]["not_started_pairs"], 1);
    assert!(
        document["stopped_by"]
            .as_str()
            .unwrap()
            .contains("lacks 2 of the repositories"),
        "{document}"
    );
    assert_eq!(crate::support::writes(&sandbox), 0, "nothing written");
    snapshot_page("batch_refused_for_missing", &refused);

    let skipped = dir.path().join("skipped.md");
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:acme",
            "sourcecraft:acme",
            "--skip-missing",
            "--json",
            "--report",
            skipped.to_str().unwrap(),
        ],
    )
    .await;
    run.success();
    let document = json_document(&run.stdout);
    assert_eq!(document["totals"]["missing"], 2, "{document}");
    assert_eq!(document["totals"]["created"], 2, "{document}");
    assert!(
        document["stats"]["requests"].as_u64().unwrap() > 0,
        "{document}"
    );
    snapshot_page("batch_with_missing_skipped", &skipped);
}

#[tokio::test(flavor = "multi_thread")]
async fn validate_json_names_the_provider_counts_and_problems_of_an_invalid_file() {
    let sandbox = start_sandbox(SeedData::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "number,title,description,state,due_on\n\
         1,a,,paused,2025-01-01\n\
         2,b,,active,2025-13-01\n\
         3,c,,closed,\n",
    )
    .unwrap();
    let run = mileport(&sandbox, &["validate", bad.to_str().unwrap(), "--json"]).await;
    json_document(&run.stdout);
    run_snapshot!("validate_json_invalid", run);

    let missing = dir.path().join("missing.csv");
    let run = mileport(&sandbox, &["validate", missing.to_str().unwrap(), "--json"]).await;
    let document = json_document(&run.stdout);
    assert_eq!(document["provider"], serde_json::Value::Null, "{document}");
    assert_eq!(document["problems"][0]["line"], serde_json::Value::Null);
    assert_ne!(run.code, 0);
}

/// The example in the README's "Output for scripts" follows the schema too.
#[test]
fn the_readme_example_follows_the_schema() {
    let readme = include_str!("../../README.md");
    let start = readme.find("```json\n{\n  \"schema\": 1").unwrap() + "```json\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let example = json_document(&readme[start..end]);
    assert_eq!(example["kind"], "run");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_that_cannot_read_a_side_still_gives_its_document() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let run = mileport(
        &sandbox,
        &[
            "check",
            "gitcode:demo/roadmap",
            "sourcecraft:demo/roadmap",
            "--gitcode-url",
            "http://127.0.0.1:9/api/v5",
            "--json",
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    let document = json_document(&run.stdout);
    assert_eq!(document["equal"], false);
    assert_eq!(document["totals"]["failed"], 1);
    let pair = &document["pairs"][0];
    assert_eq!(pair["status"], "failed");
    let message = pair["error"]["message"].as_str().unwrap();
    assert!(message.contains("cannot connect"), "{message}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_that_cannot_read_still_gives_its_document() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roadmap.json");
    let run = mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            file.to_str().unwrap(),
            "--gitcode-url",
            "http://127.0.0.1:9/api/v5",
            "--json",
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    let document = json_document(&run.stdout);
    assert_eq!(
        (document["written"].clone(), document["failed"].clone()),
        (0.into(), 1.into())
    );
    let message = document["files"][0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("cannot connect"), "{message}");
    assert!(!file.exists(), "no backup written");
}

#[tokio::test(flavor = "multi_thread")]
async fn owners_that_cannot_be_listed_still_give_the_runs_document() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("owners.json");
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo",
            "sourcecraft:demo",
            "--gitcode-url",
            "http://127.0.0.1:9/api/v5",
            "--json",
            "--report",
            report.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    let shown = json_document(&run.stdout);
    assert_eq!(shown, json_report(&report), "one document");
    assert_eq!(shown["source"], "gitcode:demo");
    assert_eq!(shown["pairs"][0]["status"], "failed", "{shown}");
    let why = shown["stopped_by"].as_str().unwrap();
    assert!(
        why.contains("cannot list the repositories of gitcode:demo"),
        "{why}"
    );
}

/// A check between owners that cannot be listed gives its document too.
#[tokio::test(flavor = "multi_thread")]
async fn a_check_between_owners_that_cannot_be_listed_still_gives_its_document() {
    let sandbox = start_sandbox(SeedData::sample()).await;
    let run = mileport(
        &sandbox,
        &[
            "check",
            "gitcode:demo",
            "sourcecraft:demo",
            "--gitcode-url",
            "http://127.0.0.1:9/api/v5",
            "--json",
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.stderr);
    let shown = json_document(&run.stdout);
    assert_eq!(shown["kind"], "check", "{shown}");
    assert_eq!(shown["source"], "gitcode:demo", "{shown}");
    assert_eq!(shown["pairs"][0]["status"], "failed", "{shown}");
    let why = shown["pairs"][0]["error"]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        why.contains("cannot list the repositories of gitcode:demo"),
        "{why}"
    );
}
