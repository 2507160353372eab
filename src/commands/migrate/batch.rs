//! `mileport migrate` over many repository pairs (two owners, or
//! `--repos FILE`): at most `--repos-in-flight` pairs at a time, each with
//! its own target lock and only its own milestones in memory, one Ctrl-C
//! stop for all, one bar, and one report. Each pair runs the same pipeline
//! as a single-repository migration; a pair that fails is named and the
//! others go on, unless its failure is one every pair would meet (the
//! token refused three times in a row, a wait beyond `--max-wait`): then
//! the batch stops, reports, and exits 3. Before a batch overwrites
//! existing milestones, every pair is planned and the plan approved once
//! (`batch_approval.rs`).

use std::{process::ExitCode, sync::Mutex};

use futures::StreamExt;

use super::{
    MigrateArgs,
    approval::{self as batch_approval, Allowed},
};
use crate::driver::kinds::{KindsArgs, Passes, check_supported, path_for};
use crate::driver::{
    batch::{Batch, describe_missing, missing_error},
    common::{RunContext, Started, inline, save_report},
    guard::{WriteSession, hold_target},
    pair::{entry_of, failures_to_name, run_options, verification_notes},
    source::{Readable, connect_source},
};
use crate::record::Neutral as _;
use crate::{
    batch::{
        RepoPair,
        in_order::InOrder,
        report::{BatchReport, PairEntry, PairStatus},
    },
    document::{Document, Kind},
    exit::{Exit, Interrupted, code_for},
    forge::Forge,
    interrupt::{Cause, Stop},
    net::error::ApiError,
    pipeline::{
        report::{Failure, api_error},
        run::migrate_records,
        streak::Streak,
        write::lock,
    },
    printer::{Line, Printer, styles},
    progress::BatchProgress,
    views::{
        self,
        plan::{PlanLook, zone_name},
    },
    with_kind,
};

/// What every pair of the batch shares.
pub(super) struct Shared<'a> {
    args: &'a MigrateArgs,
    printer: &'a Printer,
    stop: Stop,
    progress: BatchProgress,
    look: PlanLook,
    /// Keep each pair's whole report (for `--report` and `--json`).
    keep_reports: bool,
    /// Pairs failing in a row alike, and the failure that stopped the batch.
    halt: Mutex<(Streak, Option<String>)>,
    /// How many existing milestones each pair (in listed order) may
    /// overwrite, as approved; none with `--yes` or on a dry run.
    allowed: Option<Vec<usize>>,
}

impl<'a> Shared<'a> {
    pub(super) fn new(
        args: &'a MigrateArgs,
        printer: &'a Printer,
        pairs: usize,
        allowed: Option<Vec<usize>>,
    ) -> Self {
        let write = &args.write;
        Shared {
            args,
            printer,
            stop: if write.dry_run {
                Stop::new()
            } else {
                crate::driver::stopping::stop_on_signals(printer)
            },
            progress: printer.progress().batch(
                pairs,
                if write.dry_run {
                    "planning"
                } else {
                    "migrating"
                },
            ),
            look: PlanLook {
                show_unchanged: write.show_unchanged,
                width: printer.width(),
                color: printer.color(),
                zone: zone_name(write.timezone.as_ref()),
            },
            keep_reports: write.json || write.report.is_some(),
            halt: Mutex::default(),
            allowed,
        }
    }
}

/// What one pair's run leaves: its entry, on a dry run its plan, and the
/// provider's failure that ended it, if one did.
pub(super) struct PairDone {
    pub(super) entry: PairEntry,
    plan: Vec<Line>,
    failure: Option<ApiError>,
    /// The failure stopped the pair's own writes (see `streak.rs`).
    halted: bool,
}

