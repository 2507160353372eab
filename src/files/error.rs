//! What can go wrong with a backup file. Every message names the file and,
//! where there is one, the line, field and value, and says what to do.

use crate::error_text::EXCERPT;
use std::io;

use crate::{provider::Provider, record::Kind};

use super::Location;

/// An error reading or writing a backup file.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    // The OS error is the source: `{:#}` shows it once, after the path.
    #[error("cannot read {file}")]
    Read {
        file: String,
        #[source]
        source: io::Error,
    },

    #[error("cannot write {file}")]
    Write {
        file: String,
        #[source]
        source: io::Error,
    },

    #[error("cannot write {file}, so nothing was sent (choose a place that can be written)")]
    NotWritable {
        file: String,
        #[source]
        source: io::Error,
    },

    #[error(
        "{role} {file} names an input of this command: writing it would replace that file; choose another name"
    )]
    OutputIsInput { file: String, role: String },

    #[error(
        "{file}:{line}:{column}: byte {byte} (0x{value:02x}) is not UTF-8: save the file as UTF-8 and try again"
    )]
    InvalidUtf8 {
        file: String,
        line: u64,
        column: usize,
        /// 0-based offset of the offending byte in the file.
        byte: usize,
        value: u8,
    },

    #[error("{file}: the file is empty: a CSV backup starts with a header row of column names")]
    EmptyCsv { file: String },

    #[error(
        "{file}:{line}: cannot tell whose milestones these are from the columns {found}: a GitCode backup has the columns `number` and `title`, a SourceCraft backup has `name` and `slug` or `id`"
    )]
    UnknownColumns {
        file: String,
        line: u64,
        found: String,
    },

    #[error(
        "{file}:{line}: the header has no `{column}` column, which every {provider} backup needs (found {found}): add it"
    )]
    MissingColumn {
        file: String,
        line: u64,
        provider: Provider,
        column: &'static str,
        found: String,
    },

    #[error(
        "{file}:{line}:{column}: {message}: JSON keeps only the last of them, so the file would not be read as it reads; remove or rename one"
    )]
    DuplicateKey {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },

    #[error(
        "{file}:{line}: the file has no header row: its first row reads like a milestone ({found}); a CSV backup starts with a header row of column names (as `mileport export` writes it): add one"
    )]
    NoHeader {
        file: String,
        line: u64,
        found: String,
    },

    #[error(
        "{file}:{line}: column `{column}` appears twice in the header (fields {first} and {second}): remove or rename one of them"
    )]
    DuplicateColumn {
        file: String,
        line: u64,
        column: String,
        /// 1-based field positions.
        first: usize,
        second: usize,
    },

    #[error(
        "{file}:{line}: this row has {found} fields but the header has {expected}: look for a missing or extra comma, or a quote that is not closed"
    )]
    FieldCount {
        file: String,
        line: u64,
        expected: usize,
        found: usize,
    },

    #[error(
        "{file}:{line}: the quote that opens field `{column}` is never closed, so the rest of the file would be read into it: the file may be cut short, or a quote is missing"
    )]
    OpenQuote {
        file: String,
        line: u64,
        column: String,
    },

    #[error(
        "{file}:{line}: {what} that starts here is longer than {most}, far more than a milestone holds: this is not a backup, or a quote is left open; reading stopped there",
        most = super::bounds::MOST_SHOWN
    )]
    TooLong {
        file: String,
        line: u64,
        /// "the header row", "a row", "a value".
        what: &'static str,
    },

    #[error("{file}:{line}: not valid CSV: {message}")]
    Csv {
        file: String,
        line: u64,
        message: String,
    },

    #[error(
        "{location}: field `{field}` is {value}, which is not a whole number: write digits only, such as 42"
    )]
    NotAnInteger {
        location: Location,
        field: String,
        value: String,
    },

    #[error(
        "{location}: field `{field}` is empty or missing, but every {provider} milestone has one: fill it in"
    )]
    MissingValue {
        location: Location,
        provider: Provider,
        field: &'static str,
    },

    #[error(
        "{location}: field `{field}` is {value}, but it must be {expected}: correct or remove the value"
    )]
    WrongType {
        location: Location,
        field: String,
        expected: &'static str,
        value: String,
    },

    #[error("{location}: the milestone is {value}, but it must be a JSON object of fields")]
    NotAnObject { location: Location, value: String },

    #[error("{file}:{line}:{column}: {problem}: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        problem: &'static str,
        message: String,
    },

    #[error(
        "{file}: the document is {value}, but a backup is an object with a `milestones` array (or an array of milestones)"
    )]
    NotABackup { file: String, value: String },

    #[error("{file}: there is no `milestones` array: is this a mileport backup?")]
    NoMilestones { file: String },

    #[error("{file}: field `{field}` is {value}, but it must be {expected}")]
    WrongEnvelope {
        file: String,
        field: &'static str,
        expected: std::borrow::Cow<'static, str>,
        value: String,
    },

    #[error(
        "{file}: cannot tell whose milestones these are: add \"provider\": {} ({clue})",
        Provider::quoted_choices()
    )]
    UnknownProvider { file: String, clue: String },

    #[error(
        "{location}: field `{column}` cannot be written as a CSV column because another field already flattens to that name: write a JSON backup instead"
    )]
    ColumnClash { location: Location, column: String },

    #[error("{file}: holds {milestones} milestones where {provider} ones were expected")]
    ProviderMismatch {
        file: String,
        provider: Provider,
        milestones: Provider,
    },

    #[error(
        "{file}: holds {found} where {wanted} were expected: give the {wanted} in a file of their own"
    )]
    KindMismatch {
        file: String,
        wanted: Kind,
        found: Kind,
    },
}

/// How many columns messages list.
const MOST_COLUMNS: usize = 12;

/// A value as messages show it: quoted, escaped, and cut short when long,
/// saying how long it is.
pub(crate) fn shown(value: &str) -> String {
    match value.char_indices().nth(EXCERPT) {
        Some((cut, _)) => format!("{:?}… ({} bytes)", &value[..cut], value.len()),
        None => format!("{value:?}"),
    }
}

/// A JSON value as messages show it, cut short when long.
pub(crate) fn shown_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(EXCERPT) {
        Some((cut, _)) => format!("{}… ({} bytes)", &text[..cut], text.len()),
        None => text,
    }
}

/// A list of column names as messages show them: the first few, each cut
/// short when long.
pub(crate) fn shown_columns<'a>(columns: impl IntoIterator<Item = &'a str>) -> String {
    let mut names = Vec::new();
    let mut more = 0;
    for column in columns {
        if names.len() == MOST_COLUMNS {
            more += 1;
            continue;
        }
        names.push(match column.char_indices().nth(EXCERPT) {
            Some((cut, _)) => format!("`{}…` ({} bytes)", &column[..cut], column.len()),
            None => format!("`{column}`"),
        });
    }
    if more > 0 {
        names.push(format!("and {more} more"));
    }
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}
