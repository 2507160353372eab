//! The generated clients: the source is snapshotted so every change to it
//! shows in review, and the providers' documented examples deserialize.

use mileport::providers::{
    gitcode::client as gitcode, github::client as github, sourcecraft::client as sourcecraft,
};

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
fn generated_github_client_source() {
    let source = include_str!(concat!(env!("OUT_DIR"), "/github.rs"));
    insta::assert_snapshot!("github_client", source);
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

/// The example milestone of GitHub's published description (its field
/// examples, the creator as GitHub's documentation shows it).
#[test]
fn github_documented_milestone_deserializes() {
    let text = include_str!("fixtures/github_milestone.json");
    let milestone: github::types::Milestone = serde_json::from_str(text).unwrap();
    assert_eq!(milestone.number, 42);
    assert_eq!(milestone.id, Some(1002604));
    assert_eq!(milestone.title, "v1.0");
    assert_eq!(milestone.state.as_deref(), Some("open"));
    assert_eq!(
        milestone.description.as_deref(),
        Some("Tracking milestone for version 1.0")
    );
    assert_eq!(milestone.due_on.as_deref(), Some("2012-10-09T23:39:01Z"));
    assert_eq!(milestone.closed_at.as_deref(), Some("2013-02-12T13:22:01Z"));
    assert_eq!(
        (milestone.open_issues, milestone.closed_issues),
        (Some(4), Some(8))
    );
    let creator = milestone.creator.as_ref().unwrap();
    assert_eq!(creator.login.as_deref(), Some("octocat"));
    assert_eq!(
        creator.extra["site_admin"], false,
        "unknown fields are kept"
    );
    let list: Vec<github::types::Milestone> = serde_json::from_str(&format!("[{text}]")).unwrap();
    assert_eq!(list, vec![milestone.clone()]);
    // Nothing is lost: serialising again gives the provider's own document.
    let again: serde_json::Value = serde_json::to_value(&milestone).unwrap();
    assert_eq!(
        again,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

/// GitHub sends `null` for a milestone without description, due date or
/// closing time, and may add fields the spec does not name.
#[test]
fn github_milestone_with_nulls_and_unknown_fields() {
    let milestone: github::types::Milestone = serde_json::from_str(
        r#"{"number": 3, "title": "later", "state": "open", "description": null,
            "due_on": null, "closed_at": null, "creator": null, "id": 9876543210,
            "sub_issues_summary": {"total": 0}}"#,
    )
    .unwrap();
    assert_eq!(milestone.description, None);
    assert_eq!(milestone.due_on, None);
    assert_eq!(milestone.closed_at, None);
    assert_eq!(milestone.creator, None);
    assert_eq!(milestone.id, Some(9_876_543_210), "ids beyond 32 bits");
    assert_eq!(milestone.extra["sub_issues_summary"]["total"], 0);
    // Only `number` and `title` are required.
    let bare: github::types::Milestone =
        serde_json::from_str(r#"{"number": 1, "title": "t"}"#).unwrap();
    assert_eq!(
        (bare.number, bare.title.as_str(), bare.state),
        (1, "t", None)
    );
    for missing in [r#"{"title": "t"}"#, r#"{"number": 1}"#] {
        assert!(
            serde_json::from_str::<github::types::Milestone>(missing).is_err(),
            "{missing}"
        );
    }
}

#[test]
fn github_repository_listing_deserializes() {
    let repos: Vec<github::types::Repository> = serde_json::from_str(
        r#"[{"id": 1296269, "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": "Hello-World",
             "full_name": "octocat/Hello-World", "owner": {"login": "octocat", "id": 1},
             "private": false, "description": null, "fork": false, "archived": false,
             "milestones_url": "https://api.github.com/repos/octocat/Hello-World/milestones{/number}",
             "topics": ["octocat"]}]"#,
    )
    .unwrap();
    assert_eq!(repos[0].name, "Hello-World");
    assert_eq!(repos[0].full_name.as_deref(), Some("octocat/Hello-World"));
    assert_eq!(repos[0].description, None);
    assert_eq!(repos[0].extra["topics"][0], "octocat");
}

/// GitCode's documented repository listing: the address is `path`, the
/// owner is in `namespace`, ids may come as strings, the rest is kept.
#[test]
fn gitcode_repository_listing_deserializes() {
    let repos: Vec<gitcode::types::Repository> = serde_json::from_str(
        r#"[{"id": 3422876, "full_name": "openharmony/docs", "path": "docs",
             "name": "Docs (mirror)", "description": null, "private": false,
             "public": true, "fork": false, "default_branch": "master",
             "namespace": {"id": "1234", "type": "group", "name": "OpenHarmony",
                           "path": "openharmony", "html_url": "https://gitcode.com/openharmony"},
             "html_url": "https://gitcode.com/openharmony/docs", "stargazers_count": 7}]"#,
    )
    .unwrap();
    let repo = &repos[0];
    assert_eq!(repo.path.as_deref(), Some("docs"));
    assert_eq!(repo.name.as_deref(), Some("Docs (mirror)"));
    assert_eq!(repo.id, Some(3422876.into()));
    let namespace = repo.namespace.as_ref().unwrap();
    assert_eq!(namespace.path.as_deref(), Some("openharmony"));
    assert_eq!(namespace.type_.as_deref(), Some("group"));
    assert_eq!(namespace.id, Some("1234".parse().unwrap()));
    assert_eq!(repo.extra["stargazers_count"], 7, "unknown fields are kept");
}

/// SourceCraft's published `ListOrganizationRepositories` answer.
#[test]
fn sourcecraft_repository_listing_deserializes() {
    let page: sourcecraft::types::ListRepositoriesResponse = serde_json::from_str(
        r#"{"repositories": [{"id": "0190-aa", "name": "Site", "slug": "site",
             "organization": {"id": "0190-01", "slug": "acme"}, "default_branch": "main",
             "visibility": "internal", "is_empty": false, "template_type": "not_a_template",
             "clone_url": {"https": "https://git.sourcecraft.dev/acme/site.git"},
             "counters": {"issues": "12"}, "last_updated": "2025-01-01T00:00:00Z",
             "language": {"name": "Rust"}}],
            "next_page_token": "abc"}"#,
    )
    .unwrap();
    let repo = &page.repositories[0];
    assert_eq!(repo.slug.as_deref(), Some("site"));
    assert_eq!(
        repo.organization.as_ref().and_then(|o| o.slug.as_deref()),
        Some("acme")
    );
    assert_eq!(repo.visibility.as_deref(), Some("internal"));
    assert_eq!(repo.counters.as_ref().unwrap()["issues"], "12");
    assert_eq!(repo.extra["language"]["name"], "Rust");
    assert_eq!(page.next_page_token.as_deref(), Some("abc"));
    let last: sourcecraft::types::ListRepositoriesResponse =
        serde_json::from_str(r#"{"repositories": []}"#).unwrap();
    assert_eq!(last.next_page_token, None);
}