/// Migrates every pair, one kind of object after the other: each kind a
/// batch of its own, with its own plan, approval and report (the labels'
/// beside the milestones', see `path_for`).
pub async fn run(batch: Batch, args: &MigrateArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let kinds = args.kinds.kinds();
    check_supported(&kinds, &batch.providers())?;
    if !batch.missing.is_empty() && !args.skip_missing {
        let error = missing_error(&batch, "give --skip-missing to migrate the others");
        report_refused(&batch, &error, &Started::now(), printer, &args.write)?;
        return Err(error);
    }
    // Named here once, before any planning, and shown even with --quiet:
    // these repositories are not migrated.
    for missing in &batch.missing {
        printer.err(format!(
            "skipped {}: {}",
            missing.source,
            describe_missing(missing, &batch.target)
        ));
    }
    let passes = Passes::new(&kinds, args.write.json, printer);
    passes
        .each(&kinds, async |kind| {
            let mut one = args.clone();
            one.kinds = KindsArgs::only(*kind);
            one.write.report = one.write.report.map(|path| path_for(&path, *kind, &kinds));
            if kinds.len() > 1 && !args.write.json {
                printer.note(format!("{}:", kind.many()));
            }
            run_kind(batch.clone(), &one, printer).await
        })
        .await
}

/// Migrates every pair's objects of the one kind `args` names.
async fn run_kind(batch: Batch, args: &MigrateArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let started = Started::now();
    let write = &args.write;
    let report_to = write.report_format()?;
    let allowed = match write.dry_run || write.yes {
        true => None,
        false => match batch_approval::approve(&batch, args, printer).await? {
            Some(allowed) => Some(allowed),
            None => return Ok(Exit::Failure.into()),
        },
    };
    let shared = Shared::new(args, printer, batch.pairs.len(), allowed);
    let mut entries = Vec::with_capacity(batch.pairs.len() + batch.missing.len());
    run_all(&batch, &shared, |done| {
        if write.dry_run && !write.json {
            print_plan(&done, printer)?;
        }
        entries.push(done.entry);
        Ok(())
    })
    .await?;
    entries.extend(missing_entries(&batch));
    let mut report =
        batch_report(&batch, write.dry_run, &started, entries).of_objects(args.kinds.first());
    let halted_by = lock(&shared.halt).1.take();
    report.stopped_by = halted_by
        .clone()
        .or_else(|| (report.interrupted).then(|| crate::interrupt::stopped_by().to_owned()));
    // Output that cannot be shown keeps the report from being written no more.
    let shown = match write.json {
        true => printer.out_json(&Document::new(Kind::Run, &report)),
        false => print_summary(&report, printer).map_err(anyhow::Error::from),
    };
    save_report(&report, report_to, printer)?;
    shown?;
    ending(&report, halted_by)
}

/// For a batch refused because target repositories are missing: `--json`
/// and `--report` still say so, every pair not started and the missing
/// ones named.
fn report_refused(
    batch: &Batch,
    error: &anyhow::Error,
    started: &Started,
    printer: &Printer,
    write: &crate::driver::common::WriteArgs,
) -> anyhow::Result<()> {
    let report_to = write.report_format()?;
    if !write.json && report_to.is_none() {
        return Ok(());
    }
    let not_started = batch.pairs.iter().map(|pair| {
        PairEntry::without_run(
            pair.source.to_string(),
            pair.target.to_string(),
            PairStatus::NotStarted,
        )
    });
    let entries = not_started.chain(missing_entries(batch)).collect();
    let mut report = batch_report(batch, write.dry_run, started, entries);
    let reason = crate::exit::chain_text(error);
    // The first line says why; the lines after it list the missing ones.
    let why = reason.lines().next().map(|line| line.trim_end_matches(':'));
    report.stopped_by = why.map(str::to_owned);
    if write.json {
        printer.out_json(&Document::new(Kind::Run, &report))?;
    }
    save_report(&report, report_to, printer)?;
    Ok(())
}

/// Runs every pair, at most `--repos-in-flight` at a time, and hands each
/// one's outcome to `each` in the order listed.
pub(super) async fn run_all(
    batch: &Batch,
    shared: &Shared<'_>,
    mut each: impl FnMut(PairDone) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // Pairs finish in any order, so a slow one holds no slot but its own;
    // they are reported in the order listed.
    let mut in_order = InOrder::default();
    let mut runs = futures::stream::iter(batch.pairs.iter().enumerate())
        .map(|(index, pair)| async move { (index, run_pair(index, pair, shared).await) })
        .buffer_unordered(usize::from(shared.args.batch.repos_in_flight));
    while let Some((index, done)) = runs.next().await {
        for done in in_order.push(index, done) {
            each(done)?;
        }
    }
    drop(runs);
    shared.progress.finish();
    Ok(())
}

