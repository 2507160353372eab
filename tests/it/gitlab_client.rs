//! GitLab's generated client: its source snapshotted so that every change
//! shows in review, and GitLab's documented examples (a project milestone,
//! a group milestone, a label, a project) read and write back as they came.

use mileport::net::decode;
use mileport::providers::gitlab::client::types;
use serde_json::json;

#[test]
fn generated_gitlab_client_source() {
    let source = include_str!(concat!(env!("OUT_DIR"), "/gitlab.rs"));
    insta::assert_snapshot!("gitlab_client", source);
}

#[test]
fn gitlab_documented_examples_read_and_write_back_as_they_came() {
    let milestones = [
        json!({
            "id": 12, "iid": 3, "project_id": 16, "title": "10.0", "description": "Version",
            "due_date": "2013-11-29", "start_date": "2013-11-10", "state": "active",
            "updated_at": "2013-10-02T09:24:18Z", "created_at": "2013-10-02T09:24:18Z",
            "expired": false, "web_url": "https://gitlab.com/gitlab-org/gitlab/-/milestones/42"
        }),
        json!({
            "id": 12, "iid": 3, "group_id": 16, "title": "10.0", "description": "Version",
            "due_date": "2013-11-29", "start_date": "2013-11-10", "state": "active",
            "updated_at": "2013-10-02T09:24:18Z", "created_at": "2013-10-02T09:24:18Z",
            "expired": false, "web_url": "https://gitlab.com/groups/gitlab-org/-/milestones/42"
        }),
    ];
    for value in milestones {
        let milestone: types::Milestone = decode::milestone(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&milestone).unwrap(), value);
    }
    let label = json!({
        "id": 1, "name": "bug", "color": "#d9534f", "text_color": "#FFFFFF",
        "description": "Bug reported by user", "description_html": "Bug reported by user",
        "open_issues_count": 1, "closed_issues_count": 0, "open_merge_requests_count": 1,
        "subscribed": false, "priority": 10, "is_project_label": true
    });
    let read: types::Label = decode::milestone(label.clone()).unwrap();
    assert_eq!(serde_json::to_value(&read).unwrap(), label);
    let project: types::Project = serde_json::from_value(json!({
        "id": 4, "path": "diaspora-client", "path_with_namespace": "diaspora/diaspora-client",
        "namespace": {"id": 3, "name": "Diaspora", "path": "diaspora", "kind": "group", "full_path": "diaspora"},
        "default_branch": "main"
    }))
    .unwrap();
    assert_eq!(
        project.path_with_namespace.as_deref(),
        Some("diaspora/diaspora-client")
    );
}
