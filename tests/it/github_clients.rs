//! The generated GitHub client against a mock server on loopback, through
//! the crate's transport: each operation sends the documented method, path,
//! query and body; GitHub's answers, nulls included, read back; its errors
//! read as what failed.

use mileport::providers::{
    error::{ErrorBody, Failure, from_progenitor},
    generated::github::{
        Client,
        types::{
            CreateMilestoneBody, Direction, MilestoneSort, MilestoneState, OrgRepoType, RepoSort,
            StateFilter, UpdateMilestoneBody, UserRepoType,
        },
    },
    pacer::PaceSettings,
    transport::Transport,
};
use progenitor_client::ClientInfo;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, Request, ResponseTemplate,
    matchers::{body_json, header, method, path, query_param},
};

use crate::support::TOKEN;

/// A client as an adapter would build one: bearer token, user agent, and
/// the shared transport.
fn client(base: &str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {TOKEN}")).unwrap(),
    );
    let http = reqwest::Client::builder()
        .user_agent("mileport-test")
        .default_headers(headers)
        .build()
        .unwrap();
    Client::new_with_client(base, http, Transport::new(PaceSettings::default(), 1 << 20))
}

/// GitHub's shape of a milestone, nulls as it sends them.
fn milestone(number: i64, title: &str) -> Value {
    json!({
        "url": format!("https://api.github.com/repos/o/r/milestones/{number}"),
        "id": 1000 + number, "node_id": "MI_x", "number": number, "state": "open",
        "title": title, "description": null, "creator": null, "open_issues": 0,
        "closed_issues": 0, "created_at": "2025-01-02T03:04:05Z",
        "updated_at": "2025-01-02T03:04:05Z", "closed_at": null, "due_on": null,
    })
}

