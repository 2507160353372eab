//! How a command that writes is stopped before its end. The first signal
//! (Ctrl-C's SIGINT, SIGTERM from `docker stop`, systemd or a CI
//! cancellation, SIGHUP from a closed terminal) asks the run to stop: no
//! new requests, those in flight may finish, what was done is reported.
//! A second one ends the process at once. Either way the exit code is
//! 128 + the signal's number, as shells report it (130, 143, 129). A run
//! can also stop itself, when a failure would hit every request alike.
//! This is the signal alone: what is said when one comes is the command
//! line's (`commands/stopping.rs`).

use std::sync::{
    Arc,
    atomic::{AtomicBool, AtomicU8, Ordering},
};

use tokio::sync::watch;

/// A signal that stops a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT: Ctrl-C.
    Interrupt,
    /// SIGTERM: `kill`, `docker stop`, systemd, a cancelled CI job.
    Terminate,
    /// SIGHUP: the terminal went away.
    HangUp,
}

impl Signal {
    const ALL: [Signal; 3] = [Signal::Interrupt, Signal::Terminate, Signal::HangUp];

    /// The signal's number on Unix.
    pub fn number(self) -> u8 {
        match self {
            Signal::Interrupt => 2,
            Signal::Terminate => 15,
            Signal::HangUp => 1,
        }
    }

    /// As people name it in messages.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Interrupt => "Ctrl-C",
            Signal::Terminate => "SIGTERM",
            Signal::HangUp => "SIGHUP",
        }
    }

    fn from_number(number: u8) -> Option<Signal> {
        Signal::ALL.into_iter().find(|s| s.number() == number)
    }
}

/// The first signal this process received, 0 for none: the exit code
/// follows it, whichever part of the command ends on it.
static RECEIVED: AtomicU8 = AtomicU8::new(0);

/// Keeps `signal` as the one the exit code follows, unless one came first.
pub fn note_received(signal: Signal) {
    let _ = RECEIVED.compare_exchange(0, signal.number(), Ordering::Relaxed, Ordering::Relaxed);
}

/// The first stopping signal this process received, if any.
pub fn received() -> Option<Signal> {
    Signal::from_number(RECEIVED.load(Ordering::Relaxed))
}

/// What stopped the run, as messages name it: `Ctrl-C` unless a signal
/// of another kind came.
pub fn stopped_by() -> &'static str {
    received().unwrap_or(Signal::Interrupt).name()
}

/// Whether a question waits for the user's answer on the terminal.
static ASKING: AtomicBool = AtomicBool::new(false);

/// Runs `ask` (a question on the terminal): a signal meanwhile ends the
/// process at once, as nothing was written yet and the answer would only
/// come with Enter.
/// Whether a question holds the terminal now.
pub fn asking() -> bool {
    ASKING.load(Ordering::SeqCst)
}

pub fn while_asking<T>(ask: impl FnOnce() -> T) -> T {
    ASKING.store(true, Ordering::SeqCst);
    let answer = ask();
    ASKING.store(false, Ordering::SeqCst);
    answer
}

/// Why a run was asked to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    Signal(Signal),
    /// A failure no retry can fix, which every further request would meet.
    Failure,
}

/// Whether the run was asked to stop, and why. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Stop {
    flag: Arc<watch::Sender<Option<Cause>>>,
}

impl Default for Stop {
    fn default() -> Self {
        Stop::new()
    }
}

impl Stop {
    /// A stop nobody asks for until [`Stop::request`] is called.
    pub fn new() -> Stop {
        Stop {
            flag: Arc::new(watch::channel(None).0),
        }
    }

    /// Asks the run to stop; the first cause given is the one kept.
    pub fn request(&self, cause: Cause) {
        self.flag.send_if_modified(|current| {
            let first = current.is_none();
            if first {
                *current = Some(cause);
            }
            first
        });
    }

    pub fn requested(&self) -> bool {
        self.flag.borrow().is_some()
    }

    /// Why the run was asked to stop, if it was.
    pub fn cause(&self) -> Option<Cause> {
        *self.flag.borrow()
    }

    /// Resolves once a stop is requested (never, if nobody asks).
    pub async fn wait(&self) {
        let mut watcher = self.flag.subscribe();
        // An error means the sender is gone, which cannot happen while self lives.
        let _ = watcher.wait_for(Option::is_some).await;
    }
}

/// SIGINT, SIGTERM and SIGHUP, listened for from the moment this is made
/// (not from the first poll), so a signal right after start is not lost to
/// the default action.
pub struct Signals {
    #[cfg(unix)]
    listeners: Vec<(Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    pub fn listen() -> Signals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let listeners = Signal::ALL
                .into_iter()
                .filter_map(|which| {
                    let kind = SignalKind::from_raw(i32::from(which.number()));
                    signal(kind).ok().map(|listener| (which, listener))
                })
                .collect();
            Signals { listeners }
        }
        #[cfg(not(unix))]
        {
            Signals {}
        }
    }

    /// Waits for the next signal; `None` when none can come.
    pub async fn next(&mut self) -> Option<Signal> {
        #[cfg(unix)]
        {
            if self.listeners.is_empty() {
                return None;
            }
            let waits = self.listeners.iter_mut().map(|(which, listener)| {
                Box::pin(async move { listener.recv().await.map(|()| *which) })
            });
            futures::future::select_all(waits).await.0
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c()
                .await
                .ok()
                .map(|()| Signal::Interrupt)
        }
    }
}
