//! The sandbox's label APIs against plain HTTP calls: paging, names as
//! path segments, each provider's uniqueness and colour rules, GitHub's
//! default labels, and the faults that apply to label creates as to
//! milestone creates.

use mileport::provider::Provider;
use mileport::providers::gitcode::sandbox_faults::GitCodeFaults;
use mileport::providers::github::sandbox_faults::GitHubFaults;
use mileport::providers::sourcecraft::sandbox_faults::{ConflictAnswer, SourceCraftFaults};
use mileport::providers::{
    gitcode::client as gitcode, github::client as github, sourcecraft::client as sourcecraft,
};
use mileport::sandbox::{Faults, Sandbox, SandboxConfig, SeedData, default_token};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Names that break a careless client: a space, `/`, `%`, `#`, `?`, an
/// emoji, Chinese, right-to-left Hebrew.
const HOSTILE: [&str; 8] = [
    "help wanted",
    "area/ui",
    "100%",
    "#triage",
    "why?",
    "🐛 bug",
    "优先级: 高",
    "עדיפות",
];

async fn start(seed: SeedData, faults: Faults) -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: seed.with_repos(&[
            "github:o/r",
            "gitcode:o/r",
            "sourcecraft:o/r",
            "gitea:o/r",
            "gitee:o/r",
            "gitlab:o/r",
        ]),
        faults,
        ..SandboxConfig::default()
    })
    .await
    .expect("the sandbox starts")
}

/// An authenticated request to `provider`'s side, `path` under its root:
/// the token in its header, and in the query for the sides that take it
/// only there.
fn call(
    sandbox: &Sandbox,
    provider: Provider,
    method: Method,
    path: &str,
) -> reqwest::RequestBuilder {
    let (header, value) = provider.auth_value(default_token(provider));
    let request = crate::support::http_client()
        .request(method, format!("{}{path}", sandbox.url(provider)))
        .header(header, value);
    // GitLab's side refuses a token in the query (mileport never sends one).
    match provider.id() {
        "gitlab" => request,
        _ => request.query(&[("access_token", default_token(provider))]),
    }
}

/// `text` as one path segment: every byte but the unreserved ones encoded.
fn segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn body(response: reqwest::Response) -> Value {
    response.json().await.expect("a JSON body")
}

/// The labels of the repository `o/NAME` on `provider`'s side: GitLab
/// addresses a project by its URL-encoded path.
fn labels_of(provider: Provider, name: &str) -> String {
    match provider.id() {
        "gitlab" => format!("/projects/o%2F{name}/labels"),
        _ => format!("/repos/o/{name}/labels"),
    }
}

