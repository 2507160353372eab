//! The sandbox against plain HTTP calls, the generated clients and the real
//! binary: each provider behaviour, each fault, and determinism.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use mileport::net::{pacer::PaceSettings, transport::Transport};
use mileport::providers::{gitcode::client as gitcode, sourcecraft::client as sourcecraft};
use mileport::sandbox::{Faults, Sandbox, SandboxConfig, SeedData};
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use serde_json::{Value, json};

const GC_TOKEN: &str = "gitcode-sandbox-token";
const SC_TOKEN: &str = "sourcecraft-sandbox-token";

/// The repositories these tests write to, held empty on both sides.
const TEST_REPOS: [&str; 6] = [
    "gitcode:o/r",
    "sourcecraft:o/r",
    "gitcode:o/new",
    "sourcecraft:o/new",
    "gitcode:acme/app",
    "sourcecraft:acme/app",
];

async fn start_with(seed: SeedData, faults: Faults) -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: seed.with_repos(&TEST_REPOS),
        faults,
        ..SandboxConfig::default()
    })
    .await
    .expect("the sandbox starts")
}

async fn sample() -> Sandbox {
    start_with(SeedData::sample(), Faults::default()).await
}

async fn empty() -> Sandbox {
    start_with(SeedData::default(), Faults::default()).await
}

fn http() -> reqwest::Client {
    crate::support::http_client()
}

/// An authenticated GitCode request to `path` (relative to the API root).
fn gc(sandbox: &Sandbox, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    http()
        .request(method, format!("{}{path}", sandbox.gitcode_url()))
        .bearer_auth(GC_TOKEN)
}

fn sc(sandbox: &Sandbox, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    http()
        .request(method, format!("{}{path}", sandbox.sourcecraft_url()))
        .bearer_auth(SC_TOKEN)
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("a JSON body")
}

fn bearer_client(token: &str) -> reqwest::Client {
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).expect("a header value");
    value.set_sensitive(true);
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, value);
    crate::support::http_client_builder()
        .default_headers(headers)
        .build()
        .expect("a client")
}

/// The one place generated clients are built.
fn transport() -> Transport {
    Transport::new(PaceSettings::default(), 1 << 20)
}

fn gitcode_client(url: &str) -> gitcode::Client {
    gitcode::Client::new_with_client(url, bearer_client(GC_TOKEN), transport())
}

fn sourcecraft_client(url: &str) -> sourcecraft::Client {
    sourcecraft::Client::new_with_client(url, bearer_client(SC_TOKEN), transport())
}

fn gitcode_milestone(number: i64, due_on: &str, state: &str) -> gitcode::types::Milestone {
    serde_json::from_value(json!({
        "number": number, "title": format!("m{number}"), "due_on": due_on, "state": state,
    }))
    .expect("a milestone")
}

fn sourcecraft_milestone(slug: &str) -> sourcecraft::types::Milestone {
    serde_json::from_value(json!({ "name": slug, "slug": slug })).expect("a milestone")
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers()[name].to_str().expect("ASCII").to_owned()
}

// ---- GitCode ----

#[tokio::test]
async fn gitcode_list_defaults_to_open_milestones_reading_active() {
    let sandbox = sample().await;
    let response = gc(
        &sandbox,
        reqwest::Method::GET,
        "/repos/demo/roadmap/milestones",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "total_count"), "9");
    assert_eq!(header(&response, "total_page"), "1");
    let open = json_of(response).await;
    let open = open.as_array().unwrap();
    assert_eq!(open.len(), 9);
    assert!(open.iter().all(|m| m["state"] == "active"));
    let numbers: Vec<i64> = open.iter().map(|m| m["number"].as_i64().unwrap()).collect();
    assert!(
        numbers.windows(2).all(|w| w[0] < w[1]),
        "by number: {numbers:?}"
    );

    for (state, count) in [("all", 12), ("closed", 3)] {
        let list = gc(
            &sandbox,
            reqwest::Method::GET,
            "/repos/demo/roadmap/milestones",
        )
        .query(&[("state", state)])
        .send()
        .await
        .unwrap();
        assert_eq!(
            json_of(list).await.as_array().unwrap().len(),
            count,
            "{state}"
        );
    }
    let bad = gc(
        &sandbox,
        reqwest::Method::GET,
        "/repos/demo/roadmap/milestones?state=active",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let body = json_of(bad).await;
    assert_eq!(body["error_code_name"], "INVALID_PARAMETER");
    assert!(
        body["error_message"]
            .as_str()
            .unwrap()
            .contains("\"active\"")
    );
}