/// The batch's report of `entries`, timed from `started`.
fn batch_report(
    batch: &Batch,
    dry_run: bool,
    started: &Started,
    entries: Vec<PairEntry>,
) -> BatchReport {
    BatchReport::new(
        batch.source.clone(),
        batch.target.clone(),
        dry_run,
        started.at.clone(),
        started.instant.elapsed().as_millis() as u64,
        entries,
    )
}

/// The entries of the pairs skipped because their target is missing.
fn missing_entries(batch: &Batch) -> impl Iterator<Item = PairEntry> + '_ {
    batch.missing.iter().map(|missing| {
        let mut entry = PairEntry::without_run(
            missing.source.to_string(),
            batch.target.clone(),
            PairStatus::Missing,
        );
        entry.similar = missing.similar.clone();
        entry
    })
}

/// The batch's exit, once its report is out: 3 when a failure every pair
/// would meet stopped it, 128 + the signal when one did, else 1 or 0.
fn ending(report: &BatchReport, halted_by: Option<String>) -> anyhow::Result<ExitCode> {
    if let Some(reason) = halted_by {
        return Err(anyhow::anyhow!(
            "stopped with {} of {} repositories not done: {reason}",
            report.totals.stopped,
            report.totals.pairs
        ));
    }
    if report.interrupted {
        return Err(Interrupted(format!(
            "stopped by {} with {} of {} repositories not done; run the same command again to finish",
            crate::interrupt::stopped_by(),
            report.totals.stopped,
            report.totals.pairs
        ))
        .into());
    }
    Ok(if report.pairs.iter().any(PairEntry::has_failures) {
        Exit::Failure
    } else {
        Exit::Success
    }
    .into())
}

/// A dry run's plan for one pair, under a heading.
fn print_plan(done: &PairDone, printer: &Printer) -> std::io::Result<()> {
    printer.out_lines(plan_section(done))
}

/// One pair's planned lines under a heading, then a blank line.
pub(super) fn plan_section(done: &PairDone) -> Vec<Line> {
    let entry = &done.entry;
    let mut lines = vec![Line::new().styled(
        styles::HEADER,
        format!("{} -> {}", entry.source, entry.target),
    )];
    lines.extend(done.plan.iter().cloned());
    if let Some(error) = &entry.error {
        lines.push(Line::from(format!("failed: {error}")));
    }
    lines.push(Line::from(""));
    lines
}

/// One line per pair run, then the totals. The pairs skipped for want of
/// a target are not named again: the start said so, once, on stderr.
fn print_summary(report: &BatchReport, printer: &Printer) -> std::io::Result<()> {
    if !report.dry_run {
        let lines = report
            .pairs
            .iter()
            .filter(|pair| pair.status != PairStatus::Missing)
            .map(|pair| {
                let what = match (&pair.status, &pair.error) {
                    (_, Some(error)) => format!("{}: {error}", pair.status.name()),
                    (PairStatus::Stopped, None) => format!("stopped: {}", pair.summary),
                    _ => pair.summary.to_string(),
                };
                Line::from(format!("{} -> {}: {what}", pair.source, pair.target))
            });
        printer.out_lines(lines)?;
        printer.out(report.totals.to_string())
    } else {
        printer.out(format!("dry run, nothing written: {}", report.totals))
    }
}

/// Runs one pair; whatever happens becomes its entry.
async fn run_pair(index: usize, pair: &RepoPair, shared: &Shared<'_>) -> PairDone {
    let unrun =
        |status| PairEntry::without_run(pair.source.to_string(), pair.target.to_string(), status);
    if shared.stop.requested() {
        return PairDone {
            entry: unrun(PairStatus::Stopped),
            plan: Vec::new(),
            failure: None,
            halted: false,
        };
    }
    let kind = shared.args.kinds.first();
    let ran =
        with_kind!(kind, pair.target.provider, T => migrate_pair::<T>(index, pair, shared).await);
    shared.progress.repository_done();
    let done = match ran {
        Ok(done) => done,
        Err(error) => {
            let status = match code_for(&error) {
                Exit::Interrupted | Exit::Terminated | Exit::HungUp => PairStatus::Stopped,
                _ => PairStatus::Failed,
            };
            let mut entry = unrun(status);
            entry.error = Some(Failure::of_error(&error));
            PairDone {
                entry,
                plan: Vec::new(),
                failure: api_error(&error).cloned(),
                halted: false,
            }
        }
    };
    count_alike(&done, shared);
    done
}

