//! Reading backups one milestone at a time: whatever pieces the bytes
//! arrive in, the milestones, their locations and the errors are the same
//! as when the whole file is in memory.

use std::io::Read;

use mileport::backup::{Backup, read_rest};
use mileport::files::{BackupReader, FileError, Format, open_backup};
use mileport::provider::Provider;
use mileport::providers::{
    gitcode::GitCode, gitea::Gitea, gitee::Gitee, github::GitHub, gitlab::GitLab,
    sourcecraft::SourceCraft,
};
use proptest::{collection, prelude::*};

use super::files_props::{gitcode_milestone, sourcecraft_milestone, write};

/// Hands out its bytes a few at a time, as a pipe or a slow disk may.
struct Trickle {
    bytes: Vec<u8>,
    at: usize,
    sizes: Vec<usize>,
    turn: usize,
}

impl Trickle {
    fn new(bytes: &[u8], sizes: &[usize]) -> Trickle {
        Trickle {
            bytes: bytes.to_vec(),
            at: 0,
            sizes: sizes.to_vec(),
            turn: 0,
        }
    }
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let size = self.sizes[self.turn % self.sizes.len()]
            .min(buf.len())
            .min(self.bytes.len() - self.at);
        buf[..size].copy_from_slice(&self.bytes[self.at..self.at + size]);
        self.at += size;
        self.turn += 1;
        Ok(size)
    }
}

/// A backup of whichever provider the file holds, as a comparable value.
#[derive(Clone, Debug, PartialEq)]
enum AnyBackup {
    GitCode(Backup<GitCode>),
    SourceCraft(Backup<SourceCraft>),
    GitHub(Backup<GitHub>),
    Gitea(Backup<Gitea>),
    Gitee(Backup<Gitee>),
    GitLab(Backup<GitLab>),
}

impl AnyBackup {
    fn read(reader: BackupReader) -> Result<AnyBackup, FileError> {
        Ok(match reader.provider.id() {
            "gitcode" => AnyBackup::GitCode(read_rest(reader)?),
            "sourcecraft" => AnyBackup::SourceCraft(read_rest(reader)?),
            "github" => AnyBackup::GitHub(read_rest(reader)?),
            "gitea" => AnyBackup::Gitea(read_rest(reader)?),
            "gitee" => AnyBackup::Gitee(read_rest(reader)?),
            "gitlab" => AnyBackup::GitLab(read_rest(reader)?),
            other => panic!("no backup type here for {other}"),
        })
    }

    fn provider(&self) -> Provider {
        match self {
            AnyBackup::GitCode(_) => mileport::providers::gitcode::PROVIDER,
            AnyBackup::SourceCraft(_) => mileport::providers::sourcecraft::PROVIDER,
            AnyBackup::GitHub(_) => mileport::providers::github::PROVIDER,
            AnyBackup::Gitea(_) => mileport::providers::gitea::PROVIDER,
            AnyBackup::Gitee(_) => mileport::providers::gitee::PROVIDER,
            AnyBackup::GitLab(_) => mileport::providers::gitlab::PROVIDER,
        }
    }

    fn repository(&self) -> Option<&str> {
        match self {
            AnyBackup::GitCode(b) => b.repository.as_deref(),
            AnyBackup::SourceCraft(b) => b.repository.as_deref(),
            AnyBackup::GitHub(b) => b.repository.as_deref(),
            AnyBackup::Gitea(b) => b.repository.as_deref(),
            AnyBackup::Gitee(b) => b.repository.as_deref(),
            AnyBackup::GitLab(b) => b.repository.as_deref(),
        }
    }

    fn len(&self) -> usize {
        match self {
            AnyBackup::GitCode(b) => b.milestones.len(),
            AnyBackup::SourceCraft(b) => b.milestones.len(),
            AnyBackup::GitHub(b) => b.milestones.len(),
            AnyBackup::Gitea(b) => b.milestones.len(),
            AnyBackup::Gitee(b) => b.milestones.len(),
            AnyBackup::GitLab(b) => b.milestones.len(),
        }
    }

