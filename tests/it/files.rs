//! Backup files as a user meets them: written to disk, read back, and the
//! messages a damaged file produces.

use std::{fs, path::Path};

use mileport::{
    backup::{Backup, parse_backup, read_backup, write_backup},
    files::{FileError, Format, Location},
    providers::{
        gitcode::GitCode, gitcode::client::types as gc, sourcecraft::SourceCraft,
        sourcecraft::client::types as sc,
    },
};

use crate::support::read_any;
use serde_json::json;

/// The milestone GitCode's documentation shows, exactly as it prints it.
const GITCODE_EXAMPLE: &str = r#"{"closed_issues":0,"created_at":"2024-10-08T10:58:16+08:00","description":"你好中国","due_on":"2024-11-08","number":4914,"open_issues":0,"repository_id":4066481,"state":"active","title":"你好中国","updated_at":"2024-10-08T10:58:16+08:00","url":"https://gitcode.com/dengmengmian/oneapi/milestones/1"}"#;

fn gitcode_milestones() -> Vec<gc::Milestone> {
    vec![
        serde_json::from_str(GITCODE_EXAMPLE).unwrap(),
        serde_json::from_value(json!({
            "number": 7,
            "title": "v2, \"final\"",
            "description": "",
            "state": "closed",
            "due_on": "2025-01-31",
            "id": 12,
            "labels": ["x", 1],
            "weight": 3,
            "note": "line one\r\nline two"
        }))
        .unwrap(),
        serde_json::from_value(json!({"number": -1, "title": ""})).unwrap(),
    ]
}

fn sourcecraft_milestones() -> Vec<sc::Milestone> {
    vec![
        serde_json::from_value(json!({
            "id": "0193a1b2",
            "name": "Release 1.0",
            "slug": "release-1-0",
            "description": "Commas, \"quotes\",\nnewlines\r\nand 你好",
            "start_date": "2025-01-01T00:00:00Z",
            "deadline": "2025-02-01T00:00:00Z",
            "status": "open",
            "author": {"id": "u1", "slug": "ann", "email": "ann@example.com"},
            "updated_by": {"id": "u2", "slug": "bob"},
            "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-02T00:00:00Z",
            "visibility": "public",
            "issues": {"open": 3}
        }))
        .unwrap(),
        serde_json::from_value(json!({"name": "", "slug": "empty", "description": ""})).unwrap(),
        serde_json::from_value(json!({"id": "only-id", "name": "No description"})).unwrap(),
    ]
}

fn plain<T: Clone>(located: &[mileport::files::Located<T>]) -> Vec<T> {
    located.iter().map(|l| l.milestone.clone()).collect()
}

fn read_gitcode(path: &Path) -> (Backup<GitCode>, Vec<gc::Milestone>) {
    let backup = read_backup::<GitCode>(path, None).unwrap();
    let list = plain(&backup.milestones);
    (backup, list)
}

fn read_sourcecraft(path: &Path) -> (Backup<SourceCraft>, Vec<sc::Milestone>) {
    let backup = read_backup::<SourceCraft>(path, None).unwrap();
    let list = plain(&backup.milestones);
    (backup, list)
}

#[test]
fn gitcode_backups_round_trip_in_both_formats() {
    let directory = tempfile::tempdir().unwrap();
    let milestones = gitcode_milestones();
    for name in ["backup.csv", "backup.json"] {
        let path = directory.path().join(name);
        let format = Format::from_path(&path).unwrap();
        write_backup::<GitCode>(&path, format, "dengmengmian/oneapi", &milestones).unwrap();
        let (backup, read) = read_gitcode(&path);
        assert_eq!(read, milestones, "{name}");
        let expected_repository = (format == Format::Json).then(|| "dengmengmian/oneapi".into());
        assert_eq!(backup.repository, expected_repository);
        // The documented example comes back exactly as GitCode printed it.
        assert_eq!(serde_json::to_string(&read[0]).unwrap(), GITCODE_EXAMPLE);
        // Empty and absent stay apart.
        assert_eq!(read[1].description.as_deref(), Some(""));
        assert_eq!(read[0].id, None);
    }
}

