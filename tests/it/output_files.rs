//! Where a backup or report goes when its path is not a plain file: a
//! symbolic link is followed and kept, a device or FIFO is written straight
//! through and never replaced, a directory is refused before any request.

use std::{io::Read, os::unix::fs::FileTypeExt, path::Path};

use mileport::sandbox::{Sandbox, SeedData};

use crate::run_snapshot;
use crate::support::{mileport, start_sandbox};

async fn sample() -> Sandbox {
    start_sandbox(SeedData::sample()).await
}

async fn export(sandbox: &Sandbox, output: &Path, format: &str) -> crate::support::Run {
    mileport(
        sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            output.to_str().unwrap(),
            "--format",
            format,
            "-q",
        ],
    )
    .await
}

fn names(directory: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn a_symlinked_backup_is_updated_through_its_link() {
    let sandbox = sample().await;
    let dir = tempfile::tempdir().unwrap();
    let expected = dir.path().join("expected.csv");
    export(&sandbox, &expected, "csv").await.success();

    let dated = dir.path().join("backup-1.csv");
    let latest = dir.path().join("latest.csv");
    std::fs::write(&dated, "old").unwrap();
    std::os::unix::fs::symlink("backup-1.csv", &latest).unwrap();
    export(&sandbox, &latest, "csv").await.success();

    let link = std::fs::symlink_metadata(&latest).unwrap();
    assert!(link.is_symlink(), "the link stays a link");
    assert_eq!(
        std::fs::read_link(&latest).unwrap(),
        Path::new("backup-1.csv")
    );
    assert_eq!(
        std::fs::read(&dated).unwrap(),
        std::fs::read(&expected).unwrap()
    );
    assert_eq!(
        names(dir.path()),
        [
            "backup-1.csv",
            "expected.csv",
            "expected.labels.csv",
            "latest.csv",
            "latest.labels.csv"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fifo_reader_gets_the_whole_backup() {
    let sandbox = sample().await;
    let dir = tempfile::tempdir().unwrap();
    let expected = dir.path().join("expected.csv");
    export(&sandbox, &expected, "csv").await.success();

    let fifo = dir.path().join("pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut read = Vec::new();
            std::fs::File::open(&fifo)
                .unwrap()
                .read_to_end(&mut read)
                .unwrap();
            read
        })
    };
    export(&sandbox, &fifo, "csv").await.success();
    let read = reader.join().unwrap();
    assert_eq!(read, std::fs::read(&expected).unwrap());
    let kept = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(kept.file_type().is_fifo(), "still a FIFO");
    // The labels go to a file of their own beside it.
    assert_eq!(
        names(dir.path()),
        [
            "expected.csv",
            "expected.labels.csv",
            "pipe.csv",
            "pipe.labels.csv"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_device_fails_with_exit_3_and_stays_a_device() {
    let sandbox = sample().await;
    let run = export(&sandbox, Path::new("/dev/full"), "json").await;
    run_snapshot!(run, @r"
    exit: 3
    ----- stdout -----
    ----- stderr -----
    mileport: cannot write /dev/full: No space left on device (os error 28)
    ");
    let device = std::fs::symlink_metadata("/dev/full").unwrap();
    assert!(device.file_type().is_char_device(), "still a device");
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_stdout_writes_to_standard_output() {
    let sandbox = sample().await;
    let run = export(&sandbox, Path::new("/dev/stdout"), "csv").await;
    run.success();
    assert!(run.stdout.starts_with("number,title,"), "{}", run.stdout);
    let stdout = std::fs::symlink_metadata("/dev/stdout").unwrap();
    assert!(stdout.is_symlink(), "/dev/stdout is left as it was");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_directory_or_a_link_to_one_is_refused_before_any_request() {
    let sandbox = sample().await;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.json");
    std::fs::create_dir(&folder).unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&folder, &link).unwrap();
    for path in [&folder, &link] {
        let run = export(&sandbox, path, "json").await;
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("it is a directory"), "{}", run.stderr);
        let report = mileport(
            &sandbox,
            &[
                "migrate",
                "gitcode:demo/roadmap",
                "sourcecraft:demo/roadmap",
                "--report",
                path.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!(report.code, 2, "{}", report.stderr);
    }
    assert!(sandbox.stats().routes.is_empty(), "{:?}", sandbox.stats());
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_report_through_a_link_lands_in_its_target() {
    let sandbox = start_sandbox(SeedData::sample().with_repos(&["sourcecraft:links/target"])).await;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("reports");
    std::fs::create_dir(&real).unwrap();
    let link = dir.path().join("report.json");
    std::os::unix::fs::symlink(real.join("run-1.json"), &link).unwrap();
    let run = mileport(
        &sandbox,
        &[
            "migrate",
            "gitcode:demo/roadmap",
            "sourcecraft:links/target",
            "-q",
            "--report",
            link.to_str().unwrap(),
        ],
    )
    .await;
    run.success();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    let report = crate::support::json_report(&real.join("run-1.json"));
    assert_eq!(report["target"], "sourcecraft:links/target", "{report}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_into_a_directory_follows_a_link_there() {
    let sandbox = sample().await;
    let dir = tempfile::tempdir().unwrap();
    let backups = dir.path().join("backups");
    let kept = dir.path().join("kept");
    std::fs::create_dir(&backups).unwrap();
    std::fs::create_dir(&kept).unwrap();
    let link = backups.join("roadmap.csv");
    std::os::unix::fs::symlink("../kept/roadmap.csv", &link).unwrap();
    mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output-dir",
            backups.to_str().unwrap(),
            "--format",
            "csv",
            "-q",
        ],
    )
    .await
    .success();
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    let written = std::fs::read_to_string(kept.join("roadmap.csv")).unwrap();
    assert!(written.starts_with("number,title,"), "{written}");
    assert_eq!(names(&backups), ["roadmap.csv", "roadmap.labels.csv"]);
}