    /// The milestones with their locations, as JSON text.
    fn milestones(&self) -> Vec<(mileport::files::Location, String)> {
        fn of<T: serde::Serialize>(
            list: &[mileport::files::Located<T>],
        ) -> Vec<(mileport::files::Location, String)> {
            list.iter()
                .map(|l| {
                    (
                        l.location.clone(),
                        serde_json::to_string(&l.milestone).unwrap(),
                    )
                })
                .collect()
        }
        match self {
            AnyBackup::GitCode(b) => of(&b.milestones),
            AnyBackup::SourceCraft(b) => of(&b.milestones),
            AnyBackup::GitHub(b) => of(&b.milestones),
            AnyBackup::Gitea(b) => of(&b.milestones),
            AnyBackup::Gitee(b) => of(&b.milestones),
            AnyBackup::GitLab(b) => of(&b.milestones),
        }
    }
}

/// Reads a whole backup in memory.
fn parse_backup(bytes: &[u8], file: &str, format: Option<Format>) -> Result<AnyBackup, FileError> {
    AnyBackup::read(BackupReader::new(
        std::io::Cursor::new(bytes.to_vec()),
        file,
        format,
    )?)
}

/// Reads `bytes` through a reader that returns 1 to 3 bytes per call.
fn read_in_pieces(
    bytes: &[u8],
    file: &str,
    format: Option<Format>,
) -> Result<AnyBackup, FileError> {
    AnyBackup::read(BackupReader::new(
        Trickle::new(bytes, &[1, 3, 2]),
        file,
        format,
    )?)
}

/// The message a file whose first bad byte is the first not UTF-8 gets,
/// worked out from the whole file.
fn utf8_message(file: &str, bytes: &[u8]) -> String {
    let error = std::str::from_utf8(bytes).unwrap_err();
    let byte = error.valid_up_to();
    let before = &bytes[..byte];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |n| n + 1);
    format!(
        "{file}:{line}:{}: byte {byte} (0x{:02x}) is not UTF-8: save the file as UTF-8 and try again",
        byte - line_start + 1,
        bytes[byte]
    )
}

fn gitcode(
    backup: AnyBackup,
) -> Vec<mileport::files::Located<mileport::providers::gitcode::client::types::Milestone>> {
    match backup {
        AnyBackup::GitCode(backup) => backup.milestones,
        other => panic!("not GitCode: {other:?}"),
    }
}

