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

use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value, error::Category};

use crate::providers::{
    Provider,
    decode::{self, Extra},
};

use super::{
    Backup, FileError, Located, Location, Milestones, MilestonesRef,
    error::{shown_columns, shown_json},
};

/// The envelope's `format`: a JSON file without it may be anything.
pub(crate) const FORMAT: &str = "mileport-backup";
/// The envelope version this code writes and reads.
pub(crate) const VERSION: u64 = 1;

#[derive(Serialize)]
struct Envelope<'a, M> {
    format: &'static str,
    version: u64,
    provider: &'static str,
    repository: &'a str,
    exported_at: &'a str,
    milestones: &'a [M],
}

pub(crate) fn write<W: Write>(
    mut out: W,
    file: &str,
    repository: &str,
    exported_at: &str,
    milestones: MilestonesRef<'_>,
) -> Result<(), FileError> {
    fn envelope<'a, M>(
        provider: Provider,
        repository: &'a str,
        exported_at: &'a str,
        milestones: &'a [M],
    ) -> Envelope<'a, M> {
        Envelope {
            format: FORMAT,
            version: VERSION,
            provider: provider.id(),
            repository,
            exported_at,
            milestones,
        }
    }
    let provider = milestones.provider();
    // serde_json writes straight into `out`, one milestone after another.
    let written = match milestones {
        MilestonesRef::GitCode(list) => serde_json::to_writer_pretty(
            &mut out,
            &envelope(provider, repository, exported_at, list),
        ),
        MilestonesRef::SourceCraft(list) => serde_json::to_writer_pretty(
            &mut out,
            &envelope(provider, repository, exported_at, list),
        ),
    };
    let io = |source| FileError::Write {
        file: file.to_owned(),
        source,
    };
    written.map_err(|error| io(error.into()))?;
    out.write_all(b"\n").map_err(io)?;
    out.flush().map_err(io)
}

pub(crate) fn read(text: &str, file: &str) -> Result<Backup, FileError> {
    super::json_keys::check_unique_keys(text, file)?;
    let document: Value = serde_json::from_str(text).map_err(|error| syntax(&error, file))?;
    let envelope_error = |field, expected, value: &Value| FileError::WrongEnvelope {
        file: file.to_owned(),
        field,
        expected,
        value: shown_json(value),
    };
    let (mut envelope, items) = match document {
        Value::Array(items) => (Map::new(), items),
        Value::Object(mut envelope) => match envelope.remove("milestones") {
            Some(Value::Array(items)) => (envelope, items),
            Some(other) => {
                return Err(envelope_error(
                    "milestones",
                    "an array of milestones",
                    &other,
                ));
            }
            None => {
                return Err(FileError::NoMilestones {
                    file: file.to_owned(),
                });
            }
        },
        other => {
            return Err(FileError::NotABackup {
                file: file.to_owned(),
                value: shown_json(&other),
            });
        }
    };

    if let Some(format) = envelope.get("format")
        && format.as_str() != Some(FORMAT)
    {
        return Err(envelope_error(
            "format",
            "\"mileport-backup\" (is this a mileport backup?)",
            format,
        ));
    }
    if let Some(version) = envelope.get("version")
        && version.as_u64() != Some(VERSION)
    {
        return Err(envelope_error(
            "version",
            "1, the only version this mileport reads: use the mileport that wrote the file",
            version,
        ));
    }
    let mut text_field = |field: &'static str| match envelope.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(envelope_error(field, "a string", &other)),
    };
    let repository = text_field("repository")?;
    let exported_at = text_field("exported_at")?;
    let provider = match text_field("provider")? {
        Some(name) => name.parse().map_err(|_| {
            envelope_error(
                "provider",
                "\"gitcode\" or \"sourcecraft\"",
                &Value::String(name),
            )
        })?,
        None => guess_provider(items.first(), file)?,
    };

    let file_name: std::sync::Arc<str> = file.into();
    let location = |index| Location {
        file: file_name.clone(),
        line: None,
        index,
    };
    let milestones = match provider {
        Provider::GitCode => Milestones::GitCode(located(items, check_gitcode, &location)?),
        Provider::SourceCraft => {
            Milestones::SourceCraft(located(items, check_sourcecraft, &location)?)
        }
    };
    Ok(Backup {
        provider,
        repository,
        exported_at,
        milestones,
    })
}

