//! The create journal: before a create is sent, a line saying so is added
//! to `<target>.journal` beside the target's lock, and again each time a
//! request of it really leaves (after any pacing wait), with the run's
//! request timeout; when its answer is known, a last line clears it. A run
//! killed with creates in flight leaves lines without their answer, and
//! the next run on that target waits until those creates can no longer
//! land (their last sending plus the request timeout) and looks them up
//! (by listing the target) before deciding what to create again.
//!
//! Lines are appended whole, one `write` each, so a killed process leaves
//! at most a last line cut short, which reading skips.

use std::{
    collections::BTreeMap,
    fs::{File, OpenOptions},
    io::{BufRead, BufReader, Write},
    path::{Path, PathBuf},
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use serde::{Deserialize, Serialize};

use super::{StateError, ensure_dir};

/// One line of the journal.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum Line {
    Sent {
        sent: String,
        at_ms: u64,
        what: String,
        /// The sending run's request timeout; absent in older journals.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        timeout_ms: Option<u64>,
    },
    Answered {
        answered: String,
    },
}

/// A create an earlier run sent and never saw answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unanswered {
    pub what: String,
    /// When its last request left.
    pub sent_at: SystemTime,
    /// How long that request could take, as the run that sent it was set;
    /// `None` when its journal did not say.
    pub timeout: Option<Duration>,
}

impl Unanswered {
    /// The latest the create can still land: its last request's sending
    /// plus its timeout (`fallback` when the journal did not say), after
    /// which the client that sent it had given up on it.
    pub fn lands_by(&self, fallback: Duration) -> SystemTime {
        self.sent_at + self.timeout.unwrap_or(fallback)
    }
}

/// The journal of one target. Writing to it never fails a run: a journal
/// that cannot be written only loses the protection it adds.
#[derive(Debug)]
pub struct Journal {
    file: Arc<Mutex<File>>,
    path: PathBuf,
    /// This run's request timeout, written with each sending.
    timeout_ms: u64,
    /// Process id and opening time: ids stay unique across runs even when
    /// a process id is reused.
    run: String,
    next: AtomicU64,
}

/// A create recorded as sent; hand it back to [`Journal::answered`].
#[derive(Debug)]
pub struct Ticket {
    id: String,
    what: String,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

impl Journal {
    /// Opens the journal of `key` in `dir` for a run whose requests time
    /// out after `timeout`, and returns the creates an earlier run left
    /// unanswered. Call only while holding the target's lock.
    pub fn open(
        dir: &Path,
        key: &str,
        timeout: Duration,
    ) -> Result<(Journal, Vec<Unanswered>), StateError> {
        ensure_dir(dir)?;
        let path = dir.join(format!("{key}.journal"));
        let io = |source| StateError::Io {
            dir: dir.display().to_string(),
            source,
        };
        let unanswered = match File::open(&path) {
            Ok(file) => read_unanswered(file),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(error) => return Err(io(error)),
        };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io)?;
        // A line cut short by a kill must not swallow the next one.
        let len = file.metadata().map_err(io)?.len();
        if len > 0 && !ends_with_newline(&path, len) {
            let _ = (&file).write_all(b"\n");
        }
        let journal = Journal {
            file: Arc::new(Mutex::new(file)),
            path,
            timeout_ms: timeout.as_millis().try_into().unwrap_or(u64::MAX),
            run: format!("{}-{}", std::process::id(), now_ms()),
            next: AtomicU64::new(1),
        };
        Ok((journal, unanswered))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records that the create described by `what` is about to be sent.
    pub fn sent(&self, what: &str) -> Ticket {
        let ticket = Ticket {
            id: format!("{}-{}", self.run, self.next.fetch_add(1, Ordering::Relaxed)),
            what: what.to_owned(),
        };
        self.stamp(&ticket)();
        ticket
    }

    /// What records, each time it is called, that a request of the
    /// ticket's create leaves now: a pacing wait or a retry sends it later
    /// than [`Journal::sent`] said, and it may land as late as that plus
    /// the timeout.
    pub fn stamp(&self, ticket: &Ticket) -> impl Fn() + Send + Sync + 'static {
        let file = self.file.clone();
        let (id, what, timeout_ms) = (ticket.id.clone(), ticket.what.clone(), self.timeout_ms);
        move || {
            append(
                &file,
                &Line::Sent {
                    sent: id.clone(),
                    at_ms: now_ms(),
                    what: what.clone(),
                    timeout_ms: Some(timeout_ms),
                },
            );
        }
    }

    /// Records that the create's fate is known (stored, refused, or found).
    pub fn answered(&self, ticket: Ticket) {
        append(
            &self.file,
            &Line::Answered {
                answered: ticket.id,
            },
        );
    }

