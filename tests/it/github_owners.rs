//! Every repository of a GitHub owner, read through `GitHubOwners`: against
//! the sandbox over HTTP (an organisation paged by `Link` headers, a user
//! behind the organisation's 404, an unknown owner, a bad token, the
//! token's budget shared with milestone requests), and against a mock server for answers the sandbox
//! never gives (a next page on another host, a repeated repository, two
//! repositories with one name).

use std::{
    collections::{BTreeMap, BTreeSet},
    time::Duration,
};

use mileport::net::{connection::Connection, error::Failure, owner::OwnerKind};
use mileport::provider::Token;
use mileport::provider::rate::Window;
use mileport::providers::github::sandbox::DEFAULT_GITHUB_TOKEN;
use mileport::providers::github::{adapter::GitHubRepo, repos::GitHubOwners};
use mileport::sandbox::{Faults, Sandbox, SeedData};
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{header, method, path, query_param},
};

use crate::support::{TOKEN, quick_options, start_sandbox};

fn owners(base_url: &str, token: &str) -> GitHubOwners {
    let connection = Connection::new(
        mileport::providers::github::PROVIDER,
        base_url,
        "test",
        Token::new(token),
    )
    .unwrap();
    GitHubOwners::new(&connection, &quick_options()).unwrap()
}

fn names(count: usize) -> Vec<String> {
    (0..count).map(|n| format!("repo-{n:03}")).collect()
}

fn route_count(sandbox: &Sandbox, route: &str) -> u64 {
    sandbox.stats().routes.get(route).copied().unwrap_or(0)
}

/// `Big-Org` holds `count` repositories, `octocat` (a user) two, `other`
/// one; `Big-Org/repo-000` more, marked missing.
async fn sandbox_with_owners(count: usize) -> Sandbox {
    let mut github: BTreeMap<String, Vec<_>> = names(count + 1)
        .into_iter()
        .map(|name| (format!("Big-Org/{name}"), Vec::new()))
        .collect();
    github.insert("octocat/Hello-World".into(), Vec::new());
    github.insert("octocat/dot.files".into(), Vec::new());
    github.insert("other/elsewhere".into(), Vec::new());
    let mut seed = SeedData::default();
    seed.github().milestones = github;
    seed.github().missing = BTreeSet::from(["Big-Org/repo-000".to_owned()]);
    seed.github().users = BTreeSet::from(["octocat".to_owned()]);
    start_sandbox(seed).await
}

#[tokio::test]
async fn an_organisation_of_130_is_listed_completely_through_link_paging() {
    let sandbox = sandbox_with_owners(130).await;
    // Owner names are not case sensitive on GitHub.
    let listed = owners(&sandbox.github_url(), DEFAULT_GITHUB_TOKEN)
        .list_repos("big-org")
        .await
        .unwrap();
    assert_eq!(listed.kind, OwnerKind::Organisation);
    assert_eq!(listed.owner.to_string(), "github:big-org");
    let expected: Vec<String> = names(131).into_iter().skip(1).collect();
    assert_eq!(listed.names, expected, "each once, repo-000 missing");
    assert!(listed.elsewhere.is_empty());
    assert_eq!(listed.repos()[0].to_string(), "github:big-org/repo-001");
    // The first page by name, the second by the link's account-id form.
    assert_eq!(route_count(&sandbox, "github GET /orgs/{org}/repos"), 1);
    assert_eq!(
        route_count(&sandbox, "github GET /organizations/{id}/repos"),
        1
    );
    assert_eq!(
        route_count(&sandbox, "github GET /users/{username}/repos"),
        0
    );
}

#[tokio::test]
async fn an_unknown_owner_is_a_404_naming_it() {
    let sandbox = sandbox_with_owners(3).await;
    let owners = owners(&sandbox.github_url(), DEFAULT_GITHUB_TOKEN);
    let error = owners.list_repos("nobody").await.unwrap_err();
    assert_eq!(error.status(), Some(404), "{error}");
    assert!(
        error
            .to_string()
            .contains("there is no organisation or user named `nobody`"),
        "{error}"
    );
    // Not sent at all: a name that could leave the API's path.
    let before = sandbox.stats().routes.values().sum::<u64>();
    let error = owners.list_repos("../admin").await.unwrap_err();
    assert_eq!(error.status(), None, "{error}");
    assert_eq!(sandbox.stats().routes.values().sum::<u64>(), before);
}

/// The owner listing counts against the token's primary budget with the
/// milestone requests: once it is spent for longer than a run may wait,
/// nothing more is sent, and GitHub never has to refuse.
#[tokio::test]
async fn owner_listings_share_the_tokens_budget_with_milestone_requests() {
    let sandbox = sandbox_with_owners(3).await;
    sandbox.set_faults(Faults::default().with_github(
        mileport::providers::github::sandbox_faults::GitHubFaults {
            budget: Some(Window {
                requests: 3,
                length: Duration::from_secs(3600),
            }),
            ..Default::default()
        },
    ));
    let connection = Connection::new(
        mileport::providers::github::PROVIDER,
        &sandbox.github_url(),
        "test",
        Token::new(DEFAULT_GITHUB_TOKEN),
    )
    .unwrap();
    let owners = GitHubOwners::new(&connection, &quick_options()).unwrap();
    let repo = GitHubRepo::connect(
        &connection,
        &"github:octocat/Hello-World".parse().unwrap(),
        &quick_options(),
    )
    .unwrap();
    // The organisation's 404 and the user's page: two of three.
    owners.list_repos("octocat").await.unwrap();
    repo.list(&mut |_| {}).await.unwrap();
    let error = owners.list_repos("octocat").await.unwrap_err();
    assert!(
        matches!(error.failure, Failure::WaitTooLong { .. }),
        "{error}"
    );
    assert_eq!(sandbox.stats().total(), 3);
    assert_eq!(sandbox.github_limit_stats().primary_refusals, 0);
}