#[test]
fn a_record_read_in_pieces_keeps_empty_and_absent_apart() {
    let csv = "\u{feff}number,title,description,state\r\n\
               1,a,\"\",\r\n\
               \r\n\
               2,\"b, \"\"two\"\"\",\"line one\nline two\",\"\"\r\n\
               3,c,,x\r\n";
    let list = gitcode(read_in_pieces(csv.as_bytes(), "b.csv", None).unwrap());
    let found: Vec<_> = list
        .iter()
        .map(|l| {
            (
                l.location.line,
                l.milestone.title.as_str(),
                l.milestone.description.as_deref(),
                l.milestone.state.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (Some(2), "a", Some(""), None),
            (Some(4), "b, \"two\"", Some("line one\nline two"), Some("")),
            (Some(6), "c", None, Some("x")),
        ]
    );
    assert_eq!(list[2].location.to_string(), "b.csv:6");
}

#[test]
fn bytes_that_are_not_utf8_are_found_in_pieces_too() {
    let cases: &[&[u8]] = &[
        b"number,title\n1,ok\n2,caf\xe9\n",
        b"\xef\xbb\xbfnumber,title\n1,o\xffk\n",
        b"\xef\xbb\xbfnumber,ti\xfftle\n1,ok\n",
        b"number,title,description\n1,a,\"multi\nline \xc3\"\n",
        b"number,title\n\n\n2,\xe4\xbd\n",
        b"\n\n\xff",
    ];
    for bytes in cases {
        let expected = utf8_message("b.csv", bytes);
        let whole = parse_backup(bytes, "b.csv", None).unwrap_err().to_string();
        let pieces = read_in_pieces(bytes, "b.csv", None)
            .unwrap_err()
            .to_string();
        assert_eq!(whole, expected, "{bytes:?}");
        assert_eq!(pieces, expected, "{bytes:?}");
    }
}

#[test]
fn a_long_file_keeps_its_positions() {
    // Long enough that the reader lets go of what it has read several times.
    let mut csv = String::from("number,title,description\n");
    for number in 0..20_000 {
        csv.push_str(&format!("{number},t{number},\"two\nlines\"\n"));
    }
    let list = gitcode(parse_backup(csv.as_bytes(), "big.csv", None).unwrap());
    assert_eq!(list.len(), 20_000);
    assert_eq!(list[19_999].location.line, Some(2 + 2 * 19_999));

    let mut bytes = csv.into_bytes();
    bytes.extend_from_slice(b"20000,caf\xe9,\"\"\n");
    let expected = utf8_message("big.csv", &bytes);
    assert!(
        expected.starts_with("big.csv:40002:10: byte "),
        "{expected}"
    );
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("big.csv");
    std::fs::write(&path, &bytes).unwrap();
    let from_file = open_backup(&path, None)
        .unwrap()
        .find_map(Result::err)
        .unwrap();
    assert_eq!(
        from_file.to_string(),
        expected.replace("big.csv", &path.display().to_string())
    );
    let pieces = read_in_pieces(&bytes, "big.csv", None).unwrap_err();
    assert_eq!(pieces.to_string(), expected);
}

#[test]
fn opening_reads_the_header_and_reading_stops_at_the_first_error() {
    let header = BackupReader::new(&b"when,what\n1,2\n"[..], "b.csv", None).unwrap_err();
    assert!(
        matches!(header, FileError::UnknownColumns { line: 1, .. }),
        "{header:?}"
    );

    let mut reader = BackupReader::new(
        &b"name,slug\nv1,a\nv2,b,extra\nv3\n"[..],
        "b.csv",
        Some(Format::Csv),
    )
    .unwrap();
    assert_eq!(reader.provider, mileport::providers::sourcecraft::PROVIDER);
    assert_eq!(reader.repository, None);
    assert!(matches!(reader.next(), Some(Ok(_))));
    assert!(matches!(
        reader.next(),
        Some(Err(FileError::FieldCount { line: 3, .. }))
    ));
    assert!(reader.next().is_none(), "reading goes on after an error");
}

#[test]
fn the_format_is_told_from_a_start_read_in_pieces() {
    let json = b"\xef\xbb\xbf \n\t {\"repository\": \"o/r\", \"milestones\": [{\"number\": 1, \"title\": \"a\"}]}";
    let reader = BackupReader::new(Trickle::new(json, &[1]), "-", None).unwrap();
    assert_eq!(reader.provider, mileport::providers::gitcode::PROVIDER);
    assert_eq!(reader.repository.as_deref(), Some("o/r"));
    let entries: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(entries.len(), 1);

    // U+3000 is white space too, as `Format::sniff` has it, so this is taken
    // for JSON (which serde then refuses: JSON allows ASCII space only).
    let spaced = "\u{3000}[{\"name\": \"v1\"}]";
    let error = read_in_pieces(spaced.as_bytes(), "-", None).unwrap_err();
    assert!(matches!(error, FileError::Json { .. }), "{error:?}");
}

#[test]
fn a_second_byte_order_mark_is_dropped_however_the_bytes_arrive() {
    let csv = "\u{feff}\u{feff}name,slug\nv1,a\n";
    for sizes in [&[3][..], &[1], &[8192]] {
        let reader = BackupReader::new(Trickle::new(csv.as_bytes(), sizes), "b.csv", None);
        assert_eq!(
            reader.unwrap().provider,
            mileport::providers::sourcecraft::PROVIDER,
            "{sizes:?}"
        );
    }
}

/// Whole and in pieces, as comparable values.
fn both_ways(
    bytes: &[u8],
    sizes: &[usize],
    format: Option<Format>,
) -> [Result<AnyBackup, String>; 2] {
    let whole = parse_backup(bytes, "p", format).map_err(|e| e.to_string());
    let pieces = BackupReader::new(Trickle::new(bytes, sizes), "p", format)
        .and_then(AnyBackup::read)
        .map_err(|e| e.to_string());
    [whole, pieces]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn written_backups_read_alike_in_pieces(
        gitcode in collection::vec(gitcode_milestone(), 0..4),
        sourcecraft in collection::vec(sourcecraft_milestone(), 0..4),
        sizes in collection::vec(1..4usize, 1..8),
    ) {
        for format in [Format::Csv, Format::Json] {
            for bytes in [write::<GitCode>(format, &gitcode), write::<SourceCraft>(format, &sourcecraft)] {
                let [whole, pieces] = both_ways(&bytes, &sizes, None);
                prop_assert!(whole.is_ok(), "{whole:?}");
                prop_assert_eq!(whole, pieces);
            }
        }
    }

    #[test]
    fn any_csv_reads_alike_in_pieces(
        text in "(\u{feff}|number|title|name|slug|description|,|\"|\"\"|\r|\n|[0-9]|a|你|\u{3000}){0,60}",
        bad in proptest::option::of((0..80usize, 0x80..=0xffu8)),
        sizes in collection::vec(1..4usize, 1..8),
    ) {
        let mut bytes = text.into_bytes();
        if let Some((at, byte)) = bad {
            bytes.insert(at.min(bytes.len()), byte);
        }
        let [whole, pieces] = both_ways(&bytes, &sizes, Some(Format::Csv));
        prop_assert_eq!(whole, pieces);
        let [whole, pieces] = both_ways(&bytes, &sizes, None);
        prop_assert_eq!(whole, pieces);
    }
}

/// A GitCode backup's envelope fields, and its list, as `"key": value` parts.
const ENVELOPE: [(&str, &str); 6] = [
    ("format", "\"mileport-backup\""),
    ("version", "1"),
    ("provider", "\"gitcode\""),
    ("repository", "\"o/r\""),
    ("exported_at", "\"2026-11-22T10:00:00Z\""),
    (
        "milestones",
        "[{\"number\": 1, \"title\": \"a\"},\n {\"number\": 12345678901234567890123, \"title\": \"b\", \"due_on\": null, \"extra\": {\"k\": [1.50]}}]",
    ),
];

/// Every order of `parts`.
fn orders<T: Copy>(parts: &[T]) -> Vec<Vec<T>> {
    if parts.len() <= 1 {
        return vec![parts.to_vec()];
    }
    let mut all = Vec::new();
    for (at, &first) in parts.iter().enumerate() {
        let mut rest = parts.to_vec();
        rest.remove(at);
        for mut order in orders(&rest) {
            order.insert(0, first);
            all.push(order);
        }
    }
    all
}

fn envelope(parts: &[(&str, &str)]) -> String {
    let fields: Vec<String> = parts.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
    format!("{{\n{}\n}}\n", fields.join(",\n"))
}

#[test]
fn every_order_of_the_envelope_reads_alike_whole_and_in_pieces() {
    let expected = parse_backup(envelope(&ENVELOPE).as_bytes(), "p", None).unwrap();
    assert_eq!(expected.repository(), Some("o/r"));
    let list = gitcode(expected.clone());
    assert_eq!(list.len(), 2);
    assert_eq!(
        serde_json::to_string(&list[1].milestone).unwrap(),
        r#"{"number":12345678901234567890123,"title":"b","extra":{"k":[1.50]},"due_on":null}"#,
        "every digit and the null kept"
    );
    for order in orders(&ENVELOPE) {
        let text = envelope(&order);
        let [whole, pieces] = both_ways(text.as_bytes(), &[1, 3, 2], None);
        assert_eq!(whole.as_ref(), Ok(&expected), "{text}");
        assert_eq!(pieces.as_ref(), Ok(&expected), "{text}");
    }
    // Without `provider`, or with `provider: null`, the milestones tell.
    let without: Vec<_> = ENVELOPE
        .iter()
        .copied()
        .filter(|(k, _)| *k != "provider")
        .collect();
    for order in orders(&without) {
        for provider in [None, Some(("provider", "null"))] {
            let mut parts = order.clone();
            parts.extend(provider);
            let text = envelope(&parts);
            let [whole, pieces] = both_ways(text.as_bytes(), &[2, 1], None);
            assert_eq!(
                whole.as_ref().map(AnyBackup::milestones),
                Ok(expected.milestones()),
                "{text}"
            );
            assert_eq!(whole, pieces, "{text}");
        }
    }
}

#[test]
fn a_bare_list_reads_alike_whole_and_in_pieces() {
    let text =
        "\u{feff}[{\"name\": \"v1\", \"slug\": \"v-1\"},\n{\"name\": \"v2\", \"deadline\": null}]";
    let [whole, pieces] = both_ways(text.as_bytes(), &[1, 2, 3], None);
    let backup = whole.clone().unwrap();
    assert_eq!(
        backup.provider(),
        mileport::providers::sourcecraft::PROVIDER
    );
    assert_eq!(backup.repository(), None);
    assert_eq!(backup.len(), 2);
    assert_eq!(whole, pieces);
}

#[test]
fn json_milestones_come_out_before_the_file_ends() {
    /// A file whose reading fails after its first milestone.
    struct CutOff(std::io::Cursor<&'static [u8]>);
    impl Read for CutOff {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(std::io::Error::other("the disk went away")),
                read => Ok(read),
            }
        }
    }
    let start = b"{\"provider\": \"gitcode\", \"milestones\": [{\"number\": 1, \"title\": \"a\"}, ";
    let mut reader =
        BackupReader::new(CutOff(std::io::Cursor::new(start)), "b.json", None).unwrap();
    assert!(matches!(reader.next(), Some(Ok(_))));
    let error = reader.next().unwrap().unwrap_err();
    assert!(matches!(error, FileError::Read { .. }), "{error:?}");
    let cause = std::error::Error::source(&error).unwrap().to_string();
    assert_eq!(cause, "the disk went away");
    assert!(reader.next().is_none());
}