    /// Forgets every line: called once the target has been read after the
    /// earlier run's creates had time to land, and at the end of a run.
    pub fn clear(&self) {
        let file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        // Ignored: a journal that cannot be cleared only makes the next run wait.
        let _ = file.set_len(0);
    }
}

/// Adds one line to the journal `file`.
fn append(file: &Mutex<File>, line: &Line) {
    let Ok(mut text) = serde_json::to_string(line) else {
        return;
    };
    text.push('\n');
    let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
    // Ignored: see the type's doc. One write, so a line is never interleaved.
    let _ = file.write_all(text.as_bytes());
}

fn ends_with_newline(path: &Path, len: u64) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let mut last = [0u8; 1];
    File::open(path)
        .and_then(|mut f| {
            f.seek(SeekFrom::Start(len - 1))?;
            f.read_exact(&mut last)
        })
        .is_ok_and(|()| last[0] == b'\n')
}

fn read_unanswered(file: File) -> Vec<Unanswered> {
    let mut sent: BTreeMap<String, Unanswered> = BTreeMap::new();
    for line in BufReader::new(file).lines() {
        let Ok(line) = line else { break };
        match serde_json::from_str::<Line>(&line) {
            // A later line of the same create is a later sending of it.
            Ok(Line::Sent {
                sent: id,
                at_ms,
                what,
                timeout_ms,
            }) => {
                let unanswered = Unanswered {
                    what,
                    sent_at: UNIX_EPOCH + Duration::from_millis(at_ms),
                    timeout: timeout_ms.map(Duration::from_millis),
                };
                sent.insert(id, unanswered);
            }
            Ok(Line::Answered { answered }) => {
                sent.remove(&answered);
            }
            // A line cut short by a kill.
            Err(_) => {}
        }
    }
    let mut unanswered: Vec<Unanswered> = sent.into_values().collect();
    unanswered.sort_by_key(|u| u.sent_at);
    unanswered
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unanswered_creates_survive_into_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        {
            let (journal, earlier) =
                Journal::open(dir.path(), "k", Duration::from_secs(30)).unwrap();
            assert!(earlier.is_empty());
            let first = journal.sent("v1");
            let _second = journal.sent("v2");
            journal.answered(first);
        }
        // A line cut short by a kill is skipped.
        let mut file = OpenOptions::new()
            .append(true)
            .open(dir.path().join("k.journal"))
            .unwrap();
        file.write_all(b"{\"sent\":\"9-9\",\"at_").unwrap();
        let (journal, earlier) = Journal::open(dir.path(), "k", Duration::from_secs(30)).unwrap();
        let names: Vec<_> = earlier.iter().map(|u| u.what.as_str()).collect();
        assert_eq!(names, ["v2"]);
        std::thread::sleep(Duration::from_millis(2));
        let third = journal.sent("v3");
        drop(journal);
        let (journal, earlier) = Journal::open(dir.path(), "k", Duration::from_secs(30)).unwrap();
        let names: Vec<_> = earlier.iter().map(|u| u.what.as_str()).collect();
        assert_eq!(names, ["v2", "v3"], "{third:?}");
        journal.clear();
        let (_, earlier) = Journal::open(dir.path(), "k", Duration::from_secs(30)).unwrap();
        assert!(earlier.is_empty());
    }

    #[test]
    fn a_create_may_land_until_its_last_sending_plus_its_runs_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let (journal, _) = Journal::open(dir.path(), "k", Duration::from_secs(7)).unwrap();
        let ticket = journal.sent("v1");
        std::thread::sleep(Duration::from_millis(20));
        let resent = SystemTime::now();
        journal.stamp(&ticket)();
        drop(journal);
        // A line from before timeouts were written: the reader's own applies.
        let mut file = OpenOptions::new()
            .append(true)
            .open(dir.path().join("k.journal"))
            .unwrap();
        file.write_all(b"{\"sent\":\"1-1-1\",\"at_ms\":1000,\"what\":\"old\"}\n")
            .unwrap();
        let (_, earlier) = Journal::open(dir.path(), "k", Duration::from_secs(30)).unwrap();
        let [old, v1] = earlier.as_slice() else {
            panic!("{earlier:?}")
        };
        assert_eq!(old.what, "old");
        assert_eq!(
            old.lands_by(Duration::from_secs(3)),
            UNIX_EPOCH + Duration::from_millis(4_000)
        );
        assert_eq!(v1.what, "v1");
        assert_eq!(v1.timeout, Some(Duration::from_secs(7)));
        assert!(v1.sent_at + Duration::from_millis(2) >= resent, "{v1:?}");
        assert!(v1.lands_by(Duration::ZERO) >= resent + Duration::from_secs(6));
    }
}