/// The sandbox's answers themselves: GitHub's shape, its headers, each
/// listing for its own kind of owner, `per_page` 30 by default and 100 at
/// most, `type` checked.
#[tokio::test]
async fn the_sandbox_answers_as_github_lists_repositories() {
    let sandbox = sandbox_with_owners(130).await;
    let client = crate::support::http_client();
    let get = |path: &str| {
        client
            .get(format!("{}{path}", sandbox.github_url()))
            .bearer_auth(DEFAULT_GITHUB_TOKEN)
            .send()
    };
    assert_eq!(get("/orgs/octocat/repos").await.unwrap().status(), 404);
    assert_eq!(get("/users/Big-Org/repos").await.unwrap().status(), 404);
    assert_eq!(get("/orgs/nobody/repos").await.unwrap().status(), 404);
    assert_eq!(
        get("/orgs/Big-Org/repos?type=owner")
            .await
            .unwrap()
            .status(),
        422
    );
    let answer = get("/orgs/Big-Org/repos").await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["x-ratelimit-limit"], "5000");
    let link = answer.headers()["link"].to_str().unwrap().to_owned();
    assert!(link.contains("per_page=30&page=2>; rel=\"next\""), "{link}");
    assert!(link.contains("page=5>; rel=\"last\""), "{link}");
    let page: Vec<Value> = answer.json().await.unwrap();
    assert_eq!(page.len(), 30);
    let first = &page[0];
    assert_eq!(first["name"], "repo-001");
    assert_eq!(first["full_name"], "Big-Org/repo-001");
    assert_eq!(first["private"], false);
    assert_eq!(first["owner"]["login"], "Big-Org");
    assert_eq!(first["owner"]["type"], "Organization");
    assert!(first["id"].is_i64() && first["owner"]["id"].is_i64());
    assert!(first["node_id"].is_string() && first["html_url"].is_string());
    let page: Vec<Value> = get("/orgs/Big-Org/repos?per_page=1000")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page.len(), 100, "per_page is capped at 100");
    let private: Vec<Value> = get("/orgs/Big-Org/repos?type=private")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(private.is_empty(), "every held repository is public");
    let user: Vec<Value> = get("/users/octocat/repos")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(user[0]["owner"]["type"], "User");
    assert_eq!(user.len(), 2);
}

/// GitHub's shape of a listed repository.
fn repo(owner: &str, name: &str, id: i64) -> Value {
    json!({
        "id": id, "node_id": format!("R_{id}"), "name": name,
        "full_name": format!("{owner}/{name}"), "private": false,
        "owner": {"login": owner, "id": 1, "type": "Organization"},
        "html_url": format!("https://github.com/{owner}/{name}"),
        "topics": ["kept"],
    })
}

#[tokio::test]
async fn a_next_page_on_another_host_is_never_asked_for() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let next = format!(
        "<{}/organizations/1/repos?page=2>; rel=\"next\"",
        elsewhere.uri()
    );
    Mock::given(method("GET"))
        .and(path("/orgs/acme/repos"))
        .and(query_param("type", "all"))
        .and(query_param("per_page", "100"))
        .and(header("x-github-api-version", "2022-11-28"))
        .and(header("accept", "application/vnd.github+json"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next.as_str())
                .set_body_json(json!([repo("acme", "a", 1)])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let error = owners(&server.uri(), TOKEN)
        .list_repos("acme")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("another host"), "{error}");
}

/// A user's listing (after the organisation's 404) on two pages, relative
/// links and another owner's repository included.
#[tokio::test]
async fn a_users_pages_are_followed_and_other_owners_set_apart() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orgs/bob/repos"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/bob/repos"))
        .and(query_param("type", "owner"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", "</user/7/repos?page=2>; rel=\"next\"")
                .set_body_json(json!([repo("bob", "b", 2), repo("BOB", "a", 1)])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/user/7/repos"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([repo("team", "b", 9), repo("bob", "c", 3)])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let listed = owners(&server.uri(), TOKEN)
        .list_repos("bob")
        .await
        .unwrap();
    assert_eq!(listed.kind, OwnerKind::User);
    assert_eq!(listed.names, ["a", "b", "c"]);
    assert_eq!(listed.elsewhere, ["team/b"]);
}

/// The same repository twice: the listing shifted while it was read, and
/// is read again; when it never settles, the error says so.
#[tokio::test]
async fn a_listing_that_repeats_a_repository_is_read_again_then_refused() {
    let server = MockServer::start().await;
    let next = format!(
        "<{}/organizations/1/repos?page=2>; rel=\"next\"",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/orgs/acme/repos"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next.as_str())
                .set_body_json(json!([repo("acme", "x", 1)])),
        )
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/organizations/1/repos"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([repo("acme", "X", 1)])))
        .expect(3)
        .mount(&server)
        .await;
    let error = owners(&server.uri(), TOKEN)
        .list_repos("acme")
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("did not add up in 3 readings"),
        "{message}"
    );
    assert!(message.contains("`X` was listed twice"), "{message}");
}

/// Two different repositories with one name cannot both be addressed.
#[tokio::test]
async fn two_repositories_with_one_name_are_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme/repos"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([repo("acme", "x", 1), repo("acme", "x", 2)])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = owners(&server.uri(), TOKEN)
        .list_repos("acme")
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("two different repositories carry the name `x`"),
        "{error}"
    );
}
