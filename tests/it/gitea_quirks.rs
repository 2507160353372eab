//! What real Gitea and Forgejo servers do beyond their docs, imitated by
//! the sandbox and met through the binary: a page cap far below what is
//! asked, no `Link` header, due dates shown in the server's timezone
//! (−11:00 to +11:00), "no due date" shown as year 9999, a listing that
//! changes while it is read; and backups of hostile text that come back
//! byte for byte.

use mileport::{
    providers::gitea::sandbox_faults::{GiteaFaults, parse_offset},
    sandbox::{Faults, Sandbox, SeedData},
};
use serde_json::Value;

use crate::directions::{Seen, source_for, writes};
use crate::gitea::{GITEA_TOKEN, gitea_run, gitea_seed, read_any, sourcecraft_seed};
use crate::support::{http_client, start_sandbox};

/// The listing route of Gitea's milestones, as the sandbox counts it.
const GITEA_LIST: &str = "gitea GET /repos/{owner}/{repo}/milestones";

fn quirks(timezone: &str) -> Faults {
    Faults::default().with_gitea(GiteaFaults {
        page_cap: 2,
        no_link: true,
        timezone: parse_offset(timezone).unwrap(),
        year_9999: true,
        label_colors_with_hash: false,
    })
}

/// A Gitea milestone as the server shows it, by title.
async fn shown(sandbox: &Sandbox, repo: &str, title: &str) -> Value {
    let url = format!(
        "{}/repos/{repo}/milestones?state=all&limit=50",
        sandbox.gitea_url()
    );
    let mut all = Vec::new();
    for page in 1..20 {
        let answer = http_client()
            .get(format!("{url}&page={page}"))
            .header("Authorization", format!("token {GITEA_TOKEN}"))
            .send()
            .await
            .unwrap();
        assert!(answer.headers().get("link").is_none(), "a Link was sent");
        let items: Vec<Value> = answer.json().await.unwrap();
        if items.is_empty() {
            break;
        }
        assert!(items.len() <= 2, "the page cap was not applied");
        all.extend(items);
    }
    all.into_iter().find(|m| m["title"] == title).unwrap()
}

/// With a page cap of 2, no `Link`, year 9999 for "no due date" and a
/// server timezone at either end of −11…+11: dates written to Gitea and
/// read back from it are the calendar dates of the source, undated stays
/// undated, every page is read, and a second run writes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn gitea_quirks_page_cap_no_link_year_9999_and_timezones_keep_every_date() {
    let mut expected = source_for("sourcecraft");
    expected.sort();
    for timezone in ["-11:00", "+11:00"] {
        let mut seed = SeedData::default();
        seed.sourcecraft()
            .milestones
            .insert("tz/source".into(), sourcecraft_seed(&expected));
        let (target, onward) = ("gitea:tz/target", "github:tz/onward");
        let sandbox = start_sandbox(seed.with_repos(&[target, onward])).await;
        sandbox.set_faults(quirks(timezone));
        gitea_run(
            &sandbox,
            &["migrate", "sourcecraft:tz/source", target, "-q"],
        )
        .await
        .success();
        assert_eq!(read_any(&sandbox, target), expected, "{timezone}");
        let dated = shown(&sandbox, "tz/target", "Leap day").await;
        let due_on = dated["due_on"].as_str().unwrap();
        assert!(due_on.ends_with(timezone), "{due_on}");
        let undated = shown(&sandbox, "tz/target", "Someday").await;
        assert_eq!(
            undated["due_on"],
            format!("9999-12-31T23:59:59{timezone}"),
            "{timezone}"
        );

        // Read back from Gitea and carried on: the same calendar dates.
        let before = sandbox.stats();
        gitea_run(&sandbox, &["migrate", target, onward, "-q"])
            .await
            .success();
        assert_eq!(read_any(&sandbox, onward), expected, "{timezone}");
        let pages = sandbox.stats().routes[GITEA_LIST] - before.routes[GITEA_LIST];
        assert!(
            pages >= 3,
            "{pages} page(s) read for 6 milestones at 2 a page"
        );

        let before = sandbox.stats();
        for (source, to) in [("sourcecraft:tz/source", target), (target, onward)] {
            let again = gitea_run(&sandbox, &["migrate", source, to, "-q"]).await;
            again.success();
            assert!(
                again.stdout.contains("created 0, updated 0, unchanged 6"),
                "{timezone}: {}",
                again.stdout
            );
        }
        assert_eq!(writes(&sandbox.stats()), writes(&before), "{timezone}");
    }
}

