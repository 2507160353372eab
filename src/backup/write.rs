//! Writing provider `F`'s objects of one kind to a backup: as CSV rows
//! under its columns, or as its own JSON objects in the list of their kind.

use std::{io::Write, path::Path, sync::Arc};

use crate::{
    files::{self, FileError, Format, Lists, Location, Row},
    forge::Forge,
    record::{Kind, Neutral},
};

/// Writes `milestones` (the objects of one kind) of `repository` to `path`
/// (`-` for standard output), replacing any file there only once the new
/// one is complete.
pub fn write_backup<F: Forge>(
    path: &Path,
    format: Format,
    repository: &str,
    milestones: &[F::Object],
) -> Result<(), FileError> {
    let exported_at = files::now();
    files::write_to_path(path, |out, file| {
        write_backup_to::<F, _>(out, file, format, repository, &exported_at, milestones)
    })
}

/// Writes a backup to any writer; `file` names it in errors. `exported_at`
/// is recorded verbatim in JSON (CSV has no place for it).
pub fn write_backup_to<F: Forge, W: Write>(
    out: W,
    file: &str,
    format: Format,
    repository: &str,
    exported_at: &str,
    milestones: &[F::Object],
) -> Result<(), FileError> {
    match format {
        Format::Csv => write_csv::<F, W>(out, file, milestones),
        Format::Json => write_json::<F, W>(out, file, repository, exported_at, milestones),
    }
}

/// The objects as CSV rows under `F`'s columns.
fn write_csv<F: Forge, W: Write>(
    out: W,
    file: &str,
    milestones: &[F::Object],
) -> Result<(), FileError> {
    let file_name: Arc<str> = file.into();
    let location = |index| Location {
        file: file_name.clone(),
        kind: <F::Record as Neutral>::KIND,
        line: None,
        index,
    };
    let row = |index: usize| -> Result<Row, FileError> {
        F::flatten(&milestones[index], &location(index))
    };
    files::write_csv(out, file, F::COLUMNS, milestones.len(), row)
}

/// A JSON backup of one kind of object: its list under the kind's name.
fn write_json<F: Forge, W: Write>(
    out: W,
    file: &str,
    repository: &str,
    exported_at: &str,
    objects: &[F::Object],
) -> Result<(), FileError> {
    let lists = match <F::Record as Neutral>::KIND {
        Kind::Milestones => Lists {
            milestones: Some(objects),
            labels: None,
        },
        Kind::Labels => Lists {
            milestones: None,
            labels: Some(objects),
        },
    };
    files::write_lists(out, file, F::PROVIDER, repository, exported_at, lists)
}
