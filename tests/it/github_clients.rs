//! The generated GitHub client against a mock server on loopback, through
//! the crate's transport: each operation sends the documented method, path,
//! query and body; GitHub's answers, nulls included, read back; its errors
//! read as what failed.

use mileport::net::{
    error::{ErrorBody, Failure, from_progenitor},
    pacer::PaceSettings,
    transport::Transport,
};
use mileport::providers::github::client::{
    Client,
    types::{
        CreateMilestoneBody, Direction, MilestoneSort, MilestoneState, OrgRepoType, RepoSort,
        StateFilter, UpdateMilestoneBody, UserRepoType,
    },
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
    let http = crate::support::http_client_builder()
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
            due_on: Some(mileport::providers::github::dates::DueOnChange(Some(
                "2024-11-03T12:00:00Z".into(),
            ))),
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
    // A page in place of GitHub's JSON: its status, and the page, kept.
    let Failure::NotFromApi { status, what, .. } = failure("proxy").await else {
        panic!("a 502 page is a status failure from in front of the API");
    };
    assert_eq!(status, 502);
    assert!(what.contains("Bad Gateway"), "{what}");
}

/// A GitHub repository on a mock server under an Enterprise Server base path.
fn mock_repo(base: &str) -> mileport::providers::github::adapter::GitHubRepo {
    use mileport::net::connection::Connection;
    use mileport::provider::Token;

    use mileport::providers::github::adapter::GitHubRepo;
    let connection = Connection::new(
        mileport::providers::github::PROVIDER,
        base,
        "test",
        Token::new(TOKEN),
    )
    .unwrap();
    GitHubRepo::connect(
        &connection,
        &"github:o/r".parse().unwrap(),
        &crate::support::quick_options(),
    )
    .unwrap()
}