/// `moving/source` with `count` undated milestones `Step N`.
fn moving(count: i64) -> SeedData {
    let milestones: Vec<Seen> = (1..=count)
        .map(|n| Seen {
            title: format!("Step {n}"),
            description: String::new(),
            due: None,
            closed: false,
        })
        .collect();
    let mut seed = SeedData::default();
    seed.gitea()
        .milestones
        .insert("moving/source".into(), gitea_seed(&milestones, 10));
    seed
}

/// A milestone deleted while the listing is read: the total moves, the
/// listing is read again and what is there is exported; when every
/// reading changes, the run fails (exit 3) rather than keep a part.
#[tokio::test(flavor = "multi_thread")]
async fn a_gitea_listing_that_does_not_add_up_is_read_again_never_kept_in_part() {
    let sandbox = start_sandbox(moving(5)).await;
    let capped = Faults::default().with_gitea(GiteaFaults {
        page_cap: 2,
        ..Default::default()
    });
    sandbox.set_faults(Faults {
        delete_while_listing: 1,
        ..capped.clone()
    });
    let export = [
        "export",
        "gitea:moving/source",
        "--output",
        "-",
        "--format",
        "json",
        "-q",
    ];
    let run = gitea_run(&sandbox, &export).await;
    run.success();
    let document: Value = serde_json::from_str(&run.stdout).unwrap();
    let titles: Vec<&str> = document["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Step 2", "Step 3", "Step 4", "Step 5"]);
    assert!(
        run.stderr.contains("changed while they were read"),
        "{}",
        run.stderr
    );

    // Ten milestones at two a page: every reading sees one go.
    let sandbox = start_sandbox(moving(10)).await;
    sandbox.set_faults(Faults {
        delete_while_listing: 10,
        ..capped
    });
    let run = gitea_run(&sandbox, &export).await;
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("while"), "{}", run.stderr);
}

/// Hostile text: a tab, CRLF, emoji, right-to-left text, quotes, commas
/// and a long description.
fn hostile() -> Vec<Seen> {
    vec![
        Seen {
            title: "Tab\there, \"quoted\"".into(),
            description: "CRLF line\r\nnext line\r\n\r\nend".into(),
            due: Some("2024-02-29".into()),
            closed: false,
        },
        Seen {
            title: "🚀 שחרור גרסה 2 — إصدار".into(),
            description: "‏RTL mark, emoji 👩‍👩‍👧, combining é".into(),
            due: None,
            closed: true,
        },
        Seen {
            title: "Long".into(),
            description: "Lorem ipsum, dolor; sit \"amet\".\n".repeat(400),
            due: Some("2030-12-31".into()),
            closed: false,
        },
    ]
}

