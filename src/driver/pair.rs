//! One source-to-target run, the part every writing command shares: the
//! run's options from the command line, the report of what it did, and
//! what reading the target again showed. A single-repository command
//! prints these as it goes; a batch keeps them per pair.

use std::time::Duration;

use super::{
    common::{ConnectArgs, RunContext, WriteArgs},
    guard::WriteSession,
};
use crate::{
    batch::report::{PairEntry, PairStatus},
    forge::Forge,
    net::error::ApiError,
    pipeline::{
        apply::Controls,
        endpoint::Endpoint,
        plan::PlanItem,
        report::{Failure, Report, RunStats, failures},
        run::{RunError, RunOptions, RunResult},
        streak::same_kind,
    },
};

/// How a run goes, from the command line and the session it runs in.
pub fn run_options(connect: &ConnectArgs, write: &WriteArgs, session: &WriteSession) -> RunOptions {
    RunOptions {
        dry_run: write.dry_run,
        concurrency: usize::from(connect.concurrency),
        mapping: write.mapping(),
        controls: Controls {
            journal: session.guard.as_ref().map(|g| g.journal.clone()),
            stop: session.stop.clone(),
            stop_grace: Duration::from_millis(write.stop_grace_ms),
        },
        remove_duplicates: write.remove_duplicates,
    }
}

/// The report of one run, with its timing and the requests sent to both
/// repositories.
pub fn report_of<F: Forge>(
    result: &RunResult<F>,
    target: &Endpoint<F>,
    context: &RunContext<'_>,
    dry_run: bool,
) -> Report {
    let mut report = Report::new(
        context.source_name.clone(),
        target.repo().to_string(),
        dry_run,
        result,
    );
    let mut traffic = target.traffic();
    if let Some(source) = context.source_traffic {
        let (requests, retries, limited) = source();
        traffic = (
            traffic.0 + requests,
            traffic.1 + retries,
            traffic.2 + limited,
        );
    }
    report.stats = Some(RunStats {
        started_at: context.started.at.clone(),
        duration_ms: context.started.instant.elapsed().as_millis() as u64,
        requests: traffic.0,
        retries: traffic.1,
        rate_limited: traffic.2,
    });
    report
}

/// One pair's entry in a run's report, a single repository's (a batch of
/// one) or a batch's alike: its report, what became of it, a dry run's
/// counts, and whether reading the target after writing confirmed it. The
/// whole report is kept only when `keep` (for `--report` and `--json`).
pub fn entry_of<F: Forge>(
    result: &RunResult<F>,
    target: &Endpoint<F>,
    context: &RunContext<'_>,
    (dry_run, confirmed, keep): (bool, bool, bool),
) -> PairEntry {
    let report = report_of(result, target, context, dry_run);
    let (status, error) = pair_status(result, target);
    let planned = dry_run.then(|| result.plan.counts());
    PairEntry::of_run(report, status, planned, confirmed, error, keep)
}

/// What became of a pair that ran: failed when a failure every write
/// would meet stopped it (and that failure, said once), stopped by a
/// signal, or done.
pub fn pair_status<F: Forge>(
    result: &RunResult<F>,
    target: &Endpoint<F>,
) -> (PairStatus, Option<Failure>) {
    if let Some(refusal) = predicted_refusal(result, target) {
        return (PairStatus::Failed, Some(Failure::of_error(&refusal.into())));
    }
    match (&result.halted_by, result.interrupted) {
        (Some(error), _) => (
            PairStatus::Failed,
            Some(Failure::of_error(&halted(result, error))),
        ),
        (None, true) => (PairStatus::Stopped, None),
        (None, false) => (PairStatus::Done, None),
    }
}