#[tokio::test]
async fn gitcode_pages_cap_per_page_and_sort_by_due_date() {
    let sandbox = empty().await;
    let milestones = (1..=130)
        .map(|n| {
            gitcode_milestone(
                n,
                &format!("2024-{:02}-{:02}", 1 + n % 12, 1 + n % 28),
                "open",
            )
        })
        .collect();
    let mut seed = SeedData::default();
    seed.gitcode().milestones = BTreeMap::from([("o/r".to_owned(), milestones)]);
    sandbox.seed(seed);
    let list = |query: &'static str| {
        gc(
            &sandbox,
            reqwest::Method::GET,
            &format!("/repos/o/r/milestones?{query}"),
        )
        .send()
    };
    let default = list("").await.unwrap();
    assert_eq!(header(&default, "total_count"), "130");
    assert_eq!(header(&default, "total_page"), "7");
    assert_eq!(json_of(default).await.as_array().unwrap().len(), 20);
    let capped = list("per_page=500").await.unwrap();
    assert_eq!(header(&capped, "total_page"), "2");
    assert_eq!(json_of(capped).await.as_array().unwrap().len(), 100);
    let last = json_of(list("per_page=100&page=2").await.unwrap()).await;
    assert_eq!(last.as_array().unwrap().len(), 30);
    assert_eq!(last[29]["number"], 130);
    for bad in [
        "per_page=0",
        "per_page=abc",
        "page=0",
        "direction=up",
        "sort=title",
    ] {
        assert_eq!(
            list(bad).await.unwrap().status(),
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
    let sorted = json_of(
        list("sort=due_on&direction=desc&per_page=100")
            .await
            .unwrap(),
    )
    .await;
    let dates: Vec<&str> = sorted
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["due_on"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[tokio::test]
async fn gitcode_create_get_update_delete() {
    let sandbox = sample().await;
    let created = gc(
        &sandbox,
        reqwest::Method::POST,
        "/repos/acme/app/milestones",
    )
    .json(&json!({ "title": "v1", "due_on": "2024-02-29", "state": "closed" }))
    .send()
    .await
    .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    // Above every seeded number; a state on create is ignored.
    assert_eq!(created["number"], 4914);
    assert_eq!(created["state"], "active");
    assert_eq!(created["description"], "");
    assert_eq!(created["open_issues"], 0);
    assert_eq!(created["closed_issues"], 0);
    assert_eq!(
        created["url"],
        "https://gitcode.com/acme/app/milestones/4914"
    );
    assert!(created["created_at"].as_str().unwrap().ends_with("+08:00"));
    let repository_id = created["repository_id"].as_i64().unwrap();

    // One counter for the whole side; the repository id is stable per repo.
    let second = json_of(
        gc(
            &sandbox,
            reqwest::Method::POST,
            "/repos/acme/app/milestones",
        )
        .json(&json!({ "title": "v1", "due_on": "2024-03-01", "description": "same title" }))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(second["number"], 4915);
    assert_eq!(second["repository_id"], repository_id);

    let got = gc(
        &sandbox,
        reqwest::Method::GET,
        "/repos/acme/app/milestones/4914",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(json_of(got).await["title"], "v1");

    let patched = gc(
        &sandbox,
        reqwest::Method::PATCH,
        "/repos/acme/app/milestones/4915",
    )
    .json(&json!({ "title": "v1.1", "due_on": "2024-04-01", "state": "closed" }))
    .send()
    .await
    .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    let patched = json_of(patched).await;
    assert_eq!(patched["state"], "closed");
    assert_eq!(
        patched["description"], "same title",
        "absent description is unchanged"
    );
    let reopened = json_of(
        gc(
            &sandbox,
            reqwest::Method::PATCH,
            "/repos/acme/app/milestones/4915",
        )
        .json(&json!({ "title": "v1.1", "due_on": "2024-04-01", "state": "open" }))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(reopened["state"], "active");
    for body in [
        json!({ "due_on": "2024-04-01" }),
        json!({ "title": "x" }),
        json!({ "title": "x", "due_on": "2024-04-01", "state": "active" }),
    ] {
        let rejected = gc(
            &sandbox,
            reqwest::Method::PATCH,
            "/repos/acme/app/milestones/4915",
        )
        .json(&body)
        .send()
        .await
        .unwrap();
        assert_eq!(rejected.status(), StatusCode::BAD_REQUEST, "{body}");
    }

    let deleted = gc(
        &sandbox,
        reqwest::Method::DELETE,
        "/repos/acme/app/milestones/4914",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = gc(
        &sandbox,
        reqwest::Method::GET,
        "/repos/acme/app/milestones/4914",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(gone).await, json!({ "message": "404 Not Found" }));
    let state = sandbox.gitcode_milestones("acme/app");
    assert_eq!(state.len(), 1);
    assert_eq!(state[0].title, "v1.1");
}

#[tokio::test]
async fn gitcode_rejects_missing_fields_and_impossible_dates() {
    let sandbox = empty().await;
    let cases = [
        (json!({ "title": "x" }), "due_on is required"),
        (json!({ "due_on": "2024-01-01" }), "title is required"),
        (
            json!({ "title": "", "due_on": "2024-01-01" }),
            "title must not be empty",
        ),
        (
            json!({ "title": "x", "due_on": "2023-02-29" }),
            "\"2023-02-29\"",
        ),
        (
            json!({ "title": "x", "due_on": "2024-2-9" }),
            "\"2024-2-9\"",
        ),
        (
            json!({ "title": "x", "due_on": "2024-11-08T00:00:00+08:00" }),
            "YYYY-MM-DD",
        ),
    ];
    for (body, expected) in cases {
        let response = gc(&sandbox, reqwest::Method::POST, "/repos/o/r/milestones")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let error = json_of(response).await;
        assert_eq!(error["error_code"], 400);
        assert_eq!(error["error_code_name"], "INVALID_PARAMETER");
        let message = error["error_message"].as_str().unwrap();
        assert!(
            message.contains(expected),
            "{message:?} should contain {expected:?}"
        );
    }
    assert!(sandbox.gitcode_milestones("o/r").is_empty());
}

#[tokio::test]
async fn both_sides_demand_their_token_in_their_own_shape() {
    let sandbox = empty().await;
    let url = format!("{}/repos/o/r/milestones", sandbox.gitcode_url());
    for request in [
        http().get(&url),
        http().get(&url).bearer_auth("wrong"),
        http().get(&url).bearer_auth(SC_TOKEN),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            json_of(response).await,
            json!({ "message": "401 Unauthorized" })
        );
    }
    for request in [
        http().get(&url).header("PRIVATE-TOKEN", GC_TOKEN),
        http().get(&url).query(&[("access_token", GC_TOKEN)]),
        http().get(&url).bearer_auth(GC_TOKEN),
    ] {
        assert_eq!(request.send().await.unwrap().status(), StatusCode::OK);
    }

    let url = format!("{}/repos/o/r/milestones", sandbox.sourcecraft_url());
    let mut request_ids = Vec::new();
    for request in [
        http().get(&url),
        http().get(&url).header("PRIVATE-TOKEN", SC_TOKEN),
    ] {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let body = json_of(response).await;
        assert_eq!(body["error_code"], "Unauthenticated");
        assert_eq!(body["details"], json!({}));
        request_ids.push(body["request_id"].as_str().unwrap().to_owned());
    }
    assert_ne!(request_ids[0], request_ids[1]);
    assert_eq!(sandbox.stats().unauthorized, 5);
}

#[tokio::test]
async fn missing_repositories_answer_404_in_each_shape() {
    let sandbox = sample().await;
    let gone = gc(
        &sandbox,
        reqwest::Method::POST,
        "/repos/demo/missing/milestones",
    )
    .json(&json!({ "title": "x", "due_on": "2024-01-01" }))
    .send()
    .await
    .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        json_of(gone).await,
        json!({ "message": "404 Project Not Found" })
    );
    let gone = sc(
        &sandbox,
        reqwest::Method::GET,
        "/repos/demo/missing/milestones",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(gone).await["error_code"], "NotFound");
}

// ---- SourceCraft ----

async fn all_slugs(sandbox: &Sandbox, page_size: u32) -> (Vec<String>, usize) {
    let mut slugs = Vec::new();
    let mut pages = 0;
    let mut token: Option<String> = None;
    loop {
        let mut request = sc(sandbox, reqwest::Method::GET, "/repos/o/r/milestones")
            .query(&[("page_size", page_size.to_string())]);
        if let Some(token) = &token {
            request = request.query(&[("page_token", token)]);
        }
        let page = json_of(request.send().await.expect("a page")).await;
        pages += 1;
        let items = page["items"].as_array().expect("items");
        assert!(!items.is_empty(), "no empty trailing page");
        slugs.extend(
            items
                .iter()
                .map(|m| m["slug"].as_str().expect("a slug").to_owned()),
        );
        match page.get("next_page_token") {
            Some(next) => token = Some(next.as_str().expect("a token").to_owned()),
            None => return (slugs, pages),
        }
    }
}

#[tokio::test]
async fn sourcecraft_pages_with_tokens_and_no_trailing_empty_page() {
    let sandbox = empty().await;
    let expected: Vec<String> = (0..40).map(|n| format!("m{n:02}")).collect();
    let mut seed = SeedData::default();
    seed.sourcecraft().milestones = BTreeMap::from([(
        "o/r".to_owned(),
        expected.iter().map(|s| sourcecraft_milestone(s)).collect(),
    )]);
    sandbox.seed(seed);
    assert_eq!(all_slugs(&sandbox, 20).await, (expected.clone(), 2));
    assert_eq!(all_slugs(&sandbox, 7).await, (expected.clone(), 6));
    assert_eq!(all_slugs(&sandbox, 40).await, (expected.clone(), 1));
    let default = json_of(
        sc(&sandbox, reqwest::Method::GET, "/repos/o/r/milestones")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(default["items"].as_array().unwrap().len(), 20);
    let capped = json_of(
        sc(
            &sandbox,
            reqwest::Method::GET,
            "/repos/o/r/milestones?page_size=1000",
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(capped["items"].as_array().unwrap().len(), 40);
    for bad in ["page_size=0", "page_size=x", "page_token=garbage"] {
        let response = sc(
            &sandbox,
            reqwest::Method::GET,
            &format!("/repos/o/r/milestones?{bad}"),
        )
        .send()
        .await
        .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(json_of(response).await["error_code"], "ValidationError");
    }
    let nothing = json_of(
        sc(&sandbox, reqwest::Method::GET, "/repos/o/new/milestones")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(nothing, json!({ "items": [] }));
}

#[tokio::test]
async fn sourcecraft_generates_unique_slugs_and_refuses_duplicates() {
    let sandbox = sample().await;
    let create = |body: Value| {
        sc(
            &sandbox,
            reqwest::Method::POST,
            "/repos/acme/app/milestones?silent=true",
        )
        .json(&body)
        .send()
    };
    let first = create(json!({ "name": "Релиз 1.0", "deadline": "2025-01-01T00:00:00+03:00" }))
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first = json_of(first).await;
    assert_eq!(first["slug"], "reliz-1-0");
    assert_eq!(first["status"], "open");
    assert_eq!(
        first["deadline"], "2025-01-01T00:00:00+03:00",
        "kept exactly as sent"
    );
    assert_eq!(first["author"]["slug"], "sandbox");
    assert_eq!(first["updated_by"], Value::Null);
    assert!(first["created_at"].as_str().unwrap().ends_with('Z'));
    assert!(first["id"].as_str().is_some_and(|id| !id.is_empty()));
    let second = json_of(create(json!({ "name": "Релиз 1.0" })).await.unwrap()).await;
    assert_eq!(second["slug"], "reliz-1-0-2");
    assert_ne!(second["id"], first["id"]);
    let emoji = json_of(create(json!({ "name": "!!!" })).await.unwrap()).await;
    assert_eq!(emoji["slug"], "milestone");

    let duplicate = create(json!({ "name": "Other", "slug": "reliz-1-0" }))
        .await
        .unwrap();
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    assert_eq!(json_of(duplicate).await["error_code"], "AlreadyExists");
    for (body, field) in [
        (json!({ "name": "x", "slug": "Bad Slug" }), "slug"),
        (json!({ "name": "" }), "name"),
        (json!({ "slug": "x" }), "name"),
        (json!({ "name": "x", "deadline": "2025-01-01" }), "deadline"),
        (
            json!({ "name": "x", "start_date": "yesterday" }),
            "start_date",
        ),
    ] {
        let response = create(body.clone()).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        let error = json_of(response).await;
        assert_eq!(error["error_code"], "ValidationError");
        assert_eq!(error["details"]["field"], field);
        assert!(error["message"].as_str().unwrap().contains(field));
    }
    assert_eq!(sandbox.sourcecraft_milestones("acme/app").len(), 3);
}

#[tokio::test]
async fn sourcecraft_patches_partially_and_deletes_by_slug() {
    let sandbox = sample().await;
    let path = "/repos/demo/roadmap/milestones";
    let patch = |slug: &str, body: Value| {
        sc(
            &sandbox,
            reqwest::Method::PATCH,
            &format!("{path}/{slug}?silent=true"),
        )
        .json(&body)
        .send()
    };
    let closed = patch("someday", json!({ "status": "closed" }))
        .await
        .unwrap();
    assert_eq!(closed.status(), StatusCode::OK);
    let closed = json_of(closed).await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["name"], "Someday ✨", "absent fields stay");
    assert_eq!(closed["updated_by"]["slug"], "sandbox");
    assert_eq!(
        patch("someday", json!({ "status": "done" }))
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        patch("someday", json!({ "slug": "alpha" }))
            .await
            .unwrap()
            .status(),
        StatusCode::CONFLICT
    );
    let renamed = json_of(
        patch(
            "someday",
            json!({ "slug": "later", "deadline": "2030-01-01T00:00:00Z" }),
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(renamed["slug"], "later");
    let got = sc(&sandbox, reqwest::Method::GET, &format!("{path}/later"))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(got).await["deadline"], "2030-01-01T00:00:00Z");
    let old = sc(&sandbox, reqwest::Method::GET, &format!("{path}/someday"))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::NOT_FOUND);
    let deleted = sc(
        &sandbox,
        reqwest::Method::DELETE,
        &format!("{path}/later?silent=true"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(sandbox.sourcecraft_milestones("demo/roadmap").len(), 5);
}

// ---- Faults ----

#[tokio::test]
async fn latency_delays_every_request() {
    let sandbox = start_with(
        SeedData::default(),
        Faults {
            latency_ms: 150,
            ..Faults::default()
        },
    )
    .await;
    let started = Instant::now();
    let response = gc(&sandbox, reqwest::Method::GET, "/repos/o/r/milestones")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn fail_rate_answers_503_about_that_often_without_touching_state() {
    let sandbox = start_with(
        SeedData::default(),
        Faults {
            fail_rate: 0.3,
            seed: 3,
            ..Faults::default()
        },
    )
    .await;
    let mut failed = 0;
    let mut stored = 0;
    for n in 0..200 {
        let response = gc(&sandbox, reqwest::Method::POST, "/repos/o/r/milestones")
            .json(&json!({ "title": format!("m{n}"), "due_on": "2024-01-01" }))
            .send()
            .await
            .unwrap();
        match response.status() {
            StatusCode::SERVICE_UNAVAILABLE => {
                failed += 1;
                assert_eq!(json_of(response).await["error_code"], 503);
            }
            StatusCode::CREATED => stored += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert!((35..=85).contains(&failed), "{failed} of 200");
    assert_eq!(sandbox.gitcode_milestones("o/r").len(), stored);
    assert_eq!(sandbox.stats().failed, failed as u64);
    let response = sc(&sandbox, reqwest::Method::GET, "/repos/o/r/milestones")
        .send()
        .await
        .unwrap();
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        assert_eq!(json_of(response).await["error_code"], "Unavailable");
    }
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after_per_provider() {
    let sandbox = start_with(
        SeedData::default(),
        Faults {
            rate_limit_per_minute: 5,
            ..Faults::default()
        },
    )
    .await;
    for _ in 0..5 {
        let ok = gc(&sandbox, reqwest::Method::GET, "/repos/o/r/milestones")
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
    }
    for _ in 0..3 {
        let limited = gc(&sandbox, reqwest::Method::GET, "/repos/o/r/milestones")
            .send()
            .await
            .unwrap();
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry_after: u64 = header(&limited, "retry-after").parse().unwrap();
        assert!((1..=12).contains(&retry_after), "{retry_after}");
        assert_eq!(json_of(limited).await["error_code"], 429);
    }
    let other_side = sc(&sandbox, reqwest::Method::GET, "/repos/o/r/milestones")
        .send()
        .await
        .unwrap();
    assert_eq!(other_side.status(), StatusCode::OK);
    assert_eq!(sandbox.stats().rate_limited, 3);
}

#[tokio::test]
async fn drop_after_commit_stores_the_milestone_but_never_answers() {
    let sandbox = start_with(
        SeedData::default(),
        Faults {
            drop_after_commit: 1.0,
            ..Faults::default()
        },
    )
    .await;
    let error = gc(&sandbox, reqwest::Method::POST, "/repos/o/r/milestones")
        .json(&json!({ "title": "ghost", "due_on": "2024-01-01" }))
        .send()
        .await
        .expect_err("the connection closes unanswered");
    assert!(!error.is_status() && !error.is_timeout(), "{error:?}");
    assert_eq!(sandbox.gitcode_milestones("o/r")[0].title, "ghost");
    let error = sc(&sandbox, reqwest::Method::POST, "/repos/o/r/milestones")
        .json(&json!({ "name": "ghost" }))
        .send()
        .await
        .expect_err("the connection closes unanswered");
    assert!(!error.is_status(), "{error:?}");
    assert_eq!(
        sandbox.sourcecraft_milestones("o/r")[0].slug.as_deref(),
        Some("ghost")
    );
    // Only successful creates are dropped: reads and rejected creates answer.
    let read = gc(&sandbox, reqwest::Method::GET, "/repos/o/r/milestones")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    let rejected = gc(&sandbox, reqwest::Method::POST, "/repos/o/r/milestones")
        .json(&json!({ "title": "no date" }))
        .send()
        .await
        .unwrap();
    assert_eq!(rejected.status(), StatusCode::BAD_REQUEST);
    let stats = sandbox.stats();
    assert_eq!((stats.dropped, stats.served), (2, 2));
    assert_eq!(
        stats.routes["gitcode POST /repos/{owner}/{repo}/milestones"],
        2
    );
    assert_eq!(
        stats.routes["sourcecraft POST /repos/{org_slug}/{repo_slug}/milestones"],
        1
    );
    sandbox.shutdown().await;
}

/// The outcome of a fixed request sequence, retries included.
async fn outcomes(sandbox: &Sandbox) -> Vec<u16> {
    let mut statuses = Vec::new();
    for n in 0..30 {
        let body = json!({ "title": format!("m{}", n % 10), "due_on": "2024-01-01" });
        let response = gc(sandbox, reqwest::Method::POST, "/repos/o/r/milestones")
            .json(&body)
            .send()
            .await;
        statuses.push(response.map_or(0, |r| r.status().as_u16()));
        let response = sc(sandbox, reqwest::Method::GET, "/repos/o/r/milestones")
            .send()
            .await
            .expect("a read is never dropped");
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn faults_replay_under_the_same_seed_and_differ_under_another() {
    let faults = |seed| Faults {
        fail_rate: 0.4,
        drop_after_commit: 0.3,
        seed,
        ..Faults::default()
    };
    let first = start_with(SeedData::default(), faults(7)).await;
    let second = start_with(SeedData::default(), faults(7)).await;
    let other = start_with(SeedData::default(), faults(8)).await;
    let a = outcomes(&first).await;
    assert_eq!(a, outcomes(&second).await);
    assert_ne!(a, outcomes(&other).await);
    assert!(
        a.contains(&0) && a.contains(&503) && a.contains(&201),
        "{a:?}"
    );
    // A new configuration starts afresh, so the same sandbox replays too.
    first.set_faults(faults(7));
    assert_eq!(a, outcomes(&first).await);
    assert_eq!(
        first.gitcode_milestones("o/r").len(),
        second.gitcode_milestones("o/r").len() * 2
    );
}

// ---- Generated clients ----

#[tokio::test]
async fn generated_gitcode_client_completes_every_operation() {
    let sandbox = sample().await;
    let client = gitcode_client(&sandbox.gitcode_url());
    let body = gitcode::types::CreateMilestoneBody {
        title: "来自客户端".to_owned(),
        due_on: "2024-02-29".to_owned(),
        description: Some("a, \"b\"\n\nc".to_owned()),
    };
    let created = client
        .create_milestone()
        .owner("demo")
        .repo("roadmap")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let number = created.number.clone();
    let got = client
        .get_milestone()
        .owner("demo")
        .repo("roadmap")
        .number(number.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(got.description.as_deref(), Some("a, \"b\"\n\nc"));
    let update = gitcode::types::UpdateMilestoneBody {
        title: "来自客户端".to_owned(),
        due_on: "2024-03-01".to_owned(),
        description: None,
        state: Some("closed".to_owned()),
    };
    let updated = client
        .update_milestone()
        .owner("demo")
        .repo("roadmap")
        .number(number.clone())
        .body(update)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.state.as_deref(), Some("closed"));
    let all = client
        .list_milestones()
        .owner("demo")
        .repo("roadmap")
        .state(gitcode::types::StateFilter::All)
        .per_page(100)
        .send()
        .await
        .unwrap();
    assert_eq!(all.len(), 13);
    client
        .delete_milestone()
        .owner("demo")
        .repo("roadmap")
        .number(number.clone())
        .send()
        .await
        .unwrap();
    let missing = client
        .get_milestone()
        .owner("demo")
        .repo("roadmap")
        .number(number.clone())
        .send()
        .await;
    assert_eq!(missing.unwrap_err().status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn generated_sourcecraft_client_completes_every_operation() {
    let sandbox = sample().await;
    let client = sourcecraft_client(&sandbox.sourcecraft_url());
    let body = sourcecraft::types::CreateMilestoneBody {
        name: "Из клиента".to_owned(),
        slug: None,
        description: None,
        start_date: None,
        deadline: Some("2024-02-29T00:00:00Z".to_owned()),
    };
    let created = client
        .create_milestone()
        .org_slug("demo")
        .repo_slug("roadmap")
        .silent(true)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let slug = created.slug.clone().unwrap();
    assert_eq!(slug, "iz-klienta");
    let got = client
        .get_milestone()
        .org_slug("demo")
        .repo_slug("roadmap")
        .milestone_slug(&slug)
        .send()
        .await
        .unwrap();
    assert_eq!(got.deadline.as_deref(), Some("2024-02-29T00:00:00Z"));
    let update = sourcecraft::types::UpdateMilestoneBody {
        status: Some("closed".to_owned()),
        deadline: None,
        description: None,
        name: None,
        slug: None,
        start_date: None,
    };
    let updated = client
        .update_milestone()
        .org_slug("demo")
        .repo_slug("roadmap")
        .milestone_slug(&slug)
        .silent(true)
        .body(update)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status.as_deref(), Some("closed"));
    let first = client
        .list_milestones()
        .org_slug("demo")
        .repo_slug("roadmap")
        .page_size(4)
        .send()
        .await
        .unwrap();
    assert_eq!(first.items.len(), 4);
    let token = first.next_page_token.clone().unwrap();
    let rest = client
        .list_milestones()
        .org_slug("demo")
        .repo_slug("roadmap")
        .page_size(4)
        .page_token(token)
        .send()
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 3);
    assert_eq!(rest.next_page_token, None);
    client
        .delete_milestone()
        .org_slug("demo")
        .repo_slug("roadmap")
        .milestone_slug(&slug)
        .silent(true)
        .send()
        .await
        .unwrap();
    let missing = client
        .get_milestone()
        .org_slug("demo")
        .repo_slug("roadmap")
        .milestone_slug(&slug)
        .send()
        .await;
    match missing.unwrap_err() {
        sourcecraft::Error::ErrorResponse(error) => {
            assert_eq!(error.status(), StatusCode::NOT_FOUND);
            assert_eq!(error.error_code.as_deref(), Some("NotFound"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

// ---- The binary ----

#[tokio::test]
async fn the_binary_prints_urls_and_serves_until_killed() {
    let mut child = Command::cargo_bin("mileport")
        .unwrap()
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--sourcecraft-token",
            "my-secret",
        ])
        .env_remove("MILEPORT_SANDBOX_GITCODE_TOKEN")
        .env_remove("MILEPORT_SANDBOX_SOURCECRAFT_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map(crate::support::Reaped)
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    for _ in 0..4 {
        printed.push(lines.next().unwrap().unwrap());
    }
    let value = |name: &str| {
        printed
            .iter()
            .find_map(|line| line.strip_prefix(&format!("export {name}=")))
            .map(str::to_owned)
    };
    let gitcode_url = value("GITCODE_API_URL").unwrap();
    assert!(
        value("SOURCECRAFT_API_URL")
            .unwrap()
            .ends_with("/sourcecraft")
    );
    assert_eq!(value("GITCODE_TOKEN").as_deref(), Some(GC_TOKEN));
    assert!(
        printed.iter().all(|line| !line.contains("my-secret")),
        "{printed:?}"
    );

    let response = http()
        .get(format!("{gitcode_url}/repos/demo/roadmap/milestones"))
        .bearer_auth(GC_TOKEN)
        .send()
        .await;
    child.kill().unwrap();
    child.wait().unwrap();
    let response = response.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Vec<Value>>().await.unwrap().len(), 9);
}

#[test]
fn the_binary_refuses_a_non_loopback_address() {
    let output = Command::cargo_bin("mileport")
        .unwrap()
        .args(["sandbox", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("loopback"), "{stderr}");
}
