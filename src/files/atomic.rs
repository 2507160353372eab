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
/// A file replaced this way keeps the old file's permissions; a new one gets
/// what any new file gets (0666 less the umask: 0644 under the usual one).
/// Errors name `path`, never the temporary file.
pub fn write_atomically<F>(path: &Path, write: F) -> Result<(), FileError>
where
    F: FnOnce(&mut BufWriter<&mut fs::File>) -> Result<(), FileError>,
{
    let file = path.display().to_string();
    // The temporary file's name means nothing to the user: errors keep
    // only what went wrong, and name the path the user gave.
    let io = |source: std::io::Error| FileError::Write {
        file: file.clone(),
        source: without_path(source),
    };
    // The temporary file must sit on the target's file system, or the final
    // rename would turn into a copy that can be interrupted.
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mileport-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temporary = builder.tempfile_in(directory).map_err(io)?;
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

/// The system's own words for an error ("No space left on device"),
/// without the temporary file's path that `tempfile` adds to them.
fn without_path(error: std::io::Error) -> std::io::Error {
    if let Some(code) = error.raw_os_error() {
        return std::io::Error::from_raw_os_error(code);
    }
    // `tempfile` words it "<the system's words> at path <temporary file>".
    let text = error.to_string();
    match text.split_once(" at path ") {
        Some((words, _)) => std::io::Error::new(error.kind(), words.to_owned()),
        None => error,
    }
}

/// Fails unless a file can be written at `path` the way
/// [`write_atomically`] writes it: checked before any request is sent, so
/// that a run does not do its work and then fail to say what it did.
pub fn check_writable(path: &Path) -> Result<(), FileError> {
    let file = path.display().to_string();
    let refuse = |source: std::io::Error| FileError::NotWritable {
        file: file.clone(),
        source: without_path(source),
    };
    if path.is_dir() {
        return Err(FileError::NotWritable {
            file,
            source: std::io::Error::other("it is a directory"),
        });
    }
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".mileport-")
        .suffix(".tmp")
        .tempfile_in(directory)
        .map(drop)
        .map_err(refuse)
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

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_usual_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("new.csv");
        write_atomically(&path, |_| Ok(())).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        // What the umask leaves of 0666, as for `> file`.
        let probe = directory.path().join("probe");
        fs::write(&probe, "").unwrap();
        let usual = fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, usual);
        assert_ne!(mode, 0o600, "a new backup must not be owner-only");
    }

    #[test]
    fn errors_name_the_path_not_the_temporary_file() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("no-such-dir").join("out.csv");
        let error = write_atomically(&path, |_| Ok(())).unwrap_err().to_string();
        assert!(error.contains("out.csv"), "{error}");
        assert!(!error.contains(".mileport-"), "{error}");
        assert!(check_writable(&path).is_err());
        assert!(check_writable(&directory.path().join("fine.csv")).is_ok());
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
