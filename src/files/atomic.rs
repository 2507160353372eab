//! Replacing a file all at once: the new content goes into a temporary file
//! beside the target, reaches the disk, and only then takes the target's
//! name. An export that fails or is interrupted leaves the old file (or no
//! file) under that name, never half of a new one.
//!
//! Only a regular file is replaced. A symbolic link is followed to the
//! file it names, which is replaced beside itself, so the link stays and
//! shows the new content. What is not a file (a device such as `/dev/full`,
//! a FIFO, the terminal `/dev/stdout` names) is written straight through:
//! renaming over it would put a file in its place, and its reader would
//! never see a byte.

use std::{
    fs,
    io::{BufWriter, Write},
    path::{Path, PathBuf},
};

use super::FileError;

/// How many symbolic links are followed before giving up, as the system does.
const MOST_LINKS: usize = 40;

/// What writing to a path means.
#[derive(Debug, PartialEq)]
enum Destination {
    /// A regular file, or nothing yet, at this path (the end of any
    /// symbolic links): replaced all at once.
    Replace(PathBuf),
    /// A device, a FIFO, or an open file reached through `/proc` (what
    /// `/dev/stdout` is): written straight through, never replaced.
    Through,
    /// A directory: nothing can be written there.
    Directory,
}

/// Follows `path`'s symbolic links, if any, and tells what is at the end.
fn destination(path: &Path) -> Destination {
    // The system follows links here, those under /proc included.
    match fs::metadata(path) {
        Ok(found) if found.is_dir() => return Destination::Directory,
        Ok(found) if !found.is_file() => return Destination::Through,
        _ => {}
    }
    let mut target = path.to_path_buf();
    for _ in 0..MOST_LINKS {
        // `/dev/stdout` and `/dev/fd/N` lead to /proc/self/fd/N: an open
        // file, which the shell may be appending to, not a name to replace.
        if in_proc(&target) {
            return Destination::Through;
        }
        match fs::read_link(&target) {
            Ok(link) => {
                let directory = target.parent().unwrap_or(Path::new(""));
                target = directory.join(link);
            }
            Err(_) => break,
        }
    }
    Destination::Replace(target)
}

/// Whether `path` is in /proc, through its directories' links too.
fn in_proc(path: &Path) -> bool {
    let proc = |path: &Path| path.starts_with("/proc");
    proc(path)
        || path
            .parent()
            .and_then(|directory| fs::canonicalize(directory).ok())
            .is_some_and(|directory| proc(&directory))
}

/// Calls `write` with a buffered writer into a temporary file in `path`'s
/// directory, then moves the complete file to `path`. When `write` fails,
/// the temporary file is removed and `path` is left as it was. A symbolic
/// link is followed, and what is not a regular file is written straight
/// through (see the module's doc).
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
    let target = match destination(path) {
        Destination::Replace(target) => target,
        Destination::Through => return write_through(path, write),
        Destination::Directory => return Err(io(std::io::Error::other("it is a directory"))),
    };
    let mut temporary = temporary_beside(&target).map_err(io)?;
    if let Ok(existing) = fs::metadata(&target) {
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
    temporary
        .persist(&target)
        .map_err(|error| io(error.error))?;
    Ok(())
}

/// Writes to what is at `path` as it is: no temporary file, no rename.
/// Appends, so an open file reached through `/dev/stdout` keeps what the
/// shell's redirection put there.
fn write_through<F>(path: &Path, write: F) -> Result<(), FileError>
where
    F: FnOnce(&mut BufWriter<&mut fs::File>) -> Result<(), FileError>,
{
    let io = |source: std::io::Error| FileError::Write {
        file: path.display().to_string(),
        source,
    };
    let mut opened = fs::OpenOptions::new().append(true).open(path).map_err(io)?;
    let mut out = BufWriter::new(&mut opened);
    write(&mut out)?;
    out.flush().map_err(io)
}

/// A new temporary file in `target`'s directory: on the target's file
/// system, or the final rename would turn into a copy that can be
/// interrupted.
fn temporary_beside(target: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let directory = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mileport-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(directory)
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
    match destination(path) {
        Destination::Replace(target) => temporary_beside(&target).map(drop).map_err(refuse),
        Destination::Directory => Err(refuse(std::io::Error::other("it is a directory"))),
        // Opening a FIFO waits for its reader: it is opened only to write.
        Destination::Through if is_fifo(path) => Ok(()),
        Destination::Through => fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map(drop)
            .map_err(refuse),
    }
}

#[cfg(unix)]
fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    fs::metadata(path).is_ok_and(|found| found.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_fifo(_: &Path) -> bool {
    false
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

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_followed_and_kept() {
        let directory = tempfile::tempdir().unwrap();
        let real = directory.path().join("backup-1.json");
        let link = directory.path().join("latest.json");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("backup-1.json", &link).unwrap();
        assert_eq!(destination(&link), Destination::Replace(real.clone()));
        write_atomically(&link, |out| {
            out.write_all(b"new").map_err(|source| FileError::Write {
                file: "latest.json".into(),
                source,
            })
        })
        .unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(entries(directory.path()), ["backup-1.json", "latest.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn what_is_not_a_file_is_never_replaced() {
        let directory = tempfile::tempdir().unwrap();
        assert_eq!(destination(directory.path()), Destination::Directory);
        assert!(check_writable(directory.path()).is_err());
        assert_eq!(destination(Path::new("/dev/null")), Destination::Through);
        assert_eq!(destination(Path::new("/dev/stdout")), Destination::Through);
        assert!(check_writable(Path::new("/dev/null")).is_ok());
        write_atomically(Path::new("/dev/null"), |_| Ok(())).unwrap();
        assert!(!fs::symlink_metadata("/dev/null").unwrap().is_file());
        let dangling = directory.path().join("dangling.json");
        std::os::unix::fs::symlink("made-later.json", &dangling).unwrap();
        assert_eq!(
            destination(&dangling),
            Destination::Replace(directory.path().join("made-later.json"))
        );
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
