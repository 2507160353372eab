//! Backups checked before anything is written (rows that would collide,
//! JSON that reads as something else than it shows, a
//! CSV without its header), and output files that cannot destroy an input
//! or fail after the work is done.

use std::collections::BTreeMap;

use mileport::sandbox::SeedData;

use crate::support::{mileport, start_sandbox};

#[tokio::test(flavor = "multi_thread")]
async fn backups_that_would_not_land_as_they_read_are_refused_with_every_problem() {
    let sandbox = start_sandbox(SeedData::default().with_repos(&[
        "gitcode:bad/target",
        "gitcode:files/target",
        "gitcode:files/copy",
    ]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let gitcode = "number,title,description,state,due_on\n";
    let sourcecraft = "id,slug,name,description,status,deadline\n";
    let cases: BTreeMap<&str, (Vec<u8>, &[&str])> = BTreeMap::from([
        ("same-slug.csv", (format!("{sourcecraft}1,beta,Beta,,open,\n2,beta,Beta again,,open,\n").into_bytes(),
            &["same-slug.csv:3", "`slug`", "is `beta`, the slug of the milestone at ", "same-slug.csv:2 too"][..])),
        ("same-number.json", (br#"[{"number": 7, "title": "a", "state": "active", "due_on": "2025-01-01"}, {"number": 7, "title": "b", "state": "active", "due_on": "2025-01-02"}]"#.to_vec(),
            &["same-number.json: milestones[1]", "field `number` is `7`, the number of the milestone at ", "same-number.json: milestones[0] too"][..])),
        ("every-problem.csv", (format!("{gitcode}1,\"bad\0\",,paused,2025-02-30\n").into_bytes(),
            &["every-problem.csv:2: field `state`", "paused", "every-problem.csv:2: field `due_on`", "2025-02-30"][..])),
        ("twice.json", (b"{\"format\": \"mileport-backup\", \"version\": 1, \"provider\": \"gitcode\",\n \"milestones\": [{\"number\": 1, \"title\": \"a\", \"state\": \"active\", \"due_on\": \"2025-01-01\"}],\n \"milestones\": []}\n".to_vec(),
            &["twice.json:3:", "`milestones` appears twice"][..])),
        ("twice-before-provider.json", (b"{\"milestones\": [{\"number\": 1, \"title\": \"a\", \"state\": \"active\", \"due_on\": \"2025-01-01\"}],\n \"milestones\": [],\n \"provider\": \"gitcode\"}\n".to_vec(),
            &["twice-before-provider.json:2:", "`milestones` appears twice"][..])),
        ("nested-twice.json", (b"{\"provider\": \"gitcode\", \"milestones\": [{\"number\": 1, \"title\": \"a\", \"due_on\": \"2025-01-01\"},\n{\"number\": 2, \"title\": \"b\", \"labels\": {\"x\": 1,\n \"x\": 2}}]}".to_vec(),
            &["nested-twice.json:3:", "`x` appears twice"][..])),
        ("key-twice.json", (br#"[{"number": 1, "title": "a", "title": "b", "state": "active", "due_on": "2025-01-01"}]"#.to_vec(),
            &["key-twice.json:1:", "`title` appears twice"][..])),
        ("no-header.csv", (b"4914,Release,notes,active,2024-01-01\n4915,Next,,active,2024-01-01\n".to_vec(),
            &["no-header.csv:1", "has no header row", "a CSV backup starts with a header row"][..])),
    ]);
    for (name, (content, expected)) in &cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let checked = mileport(&sandbox, &["validate", path.to_str().unwrap()]).await;
        assert_eq!(checked.code, 2, "{name}: {}", checked.stderr);
        for part in *expected {
            assert!(
                checked.stderr.contains(part),
                "{name}: `{part}` not in {}",
                checked.stderr
            );
        }
        assert!(
            !checked.stderr.contains("appears twice in the header"),
            "{}",
            checked.stderr
        );
        for target in ["gitcode:bad/target", "sourcecraft:bad/target"] {
            let run = mileport(&sandbox, &["import", path.to_str().unwrap(), target]).await;
            assert_eq!(run.code, 2, "{name}: {}", run.stderr);
            assert_eq!(checked.stderr, run.stderr, "validate and import agree");
        }
    }
    assert!(
        sandbox.stats().routes.is_empty(),
        "no request reached the target: {:?}",
        sandbox.stats()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_backup_is_named_once_with_the_reason_once() {
    let sandbox = start_sandbox(SeedData::default().with_repos(&[
        "gitcode:bad/target",
        "gitcode:files/target",
        "gitcode:files/copy",
    ]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    let run = mileport(&sandbox, &["validate", missing.to_str().unwrap()]).await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("missing.csv").count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("No such file or directory").count(),
        1,
        "{}",
        run.stderr
    );
}

const BACKUP: &str = "number,title,description,state,due_on\n1,a,,active,2025-01-01\n";

#[tokio::test(flavor = "multi_thread")]
async fn a_report_that_names_the_backup_is_refused_and_the_backup_kept() {
    let sandbox = start_sandbox(SeedData::default().with_repos(&[
        "gitcode:bad/target",
        "gitcode:files/target",
        "gitcode:files/copy",
    ]))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.csv");
    std::fs::write(&backup, BACKUP).unwrap();
    let path = backup.to_str().unwrap();
    // The same file under another spelling is still the same file.
    let other_spelling = format!("{}/./backup.csv", dir.path().display());
    for report in [path, other_spelling.as_str()] {
        let run = mileport(
            &sandbox,
            &["import", path, "gitcode:files/target", "--report", report],
        )
        .await;
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("names an input of this command"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), BACKUP);
    assert!(sandbox.stats().routes.is_empty(), "{:?}", sandbox.stats());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unwritable_report_or_output_is_found_before_the_first_request() {
    let sandbox = start_sandbox(
        SeedData::sample().with_repos(&["gitcode:files/target", "gitcode:files/copy"]),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.csv");
    std::fs::write(&backup, BACKUP).unwrap();
    let nowhere = dir.path().join("no-such-dir").join("report.json");
    let nowhere = nowhere.to_str().unwrap();
    let runs = [
        mileport(
            &sandbox,
            &[
                "import",
                backup.to_str().unwrap(),
                "gitcode:files/target",
                "--report",
                nowhere,
            ],
        )
        .await,
        mileport(
            &sandbox,
            &[
                "migrate",
                "gitcode:demo/roadmap",
                "gitcode:files/target",
                "--report",
                nowhere,
            ],
        )
        .await,
        mileport(
            &sandbox,
            &["export", "gitcode:demo/roadmap", "--output", nowhere],
        )
        .await,
    ];
    for run in runs {
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(
            run.stderr.matches("report.json").count(),
            1,
            "named once: {}",
            run.stderr
        );
        assert!(!run.stderr.contains(".mileport-"), "{}", run.stderr);
        assert!(run.stderr.contains("nothing was sent"), "{}", run.stderr);
    }
    assert!(sandbox.stats().routes.is_empty(), "{:?}", sandbox.stats());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn new_backups_and_reports_get_the_permissions_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = start_sandbox(
        SeedData::sample().with_repos(&["gitcode:files/target", "gitcode:files/copy"]),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "").unwrap();
    let usual = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    let backup = dir.path().join("roadmap.csv");
    let report = dir.path().join("report.json");
    mileport(
        &sandbox,
        &[
            "export",
            "gitcode:demo/roadmap",
            "--output",
            backup.to_str().unwrap(),
        ],
    )
    .await
    .success();
    mileport(
        &sandbox,
        &[
            "import",
            backup.to_str().unwrap(),
            "gitcode:files/copy",
            "--report",
            report.to_str().unwrap(),
        ],
    )
    .await
    .success();
    for file in [&backup, &report] {
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, usual, "{}", file.display());
    }
}

/// Every provider's backup header, for every kind of object, is claimed by
/// that provider and kind alone: a backup is never read as another
/// provider's, whichever providers there are. Where two providers write
/// the very same columns (Gitee's labels are GitCode's), the header is
/// claimed by one of them, whose objects have the same fields.
#[test]
fn each_backup_header_is_claimed_by_its_own_provider_and_kind_alone() {
    use std::collections::BTreeSet;

    use mileport::{provider::Provider, record::Kind};
    let set = |columns: &[&str]| {
        columns
            .iter()
            .map(|c| (*c).to_owned())
            .collect::<BTreeSet<_>>()
    };
    for kind in Kind::ALL {
        for &provider in Provider::all_of(kind) {
            let columns = provider.columns(kind);
            let has = |column: &str| columns.contains(&column);
            let mut claimants = Vec::new();
            for other_kind in Kind::ALL {
                for &other in Provider::all_of(other_kind) {
                    if other.claims_columns(other_kind, &has) {
                        claimants.push((other, other_kind));
                    }
                }
            }
            assert_eq!(
                claimants.len(),
                1,
                "{provider}'s {kind:?} header {columns:?} is claimed by {claimants:?}"
            );
            let (other, other_kind) = claimants[0];
            assert!(
                (other, other_kind) == (provider, kind)
                    || set(other.columns(other_kind)) == set(columns),
                "{provider}'s {kind:?} header {columns:?} taken for {other}'s {other_kind:?}"
            );
        }
    }
}
