//! Opening a backup to read: telling its format from the first bytes, then
//! handing out its milestones one at a time.
//!
//! Both formats are read as they are handed out, so memory stays flat
//! however long the file (`csv.rs`, `json_stream.rs`).

use std::{
    fmt,
    fs::File,
    io::{self, Cursor, Read},
    path::Path,
};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::{net::decode::Extra, provider::Provider, record::Kind};

use super::{
    FileError, Format, Located, Location, Row, STDIO,
    bounds::MOST_BYTES,
    csv::CsvRows,
    file_name, json,
    json_stream::{self, JsonRows},
};

/// What spreadsheets like to put before the first byte of content.
const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

/// The least the start read to tell the format holds, unless the file is
/// shorter. The `csv` crate drops a byte-order mark at the start of the
/// first bytes it is given (a second one, after ours), and takes being left
/// with none for the end of the file: given at least this much at once, it
/// reads a file alike however its bytes arrive.
const LEAST_HEAD: usize = 2 * BYTE_ORDER_MARK.len() + 1;

/// One milestone read from a backup, as the file holds it (a CSV row, a
/// JSON object), until [`Entry::read_as`] reads it as its provider's.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub location: Location,
    raw: Raw,
}

#[derive(Clone, Debug, PartialEq)]
enum Raw {
    Row(Row),
    Object(Map<String, Value>),
}

impl Entry {
    pub(crate) fn row(location: Location, row: Row) -> Entry {
        Entry {
            location,
            raw: Raw::Row(row),
        }
    }

    pub(crate) fn object(location: Location, fields: Map<String, Value>) -> Entry {
        Entry {
            location,
            raw: Raw::Object(fields),
        }
    }

    /// The milestone as a provider shapes it: a CSV row made into one by
    /// `unflatten`, a JSON object read once `check` has found its fields
    /// sound; the error names the file, line (or place in the list), field
    /// and value.
    pub fn read_as<T: DeserializeOwned + Extra>(
        self,
        unflatten: impl FnOnce(Row, &Location) -> Result<T, FileError>,
        check: impl FnOnce(&Map<String, Value>, &Location) -> Result<(), FileError>,
    ) -> Result<Located<T>, FileError> {
        let milestone = match self.raw {
            Raw::Row(row) => unflatten(row, &self.location)?,
            Raw::Object(fields) => {
                check(&fields, &self.location)?;
                json::convert(fields, &self.location)?
            }
        };
        Ok(Located {
            location: self.location,
            milestone,
        })
    }
}

/// An open backup: what its header says, and its milestones one at a time.
///
/// Iterating yields each milestone in file order, or the first error, after
/// which it ends: what follows a damaged record cannot be trusted to be
/// where it seems.
pub struct BackupReader {
    pub provider: Provider,
    /// What is read: a CSV file's header says; a JSON file holds a list
    /// of each kind, and the one asked for is read.
    pub kind: Kind,
    /// `OWNER/REPO` as the JSON envelope names it; CSV files do not say.
    /// Known on opening when the envelope names it before its milestones
    /// (as mileport writes it), else once they have all been read.
    pub repository: Option<String>,
    /// When the backup was written, verbatim (JSON only); known as
    /// `repository` is.
    pub exported_at: Option<String>,
    /// The file as messages name it.
    pub file: std::sync::Arc<str>,
    rows: Rows,
}

/// Where the milestones come from.
enum Rows {
    Csv(Box<CsvRows<Input>>),
    Json(JsonRows),
}

/// The bytes read to tell the format, then the rest of the file.
type Input = io::Chain<Cursor<Vec<u8>>, Box<dyn Read + Send>>;

/// Opens a backup at `path` (`-` for standard input). Without a `format`,
/// the extension decides, and failing that the content. The header (CSV)
/// or the envelope up to the first milestone (JSON) is read and checked
/// before this returns.
pub fn open_backup(path: &Path, format: Option<Format>) -> Result<BackupReader, FileError> {
    open_backup_of(path, format, Kind::Milestones)
}

/// Opens a backup as [`open_backup`] does, to read its objects of `kind`
/// (JSON); a CSV file holds one kind, which its header tells, whatever
/// `kind` asks.
pub fn open_backup_of(
    path: &Path,
    format: Option<Format>,
    kind: Kind,
) -> Result<BackupReader, FileError> {
    let file = file_name(path);
    let input: Box<dyn Read + Send> = if path == Path::new(STDIO) {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path).map_err(|source| FileError::Read {
            file: file.clone(),
            source,
        })?)
    };
    BackupReader::of_kind(
        input,
        &file,
        format.or_else(|| Format::from_path(path)),
        kind,
    )
}

