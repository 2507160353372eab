//! Gitee's generated client: its source is snapshotted so every change to
//! it shows in review, and a milestone as Gitee documents it (with
//! `html_url`, `id` equal to `number`, `due_on` as a date-time) reads and
//! writes back as it came.

use mileport::providers::gitee::client as gitee;

#[test]
fn generated_gitee_client_source() {
    let source = include_str!(concat!(env!("OUT_DIR"), "/gitee.rs"));
    insta::assert_snapshot!("gitee_client", source);
}

#[test]
fn a_gitee_milestone_as_documented_reads_and_writes_back_as_it_came() {
    let text = r#"{
        "url": "https://gitee.com/api/v5/repos/openeuler/community/milestones/113",
        "html_url": "https://gitee.com/openeuler/community/milestones/113",
        "id": 113,
        "number": 113,
        "repository_id": 8583542,
        "state": "open",
        "title": "openEuler 22.03 LTS",
        "description": "发布计划",
        "updated_at": "2022-01-10T10:30:58+08:00",
        "created_at": "2021-12-01T09:00:00+08:00",
        "open_issues": 12,
        "closed_issues": 40,
        "due_on": "2022-03-30T00:00:00+08:00"
    }"#;
    let milestone: gitee::types::Milestone = serde_json::from_str(text).unwrap();
    assert_eq!(milestone.number, 113);
    assert_eq!(milestone.id, Some(113.into()));
    assert_eq!(
        milestone.html_url.as_deref(),
        Some("https://gitee.com/openeuler/community/milestones/113")
    );
    assert_eq!(
        milestone.due_on.as_deref(),
        Some("2022-03-30T00:00:00+08:00")
    );
    assert!(milestone.extra.is_empty(), "{:?}", milestone.extra);
    let again = serde_json::to_value(&milestone).unwrap();
    assert_eq!(
        again,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}