/// Stops the batch when a pair's failure is one every pair would meet: at
/// once for a wait beyond `--max-wait`, else after a few pairs in a row.
fn count_alike(done: &PairDone, shared: &Shared<'_>) {
    let failure = done.failure.as_ref();
    let mut halt = lock(&shared.halt);
    let stops = halt.0.count(failure) || done.halted;
    if let Some(error) = failure.filter(|_| stops && halt.1.is_none()) {
        halt.1 = Some(format!("{}: {error}", done.entry.target));
        shared.stop.request(Cause::Failure);
    }
}

/// Names each failure of a pair and what reading its target after
/// writing showed; true when that confirmed every milestone once.
fn print_pair_notes<T: Forge>(
    result: &crate::pipeline::run::RunResult<T>,
    target: &crate::pipeline::endpoint::Endpoint<T>,
    pair: &RepoPair,
    printer: &Printer,
) -> bool {
    for (item, error) in failures_to_name(result) {
        printer.err(format!(
            "failed: {} [{}] into {}: {error}",
            inline(item.mapped.record.title()),
            inline(&item.mapped.record.origin().key),
            pair.target
        ));
    }
    let notes = verification_notes(result, target);
    for line in &notes.lines {
        printer.err(line);
    }
    if notes.removable_left {
        printer.err(format!(
            "run the same command with --remove-duplicates to delete the copies on {} identical to the source milestone, keeping the oldest",
            pair.target
        ));
    }
    notes.clean
}

/// Holds the target, reads both sides, plans and writes: a
/// single-repository migration without its printing.
async fn migrate_pair<T: Forge>(
    index: usize,
    pair: &RepoPair,
    shared: &Shared<'_>,
) -> anyhow::Result<PairDone>
where
    T::Record: Readable,
{
    let Shared {
        args,
        printer,
        stop,
        ..
    } = shared;
    let write = &args.write;
    let started = Started::now();
    let source = connect_source(&pair.source, &args.connect)?;
    let target = args.connect.connect::<T>(&pair.target)?;
    let guard = match write.dry_run {
        true => None,
        false => Some(hold_target(&target, "migrate", printer, write, stop).await?),
    };
    let session = WriteSession {
        stop: stop.clone(),
        guard,
    };
    let read = async {
        tokio::try_join!(source.read_quietly(), async {
            target.list(|_| {}).await.map_err(anyhow::Error::from)
        })
    };
    let (read, (existing, warnings)) = tokio::select! {
        read = read => read?,
        () = stop.wait() => {
            return Err(Interrupted("stopped before anything was written".to_owned()).into())
        }
    };
    // After an approval's planning pass, its warnings were already shown.
    if shared.allowed.is_none() {
        for warning in read.warnings.iter().chain(&warnings) {
            printer.err(format!("warning: {warning}"));
        }
    }
    let options = run_options(&args.connect, write, &session);
    let observer = Allowed {
        progress: &shared.progress,
        updates: shared.allowed.as_ref().map(|allowed| allowed[index]),
    };
    let result =
        migrate_records(read.records, &target, Some(existing), &options, &observer).await?;
    let traffic = || source.traffic();
    let context = RunContext {
        source_name: pair.source.to_string(),
        source_traffic: Some(&traffic),
        started,
        session: &session,
    };
    let clean = print_pair_notes(&result, &target, pair, printer);
    let plan = match write.dry_run && !write.json {
        true => views::plan::plan_lines(&result.plan, &shared.look).collect(),
        false => Vec::new(),
    };
    let entry = entry_of(
        &result,
        &target,
        &context,
        (write.dry_run, clean, shared.keep_reports),
    );
    Ok(PairDone {
        entry,
        plan,
        halted: result.halted_by.is_some(),
        failure: result.halted_by,
    })
}