#[test]
fn sourcecraft_backups_round_trip_in_both_formats() {
    let directory = tempfile::tempdir().unwrap();
    let milestones = sourcecraft_milestones();
    for name in ["backup.CSV", "backup.Json"] {
        let path = directory.path().join(name);
        write_backup::<SourceCraft>(
            &path,
            Format::from_path(&path).unwrap(),
            "org/repo",
            &milestones,
        )
        .unwrap();
        let (_, read) = read_sourcecraft(&path);
        assert_eq!(read, milestones, "{name}");
        assert_eq!(read[1].description.as_deref(), Some(""));
        assert_eq!(read[2].description, None);
        assert_eq!(
            read[0].author.as_ref().unwrap().extra["email"],
            "ann@example.com"
        );
    }
}

#[test]
fn locations_name_the_line_or_the_index() {
    let directory = tempfile::tempdir().unwrap();
    let milestones = gitcode_milestones();
    let csv = directory.path().join("b.csv");
    write_backup::<GitCode>(&csv, Format::Csv, "o/r", &milestones).unwrap();
    let list = read_backup::<GitCode>(&csv, None).unwrap().milestones;
    // The second milestone's `note` spans two lines, so the third starts on 5.
    let lines: Vec<Option<u64>> = list.iter().map(|l| l.location.line).collect();
    assert_eq!(lines, [Some(2), Some(3), Some(5)]);
    assert_eq!(list[2].location.to_string(), format!("{}:5", csv.display()));
    assert_eq!(list[2].location.index, 2);

    let location = Location {
        file: "backup.json".into(),
        kind: mileport::record::Kind::Milestones,
        line: None,
        index: 4,
    };
    assert_eq!(location.to_string(), "backup.json: milestones[4]");
}

#[test]
fn format_comes_from_the_extension_or_the_content() {
    assert_eq!(Format::from_path(Path::new("a/b.CsV")), Some(Format::Csv));
    assert_eq!(Format::from_path(Path::new("b.json")), Some(Format::Json));
    assert_eq!(Format::from_path(Path::new("b.txt")), None);
    assert_eq!(Format::from_path(Path::new("-")), None);

    let json = br#"  {"provider": "gitcode", "milestones": [{"number": 1, "title": "a"}]}"#;
    assert_eq!(
        read_any(json, "-", None).unwrap(),
        (mileport::providers::gitcode::PROVIDER, 1)
    );
    let csv = "\u{feff}name,slug\r\nv1,v-1\r\n";
    assert_eq!(
        read_any(csv.as_bytes(), "-", None).unwrap(),
        (mileport::providers::sourcecraft::PROVIDER, 1)
    );
}

#[test]
fn json_without_provider_is_recognised_by_its_fields() {
    let bare_list = br#"[{"name": "v1", "deadline": null}]"#;
    let read = read_any(bare_list, "list.json", Some(Format::Json)).unwrap();
    assert_eq!(read.0, mileport::providers::sourcecraft::PROVIDER);
    let envelope = br#"{"milestones": [{"number": 3, "title": "t", "due_on": "2024-11-08"}]}"#;
    assert_eq!(
        read_any(envelope, "e.json", None).unwrap().0,
        mileport::providers::gitcode::PROVIDER
    );
}

#[test]
fn unusual_states_and_dates_are_kept_verbatim() {
    let csv = "number,title,state,due_on\n1,a,paused,next tuesday\n";
    let list = parse_backup::<GitCode>(csv.as_bytes(), "b.csv", None)
        .unwrap()
        .milestones;
    assert_eq!(list[0].milestone.state.as_deref(), Some("paused"));
    assert_eq!(list[0].milestone.due_on.as_deref(), Some("next tuesday"));
}

#[test]
fn snapshots_of_written_files() {
    let directory = tempfile::tempdir().unwrap();
    let gitcode = gitcode_milestones();
    let sourcecraft = sourcecraft_milestones();
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r#""exported_at": "[^"]*""#, r#""exported_at": "[TIME]""#);
    settings.bind(|| {
        for (name, format) in [("gitcode.csv", Format::Csv), ("gitcode.json", Format::Json)] {
            let path = directory.path().join(name);
            write_backup::<GitCode>(&path, format, "dengmengmian/oneapi", &gitcode).unwrap();
            insta::assert_snapshot!(name, fs::read_to_string(&path).unwrap());
        }
        for (name, format) in [
            ("sourcecraft.csv", Format::Csv),
            ("sourcecraft.json", Format::Json),
        ] {
            let path = directory.path().join(name);
            write_backup::<SourceCraft>(&path, format, "org/repo", &sourcecraft).unwrap();
            insta::assert_snapshot!(name, fs::read_to_string(&path).unwrap());
        }
    });
}