/// What a dry run predicts the run would refuse with: a source the
/// target cannot hold (exit 2), else a token that cannot write (exit 3).
pub fn predicted_refusal<F: Forge>(
    result: &RunResult<F>,
    target: &Endpoint<F>,
) -> Option<RunError> {
    if !result.invalid.is_empty() {
        return Some(RunError::Invalid(result.invalid.clone()));
    }
    let why = result.plan.cannot_write.clone()?;
    Some(RunError::CannotWrite {
        target: target.repo().to_string(),
        why,
    })
}

/// What reading the target after writing showed, in words.
#[derive(Debug, Default)]
pub struct VerificationNotes {
    /// One line each: missing milestones, duplicates, copies removed.
    pub lines: Vec<String>,
    /// Copies identical to a source milestone are left that
    /// `--remove-duplicates` would delete.
    pub removable_left: bool,
    /// The target holds every milestone exactly once.
    pub clean: bool,
}

/// Says what reading the target after writing showed.
pub fn verification_notes<F: Forge>(
    result: &RunResult<F>,
    target: &Endpoint<F>,
) -> VerificationNotes {
    let mut notes = VerificationNotes::default();
    match &result.verification {
        None => notes.clean = true,
        Some(Err(error)) => notes.lines.push(format!(
            "could not read {} again to confirm what was written: {error}",
            target.repo()
        )),
        Some(Ok(verification)) => {
            for missing in &verification.missing {
                notes.lines.push(format!(
                    "missing after writing: {:?} ({}) is not on {}",
                    missing.title,
                    missing.target_id,
                    target.repo()
                ));
            }
            for duplicate in &verification.duplicates {
                let removed: Vec<&str> = duplicate
                    .extra
                    .iter()
                    .filter(|id| verification.removed.contains(id))
                    .map(String::as_str)
                    .collect();
                if !removed.is_empty() {
                    notes.lines.push(format!(
                        "removed duplicate(s) of {:?}: {} (kept {})",
                        duplicate.title,
                        removed.join(", "),
                        duplicate.kept.join(", ")
                    ));
                }
                if removed.len() == duplicate.extra.len() {
                    continue;
                }
                notes
                    .lines
                    .push(format!("duplicate on {}: {duplicate}", target.repo()));
                let differing: Vec<&str> = duplicate
                    .extra
                    .iter()
                    .filter(|id| !duplicate.removable.contains(id))
                    .map(String::as_str)
                    .collect();
                if !differing.is_empty() {
                    notes.lines.push(format!(
                        "  {} differ(s) from the source milestone in some field, so mileport never deletes it: check it and delete it by hand if it is a copy",
                        differing.join(", ")
                    ));
                }
            }
            notes.removable_left = verification.duplicates.iter().any(|d| {
                d.removable
                    .iter()
                    .any(|id| !verification.removed.contains(id))
            });
            notes.clean = verification.is_clean();
        }
    }
    notes
}

/// The failures to name one by one: all of them, except those of the kind
/// that stopped the run, which are said once (see [`halted`]).
pub fn failures_to_name<F: Forge>(result: &RunResult<F>) -> Vec<(&PlanItem<F>, &ApiError)> {
    failures(result)
        .filter(|(_, error)| {
            result
                .halted_by
                .as_ref()
                .is_none_or(|halt| !same_kind(halt, error))
        })
        .collect()
}

/// The error a run stopped by a failure every further write would meet
/// ends with (exit 3): the reason once, and what was left undone.
pub fn halted<F: Forge>(result: &RunResult<F>, error: &ApiError) -> anyhow::Error {
    let total = result.plan.items.len();
    let not_started = total - result.outcomes.len();
    if error.stops_the_run() {
        // The error says what to do.
        return anyhow::anyhow!(
            "stopped with {not_started} of {total} milestones not started: {error}"
        );
    }
    let alike = failures(result)
        .filter(|(_, other)| same_kind(error, other))
        .count();
    anyhow::anyhow!(
        "stopped after {alike} write(s) failed alike, with {not_started} of {total} milestones not started: {error}; run the same command again once this is fixed"
    )
}
