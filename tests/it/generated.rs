//! The generated clients: the source is snapshotted so every change to it
//! shows in review, and the providers' documented examples deserialize.

use mileport::providers::generated::{gitcode, sourcecraft};

#[test]
fn generated_gitcode_client_source() {
    let source = include_str!(concat!(env!("OUT_DIR"), "/gitcode.rs"));
    insta::assert_snapshot!("gitcode_client", source);
}

#[test]
fn generated_sourcecraft_client_source() {
    let source = include_str!(concat!(env!("OUT_DIR"), "/sourcecraft.rs"));
    insta::assert_snapshot!("sourcecraft_client", source);
}

#[test]
fn gitcode_documented_responses_deserialize() {
    let text = include_str!("fixtures/gitcode_milestone.json");
    let milestone: gitcode::types::Milestone = serde_json::from_str(text).unwrap();
    assert_eq!(milestone.number, 4914);
    assert_eq!(milestone.title, "你好中国");
    assert_eq!(milestone.state.as_deref(), Some("active"));
    assert_eq!(milestone.due_on.as_deref(), Some("2024-11-08"));
    assert_eq!(
        milestone.created_at.as_deref(),
        Some("2024-10-08T10:58:16+08:00")
    );
    let list: Vec<gitcode::types::Milestone> = serde_json::from_str(&format!("[{text}]")).unwrap();
    assert_eq!(list, vec![milestone.clone()]);
    // Nothing is lost: serialising again gives the provider's own document.
    let again: serde_json::Value = serde_json::to_value(&milestone).unwrap();
    assert_eq!(
        again,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

#[test]
fn gitcode_milestone_with_null_id_and_no_issue_counts() {
    let milestone: gitcode::types::Milestone = serde_json::from_str(
        r#"{"id": null, "number": 7, "title": "v1", "state": "closed", "due_on": "2025-01-01", "labels_url": "x"}"#,
    )
    .unwrap();
    assert_eq!(milestone.id, None);
    assert_eq!(milestone.open_issues, None);
    assert_eq!(milestone.closed_issues, None);
    assert_eq!(
        milestone.extra["labels_url"], "x",
        "unknown fields are kept"
    );
}

#[test]
fn sourcecraft_documented_response_deserializes() {
    let text = include_str!("fixtures/sourcecraft_milestone.json");
    let milestone: sourcecraft::types::Milestone = serde_json::from_str(text).unwrap();
    assert_eq!(milestone.slug.as_deref(), Some("example"));
    assert_eq!(milestone.deadline.as_deref(), Some("2025-01-01T00:00:00Z"));
    assert_eq!(milestone.status.as_deref(), Some("open"));
    assert_eq!(
        milestone.author.as_ref().and_then(|a| a.slug.as_deref()),
        Some("example")
    );
    assert_eq!(milestone.updated_by, None);
    let error: sourcecraft::types::ApiErrorResponse = serde_json::from_str(
        r#"{"error_code": "example", "message": "example", "request_id": "example", "details": {}}"#,
    )
    .unwrap();
    assert_eq!(error.request_id.as_deref(), Some("example"));
}