/// Gitea's own backups, CSV and JSON: its columns in its schema's order,
/// a second export identical byte for byte, every text coming back byte
/// for byte on import, and a second import writing nothing.
#[tokio::test(flavor = "multi_thread")]
async fn gitea_backups_round_trip_hostile_text_byte_for_byte() {
    let mut want = hostile();
    want.sort();
    let mut seed = SeedData::default().with_repos(&["gitea:rt/from-csv", "gitea:rt/from-json"]);
    seed.gitea()
        .milestones
        .insert("rt/source".into(), gitea_seed(&want, 500));
    let sandbox = start_sandbox(seed).await;
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "json"] {
        let file = dir.path().join(format!("backup.{format}"));
        let file = file.to_str().unwrap();
        let export = ["export", "gitea:rt/source", "--output", file, "-q"];
        gitea_run(&sandbox, &export).await.success();
        let first = std::fs::read(file).unwrap();
        gitea_run(&sandbox, &export).await.success();
        assert_eq!(std::fs::read(file).unwrap(), first, "{format}");
        if format == "csv" {
            let header = String::from_utf8_lossy(&first)
                .lines()
                .next()
                .unwrap()
                .to_owned();
            assert!(
                header.starts_with(
                    "id,title,description,state,open_issues,closed_issues,created_at,updated_at,closed_at,due_on"
                ),
                "{header}"
            );
        }
        gitea_run(&sandbox, &["validate", file]).await.success();
        let target = format!("gitea:rt/from-{format}");
        gitea_run(&sandbox, &["import", file, &target, "-q"])
            .await
            .success();
        assert_eq!(read_any(&sandbox, &target), want, "{format}");
        let before = sandbox.stats();
        gitea_run(&sandbox, &["import", file, &target, "-q"])
            .await
            .success();
        assert_eq!(writes(&sandbox.stats()), writes(&before), "{format}");
    }
}

/// Codeberg's proxy answers 429 without `Retry-After` or any rate header:
/// the shared pacer waits out the window it was told (`--max-rate`) and
/// every milestone arrives once. (A `Retry-After`, when sent, is obeyed by
/// the same pacer for every provider.)
#[tokio::test(flavor = "multi_thread")]
async fn gitea_behind_a_proxy_that_answers_429_gets_every_milestone_once() {
    let mut expected = source_for("sourcecraft");
    expected.sort();
    let target = "gitea:proxy/target";
    let mut seed = SeedData::default().with_repos(&[target]);
    seed.sourcecraft()
        .milestones
        .insert("proxy/source".into(), sourcecraft_seed(&expected));
    let sandbox = start_sandbox(seed).await;
    sandbox.set_faults(Faults {
        rate_window: "4/1s"
            .parse::<mileport::provider::rate::RateLimits>()
            .unwrap()
            .windows()
            .next(),
        ..Faults::default()
    });
    let args = [
        "migrate",
        "sourcecraft:proxy/source",
        target,
        "--max-rate",
        "60/1s",
        "-q",
    ];
    gitea_run(&sandbox, &args).await.success();
    assert!(sandbox.stats().rate_limited > 0, "no 429 met");
    assert_eq!(read_any(&sandbox, target), expected);
    let before = sandbox.stats();
    gitea_run(&sandbox, &args).await.success();
    assert_eq!(writes(&sandbox.stats()), writes(&before));
}

/// Gitea's API cannot remove a due date (a `null` leaves it): a target
/// milestone that should lose its date fails, saying so and what to do,
/// while the rest of the run is done (exit 1).
#[tokio::test(flavor = "multi_thread")]
async fn a_due_date_gitea_cannot_remove_fails_that_milestone_saying_why() {
    let undated = vec![Seen {
        title: "Someday".into(),
        description: String::new(),
        due: None,
        closed: false,
    }];
    let dated = vec![Seen {
        due: Some("2025-01-01".into()),
        ..undated[0].clone()
    }];
    let mut seed = SeedData::default();
    seed.gitea()
        .milestones
        .insert("dates/source".into(), gitea_seed(&undated, 10));
    seed.gitea()
        .milestones
        .insert("dates/target".into(), gitea_seed(&dated, 20));
    let sandbox = start_sandbox(seed).await;
    let run = gitea_run(
        &sandbox,
        &[
            "migrate",
            "gitea:dates/source",
            "gitea:dates/target",
            "--yes",
        ],
    )
    .await;
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("cannot remove a due date")
            || run.stdout.contains("cannot remove a due date"),
        "{}",
        run.snapshot()
    );
    assert_eq!(read_any(&sandbox, "gitea:dates/target"), dated);
}
