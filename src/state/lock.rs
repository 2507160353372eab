//! One writer per target on this machine: a run that writes holds an
//! operating-system lock on `<target>.lock` in the state directory for as
//! long as it runs. The system releases it when the process ends, however
//! it ends, so a killed run never leaves a stale lock behind. The file
//! itself says who holds it, for the message a second run shows.

use std::{
    fs::{File, OpenOptions, TryLockError},
    io::{Read, Seek, Write},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use super::{StateError, ensure_dir};

/// How often a waiting run tries the lock again.
const POLL: Duration = Duration::from_millis(100);

/// The lock of one target, held until dropped.
#[derive(Debug)]
pub struct TargetLock {
    _file: File,
    path: PathBuf,
}

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "another mileport run is writing to {target} ({holder}); it still held the lock after {waited} s: let it finish (or stop it) and run this command again, or give it longer with --lock-wait SECONDS"
    )]
    Busy {
        target: String,
        holder: String,
        waited: u64,
    },
    #[error("cannot lock {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    State(#[from] StateError),
}

impl TargetLock {
    /// Takes the lock of `key` in `dir`, waiting up to `wait` for another
    /// run to finish. `on_busy` is told once, with who holds it, when the
    /// lock is not free at first. `holder` describes this run to others.
    pub async fn acquire(
        dir: &Path,
        key: &str,
        target: &str,
        holder: &str,
        wait: Duration,
        on_busy: impl FnOnce(&str),
    ) -> Result<TargetLock, LockError> {
        ensure_dir(dir)?;
        let path = dir.join(format!("{key}.lock"));
        let io = |source| LockError::Io {
            file: path.display().to_string(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let started = Instant::now();
        let mut on_busy = Some(on_busy);
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {
                    let other = read_holder(&mut file);
                    if let Some(tell) = on_busy.take() {
                        tell(&other);
                    }
                    if started.elapsed() >= wait {
                        return Err(LockError::Busy {
                            target: target.to_owned(),
                            holder: other,
                            waited: started.elapsed().as_secs(),
                        });
                    }
                    tokio::time::sleep(POLL).await;
                }
                Err(TryLockError::Error(source)) => return Err(io(source)),
            }
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        writeln!(file, "{holder}").map_err(io)?;
        Ok(TargetLock { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Who holds the lock, as that run wrote it.
fn read_holder(file: &mut File) -> String {
    let mut text = String::new();
    let read = file.rewind().and_then(|()| file.read_to_string(&mut text));
    match read {
        Ok(_) if !text.trim().is_empty() => text.trim().to_owned(),
        _ => "a run that has not said who it is yet".to_owned(),
    }
}

/// What this run tells others about itself: process id, start time and
/// what it does (never its arguments' secrets: only the command and target).
pub fn describe_this_run(command: &str, target: &str) -> String {
    format!(
        "pid {}, started {}, `mileport {command} … {target}`",
        std::process::id(),
        chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_holder_waits_then_gives_up_naming_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = TargetLock::acquire(dir.path(), "k", "t", "run one", Duration::ZERO, |_| {})
            .await
            .unwrap();
        let mut told = String::new();
        let second = TargetLock::acquire(
            dir.path(),
            "k",
            "t",
            "run two",
            Duration::from_millis(150),
            |holder| told = holder.to_owned(),
        )
        .await;
        assert_eq!(told, "run one");
        let error = second.unwrap_err().to_string();
        assert!(error.contains("run one"), "{error}");
        drop(first);
        TargetLock::acquire(dir.path(), "k", "t", "run two", Duration::ZERO, |_| {})
            .await
            .unwrap();
    }
}
