//! A due date on GitHub that the source milestone does not have is removed
//! (GitHub takes `"due_on": null` in a PATCH): the run succeeds, `check`
//! agrees, and running again writes nothing.

use mileport::{providers::github::client as github, sandbox::SeedData};
use serde_json::json;

use crate::directions::writes;
use crate::run_snapshot;
use crate::support::{mileport, start_sandbox};

#[tokio::test(flavor = "multi_thread")]
async fn a_due_date_the_source_lacks_is_removed_on_github() {
    let mut seed = SeedData::default();
    seed.sourcecraft().milestones.insert(
        "due/source".into(),
        vec![
            serde_json::from_value(json!({
                "id": "00000000-0000-4000-8000-000000000001",
                "name": "Someday",
                "slug": "someday",
                "description": "No date yet.",
                "status": "open",
            }))
            .unwrap(),
        ],
    );
    let dated: github::types::Milestone = serde_json::from_value(json!({
        "number": 1,
        "id": 9001,
        "title": "Someday",
        "description": "No date yet.",
        "state": "open",
        "due_on": "2026-05-01T07:00:00Z",
    }))
    .unwrap();
    seed.github()
        .milestones
        .insert("due/target".into(), vec![dated]);
    let sandbox = start_sandbox(seed).await;
    let migrate = [
        "migrate",
        "sourcecraft:due/source",
        "github:due/target",
        "--yes",
    ];

    let run = mileport(&sandbox, &migrate).await;
    run_snapshot!(run, @r#"
    exit: 0
    ----- stdout -----
    created 0, updated 1, unchanged 0, failed 0
    labels: created 0, updated 0, unchanged 0, failed 0
    ----- stderr -----
    read 1 milestones (1 open, 0 closed) from sourcecraft:due/source
    note: github:due/target has no place for these source fields (they are kept in exports and the report): id, slug
    read 0 labels from sourcecraft:due/source
    "#);
    let target = sandbox.github_milestones("due/target");
    assert_eq!(target.len(), 1);
    assert_eq!(target[0].due_on, None, "the date is removed");

    let checked = mileport(
        &sandbox,
        &["check", "sourcecraft:due/source", "github:due/target"],
    )
    .await;
    checked.success();

    let before = sandbox.stats();
    mileport(&sandbox, &migrate).await.success();
    assert_eq!(writes(&sandbox.stats()), writes(&before), "nothing written");
}