/// What serde_json says of `text` parsed whole, as the message for it.
fn whole_text_error(text: &str, problem: &str) -> String {
    let error = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
    format!("p:{}:{}: {problem}: {error}", error.line(), error.column())
}

#[test]
fn json_errors_name_their_line_whole_and_in_pieces() {
    let good = "{\"number\": 1, \"title\": \"a\"},\n";
    let truncated = format!(
        "{{\"provider\": \"gitcode\", \"milestones\": [\n{}{{\"number\": 3, \"ti",
        good.repeat(3)
    );
    let broken = format!("[\n{}{{\"number\": 3 \"title\": \"c\"}}]", good.repeat(2));
    let cases: [(String, String); 4] = [
        (
            truncated.clone(),
            whole_text_error(
                &truncated,
                "the JSON ends too early (is the file truncated? export it again)",
            ),
        ),
        (broken.clone(), whole_text_error(&broken, "not valid JSON")),
        (
            format!("[\n{}{{\"number\": 3, \"title\": \"c\", \"title\": \"d\"}}]", good.repeat(2)),
            "p:4:41: `title` appears twice in the same object: JSON keeps only the last of them, so the file would not be read as it reads; remove or rename one".to_owned(),
        ),
        (
            format!("{{\"milestones\": [\n{}{{}}],\n\"provider\": \"gitcode\",\n\"provider\": \"x\"}}", good.repeat(2)),
            "p:6:16: `provider` appears twice in the same object: JSON keeps only the last of them, so the file would not be read as it reads; remove or rename one".to_owned(),
        ),
    ];
    assert!(cases[0].1.starts_with("p:5:"), "{}", cases[0].1);
    assert!(cases[1].1.starts_with("p:4:"), "{}", cases[1].1);
    for (text, expected) in &cases {
        for sizes in [&[1][..], &[3, 1, 2], &[1 << 16]] {
            let [whole, pieces] = both_ways(text.as_bytes(), sizes, None);
            assert_eq!(whole.as_ref().unwrap_err(), expected, "{text}");
            assert_eq!(pieces.as_ref().unwrap_err(), expected, "{text}");
        }
    }
}