/// Every query parameter of a request, in order.
fn query(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

#[tokio::test]
async fn github_operations_send_the_documented_requests() {
    let server = MockServer::start().await;
    let prefix = "/repos/o/r/milestones";
    let link = r#"<https://api.github.com/repositories/1/milestones?state=all&per_page=100&page=3>; rel="next", <https://api.github.com/repositories/1/milestones?state=all&per_page=100&page=4>; rel="last""#;
    Mock::given(method("GET"))
        .and(path(prefix))
        .and(|request: &Request| {
            query(request)
                == [
                    ("direction", "desc"),
                    ("page", "2"),
                    ("per_page", "100"),
                    ("sort", "completeness"),
                    ("state", "all"),
                ]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        })
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("user-agent", "mileport-test"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", link)
                .set_body_json(json!([milestone(1, "v1"), milestone(2, "v2")])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(prefix))
        .and(|request: &Request| request.url.query().is_none())
        .and(body_json(json!({
            "title": "v3", "state": "closed", "description": "Ünïcode ✓\n",
            "due_on": "2025-03-10T12:00:00Z",
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(milestone(3, "v3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{prefix}/3")))
        .respond_with(ResponseTemplate::new(200).set_body_json(milestone(3, "v3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("{prefix}/3")))
        .and(body_json(
            json!({"state": "open", "due_on": "2024-11-03T12:00:00Z"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(milestone(3, "v3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{prefix}/3")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme/repos"))
        .and(query_param("type", "all"))
        .and(query_param("sort", "full_name"))
        .and(query_param("direction", "asc"))
        .and(query_param("per_page", "100"))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": 1, "name": "one", "full_name": "acme/one", "private": false, "description": null}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/octocat/repos"))
        .and(query_param("type", "owner"))
        .and(query_param("sort", "updated"))
        .and(query_param("per_page", "50"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"name": "Hello-World", "owner": {"login": "octocat"}}])),
        )
        .expect(1)
        .mount(&server)
        .await;

    let github = client(&server.uri());
    let page = github
        .list_milestones()
        .owner("o")
        .repo("r")
        .state(StateFilter::All)
        .sort(MilestoneSort::Completeness)
        .direction(Direction::Desc)
        .per_page(100u64)
        .page(2u64)
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()["link"], link, "the next page is in `Link`");
    let page = page.into_inner();
    assert_eq!(
        page.iter().map(|m| m.number).collect::<Vec<_>>(),
        [1, 2],
        "{page:?}"
    );
    assert_eq!(
        (page[0].description.as_deref(), page[0].due_on.as_deref()),
        (None, None)
    );

    let created = github
        .create_milestone()
        .owner("o")
        .repo("r")
        .body(CreateMilestoneBody {
            title: "v3".into(),
            state: Some(MilestoneState::Closed),
            description: Some("Ünïcode ✓\n".into()),
            due_on: Some("2025-03-10T12:00:00Z".into()),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.number, 3);
    let got = github
        .get_milestone()
        .owner("o")
        .repo("r")
        .milestone_number(3)
        .send()
        .await
        .unwrap();
    assert_eq!(got.title, "v3");
    github
        .update_milestone()
        .owner("o")
        .repo("r")
        .milestone_number(3)
        .body(UpdateMilestoneBody {
            state: Some(MilestoneState::Open),
            due_on: Some("2024-11-03T12:00:00Z".into()),
            ..Default::default()
        })
        .send()
        .await
        .unwrap();
    let deleted = github
        .delete_milestone()
        .owner("o")
        .repo("r")
        .milestone_number(3)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);

    let org = github
        .list_org_repos()
        .org("acme")
        .type_(OrgRepoType::All)
        .sort(RepoSort::FullName)
        .direction(Direction::Asc)
        .per_page(100u64)
        .page(1u64)
        .send()
        .await
        .unwrap();
    assert_eq!(org[0].full_name.as_deref(), Some("acme/one"));
    let user = github
        .list_user_repos()
        .username("octocat")
        .type_(UserRepoType::Owner)
        .sort(RepoSort::Updated)
        .per_page(50u64)
        .send()
        .await
        .unwrap();
    assert_eq!(user[0].name, "Hello-World");
    assert_eq!(
        user[0].owner.as_ref().and_then(|o| o.login.as_deref()),
        Some("octocat")
    );
    assert_eq!(
        github.inner().requests(),
        7,
        "every request went through the transport"
    );
}

#[tokio::test]
async fn a_taken_title_reads_as_an_error_with_its_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/repos/o/r/milestones"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "Validation Failed",
            "errors": [{"resource": "Milestone", "code": "already_exists", "field": "title"}],
            "documentation_url": "https://docs.github.com/rest/issues/milestones#create-a-milestone",
            "status": "422",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server.uri())
        .create_milestone()
        .owner("o")
        .repo("r")
        .body(CreateMilestoneBody {
            title: "v1.0".into(),
            state: None,
            description: None,
            due_on: None,
        })
        .send()
        .await
        .unwrap_err();
    let progenitor_client::Error::ErrorResponse(response) = error else {
        panic!("not read as the provider's error: {error:?}");
    };
    assert_eq!(response.status(), 422);
    assert!(response.is_already_exists());
    assert_eq!(
        response.message().as_deref(),
        Some("Validation Failed: Milestone.title already_exists")
    );
}

#[tokio::test]
async fn github_errors_surface_readably() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/o/missing/milestones/1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest/issues/milestones#get-a-milestone",
            "status": "404",
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/limited/milestones/1"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("retry-after", "60")
                .set_body_json(json!({
                    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                    "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                })),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/o/proxy/milestones/1"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;

    let github = client(&server.uri());
    let failure = |repo: &'static str| {
        let github = github.clone();
        async move {
            let error = github
                .get_milestone()
                .owner("o")
                .repo(repo)
                .milestone_number(1)
                .send()
                .await
                .unwrap_err();
            from_progenitor(error)
        }
    };
    let Failure::Status {
        status, message, ..
    } = failure("missing").await
    else {
        panic!("a 404 is a status failure");
    };
    assert_eq!((status, message.as_deref()), (404, Some("Not Found")));
    let Failure::Status {
        status,
        message,
        retry_after,
        ..
    } = failure("limited").await
    else {
        panic!("a 403 is a status failure");
    };
    assert_eq!(status, 403);
    assert!(message.unwrap().contains("secondary rate limit"));
    assert_eq!(retry_after, Some(std::time::Duration::from_secs(60)));
    let Failure::Status {
        status, message, ..
    } = failure("proxy").await
    else {
        panic!("a 502 page is a status failure");
    };
    assert_eq!(status, 502);
    assert!(message.unwrap().contains("Bad Gateway"));
}