impl BackupReader {
    /// Reads a backup from any reader; `file` names it in errors and
    /// locations. Without a `format`, the content decides.
    pub fn new(
        input: impl Read + Send + 'static,
        file: &str,
        format: Option<Format>,
    ) -> Result<BackupReader, FileError> {
        BackupReader::of_kind(input, file, format, Kind::Milestones)
    }

    /// Reads a backup's objects of `kind` from any reader, as [`new`](Self::new).
    pub fn of_kind(
        input: impl Read + Send + 'static,
        file: &str,
        format: Option<Format>,
        kind: Kind,
    ) -> Result<BackupReader, FileError> {
        let mut input: Box<dyn Read + Send> = Box::new(input);
        let mut head = read_head(&mut input, file)?;
        let format = format.unwrap_or_else(|| {
            let text = valid_start(&head);
            Format::sniff(text.strip_prefix('\u{feff}').unwrap_or(text))
        });
        let start = if head.starts_with(BYTE_ORDER_MARK) {
            head.drain(..BYTE_ORDER_MARK.len());
            BYTE_ORDER_MARK.len() as u64
        } else {
            0
        };
        match format {
            Format::Csv => {
                let rows = CsvRows::open(Cursor::new(head).chain(input), start, file.into())?;
                Ok(BackupReader {
                    provider: rows.provider(),
                    kind: rows.kind(),
                    repository: None,
                    exported_at: None,
                    file: file.into(),
                    rows: Rows::Csv(Box::new(rows)),
                })
            }
            Format::Json => {
                let (head, rows) =
                    json_stream::open(Cursor::new(head).chain(input), start, file, kind)?;
                Ok(BackupReader {
                    provider: head.provider,
                    kind,
                    repository: head.repository,
                    exported_at: head.exported_at,
                    file: file.into(),
                    rows: Rows::Json(rows),
                })
            }
        }
    }

    /// Whether the file holds a list of the kind read: a CSV file always
    /// does; a JSON file may hold only the other kind's (or have been
    /// written before labels were). Known once every object was read.
    pub fn held_the_list(&self) -> bool {
        match &self.rows {
            Rows::Csv(_) => true,
            Rows::Json(rows) => rows.list_read.unwrap_or(true),
        }
    }

    /// Refuses a file of another kind of object than `wanted`.
    pub fn check_kind(&self, wanted: Kind) -> Result<(), FileError> {
        if self.kind == wanted {
            return Ok(());
        }
        Err(FileError::KindMismatch {
            file: self.file.to_string(),
            wanted,
            found: self.kind,
        })
    }
}

impl Iterator for BackupReader {
    type Item = Result<Entry, FileError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.rows {
            Rows::Csv(rows) => rows.next(),
            Rows::Json(rows) => rows.next(&mut self.repository, &mut self.exported_at),
        }
    }
}

impl fmt::Debug for BackupReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackupReader")
            .field("provider", &self.provider)
            .field("repository", &self.repository)
            .field("exported_at", &self.exported_at)
            .finish_non_exhaustive()
    }
}

/// Reads the start of `input`, up to the first character that is neither a
/// byte-order mark nor white space, which tells the format, and at least
/// `LEAST_HEAD` bytes. A byte that is not UTF-8 tells too: reading on
/// reports it.
fn read_head(input: &mut impl Read, file: &str) -> Result<Vec<u8>, FileError> {
    let mut head = Vec::new();
    let mut chunk = [0; 8 * 1024];
    loop {
        let text = valid_start(&head);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let invalid = std::str::from_utf8(&head).is_err_and(|e| e.error_len().is_some());
        let told = invalid || !text.trim_start().is_empty();
        // White space without end tells nothing: reading on reports it.
        if (told && head.len() >= LEAST_HEAD) || head.len() >= MOST_BYTES {
            return Ok(head);
        }
        match input.read(&mut chunk) {
            Ok(0) => return Ok(head),
            Ok(read) => head.extend_from_slice(&chunk[..read]),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(FileError::Read {
                    file: file.to_owned(),
                    source,
                });
            }
        }
    }
}

/// The longest start of `bytes` that is UTF-8.
fn valid_start(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
    }
}
