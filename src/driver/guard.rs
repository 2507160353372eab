//! Taking hold of a target before writing to it: the per-target lock (a
//! second run waits for the first, or stops naming it), then the create
//! journal, waiting until the creates an interrupted run left in flight
//! can no longer land (their request timeout and a margin) before the
//! target is read.

use std::{
    sync::Arc,
    time::{Duration, SystemTime},
};

use crate::{
    exit::{Interrupted, InvalidInput},
    forge::Forge,
    interrupt::Stop,
    pipeline::endpoint::Endpoint,
    state::{
        self,
        journal::{Journal, Unanswered},
        lock::{TargetLock, describe_this_run},
    },
};

use super::common::WriteArgs;
use crate::printer::Printer;

/// What a command that writes holds while it runs: its Ctrl-C handling
/// and, unless it is a dry run, the target's lock and journal.
#[derive(Debug)]
pub struct WriteSession {
    pub stop: Stop,
    pub guard: Option<TargetGuard>,
}

impl WriteSession {
    /// A dry run writes nothing: no lock, and Ctrl-C simply ends it. Any
    /// other run listens for Ctrl-C and takes hold of the target.
    pub async fn begin<F: Forge>(
        target: &Endpoint<F>,
        command: &str,
        write: &WriteArgs,
        printer: &Printer,
    ) -> anyhow::Result<WriteSession> {
        if write.dry_run {
            return Ok(WriteSession {
                stop: Stop::new(),
                guard: None,
            });
        }
        let stop = super::stopping::stop_on_signals(printer);
        let guard = hold_target(target, command, printer, write, &stop).await?;
        Ok(WriteSession {
            stop,
            guard: Some(guard),
        })
    }
}

/// A writing run's hold on its target, released when dropped.
#[derive(Debug)]
pub struct TargetGuard {
    _lock: TargetLock,
    pub journal: Arc<Journal>,
}

/// Takes the target's lock and settles an interrupted run's creates.
/// Call before the target is read: what is read then stays true until the
/// lock is released, as far as this machine goes.
pub async fn hold_target<F: Forge>(
    target: &Endpoint<F>,
    command: &str,
    printer: &Printer,
    write: &WriteArgs,
    stop: &Stop,
) -> anyhow::Result<TargetGuard> {
    // Without a place for the lock the environment is incomplete: the
    // user's to fix (exit 2), before anything is read or written.
    let dir = state::state_dir().map_err(|e| InvalidInput(e.to_string()))?;
    let repo = target.repo();
    let key = state::repo_key(repo, target.base_url());
    let name = repo.to_string();
    let holder = describe_this_run(command, &name);
    let acquire = TargetLock::acquire(
        &dir,
        &key,
        &name,
        &holder,
        Duration::from_secs(write.lock_wait),
        |other| {
            printer.note(format!(
                "waiting up to {} s: another mileport run is writing to {name} ({other}); \
                 Ctrl-C to give up",
                write.lock_wait
            ))
        },
    );
    let lock = tokio::select! {
        lock = acquire => lock?,
        () = stop.wait() => return Err(Interrupted(format!(
            "stopped while waiting for another run on {name}; nothing was written"
        )).into()),
    };
    let timeout = target.request_timeout();
    let (journal, unanswered) = Journal::open(&dir, &key, timeout)?;
    let margin = Duration::from_millis(write.settle_ms);
    wait_for_unanswered(&unanswered, timeout, margin, &name, printer, stop).await?;
    // The target is read after this point, and will show whatever those
    // creates stored.
    journal.clear();
    Ok(TargetGuard {
        _lock: lock,
        journal: Arc::new(journal),
    })
}

/// Waits until the creates an earlier run left unanswered can no longer
/// land: the last time each was sent, plus the request timeout it was sent
/// with (`timeout`, this run's, when its journal did not say), plus
/// `margin`. Only after that does the target show every one that landed.
async fn wait_for_unanswered(
    unanswered: &[Unanswered],
    timeout: Duration,
    margin: Duration,
    name: &str,
    printer: &Printer,
    stop: &Stop,
) -> anyhow::Result<()> {
    let Some(until) = unanswered.iter().map(|u| u.lands_by(timeout)).max() else {
        return Ok(());
    };
    let wait = (until + margin)
        .duration_since(SystemTime::now())
        .unwrap_or(Duration::ZERO);
    let longest = unanswered
        .iter()
        .filter_map(|u| u.timeout)
        .max()
        .unwrap_or(timeout);
    printer.note(format!(
        "waiting {} s: {} create(s) sent by an earlier run on {name} that was \
         stopped before their answers came ({}): a request may land until its timeout \
         ({} s) has passed; then looking them up before creating anything",
        wait.as_secs_f64().ceil(),
        unanswered.len(),
        unanswered
            .iter()
            .take(3)
            .map(|u| u.what.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        longest.as_secs_f64()
    ));
    tokio::select! {
        () = tokio::time::sleep(wait) => Ok(()),
        () = stop.wait() => Err(Interrupted(format!(
            "stopped while waiting for an earlier run's creates on {name}; nothing was written"
        )).into()),
    }
}
