//! Backup files: one provider's milestones written to CSV or JSON without
//! loss, and read back with errors that point at the file, line, field and
//! value. This is the files' side, which names no provider's types; what
//! is generic over a provider is in `crate::backup`.
//!
//! Reading checks structure only (columns, field counts, integers, JSON
//! shape). Dates and states are kept verbatim: deciding whether they make
//! sense is the caller's job, and every milestone read carries the
//! [`Location`] to name in such a message.
//!
//! The formats:
//! - JSON (`json.rs`): a small envelope around the provider's own milestone
//!   objects, field names and nesting unchanged.
//! - CSV (`csv.rs`): one row per milestone, columns named after the
//!   provider's fields (each provider's `backup.rs` names its columns;
//!   `fields.rs` says how unknown fields become cells).
//!
//! Reading (`reader.rs`): [`open_backup`] tells the format and hands out
//! milestones one at a time, as the file holds them (`crate::backup`
//! reads them as a provider's). Both formats are read as they are handed out
//! (`json_stream.rs` says how for JSON), so a file of any length takes
//! little memory, and the first problem in file order is the one reported.
//!
//! Files are replaced atomically (`atomic.rs`): an interrupted export never
//! leaves half a file under the final name.

pub mod atomic;
mod bounds;
mod csv;
mod error;
pub(crate) mod fields;
mod json;
mod json_keys;
mod json_stream;
mod reader;
mod tap;
mod utf8;

use std::{
    fmt,
    io::{self, Write},
    path::Path,
    sync::Arc,
};

use crate::record::Kind;

pub(crate) use crate::error_text::excerpt;
pub(crate) use csv::write_csv;
pub use error::FileError;
pub(crate) use error::shown;
pub use fields::Row;
pub(crate) use fields::encode_extra;
pub use json::Lists;
pub(crate) use json::write_lists;
pub use reader::{BackupReader, Entry, open_backup, open_backup_of};

/// The path that means standard input or output instead of a file.
pub const STDIO: &str = "-";

/// A backup file's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// The format a file's extension names (`.csv`, `.json`, any case).
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?;
        if extension.eq_ignore_ascii_case("csv") {
            Some(Format::Csv)
        } else if extension.eq_ignore_ascii_case("json") {
            Some(Format::Json)
        } else {
            None
        }
    }

    /// Guesses the format from the content: a JSON backup opens with `{`
    /// (or `[` for a bare list of milestones); anything else is read as CSV,
    /// whose first line is a header of column names.
    pub fn sniff(text: &str) -> Format {
        match text.trim_start().as_bytes().first() {
            Some(b'{' | b'[') => Format::Json,
            _ => Format::Csv,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
        })
    }
}

/// Where a milestone was read from, for messages about it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// The path as given, or `-` for standard input. Shared: every
    /// object of a file carries it.
    pub file: Arc<str>,
    /// What the file's list holds, to name the place in it.
    pub kind: Kind,
    /// CSV: the line the record starts on, 1-based (the header is line 1).
    /// JSON: none; messages name the milestone's place in the list.
    pub line: Option<u64>,
    /// 0-based position among the file's milestones.
    pub index: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => write!(f, "{}: {}[{}]", self.file, self.kind.many(), self.index),
        }
    }
}

/// A milestone and where it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub location: Location,
    pub milestone: T,
}

/// Writes a JSON backup of several kinds of object of `provider` to `path`
/// (`-` for standard output), replacing any file there only once the new
/// one is complete.
pub fn write_json_lists<M: serde::Serialize, L: serde::Serialize>(
    path: &Path,
    provider: crate::provider::Provider,
    repository: &str,
    lists: Lists<'_, M, L>,
) -> Result<(), FileError> {
    let exported_at = now();
    let lists = &lists;
    write_to_path(path, |out, file| {
        let lists = Lists {
            milestones: lists.milestones,
            labels: lists.labels,
        };
        json::write_lists(out, file, provider, repository, &exported_at, lists)
    })
}

/// Now, as a backup records when it was written.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Runs `write` on standard output (`-`) or on a file that replaces
/// `path` once complete.
pub(crate) fn write_to_path(
    path: &Path,
    write: impl Fn(&mut dyn Write, &str) -> Result<(), FileError>,
) -> Result<(), FileError> {
    let file = file_name(path);
    if path == Path::new(STDIO) {
        let stdout = io::stdout().lock();
        let mut out = io::BufWriter::new(stdout);
        write(&mut out, &file)?;
        return out
            .flush()
            .map_err(|source| FileError::Write { file, source });
    }
    atomic::write_atomically(path, |out| write(out, &file))
}

/// How messages name a path: as the user gave it.
fn file_name(path: &Path) -> String {
    path.display().to_string()
}

/// Refuses an output path (`role` names the option) that names one of the
/// `inputs` (exit 2: writing it would destroy the input), and one that
/// cannot be written. Standard output (`-`) is always fine.
pub fn check_output(path: &Path, role: &str, inputs: &[&Path]) -> Result<(), FileError> {
    if path.as_os_str() == STDIO {
        return Ok(());
    }
    if let Ok(output) = std::fs::canonicalize(path) {
        for input in inputs {
            if std::fs::canonicalize(input).is_ok_and(|input| input == output) {
                return Err(FileError::OutputIsInput {
                    file: path.display().to_string(),
                    role: role.to_owned(),
                });
            }
        }
    }
    atomic::check_writable(path)
}

/// Writes `text` to `path` all at once (see `atomic`).
pub fn write_text_atomically(path: &Path, text: &str) -> Result<(), FileError> {
    atomic::write_atomically(path, |out| {
        out.write_all(text.as_bytes())
            .map_err(|source| FileError::Write {
                file: path.display().to_string(),
                source,
            })
    })
}

/// Writes any serialisable value as pretty JSON, atomically (the `--report`).
pub fn write_json_atomically<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), FileError> {
    let failed = |e: serde_json::Error| FileError::Write {
        file: path.display().to_string(),
        source: std::io::Error::other(e),
    };
    // A report quotes provider messages, which may echo a token.
    let text = serde_json::to_string_pretty(value).map_err(failed)?;
    let text = crate::redact::scrub(&text);
    atomic::write_atomically(path, |out| {
        out.write_all(text.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .map_err(|source| FileError::Write {
                file: path.display().to_string(),
                source,
            })
    })
}
