//! Every repository of an owner, read through the adapters: against the
//! sandbox over HTTP (organisations and users, paging with and without a
//! page cap, unknown owners), and against a mock server for answers the
//! sandbox never gives (no total headers, repeats, a token that returns).

use std::collections::{BTreeMap, BTreeSet};

use mileport::net::{connection::Connection, owner::OwnerKind};
use mileport::provider::RepoRef;
use mileport::provider::Token;
use mileport::providers::gitcode::sandbox::DEFAULT_GITCODE_TOKEN;
use mileport::providers::sourcecraft::sandbox::DEFAULT_SOURCECRAFT_TOKEN;
use mileport::providers::{gitcode::repos::GitCodeOwners, sourcecraft::repos::SourceCraftOwners};
use mileport::sandbox::{ErrorShape, Faults, Sandbox, SeedData};
use serde_json::{Value, json};
use wiremock::{
    Mock, MockServer, ResponseTemplate,
    matchers::{method, path, query_param},
};

use crate::support::{TOKEN, quick_options, start_sandbox};

fn gitcode_owners(base_url: &str, token: &str) -> GitCodeOwners {
    let connection = Connection::new(
        mileport::providers::gitcode::PROVIDER,
        base_url,
        "test",
        Token::new(token),
    )
    .unwrap();
    GitCodeOwners::new(&connection, &quick_options()).unwrap()
}

fn sourcecraft_owners(base_url: &str, token: &str) -> SourceCraftOwners {
    let connection = Connection::new(
        mileport::providers::sourcecraft::PROVIDER,
        base_url,
        "test",
        Token::new(token),
    )
    .unwrap();
    SourceCraftOwners::new(&connection, &quick_options()).unwrap()
}

/// `repo-000` … `repo-129`: paths the sandbox gives display names that
/// differ (`repo 000`), so a client reading names instead of paths fails.
fn names(count: usize) -> Vec<String> {
    (0..count).map(|n| format!("repo-{n:03}")).collect()
}

/// A sandbox holding `count` repositories of `big` on both sides, `alice`'s
/// two on GitCode (a user), and `other/elsewhere`.
async fn sandbox_with_owners(count: usize) -> Sandbox {
    let mut gitcode: BTreeMap<String, Vec<_>> = names(count)
        .into_iter()
        .map(|name| (format!("big/{name}"), Vec::new()))
        .collect();
    gitcode.insert("alice/notes".into(), Vec::new());
    gitcode.insert("alice/dot.files".into(), Vec::new());
    gitcode.insert("other/elsewhere".into(), Vec::new());
    let mut sourcecraft: BTreeMap<String, Vec<_>> = names(count)
        .into_iter()
        .map(|name| (format!("big/{name}"), Vec::new()))
        .collect();
    sourcecraft.insert("other/elsewhere".into(), Vec::new());
    let mut seed = SeedData::default();
    seed.gitcode().milestones = gitcode;
    seed.sourcecraft().milestones = sourcecraft;
    seed.gitcode().missing = BTreeSet::from(["big/repo-000".to_owned()]);
    seed.gitcode().users = BTreeSet::from(["alice".to_owned()]);
    start_sandbox(seed).await
}

#[tokio::test]
async fn a_gitcode_organisation_lists_every_repository_once_by_path() {
    let sandbox = sandbox_with_owners(131).await;
    let owners = gitcode_owners(&sandbox.gitcode_url(), DEFAULT_GITCODE_TOKEN);
    let listed = owners.list_repos("big").await.unwrap();
    assert_eq!(listed.kind, OwnerKind::Organisation);
    assert_eq!(listed.owner.to_string(), "gitcode:big");
    // repo-000 is marked missing: 130 remain.
    let expected: Vec<String> = names(131).into_iter().skip(1).collect();
    assert_eq!(listed.names.len(), 130);
    assert_eq!(listed.names, expected);
    assert!(listed.elsewhere.is_empty());
    assert_eq!(
        listed.repos()[0].to_string(),
        "gitcode:big/repo-001",
        "addressed by path"
    );
    // Two pages of 100 and 30, then the headers say the end.
    let stats = sandbox.stats();
    assert_eq!(
        stats.routes["gitcode GET /orgs/{org}/repos"], 2,
        "{stats:?}"
    );
}