/// Creates a label; its answer's status and body.
async fn create(sandbox: &Sandbox, provider: Provider, label: Value) -> (StatusCode, Value) {
    let response = call(sandbox, provider, Method::POST, &labels_of(provider, "r"))
        .json(&label)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn names(items: &Value) -> Vec<String> {
    items
        .as_array()
        .expect("a list")
        .iter()
        .map(|label| label["name"].as_str().expect("a name").to_owned())
        .collect()
}

fn github_label(name: String) -> github::types::Label {
    serde_json::from_value(json!({ "name": name, "color": "ededed" })).unwrap()
}

// ---- GitHub ----

#[tokio::test]
async fn github_labels_page_by_link_at_most_100_and_30_by_default() {
    let mut seed = SeedData::default();
    let labels = (1..=145)
        .map(|n| github_label(format!("l{n:03}")))
        .collect();
    seed.github().labels.insert("o/r".to_owned(), labels);
    let sandbox = start(seed, Faults::default()).await;
    let first = call(
        &sandbox,
        mileport::providers::github::PROVIDER,
        Method::GET,
        "/repos/o/r/labels",
    )
    .send()
    .await
    .unwrap();
    let link = first.headers()["link"].to_str().unwrap().to_owned();
    assert_eq!(names(&body(first).await).len(), 30);
    assert!(link.contains("per_page=30&page=5>; rel=\"last\""), "{link}");
    let next = link
        .split(", ")
        .find(|l| l.ends_with("rel=\"next\""))
        .and_then(|l| l.strip_prefix('<')?.split_once('>'))
        .map(|(url, _)| url.to_owned())
        .expect("a next page");
    assert!(next.contains("/repositories/"), "{next}");
    let second = crate::support::http_client()
        .get(&next)
        .bearer_auth(default_token(mileport::providers::github::PROVIDER))
        .send()
        .await
        .unwrap();
    assert_eq!(names(&body(second).await)[0], "l031");
    let widest = call(
        &sandbox,
        mileport::providers::github::PROVIDER,
        Method::GET,
        "/repos/o/r/labels?per_page=500&page=2",
    )
    .send()
    .await
    .unwrap();
    assert!(
        widest.headers()["link"]
            .to_str()
            .unwrap()
            .contains("rel=\"prev\"")
    );
    let items = names(&body(widest).await);
    assert_eq!((items.len(), items[0].as_str()), (45, "l101"));
}

#[tokio::test]
async fn github_and_gitcode_label_names_are_one_percent_encoded_segment() {
    let sandbox = start(SeedData::default(), Faults::default()).await;
    for provider in [
        mileport::providers::github::PROVIDER,
        mileport::providers::gitcode::PROVIDER,
    ] {
        for name in HOSTILE {
            let (status, created) = create(
                &sandbox,
                provider,
                json!({ "name": name, "color": "aabbcc" }),
            )
            .await;
            assert_eq!(
                status,
                StatusCode::CREATED,
                "{provider:?} {name}: {created}"
            );
            let path = format!("/repos/o/r/labels/{}", segment(name));
            let read = call(&sandbox, provider, Method::GET, &path)
                .send()
                .await
                .unwrap();
            assert_eq!(read.status(), StatusCode::OK, "{provider:?} {name}");
            assert_eq!(body(read).await["name"], name, "{provider:?}");
            let renamed = format!("{name} (2)");
            let change = match provider.id() {
                "github" => json!({ "new_name": renamed }),
                _ => json!({ "name": renamed }),
            };
            let patched = call(&sandbox, provider, Method::PATCH, &path)
                .json(&change)
                .send()
                .await
                .unwrap();
            assert_eq!(
                body(patched).await["name"],
                renamed.as_str(),
                "{provider:?}"
            );
            let gone = format!("/repos/o/r/labels/{}", segment(&renamed));
            let deleted = call(&sandbox, provider, Method::DELETE, &gone)
                .send()
                .await
                .unwrap();
            assert_eq!(
                deleted.status(),
                StatusCode::NO_CONTENT,
                "{provider:?} {name}"
            );
        }
    }
    // Decoded once: `%25` names `%`, and `%2525` names `%25`, which is not there.
    let (_, made) = create(
        &sandbox,
        mileport::providers::github::PROVIDER,
        json!({ "name": "50%" }),
    )
    .await;
    assert_eq!(
        made["url"],
        format!("{}/repos/o/r/labels/50%25", sandbox.github_url())
    );
    let twice = call(
        &sandbox,
        mileport::providers::github::PROVIDER,
        Method::GET,
        "/repos/o/r/labels/50%2525",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(twice.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn github_label_names_are_unique_without_regard_to_case() {
    let sandbox = start(SeedData::default(), Faults::default()).await;
    let (status, bug) = create(
        &sandbox,
        mileport::providers::github::PROVIDER,
        json!({ "name": "Bug", "color": "D73A4A" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (&bug["color"], &bug["description"], &bug["default"]),
        (&json!("d73a4a"), &Value::Null, &json!(false)),
        "the colour answered in lower case: {bug}"
    );
    assert!(bug["id"].is_i64() && bug["node_id"].is_string(), "{bug}");
    assert_eq!(
        sandbox.github_labels("o/r")[0].color.as_deref(),
        Some("D73A4A")
    );
    let (status, clash) = create(
        &sandbox,
        mileport::providers::github::PROVIDER,
        json!({ "name": "bUG" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(clash["message"], "Validation Failed");
    assert_eq!(
        clash["errors"],
        json!([{ "resource": "Label", "code": "already_exists", "field": "name" }])
    );
    let read = call(
        &sandbox,
        mileport::providers::github::PROVIDER,
        Method::GET,
        "/repos/o/r/labels/BUG",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(body(read).await["name"], "Bug");
    let renamed = call(
        &sandbox,
        mileport::providers::github::PROVIDER,
        Method::PATCH,
        "/repos/o/r/labels/bug",
    )
    .json(&json!({ "new_name": "bug", "description": "Broken" }))
    .send()
    .await
    .unwrap();
    assert_eq!(renamed.status(), StatusCode::OK);
    let renamed = body(renamed).await;
    assert_eq!(
        (&renamed["name"], &renamed["description"]),
        (&json!("bug"), &json!("Broken"))
    );
    create(
        &sandbox,
        mileport::providers::github::PROVIDER,
        json!({ "name": "other" }),
    )
    .await;
    let onto = call(
        &sandbox,
        mileport::providers::github::PROVIDER,
        Method::PATCH,
        "/repos/o/r/labels/other",
    )
    .json(&json!({ "new_name": "BUG" }))
    .send()
    .await
    .unwrap();
    assert_eq!(onto.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for color in ["#d73a4a", "fff", "ggg000"] {
        let (status, refused) = create(
            &sandbox,
            mileport::providers::github::PROVIDER,
            json!({ "name": "c", "color": color }),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{color}");
        assert_eq!(refused["errors"][0]["field"], "color", "{color}");
        assert_eq!(refused["errors"][0]["code"], "invalid", "{color}");
    }
    let (status, _) = create(
        &sandbox,
        mileport::providers::github::PROVIDER,
        json!({ "color": "aabbcc" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn github_default_labels_fill_repositories_seeded_without_labels() {
    let mut seed = SeedData::default();
    seed.github()
        .labels
        .insert("o/own".to_owned(), vec![github_label("mine".to_owned())]);
    let faults = Faults::default().with_github(GitHubFaults {
        default_labels: true,
        ..GitHubFaults::default()
    });
    let sandbox = start(seed.clone(), faults).await;
    let listed = call(
        &sandbox,
        mileport::providers::github::PROVIDER,
        Method::GET,
        "/repos/o/r/labels",
    )
    .send()
    .await
    .unwrap();
    let listed = body(listed).await;
    let expected = [
        "bug",
        "documentation",
        "duplicate",
        "enhancement",
        "good first issue",
        "help wanted",
        "invalid",
        "question",
        "wontfix",
    ];
    assert_eq!(names(&listed), expected);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["default"] == true)
    );
    assert_eq!(
        (&listed[0]["color"], &listed[0]["description"]),
        (&json!("d73a4a"), &json!("Something isn't working"))
    );
    // A default name in other case is taken.
    let (status, _) = create(
        &sandbox,
        mileport::providers::github::PROVIDER,
        json!({ "name": "Wontfix" }),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let own: Vec<String> = sandbox
        .github_labels("o/own")
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(own, ["mine"]);
    let plain = start(seed, Faults::default()).await;
    assert!(plain.github_labels("o/r").is_empty());
}

// ---- SourceCraft ----

#[tokio::test]
async fn sourcecraft_labels_page_by_token() {
    let mut seed = SeedData::default();
    let labels = (1..=45)
        .map(|n| serde_json::from_value(json!({ "name": format!("l{n:02}") })).unwrap())
        .collect::<Vec<sourcecraft::types::Label>>();
    seed.sourcecraft().labels.insert("o/r".to_owned(), labels);
    let sandbox = start(seed, Faults::default()).await;
    let mut path = "/repos/o/r/labels?page_size=20".to_owned();
    let mut pages = Vec::new();
    loop {
        let page = call(
            &sandbox,
            mileport::providers::sourcecraft::PROVIDER,
            Method::GET,
            &path,
        )
        .send()
        .await
        .unwrap();
        let page = body(page).await;
        pages.push(names(&page["items"]));
        match page["next_page_token"].as_str() {
            Some(token) => path = format!("/repos/o/r/labels?page_size=20&page_token={token}"),
            None => break,
        }
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 5]);
    assert_eq!((pages[1][0].as_str(), pages[2][4].as_str()), ("l21", "l45"));
    assert_eq!(
        sandbox.sourcecraft_labels("o/r")[0].slug.as_deref(),
        Some("l01")
    );
}

#[tokio::test]
async fn sourcecraft_label_slugs_are_generated_and_a_taken_one_conflicts() {
    let sandbox = start(SeedData::default(), Faults::default()).await;
    let (status, first) = create(
        &sandbox,
        mileport::providers::sourcecraft::PROVIDER,
        json!({ "name": "Help Wanted" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (&first["slug"], &first["color"]),
        (&json!("help-wanted"), &json!("#808080"))
    );
    assert_eq!(first["updated_by"], Value::Null);
    assert!(first.get("description").is_none(), "{first}");
    for field in ["id", "author", "created_at", "updated_at"] {
        assert!(!first[field].is_null(), "{field}: {first}");
    }
    let (_, second) = create(
        &sandbox,
        mileport::providers::sourcecraft::PROVIDER,
        json!({ "name": "help wanted", "color": "#00FF00" }),
    )
    .await;
    assert_eq!(
        (&second["slug"], &second["color"]),
        (&json!("help-wanted-2"), &json!("#00FF00"))
    );
    let (status, taken) = create(
        &sandbox,
        mileport::providers::sourcecraft::PROVIDER,
        json!({ "name": "Other", "slug": "help-wanted" }),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        (&taken["error_code"], &taken["details"]["slug"]),
        (&json!("AlreadyExists"), &json!("help-wanted"))
    );
    sandbox.set_faults(
        Faults {
            ..Faults::default()
        }
        .with_sourcecraft(SourceCraftFaults {
            conflict: ConflictAnswer::BadRequest,
            ..Default::default()
        }),
    );
    let (status, taken) = create(
        &sandbox,
        mileport::providers::sourcecraft::PROVIDER,
        json!({ "name": "Other", "slug": "help-wanted" }),
    )
    .await;
    assert_eq!(
        (status, &taken["error_code"]),
        (StatusCode::BAD_REQUEST, &json!("ValidationError"))
    );
    // A milestone's slug is no label's.
    let milestone = call(
        &sandbox,
        mileport::providers::sourcecraft::PROVIDER,
        Method::POST,
        "/repos/o/r/milestones",
    )
    .json(&json!({ "name": "m", "slug": "other" }))
    .send()
    .await
    .unwrap();
    assert_eq!(milestone.status(), StatusCode::CREATED);
    let (status, _) = create(
        &sandbox,
        mileport::providers::sourcecraft::PROVIDER,
        json!({ "name": "Other", "slug": "other" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let patched = call(
        &sandbox,
        mileport::providers::sourcecraft::PROVIDER,
        Method::PATCH,
        "/repos/o/r/labels/other",
    )
    .json(&json!({ "slug": "help-wanted-2" }))
    .send()
    .await
    .unwrap();
    assert_eq!(patched.status(), StatusCode::BAD_REQUEST);
    let by_id = format!("/repos/o/r/labels/id:{}", first["id"].as_str().unwrap());
    let read = call(
        &sandbox,
        mileport::providers::sourcecraft::PROVIDER,
        Method::GET,
        &by_id,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(body(read).await["slug"], "help-wanted");
}

// ---- GitCode ----

#[tokio::test]
async fn gitcode_labels_page_with_totals_and_the_listing_quirks() {
    let mut seed = SeedData::default();
    let labels = (1..=25)
        .map(|n| {
            serde_json::from_value(json!({ "name": format!("l{n:02}"), "color": "#ffffff" }))
                .unwrap()
        })
        .collect::<Vec<gitcode::types::Label>>();
    seed.gitcode().labels.insert("o/r".to_owned(), labels);
    let sandbox = start(seed, Faults::default()).await;
    let page = |path: &'static str| {
        call(
            &sandbox,
            mileport::providers::gitcode::PROVIDER,
            Method::GET,
            path,
        )
        .send()
    };
    let third = page("/repos/o/r/labels?per_page=10&page=3").await.unwrap();
    assert_eq!(third.headers()["total_count"], "25");
    assert_eq!(third.headers()["total_page"], "3");
    assert_eq!(
        names(&body(third).await),
        ["l21", "l22", "l23", "l24", "l25"]
    );
    let first = page("/repos/o/r/labels").await.unwrap();
    assert_eq!(names(&body(first).await).len(), 20);
    let bad = page("/repos/o/r/labels?page=0").await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    sandbox.set_faults(
        Faults {
            ..Faults::default()
        }
        .with_gitcode(
            mileport::providers::gitcode::sandbox_faults::GitCodeFaults {
                page_cap: 4,
                no_totals: true,
                ..Default::default()
            },
        ),
    );
    let capped = page("/repos/o/r/labels?per_page=10").await.unwrap();
    assert!(capped.headers().get("total_count").is_none());
    assert_eq!(names(&body(capped).await).len(), 4);
}

#[tokio::test]
async fn gitcode_label_create_needs_name_and_colour_with_or_without_hash() {
    let sandbox = start(SeedData::default(), Faults::default()).await;
    for (label, missing) in [
        (json!({ "color": "#ffffff" }), "name"),
        (json!({ "name": "x" }), "color"),
        (json!({ "name": "x", "color": "red" }), "color"),
    ] {
        let (status, refused) =
            create(&sandbox, mileport::providers::gitcode::PROVIDER, label).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{missing}");
        let text = refused["error_message"].as_str().unwrap_or_default();
        assert!(text.contains(missing), "{text}");
    }
    let (status, hashed) = create(
        &sandbox,
        mileport::providers::gitcode::PROVIDER,
        json!({ "name": "a", "color": "#D73A4A" }),
    )
    .await;
    assert_eq!(
        (status, &hashed["color"]),
        (StatusCode::CREATED, &json!("#d73a4a"))
    );
    for field in ["id", "repository_id", "url", "created_at", "updated_at"] {
        assert!(!hashed[field].is_null(), "{field}: {hashed}");
    }
    let (_, bare) = create(
        &sandbox,
        mileport::providers::gitcode::PROVIDER,
        json!({ "name": "b", "color": "00FF00" }),
    )
    .await;
    assert_eq!(bare["color"], "#00ff00");
    let (status, taken) = create(
        &sandbox,
        mileport::providers::gitcode::PROVIDER,
        json!({ "name": "a", "color": "#000000" }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        taken["error_message"]
            .as_str()
            .unwrap()
            .contains("already exists"),
        "{taken}"
    );
    // Matched exactly: another case is another label.
    let (status, _) = create(
        &sandbox,
        mileport::providers::gitcode::PROVIDER,
        json!({ "name": "A", "color": "#000000" }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    sandbox.set_faults(Faults::default().with_gitcode(GitCodeFaults {
        label_colors_without_hash: true,
        ..GitCodeFaults::default()
    }));
    let listed = call(
        &sandbox,
        mileport::providers::gitcode::PROVIDER,
        Method::GET,
        "/repos/o/r/labels",
    )
    .send()
    .await
    .unwrap();
    let colors: Vec<Value> = body(listed)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["color"].clone())
        .collect();
    assert_eq!(colors, [json!("d73a4a"), json!("00ff00"), json!("000000")]);
    assert_eq!(
        sandbox.gitcode_labels("o/r")[0].color.as_deref(),
        Some("#d73a4a")
    );
}

// ---- Every provider ----

#[tokio::test]
async fn label_requests_meet_the_same_gate_and_faults_as_milestones() {
    let sandbox = start(
        SeedData::default(),
        Faults {
            drop_after_commit: 1.0,
            ..Faults::default()
        },
    )
    .await;
    for provider in Provider::all().iter().copied() {
        let error = call(&sandbox, provider, Method::POST, &labels_of(provider, "r"))
            .json(&json!({ "name": "ghost", "color": "aabbcc" }))
            .send()
            .await
            .expect_err("the connection closes unanswered");
        assert!(
            !error.is_status() && !error.is_timeout(),
            "{provider:?}: {error:?}"
        );
        assert_eq!(
            sandbox.stats().labels_created_on(provider),
            1,
            "{provider:?}"
        );
        let missing = call(
            &sandbox,
            provider,
            Method::POST,
            &labels_of(provider, "none"),
        )
        .json(&json!({ "name": "x", "color": "aabbcc" }))
        .send()
        .await
        .unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND, "{provider:?}");
        let stranger = crate::support::http_client()
            .get(format!(
                "{}{}",
                sandbox.url(provider),
                labels_of(provider, "r")
            ))
            .bearer_auth("wrong")
            .send()
            .await
            .unwrap();
        assert_eq!(stranger.status(), StatusCode::UNAUTHORIZED, "{provider:?}");
    }
    assert_eq!(sandbox.github_labels("o/r")[0].name, "ghost");
    assert_eq!(sandbox.gitcode_labels("o/r")[0].name, "ghost");
    assert_eq!(
        sandbox.sourcecraft_labels("o/r")[0].slug.as_deref(),
        Some("ghost")
    );
    assert_eq!(sandbox.stats().dropped, Provider::all().len() as u64);
    sandbox.set_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    for provider in Provider::all().iter().copied() {
        let (status, _) = create(
            &sandbox,
            provider,
            json!({ "name": "never", "color": "aabbcc" }),
        )
        .await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{provider:?}");
        assert_eq!(
            sandbox.stats().labels_created_on(provider),
            1,
            "{provider:?}"
        );
    }
    let routes = sandbox.stats().routes;
    assert_eq!(routes["github POST /repos/{owner}/{repo}/labels"], 3);
    assert_eq!(
        routes["sourcecraft POST /repos/{org_slug}/{repo_slug}/labels"],
        3
    );
}

#[tokio::test]
async fn the_sample_holds_labels_with_hostile_names_on_every_provider() {
    let sandbox = start(SeedData::sample(), Faults::default()).await;
    let github: Vec<String> = sandbox
        .github_labels("demo/roadmap")
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert!(github.contains(&"Bug".to_owned()), "{github:?}");
    for name in ["area/ui", "🐛 regression", "优先级: 高", "100% done"] {
        assert!(github.iter().any(|n| n == name), "{name}: {github:?}");
        assert!(
            sandbox
                .gitcode_labels("demo/roadmap")
                .iter()
                .any(|l| l.name == name),
            "{name}"
        );
        assert!(
            sandbox
                .sourcecraft_labels("demo/roadmap")
                .iter()
                .any(|l| l.name.as_deref() == Some(name)),
            "{name}"
        );
    }
    let slugs: Vec<_> = sandbox
        .sourcecraft_labels("demo/roadmap")
        .into_iter()
        .filter_map(|l| l.slug)
        .collect();
    assert!(slugs.contains(&"area-ui".to_owned()), "{slugs:?}");
}

#[tokio::test]
async fn the_binary_takes_the_label_options() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    use assert_cmd::cargo::CommandCargoExt;

    let mut child = Command::cargo_bin("mileport")
        .unwrap()
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--empty",
            "--repo",
            "github:o/r",
            "--repo",
            "gitcode:o/r",
            "--github-default-labels",
            "--gitcode-label-colors-without-hash",
        ])
        .env_remove("MILEPORT_SANDBOX_GITCODE_TOKEN")
        .env_remove("MILEPORT_SANDBOX_GITHUB_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map(crate::support::Reaped)
        .unwrap();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut urls = (None, None);
    for line in lines.map_while(Result::ok) {
        if let Some(url) = line.strip_prefix("export GITHUB_API_URL=") {
            urls.0 = Some(url.to_owned());
        }
        if let Some(url) = line.strip_prefix("export GITCODE_API_URL=") {
            urls.1 = Some(url.to_owned());
        }
        if urls.0.is_some() && urls.1.is_some() {
            break;
        }
    }
    let (Some(github_url), Some(gitcode_url)) = urls else {
        child.kill().unwrap();
        panic!("the sandbox printed no URLs");
    };
    let http = crate::support::http_client();
    let defaults = http
        .get(format!("{github_url}/repos/o/r/labels"))
        .bearer_auth(default_token(mileport::providers::github::PROVIDER))
        .send()
        .await;
    let created = http
        .post(format!("{gitcode_url}/repos/o/r/labels"))
        .bearer_auth(default_token(mileport::providers::gitcode::PROVIDER))
        .json(&json!({ "name": "a", "color": "#D73A4A" }))
        .send()
        .await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(names(&body(defaults.unwrap()).await).len(), 9);
    assert_eq!(body(created.unwrap()).await["color"], "d73a4a");
}
