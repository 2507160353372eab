//! Replacing a file all at once: the new content goes into a temporary file
//! beside the target, reaches the disk, and only then takes the target's
//! name. An export that fails or is interrupted leaves the old file (or no
//! file) under that name, never half of a new one.

use std::{
    fs,
    io::{BufWriter, Write},
    path::Path,
};

use super::FileError;

/// Calls `write` with a buffered writer into a temporary file in `path`'s
/// directory, then moves the complete file to `path`. When `write` fails,
/// the temporary file is removed and `path` is left as it was.
///
/// A file replaced this way keeps the old file's permissions; a new one is
/// readable by its owner only, as `tempfile` creates it.
pub fn write_atomically<F>(path: &Path, write: F) -> Result<(), FileError>
where
    F: FnOnce(&mut BufWriter<&mut fs::File>) -> Result<(), FileError>,
{
    let file = path.display().to_string();
    let io = |source| FileError::Write {
        file: file.clone(),
        source: plain(source),
    };
    // The temporary file must sit on the target's file system, or the final
    // rename would turn into a copy that can be interrupted.
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".mileport-")
        .suffix(".tmp")
        .tempfile_in(directory)
        .map_err(io)?;
    if let Ok(existing) = fs::metadata(path) {
        temporary
            .as_file()
            .set_permissions(existing.permissions())
            .map_err(io)?;
    }
    {
        let mut out = BufWriter::new(temporary.as_file_mut());
        write(&mut out)?;
        out.flush().map_err(io)?;
    }
    // Without the sync, a crash soon after the rename could leave the new
    // name pointing at data that never reached the disk.
    temporary.as_file().sync_all().map_err(io)?;
    temporary.persist(path).map_err(|error| io(error.error))?;
    Ok(())
}

/// The operating system's error alone: `tempfile` adds the temporary
/// file's name, which means nothing to the user, whose own path the
/// message already names.
fn plain(error: std::io::Error) -> std::io::Error {
    if let Some(code) = error.raw_os_error() {
        return std::io::Error::from_raw_os_error(code);
    }
    // tempfile's wrapper reads "<OS error> at path \"<temporary file>\"".
    match error.get_ref().map(ToString::to_string) {
        Some(text) => {
            let os_error = text.split(" at path ").next().unwrap_or_default();
            std::io::Error::new(error.kind(), os_error.to_owned())
        }
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(directory: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(directory)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_the_file_when_writing_succeeds() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("backup.csv");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, |out| {
            out.write_all(b"new").map_err(|source| FileError::Write {
                file: "backup.csv".into(),
                source,
            })
        })
        .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(entries(directory.path()), ["backup.csv"]);
    }

    #[test]
    fn keeps_the_old_file_when_writing_fails() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("backup.csv");
        fs::write(&path, "old").unwrap();
        let result = write_atomically(&path, |out| {
            out.write_all(&[b'x'; 100_000]).unwrap();
            Err(FileError::EmptyCsv {
                file: "backup.csv".into(),
            })
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(entries(directory.path()), ["backup.csv"]);
    }
}