fn syntax(error: &serde_json::Error, file: &str) -> FileError {
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
fn guess_provider(first: Option<&Value>, file: &str) -> Result<Provider, FileError> {
    let unknown = |clue: String| FileError::UnknownProvider {
        file: file.to_owned(),
        clue,
    };
    let Some(Value::Object(fields)) = first else {
        return Err(unknown(
            "there is no milestone object to guess it from".to_owned(),
        ));
    };
    let has_any = |keys: &[&str]| keys.iter().any(|key| fields.contains_key(*key));
    match (
        has_any(&["number", "title", "due_on"]),
        has_any(&["slug", "name", "deadline"]),
    ) {
        (true, false) => Ok(Provider::GitCode),
        (false, true) => Ok(Provider::SourceCraft),
        _ => Err(unknown(format!(
            "the first milestone has the fields {}",
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

/// The JSON types a field may hold.
#[derive(Clone, Copy)]
enum Kind {
    Integer,
    Text,
    User,
}

impl Kind {
    fn expected(self) -> &'static str {
        match self {
            Kind::Integer => "a whole number (or a string of digits)",
            Kind::Text => "a string",
            Kind::User => "an object with `id` and `slug` strings",
        }
    }

    fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::Integer => {
                serde_json::from_value::<crate::providers::number::WholeNumber>(value.clone())
                    .is_ok()
            }
            Kind::Text => value.is_string(),
            Kind::User => value.is_object(),
        }
    }
}

const GITCODE_FIELDS: [(&str, Kind); 12] = [
    ("number", Kind::Integer),
    ("title", Kind::Text),
    ("description", Kind::Text),
    ("state", Kind::Text),
    ("due_on", Kind::Text),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
    ("open_issues", Kind::Integer),
    ("closed_issues", Kind::Integer),
    ("repository_id", Kind::Integer),
    ("url", Kind::Text),
    ("id", Kind::Integer),
];

const SOURCECRAFT_FIELDS: [(&str, Kind); 11] = [
    ("id", Kind::Text),
    ("slug", Kind::Text),
    ("name", Kind::Text),
    ("description", Kind::Text),
    ("status", Kind::Text),
    ("start_date", Kind::Text),
    ("deadline", Kind::Text),
    ("author", Kind::User),
    ("updated_by", Kind::User),
    ("created_at", Kind::Text),
    ("updated_at", Kind::Text),
];

const USER_FIELDS: [(&str, Kind); 2] = [("id", Kind::Text), ("slug", Kind::Text)];

fn check_gitcode(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
    for field in ["number", "title"] {
        if fields.get(field).is_none_or(Value::is_null) {
            return Err(FileError::MissingValue {
                location: location.clone(),
                provider: Provider::GitCode,
                field,
            });
        }
    }
    check_fields(fields, &GITCODE_FIELDS, "", location)
}

fn check_sourcecraft(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
    check_fields(fields, &SOURCECRAFT_FIELDS, "", location)?;
    for user in ["author", "updated_by"] {
        if let Some(Value::Object(inner)) = fields.get(user) {
            check_fields(inner, &USER_FIELDS, &format!("{user}."), location)?;
        }
    }
    Ok(())
}

/// Checks the known fields' types, so that a mistake is reported with the
/// field's name and value rather than as serde's bare "invalid type".
fn check_fields(
    fields: &Map<String, Value>,
    known: &[(&str, Kind)],
    prefix: &str,
    location: &Location,
) -> Result<(), FileError> {
    for (field, kind) in known {
        match fields.get(*field) {
            None | Some(Value::Null) => {}
            Some(value) if kind.accepts(value) => {}
            Some(value) => {
                return Err(FileError::WrongType {
                    location: location.clone(),
                    field: format!("{prefix}{field}"),
                    expected: kind.expected(),
                    value: shown_json(value),
                });
            }
        }
    }
    Ok(())
}

/// Checks and converts every milestone object, each with its place in the file.
fn located<M: serde::de::DeserializeOwned + Extra>(
    items: Vec<Value>,
    check: fn(&Map<String, Value>, &Location) -> Result<(), FileError>,
    location: &dyn Fn(usize) -> Location,
) -> Result<Vec<Located<M>>, FileError> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let location = location(index);
            let fields = object(item, &location)?;
            check(&fields, &location)?;
            let milestone = convert::<M>(fields, &location)?;
            Ok(Located {
                location,
                milestone,
            })
        })
        .collect()
}

fn convert<M: serde::de::DeserializeOwned + Extra>(
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