#[test]
fn json_bytes_that_are_not_utf8_are_found_in_pieces_too() {
    let cases: &[&[u8]] = &[
        b"{\"provider\": \"gitcode\",\n \"milestones\": [{\"number\": 1, \"title\": \"caf\xe9\"}]}",
        b"\xef\xbb\xbf[{\"name\": \"v1\"},\n{\"name\": \"\xe4\xbd\"}]",
        b"[{\"name\": \"v1\"}]\n\xff",
    ];
    for bytes in cases {
        let expected = utf8_message("p", bytes);
        let [whole, pieces] = both_ways(bytes, &[1, 2], Some(Format::Json));
        assert_eq!(whole.unwrap_err(), expected, "{bytes:?}");
        assert_eq!(pieces.unwrap_err(), expected, "{bytes:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_json_reads_alike_in_pieces(
        text in "[\\[{](\"milestones\"|\"provider\"|\"gitcode\"|\"sourcecraft\"|\"number\"|\"title\"|\"name\"|\"a\"|\\{|\\}|\\[|\\]|,|:|1|null|\"你\"| |\n){0,40}",
        sizes in collection::vec(1..4usize, 1..8),
    ) {
        let [whole, pieces] = both_ways(text.as_bytes(), &sizes, Some(Format::Json));
        prop_assert_eq!(whole, pieces);
    }
}
