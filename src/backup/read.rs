//! Reading a backup as provider `F`'s: each entry of the file made into
//! `F`'s object (a row by its columns, an object once its fields are
//! checked), and a whole file at once, refused when it is another
//! provider's or holds another kind of object.

use std::{io, path::Path};

use crate::{
    files::{BackupReader, Entry, FileError, Format, Located, open_backup_of},
    forge::Forge,
    record::Neutral,
};

/// A backup of provider `F` as read from a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Backup<F: Forge> {
    /// `OWNER/REPO` as the JSON envelope names it; CSV files do not say.
    pub repository: Option<String>,
    /// When the backup was written, verbatim (JSON only).
    pub exported_at: Option<String>,
    pub milestones: Vec<Located<F::Object>>,
}

/// One entry of a file as provider `F` shapes it, its fields checked; the
/// error names the file, line (or place in the list), field and value.
pub fn read_entry<F: Forge>(entry: Entry) -> Result<Located<F::Object>, FileError> {
    entry.read_as(F::unflatten, F::check_json)
}

/// Reads every milestone left in `reader` as provider `F`'s, stopping at
/// the first error; a backup of another provider is one.
pub fn read_rest<F: Forge>(mut reader: BackupReader) -> Result<Backup<F>, FileError> {
    reader.check_kind(<F::Record as Neutral>::KIND)?;
    if reader.provider != F::PROVIDER {
        return Err(FileError::ProviderMismatch {
            file: reader.file.to_string(),
            provider: F::PROVIDER,
            milestones: reader.provider,
        });
    }
    let mut milestones = Vec::new();
    for entry in &mut reader {
        milestones.push(read_entry::<F>(entry?)?);
    }
    Ok(Backup {
        repository: reader.repository,
        exported_at: reader.exported_at,
        milestones,
    })
}

/// Reads a whole backup from `path` (`-` for standard input). Without a
/// `format`, the extension decides, and failing that the content.
/// [`open_backup`](crate::files::open_backup) reads one milestone at a
/// time instead. A file of another provider than `F` is an error.
pub fn read_backup<F: Forge>(path: &Path, format: Option<Format>) -> Result<Backup<F>, FileError> {
    let kind = <F::Record as Neutral>::KIND;
    read_rest(open_backup_of(path, format, kind)?)
}

/// Reads a backup already in memory; `file` names it in errors and
/// locations. Without a `format`, the content decides.
pub fn parse_backup<F: Forge>(
    bytes: &[u8],
    file: &str,
    format: Option<Format>,
) -> Result<Backup<F>, FileError> {
    let kind = <F::Record as Neutral>::KIND;
    read_rest(BackupReader::of_kind(
        io::Cursor::new(bytes.to_vec()),
        file,
        format,
        kind,
    )?)
}