#[tokio::test]
async fn github_pages_follow_links_with_githubs_headers_on_an_enterprise_base() {
    let server = MockServer::start().await;
    let next = format!(
        "<{}/api/v3/repositories/7/milestones?state=all&per_page=100&page=2>; rel=\"next\"",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/api/v3/repos/o/r/milestones"))
        .and(query_param("state", "all"))
        .and(query_param("per_page", "100"))
        .and(header("accept", "application/vnd.github+json"))
        .and(header("x-github-api-version", "2022-11-28"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header(
            "user-agent",
            concat!("mileport/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next.as_str())
                .set_body_json(json!([milestone(1, "v1"), milestone(2, "v2")])),
        )
        // Read twice: two pages without a total are kept once two readings agree.
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/repositories/7/milestones"))
        .and(query_param("page", "2"))
        .and(header("accept", "application/vnd.github+json"))
        .and(header("x-github-api-version", "2022-11-28"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([milestone(3, "v3")])))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v3/repos/o/r/milestones/3"))
        .and(header("accept", "application/vnd.github+json"))
        .and(header("x-github-api-version", "2022-11-28"))
        .respond_with(ResponseTemplate::new(200).set_body_json(milestone(3, "v3")))
        .expect(1)
        .mount(&server)
        .await;
    let repo = mock_repo(&format!("{}/api/v3", server.uri()));
    let (listed, warnings) = repo.list(&mut |_| {}).await.unwrap();
    assert!(warnings.is_empty());
    let numbers: Vec<i64> = listed.iter().map(|m| m.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(repo.get(3).await.unwrap().title, "v3");
}

#[tokio::test]
async fn a_next_page_on_another_host_is_never_asked_for() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let next = format!(
        "<{}/repositories/7/milestones?page=2>; rel=\"next\"",
        elsewhere.uri()
    );
    Mock::given(method("GET"))
        .and(path("/repos/o/r/milestones"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next.as_str())
                .set_body_json(json!([milestone(1, "v1")])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let error = mock_repo(&server.uri())
        .list(&mut |_| {})
        .await
        .unwrap_err();
    assert!(error.to_string().contains("another host"), "{error}");
}

#[tokio::test]
async fn a_listing_that_repeats_a_milestone_is_read_again_then_refused() {
    let server = MockServer::start().await;
    let next = format!(
        "<{}/repositories/7/milestones?page=2>; rel=\"next\"",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/repos/o/r/milestones"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next.as_str())
                .set_body_json(json!([milestone(1, "v1"), milestone(2, "v2")])),
        )
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repositories/7/milestones"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([milestone(2, "v2")])))
        .expect(3)
        .mount(&server)
        .await;
    let error = mock_repo(&server.uri())
        .list(&mut |_| {})
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("milestone 2 was listed twice") && text.contains("3 readings"),
        "{text}"
    );
}

mod against_the_sandbox {
    //! The GitHub adapter, mapping and writes against the sandbox's GitHub
    //! side over loopback.

    use std::{collections::BTreeMap, time::Duration};

    use chrono::NaiveDate;
    use mileport::provider::Token;
    use mileport::{
        forge::{Mapper, WriteContext, Writing},
        net::{connection::Connection, error::Failure},
        protocols::rest::write::RestBodies,
        provider::{RepoRef, rate::Window},
        providers::{
            github::client::types::Milestone,
            github::sandbox::DEFAULT_GITHUB_TOKEN,
            github::{GitHub, adapter::GitHubRepo, mapping::GitHubFields},
        },
        record::State,
        sandbox::{Faults, Sandbox, SandboxConfig, SeedData},
        state::journal::Journal,
    };

    use crate::support::quick_options;

    const REPO: &str = "octo/roadmap";

    async fn sandbox(faults: Faults, seed: SeedData) -> Sandbox {
        Sandbox::start(SandboxConfig {
            faults,
            seed: seed.with_github_repo(REPO),
            ..SandboxConfig::default()
        })
        .await
        .unwrap()
    }

    fn connect(sandbox: &Sandbox, token: &str) -> GitHubRepo {
        let connection = Connection::new(
            mileport::providers::github::PROVIDER,
            &sandbox.github_url(),
            "test",
            Token::new(token),
        )
        .unwrap();
        let repo: RepoRef = format!("github:{REPO}").parse().unwrap();
        GitHubRepo::connect(&connection, &repo, &quick_options()).unwrap()
    }

    fn fields(title: &str, due_on: Option<&str>, state: State) -> GitHubFields {
        GitHubFields {
            title: title.to_owned(),
            description: Some(format!("about {title}")),
            due_on: due_on.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            state,
        }
    }

    fn route_count(sandbox: &Sandbox, route: &str) -> u64 {
        sandbox.stats().routes.get(route).copied().unwrap_or(0)
    }

    const CREATE_ROUTE: &str = "github POST /repos/{owner}/{repo}/milestones";

    #[tokio::test]
    async fn a_listing_of_250_follows_the_link_header_in_two_readings_that_agree() {
        let milestones: Vec<Milestone> = (1..=250)
            .map(|n| {
                serde_json::from_value(serde_json::json!({
                    "number": n, "id": 5000 + n, "title": format!("m{n}"),
                    "state": if n % 3 == 0 { "closed" } else { "open" },
                }))
                .unwrap()
            })
            .collect();
        let mut seed = SeedData::default();
        seed.github().milestones = BTreeMap::from([(REPO.to_owned(), milestones)]);
        let sandbox = sandbox(Faults::default(), seed).await;
        let repo = connect(&sandbox, DEFAULT_GITHUB_TOKEN);
        let mut pages = Vec::new();
        let (listed, warnings) = repo.list(&mut |count| pages.push(count)).await.unwrap();
        assert_eq!(warnings, Vec::<String>::new());
        // No total comes with the pages: a second reading confirms the first.
        assert_eq!(pages, [100, 200, 250, 100, 200, 250]);
        let numbers: Vec<i64> = listed.iter().map(|m| m.number).collect();
        assert_eq!(numbers, (1..=250).collect::<Vec<_>>());
        assert_eq!(
            listed
                .iter()
                .filter(|m| m.state.as_deref() == Some("closed"))
                .count(),
            83
        );
        assert_eq!(
            route_count(&sandbox, "github GET /repos/{owner}/{repo}/milestones"),
            2
        );
        assert_eq!(
            route_count(&sandbox, "github GET /repositories/{id}/milestones"),
            4
        );
        // Without `state=all` GitHub lists open milestones only, 30 a page.
        let default = crate::support::http_client()
            .get(format!("{}/repos/{REPO}/milestones", sandbox.github_url()))
            .bearer_auth(DEFAULT_GITHUB_TOKEN)
            .send()
            .await
            .unwrap();
        assert!(
            default.headers()["link"]
                .to_str()
                .unwrap()
                .contains("rel=\"next\"")
        );
        let page: Vec<Milestone> = default.json().await.unwrap();
        assert_eq!(page.len(), 30);
        assert!(page.iter().all(|m| m.state.as_deref() == Some("open")));
    }

    #[tokio::test]
    async fn a_closed_milestone_is_created_in_one_request() {
        let sandbox = sandbox(Faults::default(), SeedData::default()).await;
        let repo = connect(&sandbox, DEFAULT_GITHUB_TOKEN);
        let wanted = fields("v1.0", Some("2025-01-31"), State::Closed);
        let claimed = WriteContext::<GitHub>::new(None, []);
        let number = GitHub::create(&repo, &wanted, &claimed).await.unwrap();
        assert_eq!(route_count(&sandbox, CREATE_ROUTE), 1);
        assert_eq!(sandbox.stats().total(), 1, "{:?}", sandbox.stats());
        assert_eq!(repo.create_pace().windows.to_string(), "80/min, 500/h");
        let stored = &sandbox.github_milestones(REPO)[0];
        assert_eq!(stored.number, number);
        assert_eq!(stored.state.as_deref(), Some("closed"));
        assert!(stored.closed_at.is_some());
        assert_eq!(stored.due_on.as_deref(), Some("2025-01-31T08:00:00Z"));
        assert!(claimed.claimed.lock().unwrap().contains(&number));
    }

    #[tokio::test]
    async fn a_taken_title_is_ours_when_it_matches_and_refused_when_not() {
        let sandbox = sandbox(Faults::default(), SeedData::default()).await;
        let repo = connect(&sandbox, DEFAULT_GITHUB_TOKEN);
        let earlier = fields("v1.0", Some("2025-03-09"), State::Open);
        repo.create(&GitHub::create_body(&earlier)).await.unwrap();
        let theirs = GitHubFields {
            description: Some("someone else's".into()),
            ..fields("v2.0", None, State::Open)
        };
        repo.create(&GitHub::create_body(&theirs)).await.unwrap();

        // The same milestone, now wanted closed: ours; its state is updated.
        let claimed = WriteContext::<GitHub>::new(None, []);
        let closed = GitHubFields {
            state: State::Closed,
            ..earlier.clone()
        };
        let number = GitHub::create(&repo, &closed, &claimed).await.unwrap();
        assert_eq!(number, 1);
        let stored = sandbox.github_milestones(REPO);
        assert_eq!(stored.len(), 2);
        assert_eq!(stored[0].state.as_deref(), Some("closed"));

        // Someone else's milestone under the title: left alone, named.
        let mine = fields("v2.0", Some("2025-04-01"), State::Open);
        let error = GitHub::create(&repo, &mine, &claimed).await.unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("\"v2.0\"") && text.contains("description, due_on"),
            "{text}"
        );
        assert_eq!(sandbox.github_milestones(REPO)[1].due_on, None);
        assert_eq!(sandbox.github_milestones(REPO).len(), 2);
    }

    #[tokio::test]
    async fn due_dates_survive_both_switches_a_leap_day_and_a_year_end() {
        let sandbox = sandbox(Faults::default(), SeedData::default()).await;
        let repo = connect(&sandbox, DEFAULT_GITHUB_TOKEN);
        let cases = [
            ("2024-03-09", "2024-03-09T08:00:00Z"),
            ("2024-03-10", "2024-03-10T08:00:00Z"),
            ("2024-03-11", "2024-03-11T07:00:00Z"),
            ("2024-11-02", "2024-11-02T07:00:00Z"),
            ("2024-11-03", "2024-11-03T07:00:00Z"),
            ("2024-11-04", "2024-11-04T08:00:00Z"),
            ("2024-02-29", "2024-02-29T08:00:00Z"),
            ("2024-12-31", "2024-12-31T08:00:00Z"),
            ("2025-01-01", "2025-01-01T08:00:00Z"),
        ];
        let claimed = WriteContext::<GitHub>::new(None, []);
        for (date, _) in cases {
            let wanted = fields(date, Some(date), State::Open);
            GitHub::create(&repo, &wanted, &claimed).await.unwrap();
        }
        let (listed, _) = repo.list(&mut |_| {}).await.unwrap();
        for ((date, kept), milestone) in cases.iter().zip(&listed) {
            assert_eq!(milestone.due_on.as_deref(), Some(*kept), "{date}");
            let record = GitHub::to_record(milestone, None).unwrap();
            assert_eq!(record.due.unwrap().date.to_string(), *date);
        }
    }

    #[tokio::test]
    async fn a_small_primary_budget_is_paced_and_never_refuses() {
        let faults = Faults::default().with_github(
            mileport::providers::github::sandbox_faults::GitHubFaults {
                budget: Some(Window {
                    requests: 10,
                    length: Duration::from_secs(1),
                }),
                ..Default::default()
            },
        );
        let sandbox = sandbox(faults, SeedData::default()).await;
        let repo = connect(&sandbox, DEFAULT_GITHUB_TOKEN);
        let claimed = WriteContext::<GitHub>::new(None, []);
        GitHub::create(&repo, &fields("v1", None, State::Open), &claimed)
            .await
            .unwrap();
        for _ in 0..24 {
            repo.get(1).await.unwrap();
        }
        assert_eq!(sandbox.github_limit_stats().primary_refusals, 0);
        assert_eq!(sandbox.stats().total(), 25);
        assert_eq!(repo.transport().retries(), 0);
        assert_eq!(repo.transport().throttled(), 0);
    }

    #[tokio::test]
    async fn a_spent_budget_longer_than_max_wait_stops_without_sending() {
        let faults = Faults::default().with_github(
            mileport::providers::github::sandbox_faults::GitHubFaults {
                budget: Some(Window {
                    requests: 3,
                    length: Duration::from_secs(3600),
                }),
                ..Default::default()
            },
        );
        let sandbox = sandbox(faults, SeedData::default()).await;
        let repo = connect(&sandbox, DEFAULT_GITHUB_TOKEN);
        let claimed = WriteContext::<GitHub>::new(None, []);
        GitHub::create(&repo, &fields("v1", None, State::Open), &claimed)
            .await
            .unwrap();
        repo.get(1).await.unwrap();
        repo.get(1).await.unwrap();
        let error = repo.get(1).await.unwrap_err();
        assert!(
            matches!(error.failure, Failure::WaitTooLong { status: 429, .. }),
            "{error}"
        );
        assert!(error.stops_the_run());
        assert_eq!(sandbox.stats().total(), 3);
        assert_eq!(sandbox.github_limit_stats().primary_refusals, 0);
    }

    #[tokio::test]
    async fn a_secondary_limit_is_waited_out_as_403_or_429() {
        for answer_429 in [false, true] {
            let faults = Faults::default().with_github(
                mileport::providers::github::sandbox_faults::GitHubFaults {
                    create_limit: Some(Window {
                        requests: 1,
                        length: Duration::from_secs(1),
                    }),
                    secondary_429: answer_429,
                    ..Default::default()
                },
            );
            let sandbox = sandbox(faults, SeedData::default()).await;
            let repo = connect(&sandbox, DEFAULT_GITHUB_TOKEN);
            let claimed = WriteContext::<GitHub>::new(None, []);
            for title in ["a", "b"] {
                GitHub::create(&repo, &fields(title, None, State::Open), &claimed)
                    .await
                    .unwrap();
            }
            assert_eq!(sandbox.github_milestones(REPO).len(), 2);
            assert!(sandbox.github_limit_stats().secondary_refusals >= 1);
            assert!(route_count(&sandbox, CREATE_ROUTE) >= 3);
        }
    }

    #[tokio::test]
    async fn a_plain_403_is_a_permission_error_and_a_bad_token_a_401() {
        let faults = Faults::default().with_github(
            mileport::providers::github::sandbox_faults::GitHubFaults {
                read_only: true,
                ..Default::default()
            },
        );
        let sandbox = sandbox(faults, SeedData::default()).await;
        let repo = connect(&sandbox, DEFAULT_GITHUB_TOKEN);
        let claimed = WriteContext::<GitHub>::new(None, []);
        let error = GitHub::create(&repo, &fields("v1", None, State::Open), &claimed)
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(403));
        assert_eq!(error.attempts, 1);
        assert!(
            matches!(&error.failure, Failure::Status { message: Some(m), .. } if m.contains("not accessible")),
            "{error}"
        );
        assert_eq!(route_count(&sandbox, CREATE_ROUTE), 1);

        let stranger = connect(&sandbox, "wrong-token");
        let error = stranger.list(&mut |_| {}).await.unwrap_err();
        assert_eq!(error.status(), Some(401));
        assert!(error.to_string().contains("Bad credentials"), "{error}");
        assert!(!error.to_string().contains("wrong-token"), "{error}");
    }

    #[tokio::test]
    async fn a_create_whose_answer_is_lost_is_found_not_sent_again() {
        let faults = Faults {
            drop_after_commit: 1.0,
            ..Faults::default()
        };
        let sandbox = sandbox(faults, SeedData::default()).await;
        let repo = connect(&sandbox, DEFAULT_GITHUB_TOKEN);
        let wanted = fields("v1", Some("2025-06-30"), State::Closed);
        let dir = tempfile::tempdir().unwrap();
        let (journal, earlier) =
            Journal::open(dir.path(), "github-octo-roadmap", Duration::from_secs(30)).unwrap();
        assert!(earlier.is_empty());
        let claimed = WriteContext::<GitHub>::new(Some(&journal), []);
        let number = GitHub::create(&repo, &wanted, &claimed).await.unwrap();
        drop(claimed);
        drop(journal);
        // Found, so its journal line is cleared: a later run has nothing to look for.
        let (_, unanswered) =
            Journal::open(dir.path(), "github-octo-roadmap", Duration::from_secs(30)).unwrap();
        assert!(unanswered.is_empty(), "{unanswered:?}");
        assert_eq!(route_count(&sandbox, CREATE_ROUTE), 1);
        assert_eq!(sandbox.stats().dropped, 1);
        let stored = sandbox.github_milestones(REPO);
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].number, number);
    }

    #[tokio::test]
    async fn an_unknown_repository_is_a_404() {
        let sandbox = sandbox(Faults::default(), SeedData::default()).await;
        let connection = Connection::new(
            mileport::providers::github::PROVIDER,
            &sandbox.github_url(),
            "test",
            Token::new(DEFAULT_GITHUB_TOKEN),
        )
        .unwrap();
        let repo: RepoRef = "github:octo/nowhere".parse().unwrap();
        let repo = GitHubRepo::connect(&connection, &repo, &quick_options()).unwrap();
        let error = repo.list(&mut |_| {}).await.unwrap_err();
        assert_eq!(error.status(), Some(404));
    }
}
