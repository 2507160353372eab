//! The throughput benchmark: `cargo bench --bench throughput`.
//!
//! Starts the sandbox in-process with injected latency and runs the real
//! binary against it: a migration of 1,000 milestones with the default
//! settings against one request at a time, the same under a rate limit,
//! export/import of 100,000 milestones with their peak memory, and the peak
//! memory of reading large backups, a whole owner of 40 repositories
//! migrated under a rate limit, and migrations of 400 and of 240
//! milestones into GitHub held to a primary budget (42 per 30 s, 60 per
//! 20 s) and to its limit on content creation.
//! Prints a Markdown table (the one in the README).
//!
//! A word after `--` runs only the scenarios whose name contains it:
//! `migrate`, `files`, `memory`, `labels`, `owner`, `github` (both GitHub rows),
//! `github-42` or `github-60` (`cargo bench --bench throughput -- memory`).

use std::{
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use mileport::{
    backup::{write_backup, write_backup_to},
    files::Format,
    provider::rate::Window,
    providers::{gitcode::GitCode, gitcode::client as gitcode},
    sandbox::{Faults, Sandbox, SandboxConfig, SeedData, default_token},
};
use serde_json::json;

const BIN: &str = env!("CARGO_BIN_EXE_mileport");

fn milestones(count: i64) -> Vec<gitcode::types::Milestone> {
    numbered(1..=count)
}

fn numbered(numbers: std::ops::RangeInclusive<i64>) -> Vec<gitcode::types::Milestone> {
    numbers
        .map(|n| {
            serde_json::from_value(json!({
                "number": n,
                "title": format!("Milestone {n} — этап {n}"),
                "description": format!("Goals for step {n}:\n- ship, \"really\"\n- 你好"),
                "state": if n % 3 == 0 { "closed" } else { "active" },
                "due_on": format!("2026-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
                "created_at": "2024-10-08T10:58:16+08:00",
                "updated_at": "2024-10-08T10:58:16+08:00",
                "open_issues": n % 7,
                "closed_issues": n % 5,
                "repository_id": 4066481,
                "url": format!("https://gitcode.com/bench/source/milestones/{n}")
            }))
            .expect("a valid milestone")
        })
        .collect()
}

/// What one run of the binary cost.
struct Measured {
    seconds: f64,
    requests: u64,
    throttled: u64,
    peak_kib: u64,
}

fn total_requests(sandbox: &Sandbox) -> (u64, u64) {
    let stats = sandbox.stats();
    (stats.routes.values().sum(), stats.rate_limited)
}

/// Runs the binary and samples its peak resident memory (VmHWM) while it runs.
async fn run(sandbox: &Sandbox, args: &[&str]) -> Measured {
    let (requests_before, throttled_before) = total_requests(sandbox);
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .env("GITCODE_API_URL", sandbox.gitcode_url())
        .env("SOURCECRAFT_API_URL", sandbox.sourcecraft_url())
        .env("GITHUB_API_URL", sandbox.github_url())
        .env(
            "GITCODE_TOKEN",
            default_token(mileport::providers::gitcode::PROVIDER),
        )
        .env(
            "GITHUB_TOKEN",
            default_token(mileport::providers::github::PROVIDER),
        )
        .env(
            "SOURCECRAFT_TOKEN",
            default_token(mileport::providers::sourcecraft::PROVIDER),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the mileport binary runs");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        let sampled = std::fs::read_to_string(&status_file).ok().and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        });
        peak_kib = peak_kib.max(sampled.unwrap_or(0));
        if let Some(status) = child.try_wait().expect("waitable") {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    assert!(status.success(), "mileport {args:?} failed");
    let (requests_after, throttled_after) = total_requests(sandbox);
    Measured {
        seconds: started.elapsed().as_secs_f64(),
        requests: requests_after - requests_before,
        throttled: throttled_after - throttled_before,
        peak_kib,
    }
}

async fn sandbox_with(repo: &str, count: i64, faults: Faults) -> Sandbox {
    // The sandbox answers 404 for repositories it does not hold: declare
    // the (empty) targets every scenario writes to or imports into.
    let mut seed = SeedData::default().with_repos(&[
        "sourcecraft:bench/default",
        "sourcecraft:bench/serial",
        "sourcecraft:bench/limited",
        "sourcecraft:bench/empty",
        "github:bench/target",
    ]);
    seed.gitcode()
        .milestones
        .insert(repo.to_owned(), milestones(count));
    Sandbox::start(SandboxConfig {
        seed,
        faults,
        ..SandboxConfig::default()
    })
    .await
    .expect("the sandbox starts")
}

/// Writes a CSV backup of `count` milestones a slice at a time, so that the
/// benchmark itself never holds them all.
fn write_long_csv(path: &std::path::Path, count: i64) {
    use std::io::Write;
    const SLICE: i64 = 50_000;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("a file"));
    for start in (1..=count).step_by(SLICE as usize) {
        let slice = numbered(start..=(start + SLICE - 1).min(count));
        let mut bytes = Vec::new();
        write_backup_to::<GitCode, _>(
            &mut bytes,
            "long.csv",
            Format::Csv,
            "bench/long",
            "2026-11-22T10:00:00Z",
            &slice,
        )
        .expect("written");
        // Every slice but the first without its header row.
        let header = bytes.iter().position(|&b| b == b'\n').expect("a header") + 1;
        let rows = if start == 1 {
            &bytes[..]
        } else {
            &bytes[header..]
        };
        out.write_all(rows).expect("written");
    }
    out.flush().expect("written");
}

/// Peak memory of reading large backups, which streams: `validate` of a
/// 1,000,000-row CSV, and `validate` and `import --dry-run` of a
/// 100,000-milestone JSON backup.
async fn memory(rows: &mut Vec<String>) {
    let sandbox = sandbox_with("bench/none", 0, Faults::default()).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let long: i64 = 1_000_000;
    let csv = dir.path().join("long.csv");
    write_long_csv(&csv, long);
    let csv_path = csv.to_str().expect("utf-8 path");
    let parse = run(&sandbox, &["validate", csv_path]).await;
    rows.push(format!(
        "| `validate` of a {long}-row CSV (streamed, counted as read) | {:.1} s ({:.0} rows/s) | peak memory {:.0} MiB | |",
        parse.seconds,
        long as f64 / parse.seconds,
        parse.peak_kib as f64 / 1024.0
    ));
    std::fs::remove_file(&csv).expect("removed");

    let big: i64 = 100_000;
    let json = dir.path().join("big.json");
    write_backup::<GitCode>(&json, Format::Json, "bench/big", &milestones(big)).expect("written");
    let json_path = json.to_str().expect("utf-8 path");
    let parse = run(&sandbox, &["validate", json_path]).await;
    rows.push(format!(
        "| `validate` of a {big}-milestone JSON backup (streamed) | {:.1} s ({:.0} rows/s) | peak memory {:.0} MiB | |",
        parse.seconds,
        big as f64 / parse.seconds,
        parse.peak_kib as f64 / 1024.0
    ));
    let plan = run(
        &sandbox,
        &[
            "import",
            json_path,
            "sourcecraft:bench/empty",
            "--dry-run",
            "--quiet",
        ],
    )
    .await;
    rows.push(format!(
        "| the same JSON mapped and planned against a target (`import --dry-run`) | {:.1} s ({:.0} rows/s) | peak memory {:.0} MiB | |",
        plan.seconds,
        big as f64 / plan.seconds,
        plan.peak_kib as f64 / 1024.0
    ));
    sandbox.shutdown().await;
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // Cargo adds flags such as `--bench`; any other word picks scenarios.
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let mut rows = Vec::new();
    if wanted("migrate") {
        migrate(&mut rows).await;
    }
    if wanted("files") {
        files(&mut rows).await;
    }
    if wanted("memory") {
        memory(&mut rows).await;
    }
    if wanted("labels") {
        labels(&mut rows).await;
    }
    if wanted("owner") {
        owner(&mut rows).await;
    }
    // GitHub's 5,000 an hour in short windows, so that it runs out, and
    // the 60 per 20 s of an independent measurement.
    if wanted("github-42") {
        github(&mut rows, 400, window(42, 30)).await;
    }
    if wanted("github-60") {
        github(&mut rows, 240, window(60, 20)).await;
    }

    println!("| scenario | time | requests / memory | speed-up |");
    println!("| --- | --- | --- | --- |");
    for row in rows {
        println!("{row}");
    }
}

/// Migrations of 1,000 milestones: one request at a time, the defaults,
/// and under a rate limit.
async fn migrate(rows: &mut Vec<String>) {
    let n: u64 = 1000;
    let closed = n / 3;
    // Source pages, the target's one (empty) page, the writes, and the
    // target's pages read again to confirm them: twice, as SourceCraft
    // gives no total to check one reading by.
    let minimum = n.div_ceil(100) + 1 + n + closed + 2 * n.div_ceil(100);

    // 1. Default settings against one request at a time, 20 ms per request.
    let latency = Faults {
        latency_ms: 20,
        ..Faults::default()
    };
    let sandbox = sandbox_with("bench/source", n as i64, latency.clone()).await;
    let fast = run(
        &sandbox,
        &[
            "migrate",
            "gitcode:bench/source",
            "sourcecraft:bench/default",
            "--quiet",
            "--only",
            "milestones",
        ],
    )
    .await;
    let slow = run(
        &sandbox,
        &[
            "migrate",
            "gitcode:bench/source",
            "sourcecraft:bench/serial",
            "--quiet",
            "--only",
            "milestones",
            "--concurrency",
            "1",
        ],
    )
    .await;
    rows.push(format!(
        "| migrate {n} milestones ({closed} closed), 20 ms latency, `--concurrency 1` | {:.1} s | {} requests (minimum {minimum}) | baseline |",
        slow.seconds, slow.requests
    ));
    rows.push(format!(
        "| the same, default settings | {:.1} s | {} requests ({:+.1}% over minimum) | **{:.1}× faster** |",
        fast.seconds,
        fast.requests,
        (fast.requests as f64 / minimum as f64 - 1.0) * 100.0,
        slow.seconds / fast.seconds
    ));
    sandbox.shutdown().await;

    // 2. Under a limit of 600 requests per minute (a full minute's burst, then 10/s).
    let limited = Faults {
        latency_ms: 20,
        rate_limit_per_minute: 600,
        ..Faults::default()
    };
    let sandbox = sandbox_with("bench/source", n as i64, limited).await;
    let paced = run(
        &sandbox,
        &[
            "migrate",
            "gitcode:bench/source",
            "sourcecraft:bench/limited",
            "--quiet",
            "--only",
            "milestones",
        ],
    )
    .await;
    let admitted = paced.requests - paced.throttled;
    let ideal = admitted.saturating_sub(600) as f64 / 10.0;
    rows.push(format!(
        "| the same under `--rate-limit 600` | {:.1} s (ideal pace {:.1} s: {:.2}×) | {} requests, {} answered 429 | |",
        paced.seconds,
        ideal,
        paced.seconds / ideal.max(0.001),
        paced.requests,
        paced.throttled
    ));
    sandbox.shutdown().await;
}

/// A migration of 200 labels between GitHub repositories, 20 ms per
/// request: pages and creates, nothing more, paced by GitHub's limit of 80
/// creates a minute.
async fn labels(rows: &mut Vec<String>) {
    let n: u64 = 200;
    let pages = n.div_ceil(100);
    // The source's pages, the target's one (empty) page, the permission
    // check, the creates, and the target's pages read twice to confirm
    // them (GitHub gives no total to check one reading by).
    let minimum = pages + 1 + 1 + n + 2 * pages;
    let mut seed = SeedData::default().with_repos(&["github:bench/labels-target"]);
    let labels = (1..=n)
        .map(|i| {
            serde_json::from_value(json!({
                "id": i,
                "name": format!("area/{i} — 区域 {i}"),
                "color": format!("{:06x}", i * 4099 % 0xffffff),
                "description": format!("Label {i}: \"quoted\", tab\there")
            }))
            .expect("a valid label")
        })
        .collect();
    seed.github()
        .labels
        .insert("bench/labels".to_owned(), labels);
    seed.github()
        .milestones
        .insert("bench/labels".to_owned(), Vec::new());
    let sandbox = Sandbox::start(SandboxConfig {
        seed,
        faults: Faults {
            latency_ms: 20,
            ..Faults::default()
        },
        ..SandboxConfig::default()
    })
    .await
    .expect("the sandbox starts");
    let moved = run(
        &sandbox,
        &[
            "migrate",
            "github:bench/labels",
            "github:bench/labels-target",
            "--only",
            "labels",
            "--quiet",
        ],
    )
    .await;
    assert_eq!(
        sandbox
            .stats()
            .labels_created_on(mileport::providers::github::PROVIDER),
        n
    );
    let ideal = ideal_pace(n, window(80, 60));
    rows.push(format!(
        "| migrate {n} labels GitHub → GitHub, 20 ms latency, GitHub's 80 creates a minute | {:.1} s (ideal pace {ideal:.1} s: {:.2}×) | {} requests (minimum {minimum}) | |",
        moved.seconds,
        moved.seconds / ideal.max(0.001),
        moved.requests
    ));
    sandbox.shutdown().await;
}

/// Export and import of 100,000 milestones.
async fn files(rows: &mut Vec<String>) {
    let big: i64 = 100_000;
    let sandbox = sandbox_with("bench/big", big, Faults::default()).await;
    let dir = tempfile::tempdir().expect("a temporary directory");
    for format in ["csv", "json"] {
        let path = dir.path().join(format!("big.{format}"));
        let export = run(
            &sandbox,
            &[
                "export",
                "gitcode:bench/big",
                "--output",
                path.to_str().expect("utf-8 path"),
                "--quiet",
            ],
        )
        .await;
        rows.push(format!(
            "| export {big} milestones to {} | {:.1} s ({:.0} rows/s) | peak memory {:.0} MiB | |",
            format.to_uppercase(),
            export.seconds,
            big as f64 / export.seconds,
            export.peak_kib as f64 / 1024.0
        ));
    }
    let csv = dir.path().join("big.csv");
    let csv_path = csv.to_str().expect("utf-8 path");
    let parse = run(&sandbox, &["validate", csv_path]).await;
    rows.push(format!(
        "| read a {big}-row CSV into checked, provider-neutral records (`validate`) | {:.1} s ({:.0} rows/s) | peak memory {:.0} MiB | |",
        parse.seconds,
        big as f64 / parse.seconds,
        parse.peak_kib as f64 / 1024.0
    ));
    let plan = run(
        &sandbox,
        &[
            "import",
            csv_path,
            "sourcecraft:bench/empty",
            "--dry-run",
            "--quiet",
        ],
    )
    .await;
    rows.push(format!(
        "| the same, mapped and planned against a target (`import --dry-run`) | {:.1} s ({:.0} rows/s) | peak memory {:.0} MiB | |",
        plan.seconds,
        big as f64 / plan.seconds,
        plan.peak_kib as f64 / 1024.0
    ));
    // Writing, and writing again with nothing left to write: what a real
    // run holds beyond its plan (the answers, the listing read again to
    // confirm the work, the report's entries).
    for what in [
        "imported for real (`import`)",
        "imported again, every milestone unchanged",
    ] {
        let write = run(
            &sandbox,
            &[
                "import",
                csv_path,
                "sourcecraft:bench/empty",
                "--yes",
                "--quiet",
            ],
        )
        .await;
        rows.push(format!(
            "| the same, {what} | {:.1} s ({:.0} rows/s) | {} requests, peak memory {:.0} MiB | |",
            write.seconds,
            big as f64 / write.seconds,
            write.requests,
            write.peak_kib as f64 / 1024.0
        ));
    }
    sandbox.shutdown().await;
}

/// A whole owner: 40 repositories of 15 milestones (5 closed) each,
/// migrated GitCode → SourceCraft in one run under a limit of 600 requests
/// per minute per provider (a minute's burst, then 10/s).
async fn owner(rows: &mut Vec<String>) {
    const REPOS: usize = 40;
    const EACH: i64 = 15;
    let mut seed = SeedData::default();
    for n in 0..REPOS {
        seed.gitcode()
            .milestones
            .insert(format!("owner/repo-{n:02}"), milestones(EACH));
        seed.sourcecraft()
            .milestones
            .insert(format!("owner/repo-{n:02}"), Vec::new());
    }
    let sandbox = Sandbox::start(SandboxConfig {
        seed,
        faults: Faults {
            latency_ms: 20,
            rate_limit_per_minute: 600,
            ..Faults::default()
        },
        ..SandboxConfig::default()
    })
    .await
    .expect("the sandbox starts");
    let batch = run(
        &sandbox,
        &[
            "migrate",
            "gitcode:owner",
            "sourcecraft:owner",
            "--quiet",
            "--only",
            "milestones",
        ],
    )
    .await;
    let stats = sandbox.stats();
    let to = |provider: &str| -> u64 {
        stats
            .routes
            .iter()
            .filter(|(route, _)| route.starts_with(provider))
            .map(|(_, count)| count)
            .sum()
    };
    // GitCode's share stays within one minute's burst, so every 429 is
    // SourceCraft's, and SourceCraft's pace sets the ideal.
    let (gitcode, sourcecraft) = (to("gitcode "), to("sourcecraft "));
    assert!(gitcode <= 600, "GitCode got {gitcode} requests");
    let admitted = sourcecraft - batch.throttled;
    let ideal = admitted.saturating_sub(600) as f64 / 10.0;
    let ratio = batch.seconds / ideal.max(0.001);
    let milestones = REPOS as i64 * EACH;
    rows.push(format!(
        "| migrate a whole owner, {REPOS} repositories × {EACH} milestones ({milestones}), under `--rate-limit 600` | {:.1} s (ideal pace {:.1} s: {ratio:.2}×) | {} requests ({sourcecraft} to SourceCraft), {} answered 429 | |",
        batch.seconds, ideal, batch.requests, batch.throttled
    ));
    assert!(ratio <= 1.2, "{ratio:.2}× the ideal pace");
    sandbox.shutdown().await;
}

/// How long a run held to `limit` needs at best for `requests`: the first
/// window's worth at once, then one window's worth per window.
fn ideal_pace(requests: u64, limit: Window) -> f64 {
    requests
        .div_ceil(u64::from(limit.requests))
        .saturating_sub(1) as f64
        * limit.length.as_secs_f64()
}

/// The least time `before` requests, then `creates` creates, then `after`
/// requests take under both limits at once: the primary budget's windows
/// (from the first request) and creates counted over any `limit.length`,
/// each request sent as soon as both allow it (the end of travel aside).
fn ideal_together(before: u64, creates: u64, after: u64, budget: Window, limit: Window) -> f64 {
    let length = budget.length.as_secs_f64();
    let (mut now, mut window_start, mut used) = (0.0_f64, 0.0_f64, 0_u32);
    let mut created: std::collections::VecDeque<f64> = std::collections::VecDeque::new();
    let kinds = std::iter::repeat_n(false, before as usize)
        .chain(std::iter::repeat_n(true, creates as usize))
        .chain(std::iter::repeat_n(false, after as usize));
    for is_create in kinds {
        loop {
            if now >= window_start + length {
                window_start += length * ((now - window_start) / length).floor();
                used = 0;
            }
            if used >= budget.requests {
                now = window_start + length;
                continue;
            }
            while created
                .front()
                .is_some_and(|at| *at <= now - limit.length.as_secs_f64())
            {
                created.pop_front();
            }
            if is_create && created.len() >= limit.requests as usize {
                now = created[0] + limit.length.as_secs_f64();
                continue;
            }
            break;
        }
        if is_create {
            created.push_back(now);
        }
        used += 1;
    }
    now
}

fn window(requests: u32, seconds: u64) -> Window {
    Window {
        requests,
        length: Duration::from_secs(seconds),
    }
}

/// A migration of `n` milestones (a quarter closed) into GitHub, held to a
/// primary budget that runs out and must be paced, and to GitHub's limit of
/// 80 creates a minute. A closed milestone is created closed: one request
/// each.
async fn github(rows: &mut Vec<String>, n: u64, budget: Window) {
    let closed = n / 4;
    // The empty target's page before writing, its pages read again after:
    // twice when there are several, since GitHub gives no total to check
    // one reading by.
    let read_again = n.div_ceil(100);
    let pages = 1 + if read_again > 1 {
        2 * read_again
    } else {
        read_again
    };
    // One question before the first write: may this token write here?
    let minimum = pages + 1 + n;
    let creates = window(80, 60);
    let faults = Faults {
        latency_ms: 20,
        ..Faults::default()
    }
    .with_github(mileport::providers::github::sandbox_faults::GitHubFaults {
        budget: Some(budget),
        create_limit: Some(creates),
        ..Default::default()
    });
    let sandbox = sandbox_with("bench/none", 0, faults).await;
    let mut source = milestones(n as i64);
    for (index, milestone) in source.iter_mut().enumerate() {
        let state = if (index + 1) % 4 == 0 {
            "closed"
        } else {
            "active"
        };
        milestone.state = Some(state.to_owned());
    }
    let mut seed = SeedData::default();
    seed.gitcode()
        .milestones
        .insert("bench/quarter".to_owned(), source);
    sandbox.seed(seed);

    let github_requests = |sandbox: &Sandbox| -> u64 {
        sandbox
            .stats()
            .routes
            .iter()
            .filter(|(route, _)| route.starts_with("github "))
            .map(|(_, count)| count)
            .sum()
    };
    let before = github_requests(&sandbox);
    let limits_before = sandbox.github_limit_stats();
    let paced = run(
        &sandbox,
        &[
            "migrate",
            "gitcode:bench/quarter",
            "github:bench/target",
            "--quiet",
            "--only",
            "milestones",
        ],
    )
    .await;
    let requests = github_requests(&sandbox) - before;
    let limits = sandbox.github_limit_stats();
    let primary = limits.primary_refusals - limits_before.primary_refusals;
    let secondary = limits.secondary_refusals - limits_before.secondary_refusals;
    assert_eq!(
        sandbox.github_milestones("bench/target").len() as u64,
        n,
        "every milestone arrived once"
    );
    let (primary_ideal, creates_ideal) = (ideal_pace(minimum, budget), ideal_pace(n, creates));
    let (alone, binding) = if primary_ideal >= creates_ideal {
        (primary_ideal, "the primary budget's")
    } else {
        (creates_ideal, "the creates'")
    };
    // The target's first page and the permission check, the creates, then
    // the pages read again.
    let together = ideal_together(2, n, pages - 1, budget, creates);
    rows.push(format!(
        "| migrate {n} milestones ({closed} closed) into GitHub, 20 ms latency, primary budget {}/{} s, creates {}/min | {:.1} s (ideal pace of both limits together {together:.1} s: {:.2}×; {binding} alone {alone:.1} s) | {requests} GitHub requests (minimum {minimum}: {pages} pages + 1 permission check + {n} creates), {primary} answered 403/429 by the primary limit, {secondary} by the secondary | |",
        budget.requests,
        budget.length.as_secs(),
        creates.requests,
        paced.seconds,
        paced.seconds / together.max(0.001),
    ));
    sandbox.shutdown().await;
}