#[test]
fn exported_at_is_utc_rfc3339() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("b.json");
    write_backup::<GitCode>(&path, Format::Json, "o/r", &[]).unwrap();
    let backup = read_backup::<GitCode>(&path, None).unwrap();
    let exported_at = backup.exported_at.unwrap();
    assert!(exported_at.ends_with('Z'), "{exported_at}");
    chrono::DateTime::parse_from_rfc3339(&exported_at).unwrap();
    assert!(backup.milestones.is_empty());
}

/// The message reading `content` as `file` fails with.
fn error(file: &str, content: &[u8]) -> String {
    match read_any(content, file, Format::from_path(Path::new(file))) {
        Ok(backup) => panic!("{file} was accepted: {backup:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn bad_csv_is_reported_with_file_line_field_and_value() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"number,title\n1,ok\n2,caf\xe9\n",
            "b.csv:3:6: byte 23 (0xe9) is not UTF-8: save the file as UTF-8 and try again",
        ),
        (
            b"",
            "b.csv: the file is empty: a CSV backup starts with a header row of column names",
        ),
        (
            b"number,title\n1,ok\n2,a,b\n",
            "b.csv:3: this row has 3 fields but the header has 2: look for a missing or extra comma, or a quote that is not closed",
        ),
        (
            b"number,title,description\n1,ok,\"never closed\n2,x,y\n",
            "b.csv:2: the quote that opens field `description` is never closed, so the rest of the file would be read into it: the file may be cut short, or a quote is missing",
        ),
        (
            b"number,due_on,state\n1,2024-11-08,open\n",
            "b.csv:1: the header has no `title` column, which every GitCode backup needs (found `number`, `due_on`, `state`): add it",
        ),
        (
            b"slug,deadline\nv1,\n",
            "b.csv:1: the header has no `name` column, which every SourceCraft backup needs (found `slug`, `deadline`): add it",
        ),
        (
            b"number,title,title\n1,a,b\n",
            "b.csv:1: column `title` appears twice in the header (fields 2 and 3): remove or rename one of them",
        ),
        (
            b"number,title,open_issues\n1,a,2\n2,b,3.5\n",
            "b.csv:3: field `open_issues` is \"3.5\", which is not a whole number: write digits only, such as 42",
        ),
        (
            b"number,title\n\n\n#4,a\n",
            "b.csv:4: field `number` is \"#4\", which is not a whole number: write digits only, such as 42",
        ),
        (
            b"title,number\na,\n",
            "b.csv:2: field `number` is empty or missing, but every GitCode milestone has one: fill it in",
        ),
        (
            b"number,title,name,slug\n1,a,b,c\n",
            "b.csv:1: cannot tell whose milestones these are from the columns `number`, `title`, `name`, `slug`: a GitCode backup has the columns `number` and `title`, a SourceCraft backup has `name` and `slug` or `id`",
        ),
        (
            b"when,what\n1,2\n",
            "b.csv:1: cannot tell whose milestones these are from the columns `when`, `what`: a GitCode backup has the columns `number` and `title`, a SourceCraft backup has `name` and `slug` or `id`",
        ),
    ];
    let wrong: Vec<(String, &str)> = cases
        .iter()
        .map(|(content, expected)| (error("b.csv", content), *expected))
        .filter(|(found, expected)| found != expected)
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn bad_json_is_reported_with_file_position_field_and_value() {
    let cases: &[(&[u8], &str)] = &[
        (
            b"{\"provider\": \"gitcode\",\n \"milestones\": [{\"number\": 1",
            "b.json:2:28: the JSON ends too early (is the file truncated? export it again): EOF while parsing an object at line 2 column 28",
        ),
        (
            b"{\"milestones\": [}",
            "b.json:1:17: not valid JSON: expected value at line 1 column 17",
        ),
        (
            b"{\"format\": \"other\", \"milestones\": []}",
            "b.json: field `format` is \"other\", but it must be \"mileport-backup\" (is this a mileport backup?)",
        ),
        (
            b"{\"format\": \"mileport-backup\", \"version\": 2, \"milestones\": []}",
            "b.json: field `version` is 2, but it must be 1, the only version this mileport reads: use the mileport that wrote the file",
        ),
        (
            b"{\"provider\": \"forgejo\", \"milestones\": []}",
            "b.json: field `provider` is \"forgejo\", but it must be \"gitcode\", \"sourcecraft\", \"github\", \"gitea\", \"gitee\" or \"gitlab\"",
        ),
        (
            b"{\"provider\": \"gitcode\"}",
            "b.json: there is no `milestones` array: is this a mileport backup?",
        ),
        (
            b"42",
            "b.json: the document is 42, but a backup is an object with a `milestones` array (or an array of milestones)",
        ),
        (
            b"{\"provider\": \"gitcode\", \"milestones\": {\"number\": 1}}",
            "b.json: field `milestones` is {\"number\":1}, but it must be an array of milestones",
        ),
        (
            b"{\"provider\": \"gitcode\", \"milestones\": [{\"number\": 1, \"title\": \"a\"}, \"v2\"]}",
            "b.json: milestones[1]: the milestone is \"v2\", but it must be a JSON object of fields",
        ),
        (
            b"{\"provider\": \"gitcode\", \"milestones\": [{\"number\": \"49a\", \"title\": \"a\"}]}",
            "b.json: milestones[0]: field `number` is \"49a\", but it must be a whole number (or a string of digits): correct or remove the value",
        ),
        (
            b"{\"provider\": \"gitcode\", \"milestones\": [{\"title\": \"a\"}]}",
            "b.json: milestones[0]: field `number` is empty or missing, but every GitCode milestone has one: fill it in",
        ),
        (
            b"{\"provider\": \"sourcecraft\", \"milestones\": [{\"name\": \"a\", \"author\": {\"id\": 5}}]}",
            "b.json: milestones[0]: field `author.id` is 5, but it must be a string: correct or remove the value",
        ),
        (
            b"{\"milestones\": []}",
            "b.json: cannot tell whose milestones these are: add \"provider\": \"gitcode\", \"sourcecraft\", \"github\", \"gitea\", \"gitee\" or \"gitlab\" (there is no milestone object to guess it from)",
        ),
        (
            b"[{\"id\": 1}]",
            "b.json: cannot tell whose milestones these are: add \"provider\": \"gitcode\", \"sourcecraft\", \"github\", \"gitea\", \"gitee\" or \"gitlab\" (the first milestone has the fields `id`)",
        ),
    ];
    let wrong: Vec<(String, &str)> = cases
        .iter()
        .map(|(content, expected)| (error("b.json", content), *expected))
        .filter(|(found, expected)| found != expected)
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_file_that_cannot_be_read_is_named() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("missing.csv");
    let error = read_backup::<GitCode>(&path, None).unwrap_err();
    assert!(matches!(error, FileError::Read { .. }));
    // The OS error is the source, shown once after the path by `{:#}`.
    assert_eq!(
        format!("{:#}", anyhow::Error::from(error)),
        format!(
            "cannot read {}: No such file or directory (os error 2)",
            path.display()
        )
    );
}

#[test]
fn a_failed_export_leaves_the_old_file_alone() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("backup.csv");
    fs::write(&path, "the previous backup\n").unwrap();
    // CSV cannot hold a top-level field whose name reads as a nested one.
    let milestones: Vec<sc::Milestone> = vec![
        serde_json::from_value(json!({"name": "fine"})).unwrap(),
        serde_json::from_value(json!({"name": "clash", "author_id": "x"})).unwrap(),
    ];
    let error = write_backup::<SourceCraft>(&path, Format::Csv, "o/r", &milestones).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: milestones[1]: field `author_id` cannot be written as a CSV column because another field already flattens to that name: write a JSON backup instead",
            path.display()
        )
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "the previous backup\n");
    let names: Vec<_> = fs::read_dir(directory.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "a temporary file was left behind");

    // A failure after half the content was written changes nothing either.
    let result = mileport::files::atomic::write_atomically(&path, |out| {
        mileport::backup::write_backup_to::<SourceCraft, _>(
            &mut *out,
            "backup.csv",
            Format::Csv,
            "o/r",
            "now",
            &milestones[..1],
        )?;
        Err(FileError::EmptyCsv {
            file: "interrupted".into(),
        })
    });
    assert!(result.is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), "the previous backup\n");
    assert_eq!(fs::read_dir(directory.path()).unwrap().count(), 1);
}

#[test]
fn a_missing_directory_is_a_write_error() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("absent").join("backup.json");
    let error = write_backup::<GitCode>(&path, Format::Json, "o/r", &[]).unwrap_err();
    assert!(matches!(error, FileError::Write { .. }), "{error:?}");
    assert!(!path.exists());
}
