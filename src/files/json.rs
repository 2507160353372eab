//! JSON backups: the provider's own milestone objects, field names and
//! nesting unchanged, inside a small envelope that says what they are:
//!
//! ```json
//! {
//!   "format": "mileport-backup",
//!   "version": 1,
//!   "provider": "gitcode",
//!   "repository": "owner/repo",
//!   "exported_at": "2024-10-08T02:58:16Z",
//!   "milestones": [ … ]
//! }
//! ```
//!
//! Pretty-printed UTF-8 with a final newline. Reading is lenient about the
//! envelope, for files that were edited or came straight from an API:
//! `format`, `version`, `provider`, `repository` and `exported_at` are
//! checked when present, the provider is guessed from the first milestone's
//! fields when absent, and a bare array of milestones is read too. A field
//! that is `null` reads as absent for the mapping and is written back as
//! `null`; integers keep every digit, and numbers may be strings of digits.
//!
//! `json_stream.rs` reads the file; this module says what its parts must be.

use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value, error::Category};

use crate::{
    net::decode::{self, Extra},
    provider::Provider,
    record::Kind,
};

use super::{
    Entry, FileError, Location,
    error::{shown_columns, shown_json},
};

/// The envelope's `format`: a JSON file without it may be anything.
pub(crate) const FORMAT: &str = "mileport-backup";
/// The envelope version this code writes and reads.
pub(crate) const VERSION: u64 = 1;

#[derive(Serialize)]
struct Envelope<'a, M, L> {
    format: &'static str,
    version: u64,
    provider: &'static str,
    repository: &'a str,
    exported_at: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    milestones: Option<&'a [M]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<&'a [L]>,
}

/// The lists a JSON backup holds, each as its provider sent it; a list
/// not exported is left out of the file.
pub struct Lists<'a, M, L> {
    pub milestones: Option<&'a [M]>,
    pub labels: Option<&'a [L]>,
}

/// A backup of several kinds of object of `provider`.
pub(crate) fn write_lists<M: Serialize, L: Serialize, W: Write>(
    mut out: W,
    file: &str,
    provider: Provider,
    repository: &str,
    exported_at: &str,
    lists: Lists<'_, M, L>,
) -> Result<(), FileError> {
    let envelope = Envelope {
        format: FORMAT,
        version: VERSION,
        provider: provider.id(),
        repository,
        exported_at,
        milestones: lists.milestones,
        labels: lists.labels,
    };
    // serde_json writes straight into `out`, one milestone after another.
    let written = serde_json::to_writer_pretty(&mut out, &envelope);
    let io = |source| FileError::Write {
        file: file.to_owned(),
        source,
    };
    written.map_err(|error| io(error.into()))?;
    out.write_all(b"\n").map_err(io)?;
    out.flush().map_err(io)
}

/// Checks the envelope's `format`.
pub(crate) fn check_format(value: &Value, file: &str) -> Result<(), FileError> {
    if value.as_str() == Some(FORMAT) {
        return Ok(());
    }
    Err(wrong_envelope(
        file,
        "format",
        "\"mileport-backup\" (is this a mileport backup?)",
        value,
    ))
}

/// Checks the envelope's `version`.
pub(crate) fn check_version(value: &Value, file: &str) -> Result<(), FileError> {
    if value.as_u64() == Some(VERSION) {
        return Ok(());
    }
    Err(wrong_envelope(
        file,
        "version",
        "1, the only version this mileport reads: use the mileport that wrote the file",
        value,
    ))
}

/// An envelope field that holds text, or `null` for none.
pub(crate) fn text_field(
    field: &'static str,
    value: Value,
    file: &str,
) -> Result<Option<String>, FileError> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        other => Err(wrong_envelope(file, field, "a string", &other)),
    }
}

/// The provider the envelope names.
pub(crate) fn provider(name: String, file: &str) -> Result<Provider, FileError> {
    name.parse().map_err(|_| {
        wrong_envelope(
            file,
            "provider",
            Provider::quoted_choices(),
            &Value::String(name),
        )
    })
}

/// The envelope's `milestones` when it is not a list.
pub(crate) fn not_a_list(value: &Value, file: &str) -> FileError {
    wrong_envelope(file, "milestones", "an array of milestones", value)
}

/// The document when it is neither an envelope nor a list.
pub(crate) fn not_a_backup(value: &Value, file: &str) -> FileError {
    FileError::NotABackup {
        file: file.to_owned(),
        value: shown_json(value),
    }
}

fn wrong_envelope(
    file: &str,
    field: &'static str,
    expected: impl Into<std::borrow::Cow<'static, str>>,
    value: &Value,
) -> FileError {
    FileError::WrongEnvelope {
        file: file.to_owned(),
        field,
        expected: expected.into(),
        value: shown_json(value),
    }
}

/// One milestone of the list, as read: it must be an object.
pub(crate) fn entry(item: Value, location: Location) -> Result<Entry, FileError> {
    let fields = object(item, &location)?;
    Ok(Entry::object(location, fields))
}

pub(crate) fn syntax(error: &serde_json::Error, file: &str) -> FileError {
    let problem = match error.classify() {
        Category::Eof => "the JSON ends too early (is the file truncated? export it again)",
        Category::Syntax => "not valid JSON",
        Category::Data | Category::Io => "cannot read the JSON",
    };
    FileError::Json {
        file: file.to_owned(),
        line: error.line(),
        column: error.column(),
        problem,
        message: error.to_string(),
    }
}

/// Whose milestones a file without `provider` holds, from the fields of its
/// first milestone.
pub(crate) fn guess_provider(
    first: Option<&Value>,
    file: &str,
    kind: Kind,
) -> Result<Provider, FileError> {
    let unknown = |clue: String| FileError::UnknownProvider {
        file: file.to_owned(),
        clue,
    };
    let Some(Value::Object(fields)) = first else {
        return Err(unknown(format!(
            "there is no {} object to guess it from",
            kind.one()
        )));
    };
    // A provider whose fields are all there, else the one provider with
    // any field that hints at it.
    let has = |key: &str| fields.contains_key(key);
    let claimed: Vec<Provider> = Provider::all_of(kind)
        .iter()
        .copied()
        .filter(|provider| provider.claims_columns(kind, &has))
        .collect();
    let hinted: Vec<Provider> = Provider::all_of(kind)
        .iter()
        .copied()
        .filter(|provider| provider.hints(kind).iter().any(|field| has(field)))
        .collect();
    match (&claimed[..], &hinted[..]) {
        ([provider], _) | ([], [provider]) => Ok(*provider),
        _ => Err(unknown(format!(
            "the first {} has the fields {}",
            kind.one(),
            shown_columns(fields.keys().map(String::as_str))
        ))),
    }
}

fn object(item: Value, location: &Location) -> Result<Map<String, Value>, FileError> {
    match item {
        Value::Object(fields) => Ok(fields),
        other => Err(FileError::NotAnObject {
            location: location.clone(),
            value: shown_json(&other),
        }),
    }
}

/// A checked milestone object as provider `F`'s milestone.
pub(crate) fn convert<M: serde::de::DeserializeOwned + Extra>(
    fields: Map<String, Value>,
    location: &Location,
) -> Result<M, FileError> {
    // The checks above leave serde nothing to object to; should it still,
    // its message is the best there is. A `null` stays `null` when written.
    decode::milestone(Value::Object(fields)).map_err(|error| FileError::WrongType {
        location: location.clone(),
        field: "(milestone)".to_owned(),
        expected: "a milestone object",
        value: error,
    })
}