#[tokio::test]
async fn a_page_cap_below_per_page_loses_no_gitcode_repository() {
    let sandbox = sandbox_with_owners(131).await;
    sandbox.set_faults(
        Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                page_cap: 7,
                ..Default::default()
            },
        ),
    );
    let owners = gitcode_owners(&sandbox.gitcode_url(), DEFAULT_GITCODE_TOKEN);
    let listed = owners.list_repos("big").await.unwrap();
    let expected: Vec<String> = names(131).into_iter().skip(1).collect();
    assert_eq!(listed.names, expected);
    // 130 repositories at 7 a page, though 100 were asked for.
    let stats = sandbox.stats();
    assert_eq!(
        stats.routes["gitcode GET /orgs/{org}/repos"], 19,
        "{stats:?}"
    );
}

#[tokio::test]
async fn an_unknown_gitcode_owner_is_a_404_naming_it() {
    let sandbox = sandbox_with_owners(3).await;
    let owners = gitcode_owners(&sandbox.gitcode_url(), DEFAULT_GITCODE_TOKEN);
    let error = owners.list_repos("nobody").await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    let message = error.to_string();
    assert!(
        message.contains("there is no organisation or user named `nobody`"),
        "{message}"
    );
    // Not sent at all: a name that could leave the API's path.
    let error = owners.list_repos("../admin").await.unwrap_err();
    assert_eq!(error.status(), None, "{error}");
}

#[tokio::test]
async fn a_sourcecraft_organisation_is_read_page_token_by_page_token() {
    let sandbox = sandbox_with_owners(251).await;
    let owners = sourcecraft_owners(&sandbox.sourcecraft_url(), DEFAULT_SOURCECRAFT_TOKEN);
    let listed = owners.list_repos("big").await.unwrap();
    assert_eq!(listed.kind, OwnerKind::Organisation);
    assert_eq!(listed.names, names(251));
    // 100, 100, 51: the last page carries no token.
    let stats = sandbox.stats();
    assert_eq!(
        stats.routes["sourcecraft GET /orgs/{org_slug}/repos"], 3,
        "{stats:?}"
    );
    let repo = owners
        .get_repo(&"sourcecraft:big/repo-007".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(repo.slug.as_deref(), Some("repo-007"));
    assert_eq!(repo.name.as_deref(), Some("Repo-007"));
    assert_eq!(
        repo.organization.and_then(|o| o.slug).as_deref(),
        Some("big")
    );
    let error = owners
        .get_repo(&"sourcecraft:big/absent".parse().unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404), "{error}");
    let mut bad: RepoRef = "sourcecraft:big/x".parse().unwrap();
    bad.name = "..".into();
    let error = owners.get_repo(&bad).await.unwrap_err();
    assert_eq!(error.status(), None, "not sent: {error}");
    let error = owners.list_repos("nobody").await.unwrap_err();
    assert_eq!(error.status(), Some(404), "{error}");
}

fn gitcode_repo(owner: &str, path: &str, id: u64) -> Value {
    json!({"id": id, "path": path, "name": path.to_uppercase(),
           "full_name": format!("{owner}/{path}"), "namespace": {"path": owner, "type": "user"}})
}

/// A server without total headers and with a small page: only an empty
/// page ends the listing.
#[tokio::test]
async fn without_total_headers_gitcode_reads_until_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orgs/bob/repos"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "404 Not Found"})))
        .mount(&server)
        .await;
    let pages = [
        vec![gitcode_repo("bob", "b", 2), gitcode_repo("bob", "a", 1)],
        vec![
            gitcode_repo("bob", "c", 3),
            // Another owner's repository, listed for a member.
            gitcode_repo("team", "shared", 9),
        ],
        vec![],
    ];
    for (n, items) in pages.iter().enumerate() {
        Mock::given(method("GET"))
            .and(path("/users/bob/repos"))
            .and(query_param("type", "owner"))
            .and(query_param("per_page", "100"))
            .and(query_param("page", (n + 1).to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(items))
            .expect(1)
            .mount(&server)
            .await;
    }
    let listed = gitcode_owners(&server.uri(), TOKEN)
        .list_repos("bob")
        .await
        .unwrap();
    assert_eq!(listed.kind, OwnerKind::User);
    assert_eq!(listed.names, ["a", "b", "c"]);
    assert_eq!(listed.elsewhere, ["team/shared"]);
}

