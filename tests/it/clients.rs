//! The provider adapters against a mock server on loopback: each operation
//! sends the documented method, path, query and body; both success statuses
//! are accepted; errors read well; paging reads everything exactly once.

use mileport::providers::{gitcode::client as gitcode, sourcecraft::client as sourcecraft};
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, Request, ResponseTemplate,
    matchers::{body_json, header, method, path, query_param, query_param_is_missing},
};

use crate::support::{TOKEN, gitcode_repo, sourcecraft_repo};

fn gitcode_milestone(number: i64) -> Value {
    json!({"number": number, "title": format!("m{number}"), "state": "active", "due_on": "2025-01-01"})
}

fn sourcecraft_milestone(slug: &str) -> Value {
    json!({"id": slug, "name": slug, "slug": slug, "status": "open"})
}

fn no_token_in_url(request: &Request) -> bool {
    !request.url.as_str().contains(TOKEN) && !request.url.as_str().contains("access_token")
}

#[tokio::test]
async fn gitcode_operations_send_the_documented_requests() {
    let server = MockServer::start().await;
    let base = format!("{}/api/v5", server.uri());
    let prefix = "/api/v5/repos/owner/repo/milestones";
    let auth = format!("Bearer {TOKEN}");
    Mock::given(method("GET"))
        .and(path(prefix))
        .and(query_param("state", "all"))
        .and(query_param("per_page", "100"))
        .and(query_param("page", "1"))
        .and(header("authorization", auth.as_str()))
        .and(header(
            "user-agent",
            concat!("mileport/", env!("CARGO_PKG_VERSION")),
        ))
        .and(no_token_in_url)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([gitcode_milestone(1)]))
                .insert_header("total_count", "1")
                .insert_header("total_page", "1"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(prefix))
        .and(body_json(
            json!({"title": "v1", "due_on": "2025-01-01", "description": "d"}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(gitcode_milestone(2)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{prefix}/2")))
        .respond_with(ResponseTemplate::new(200).set_body_json(gitcode_milestone(2)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("{prefix}/2")))
        .and(body_json(
            json!({"title": "v1", "due_on": "2025-01-01", "state": "closed"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(gitcode_milestone(2)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{prefix}/2")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let repo = gitcode_repo(&base, "owner/repo");
    let all = repo.list_all(|_| {}).await.unwrap();
    assert_eq!(all.len(), 1);
    let created = repo
        .create(&gitcode::types::CreateMilestoneBody {
            title: "v1".into(),
            due_on: "2025-01-01".into(),
            description: Some("d".into()),
        })
        .await
        .unwrap();
    assert_eq!(created.number, 2);
    assert_eq!(repo.get(&2.into()).await.unwrap().number, 2);
    repo.update(
        &2.into(),
        &gitcode::types::UpdateMilestoneBody {
            title: "v1".into(),
            due_on: "2025-01-01".into(),
            description: None,
            state: Some("closed".into()),
        },
    )
    .await
    .unwrap();
    repo.delete(&2.into()).await.unwrap();
    assert_eq!(repo.transport().requests(), 5);
}

#[tokio::test]
async fn sourcecraft_operations_send_the_documented_requests() {
    let server = MockServer::start().await;
    let prefix = "/repos/org/repo/milestones";
    Mock::given(method("GET"))
        .and(path(prefix))
        .and(query_param("page_size", "100"))
        .and(query_param_is_missing("page_token"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(no_token_in_url)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": [sourcecraft_milestone("a")]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(prefix))
        .and(query_param("silent", "true"))
        .and(body_json(
            json!({"name": "B", "slug": "b", "deadline": "2025-01-01T00:00:00Z"}),
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(sourcecraft_milestone("b")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{prefix}/b")))
        .respond_with(ResponseTemplate::new(200).set_body_json(sourcecraft_milestone("b")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("{prefix}/b")))
        .and(query_param("silent", "true"))
        .and(body_json(json!({"status": "closed"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(sourcecraft_milestone("b")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{prefix}/b")))
        .and(query_param("silent", "true"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let repo = sourcecraft_repo(&server.uri(), "org/repo");
    assert_eq!(repo.list_all(|_| {}).await.unwrap().len(), 1);
    let body = sourcecraft::types::CreateMilestoneBody {
        name: "B".into(),
        slug: Some("b".into()),
        deadline: Some("2025-01-01T00:00:00Z".into()),
        description: None,
        start_date: None,
    };
    assert_eq!(repo.create(&body).await.unwrap().slug.as_deref(), Some("b"));
    assert_eq!(repo.get("b").await.unwrap().slug.as_deref(), Some("b"));
    let close = sourcecraft::types::UpdateMilestoneBody {
        status: Some("closed".into()),
        ..Default::default()
    };
    repo.update("b", &close).await.unwrap();
    repo.delete("b").await.unwrap();
}

#[tokio::test]
async fn both_success_statuses_are_accepted() {
    for (create_status, delete_status, delete_body) in
        [(200, 200, Some(json!({}))), (201, 204, None)]
    {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/repos/org/repo/milestones"))
            .respond_with(
                ResponseTemplate::new(create_status).set_body_json(sourcecraft_milestone("x")),
            )
            .mount(&server)
            .await;
        let mut deleted = ResponseTemplate::new(delete_status);
        if let Some(body) = delete_body {
            deleted = deleted.set_body_json(body);
        }
        Mock::given(method("DELETE"))
            .respond_with(deleted)
            .mount(&server)
            .await;
        let repo = sourcecraft_repo(&server.uri(), "org/repo");
        let body = sourcecraft::types::CreateMilestoneBody {
            name: "x".into(),
            slug: None,
            description: None,
            start_date: None,
            deadline: None,
        };
        repo.create(&body).await.unwrap();
        repo.delete("x").await.unwrap();

        let gitcode = gitcode_repo(&server.uri(), "o/r");
        Mock::given(method("POST"))
            .and(path("/repos/o/r/milestones"))
            .respond_with(ResponseTemplate::new(create_status).set_body_json(gitcode_milestone(3)))
            .mount(&server)
            .await;
        let body = gitcode::types::CreateMilestoneBody {
            title: "x".into(),
            due_on: "2025-01-01".into(),
            description: None,
        };
        assert_eq!(gitcode.create(&body).await.unwrap().number, 3);
        gitcode.delete(&3.into()).await.unwrap();
    }
}

#[tokio::test]
async fn provider_errors_surface_readably() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/a/milestones"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"message": "401 Unauthorized"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/b/milestones"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error_code": 400, "error_code_name": "INVALID", "error_message": "due_on is invalid"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/c/milestones"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/org/missing/milestones"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"error_code": "NotFound", "message": "repository not found", "request_id": "req-42", "details": {}}),
        ))
        .mount(&server)
        .await;

    let error = gitcode_repo(&server.uri(), "o/a")
        .list_all(|_| {})
        .await
        .unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains("HTTP 401") && shown.contains("401 Unauthorized"),
        "{shown}"
    );
    assert!(shown.contains("GITCODE_TOKEN"), "{shown}");
    assert!(!shown.contains(TOKEN));

    let error = gitcode_repo(&server.uri(), "o/b")
        .list_all(|_| {})
        .await
        .unwrap_err();
    assert!(error.to_string().contains("due_on is invalid"), "{error}");
    assert_eq!(error.attempts, 1, "a 400 is not retried");

    let error = gitcode_repo(&server.uri(), "o/c")
        .list_all(|_| {})
        .await
        .unwrap_err();
    let shown = error.to_string();
    assert_eq!(error.status(), Some(502));
    assert!(
        shown.contains("Bad Gateway") && shown.contains("after 3 attempts"),
        "{shown}"
    );

    let error = sourcecraft_repo(&server.uri(), "org/missing")
        .list_all(|_| {})
        .await
        .unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains("repository not found") && shown.contains("req-42"),
        "{shown}"
    );
    assert!(shown.contains("sourcecraft:org/missing"), "{shown}");
}

/// GitCode: without count headers, pages are read until an empty one (a
/// short page may be a server's cap); an exact multiple ends the same way.
/// With nothing to count them by, the pages are read twice and kept once
/// both readings agree. A milestone that shifts onto the next page means
/// the listing changed:
/// it is read again, and after three readings that do not add up, the
/// listing fails rather than return a part.
#[tokio::test]
async fn gitcode_paging_reads_to_the_end_or_fails() {
    let page = |from: i64, to: i64| json!((from..to).map(gitcode_milestone).collect::<Vec<_>>());
    let server = MockServer::start().await;
    for (number, body) in [
        (1, page(0, 100)),
        (2, page(100, 130)),
        (3, page(130, 200)),
        (4, json!([])),
    ] {
        Mock::given(method("GET"))
            .and(query_param("page", number.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(2)
            .mount(&server)
            .await;
    }
    let repo = gitcode_repo(&server.uri(), "o/r");
    let mut progress = Vec::new();
    assert_eq!(
        repo.list_all(|n| progress.push(n)).await.unwrap().len(),
        200
    );
    assert_eq!(progress, vec![100, 130, 200, 100, 130, 200]);

    let server = MockServer::start().await;
    for (number, body) in [(1, page(0, 100)), (2, page(99, 199)), (3, json!([]))] {
        Mock::given(method("GET"))
            .and(query_param("page", number.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let repo = gitcode_repo(&server.uri(), "o/r");
    let error = repo.list_all(|_| {}).await.unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains("listed twice") && shown.contains("3 readings"),
        "{shown}"
    );
    assert_eq!(
        repo.transport().requests(),
        6,
        "three readings of two pages"
    );
}

/// Two different milestones with one number cannot be told apart: an
/// error naming the number, not one of them silently dropped.
#[tokio::test]
async fn gitcode_two_milestones_with_one_number_are_an_error() {
    let server = MockServer::start().await;
    let mut other = gitcode_milestone(7);
    other["title"] = json!("another");
    Mock::given(method("GET"))
        .and(query_param("page", "1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([gitcode_milestone(7), other]))
                .insert_header("total_count", "2")
                .insert_header("total_page", "1"),
        )
        .mount(&server)
        .await;
    let error = gitcode_repo(&server.uri(), "o/r")
        .list_all(|_| {})
        .await
        .unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains("two different milestones carry the number 7") && shown.contains("another"),
        "{shown}"
    );
}

/// `m{from}` … `m{to - 1}` as SourceCraft lists them.
fn sourcecraft_items(from: usize, to: usize) -> Vec<Value> {
    (from..to)
        .map(|i| sourcecraft_milestone(&format!("m{i}")))
        .collect()
}

/// A SourceCraft server listing `count` milestones (`m0` …) on two pages,
/// 100 and the rest, each page to be asked for twice (no total: two
/// readings must agree).
async fn sourcecraft_two_pages(count: usize) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("page_token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"items": sourcecraft_items(0, 100), "next_page_token": "p2"}),
            ),
        )
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("page_token", "p2"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"items": sourcecraft_items(100, count), "next_page_token": ""}),
            ),
        )
        .expect(2)
        .mount(&server)
        .await;
    server
}

/// A SourceCraft server whose second page lists the first page's `b`
/// again, however often it is read.
async fn sourcecraft_listing_b_twice() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("page_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"items": [sourcecraft_milestone("a"), sourcecraft_milestone("b")], "next_page_token": "p2"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("page_token", "p2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": [sourcecraft_milestone("b")]})),
        )
        .mount(&server)
        .await;
    server
}

/// A SourceCraft server listing two different milestones under the slug `a`.
async fn sourcecraft_two_under_one_slug() -> MockServer {
    let server = MockServer::start().await;
    let mut other = sourcecraft_milestone("a");
    other["name"] = json!("another");
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": [sourcecraft_milestone("a"), other]})),
        )
        .mount(&server)
        .await;
    server
}

/// SourceCraft: tokens are followed to the end; with no total to count
/// them by, the pages are read twice and kept once both readings agree.
#[tokio::test]
async fn sourcecraft_paging_follows_tokens_to_the_end() {
    let server = sourcecraft_two_pages(200).await;
    let repo = sourcecraft_repo(&server.uri(), "org/repo");
    let all = repo.list_all(|_| {}).await.unwrap();
    assert_eq!(all.len(), 200);
    assert_eq!(all[199].slug.as_deref(), Some("m199"));

    // A server that hands back the same token forever is caught, not followed.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"items": sourcecraft_items(0, 1), "next_page_token": "same"}),
            ),
        )
        .mount(&server)
        .await;
    let error = sourcecraft_repo(&server.uri(), "org/repo")
        .list_all(|_| {})
        .await
        .unwrap_err();
    assert!(error.to_string().contains("twice"), "{error}");
}

/// SourceCraft: a milestone seen on two pages means the listing changed;
/// it is read again, and fails after three readings rather than return a
/// part. Two different milestones with one slug are an error naming it.
#[tokio::test]
async fn sourcecraft_listings_that_do_not_add_up_fail() {
    let server = sourcecraft_listing_b_twice().await;
    let repo = sourcecraft_repo(&server.uri(), "org/repo");
    let shown = repo.list_all(|_| {}).await.unwrap_err().to_string();
    assert!(
        shown.contains("\"b\" was listed twice") && shown.contains("3 readings"),
        "{shown}"
    );
    assert_eq!(repo.transport().requests(), 6);

    let server = sourcecraft_two_under_one_slug().await;
    let shown = sourcecraft_repo(&server.uri(), "org/repo")
        .list_all(|_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(
        shown.contains("two different milestones carry the slug \"a\""),
        "{shown}"
    );
}

/// Everything a streamed reading handed over since it last started over,
/// and how many times it started.
#[derive(Default)]
struct Collected {
    slugs: Vec<String>,
    starts: usize,
}

impl mileport::forge::Sink<sourcecraft::types::Milestone> for Collected {
    fn restart(&mut self) {
        self.slugs.clear();
        self.starts += 1;
    }

    fn take(&mut self, milestone: &sourcecraft::types::Milestone) {
        self.slugs.extend(milestone.slug.clone());
    }
}

/// SourceCraft: the streamed reading that confirms a run's writes holds
/// no listing but keeps every check of the whole one: pages read twice
/// and kept once both agree, a milestone listed twice read again and
/// refused after three readings, two milestones with one slug an error.
#[tokio::test]
async fn a_streamed_sourcecraft_reading_keeps_every_check() {
    let server = sourcecraft_two_pages(150).await;
    let repo = sourcecraft_repo(&server.uri(), "org/repo");
    let mut sink = Collected::default();
    repo.list_into(&mut sink).await.unwrap();
    assert_eq!(sink.starts, 2, "read twice, with no total to check one by");
    let wanted: Vec<String> = (0..150).map(|i| format!("m{i}")).collect();
    assert_eq!(sink.slugs, wanted, "the second reading's, each once");

    let server = sourcecraft_listing_b_twice().await;
    let repo = sourcecraft_repo(&server.uri(), "org/repo");
    let mut sink = Collected::default();
    let shown = repo.list_into(&mut sink).await.unwrap_err().to_string();
    assert!(
        shown.contains("\"b\" was listed twice") && shown.contains("3 readings"),
        "{shown}"
    );
    assert_eq!((sink.starts, repo.transport().requests()), (3, 6));

    let server = sourcecraft_two_under_one_slug().await;
    let shown = sourcecraft_repo(&server.uri(), "org/repo")
        .list_into(&mut Collected::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        shown.contains("two different milestones carry the slug \"a\""),
        "{shown}"
    );
}
