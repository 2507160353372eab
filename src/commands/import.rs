//! `mileport import FILE TARGET`: restore or move a backup (CSV or JSON,
//! from any provider) into a repository. Every row is validated before
//! the first request to the target; safe to repeat.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

use super::{
    common::{
        ConnectArgs, RunContext, Started, WriteArgs, migrate_and_report, read_target,
        report_unplanned,
    },
    guard::WriteSession,
};
use crate::{
    files::{self, BackupReader, Format},
    pipeline::run::RunError,
    printer::Printer,
    providers::{Provider, RepoRef, forge::Forge},
    record::{Kind, MilestoneRecord, Neutral, State},
    with_forge,
};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A backup written by `mileport export` (or by hand in the same format)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where the milestones go: gitcode:OWNER/REPO, sourcecraft:ORG/REPO or
    /// github:OWNER/REPO
    #[arg(value_name = "TARGET", value_parser = super::location_arg::location::<RepoRef>(), hide_possible_values = true)]
    pub target: RepoRef,

    /// The file format, when the file name does not say
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,

    #[command(flatten)]
    pub write: WriteArgs,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

/// Reads a backup file into records, or every reason it cannot be
/// (see [`for_each_record`]).
pub fn read_records(
    file: &std::path::Path,
    format: Option<Format>,
) -> anyhow::Result<(Provider, Vec<MilestoneRecord>)> {
    let mut records = Vec::new();
    let provider = for_each_record(file, format, |record| records.push(record))?;
    records.shrink_to_fit();
    Ok((provider, records))
}

/// Reads a backup file one milestone at a time and hands each valid
/// record to `keep` as soon as it is made; returns whose milestones they
/// were, or every reason the file cannot be used. Each milestone is dropped
/// as soon as its record is made, so a large file is never held as provider
/// milestones. A damaged file stops reading at once; milestones that cannot
/// be mapped are all reported together, after the whole file was read.
pub fn for_each_record(
    file: &std::path::Path,
    format: Option<Format>,
    mut keep: impl FnMut(MilestoneRecord),
) -> anyhow::Result<Provider> {
    let reader = files::open_backup(file, format)?;
    let provider = reader.provider;
    with_forge!(provider, F => records_of::<F>(reader, &mut keep))?;
    Ok(provider)
}

/// Reads `reader` as a backup of `F` (see [`for_each_record`]): every
/// record without a problem of its own is kept, and every problem listed
/// before the error that ends it.
pub(super) fn records_of<F: Forge>(
    reader: BackupReader,
    keep: &mut impl FnMut(F::Record),
) -> anyhow::Result<()> {
    let mut invalid = Vec::new();
    let mut checks = files::RowChecks::default();
    for entry in reader {
        let item = entry?.read::<F>()?;
        let mut problems = checks.check::<F>(&item);
        let record = F::to_record(&item.milestone, Some(item.location.to_string()));
        match record {
            Ok(record) if problems.is_empty() => keep(record),
            Ok(_) => {}
            Err(more) => problems.extend(more),
        }
        invalid.append(&mut problems);
    }
    if !invalid.is_empty() {
        return Err(RunError::Invalid(invalid).into());
    }
    Ok(())
}

/// `12 gitcode milestones (9 open, 3 closed)`, `9 github labels`.
pub fn counted_records<R: Neutral>(provider: Provider, records: &[R]) -> String {
    let kind = R::KIND.many();
    let states: Vec<State> = records.iter().filter_map(Neutral::state).collect();
    if states.is_empty() && R::KIND != Kind::Milestones {
        return format!("{} {provider} {kind}", records.len());
    }
    let closed = states.iter().filter(|s| **s == State::Closed).count();
    format!(
        "{} {provider} {kind} ({} open, {closed} closed)",
        records.len(),
        records.len() - closed
    )
}

pub async fn run(args: ImportArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let started = Started::now();
    if let Some(report) = &args.write.report {
        files::check_output(report, "--report", &[&args.file])?;
    }
    args.write.report_format()?;
    // The file is read and checked before anything connects to the target.
    let (provider, records) = read_records(&args.file, args.format)?;
    with_forge!(args.target.provider, T => import_to::<T>(args, provider, records, started, printer).await)
}

async fn import_to<T: Forge>(
    args: ImportArgs,
    provider: Provider,
    records: Vec<T::Record>,
    started: Started,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let target = args.connect.connect::<T>(&args.target)?;
    let names = (args.file.display().to_string(), args.target.to_string());
    let unplanned = |error: anyhow::Error| {
        report_unplanned(error, (&names.0, &names.1, &started), &args.write, printer)
    };
    let session = WriteSession::begin(&target, "import", &args.write, printer)
        .await
        .map_err(unplanned)?;
    let existing = read_target(&target, printer, &session.stop)
        .await
        .map_err(unplanned)?;
    printer.note(format!(
        "read {} from {}",
        counted_records(provider, &records),
        args.file.display()
    ));
    migrate_and_report(
        records,
        &target,
        existing,
        RunContext {
            source_name: args.file.display().to_string(),
            source_traffic: None,
            started,
            session: &session,
        },
        &args.connect,
        &args.write,
        printer,
    )
    .await
}