/// Two different repositories with one path cannot both be addressed.
#[tokio::test]
async fn two_gitcode_repositories_with_one_path_are_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme/repos"))
        .and(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            gitcode_repo("acme", "x", 1),
            gitcode_repo("acme", "x", 2)
        ])))
        .mount(&server)
        .await;
    let error = gitcode_owners(&server.uri(), TOKEN)
        .list_repos("acme")
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("two different repositories carry the path `x`"),
        "{error}"
    );
}

/// The same repository on two pages: the listing shifted, and is read
/// again; when it never settles, the error says so.
#[tokio::test]
async fn a_gitcode_listing_that_keeps_shifting_is_read_three_times_then_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme/repos"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([gitcode_repo("acme", "x", 1)]))
                .insert_header("total_count", "2")
                .insert_header("total_page", "2"),
        )
        .expect(6)
        .mount(&server)
        .await;
    let error = gitcode_owners(&server.uri(), TOKEN)
        .list_repos("acme")
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("did not add up in 3 readings"),
        "{message}"
    );
    assert!(message.contains("`x` was listed twice"), "{message}");
}

#[tokio::test]
async fn a_sourcecraft_page_token_that_returns_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme/repos"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "repositories": [], "next_page_token": "again"
        })))
        .expect(2)
        .mount(&server)
        .await;
    let error = sourcecraft_owners(&server.uri(), TOKEN)
        .list_repos("acme")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("came back twice"), "{error}");
}

/// The sandbox's answers themselves: each listing knows only its kind of
/// owner, rejects an unknown `type`, and carries GitCode's total headers.
#[tokio::test]
async fn the_sandbox_answers_each_listing_for_its_own_kind_of_owner() {
    let sandbox = sandbox_with_owners(3).await;
    let client = crate::support::http_client();
    let get = |path: &str| {
        client
            .get(format!("{}{path}", sandbox.gitcode_url()))
            .bearer_auth(DEFAULT_GITCODE_TOKEN)
            .send()
    };
    assert_eq!(get("/orgs/alice/repos").await.unwrap().status(), 404);
    assert_eq!(get("/users/big/repos").await.unwrap().status(), 404);
    assert_eq!(
        get("/orgs/big/repos?type=bogus").await.unwrap().status(),
        400
    );
    let answer = get("/orgs/big/repos?per_page=2&page=2").await.unwrap();
    assert_eq!(answer.headers()["total_count"], "2", "repo-000 is missing");
    assert_eq!(answer.headers()["total_page"], "1");
    let page: Value = answer.json().await.unwrap();
    assert_eq!(page, json!([]));
    let first: Value = get("/orgs/big/repos?per_page=1")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(first[0]["path"], "repo-001");
    assert_eq!(first[0]["name"], "repo 001");
    assert_eq!(first[0]["full_name"], "big/repo-001");
    assert_eq!(first[0]["namespace"]["type"], "group");
    let users: Value = get("/users/alice/repos?type=owner")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(users[0]["namespace"]["type"], "user");
}

/// Ids sent as strings and a 404 that comes as an HTML page from a proxy
/// change nothing: the user is still found behind the organisation's 404.
#[tokio::test]
async fn string_ids_and_html_errors_still_find_the_owner() {
    let sandbox = sandbox_with_owners(3).await;
    sandbox.set_faults(
        Faults {
            error_shape: ErrorShape::Html,
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                string_ids: true,
                duplicate_numbers: true,
                ..Default::default()
            },
        ),
    );
    let owners = gitcode_owners(&sandbox.gitcode_url(), DEFAULT_GITCODE_TOKEN);
    let listed = owners.list_repos("alice").await.unwrap();
    assert_eq!(listed.kind, OwnerKind::User);
    assert_eq!(listed.names, ["dot.files", "notes"]);
    let listed = owners.list_repos("big").await.unwrap();
    assert_eq!(listed.names, ["repo-001", "repo-002"]);
    let error = owners.list_repos("nobody").await.unwrap_err();
    assert_eq!(error.status(), Some(404), "{error}");
}
