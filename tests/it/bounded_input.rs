//! Reading what is not a backup: a file without end or a row, header or
//! value beyond 16 MiB stops at once (exit 2) instead of filling memory,
//! and messages quote a short excerpt of a value, never all of it.

use std::time::{Duration, Instant};

use crate::run_snapshot;
use crate::support::Run;

/// Past the 16 MiB a row or value may hold.
const HUGE: usize = 20 * 1024 * 1024;

async fn validate(path: &str) -> Run {
    Run::command(&["validate", path], &[]).await
}

/// Runs `validate` on `content` written to a file named `name`, and checks
/// it ends quickly.
async fn validate_file(name: &str, content: &[u8]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    let started = Instant::now();
    let run = validate(path.to_str().unwrap()).await;
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    run
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_without_end_stops_at_the_bound() {
    let run = validate("/dev/zero").await;
    run_snapshot!(run, @r"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    mileport: /dev/zero:1: the header row that starts here is longer than 16 MiB, far more than a milestone holds: this is not a backup, or a quote is left open; reading stopped there
    ");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_csv_row_beyond_the_bound_stops_the_reading() {
    let mut content = b"number,title,description,state,due_on\n1,a,,active,2025-01-01\n2,".to_vec();
    content.resize(content.len() + HUGE, b'x');
    let run = validate_file("long-row.csv", &content).await;
    run_snapshot!(run, @r"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    mileport: [TMP]/long-row.csv:3: a row that starts here is longer than 16 MiB, far more than a milestone holds: this is not a backup, or a quote is left open; reading stopped there
    ");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_json_value_beyond_the_bound_stops_the_reading() {
    let mut content =
        b"{\"provider\": \"gitcode\", \"milestones\": [\n{\"number\": 1, \"title\": \"".to_vec();
    content.resize(content.len() + HUGE, b'x');
    content.extend_from_slice(b"\"}]}");
    let run = validate_file("long-value.json", &content).await;
    run_snapshot!(run, @r"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    mileport: [TMP]/long-value.json:2: a value that starts here is longer than 16 MiB, far more than a milestone holds: this is not a backup, or a quote is left open; reading stopped there
    ");
}

#[tokio::test(flavor = "multi_thread")]
async fn long_values_are_quoted_in_short() {
    let long = "y".repeat(1024 * 1024);
    let header = format!("number,title,{long}\n");
    let run = validate_file("long-header.csv", header.as_bytes()).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = format!("number,title,state,due_on\n1,a,{long},2025-01-01\n");
    let run = validate_file("long-state.csv", rows.as_bytes()).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.len() < 1000, "{}", run.stderr);
    assert!(run.stderr.contains("… (1048576 bytes)"), "{}", run.stderr);
    let columns = format!("{long},{long}2\n1,2\n");
    let run = validate_file("long-columns.csv", columns.as_bytes()).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.len() < 1000, "{}", run.stderr);
    assert!(run.stderr.contains("(1048576 bytes)"), "{}", run.stderr);
}
