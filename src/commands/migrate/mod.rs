//! `mileport migrate SOURCE TARGET`: read every milestone and label of the
//! source, map them, and create or update them on the target, one kind
//! after the other (`--only` picks). Safe to repeat. Two owners, or
//! `--repos FILE`, make a batch (`batch_migrate.rs`).

use std::process::ExitCode;

use clap::Args;

mod approval;
mod batch;

use crate::driver::{
    batch::{BatchArgs, Work, resolve},
    common::{
        ConnectArgs, RunContext, Started, WriteArgs, migrate_and_report, read_all, report_unplanned,
    },
    guard::WriteSession,
    kinds::{KindsArgs, Passes, check_supported, path_for},
    source::{Preread, Readable, connect_source},
};
use crate::{
    exit::{Exit, Interrupted, code_for},
    forge::Forge,
    location::Location,
    pipeline::run::Start,
    printer::Printer,
    provider::RepoRef,
    with_kind,
};

#[derive(Clone, Debug, Args)]
pub struct MigrateArgs {
    /// Where the milestones come from: gitcode:OWNER/REPO,
    /// sourcecraft:ORG/REPO or github:OWNER/REPO; or an owner
    /// (gitcode:OWNER, sourcecraft:ORG, github:OWNER) for all of its
    /// repositories
    #[arg(value_name = "SOURCE", required_unless_present = "repos", value_parser = crate::driver::location_arg::location::<Location>(), hide_possible_values = true)]
    pub source: Option<Location>,

    /// Where they go: a repository, or an owner whose repositories of the
    /// same names receive them
    #[arg(value_name = "TARGET", required_unless_present = "repos", value_parser = crate::driver::location_arg::location::<Location>(), hide_possible_values = true)]
    pub target: Option<Location>,

    /// With two owners: migrate the repositories the target owner has and
    /// name the others, instead of stopping before any write
    #[arg(long)]
    pub skip_missing: bool,

    #[command(flatten)]
    pub batch: BatchArgs,

    #[command(flatten)]
    pub kinds: KindsArgs,

    #[command(flatten)]
    pub write: WriteArgs,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub async fn run(args: MigrateArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let started = Started::now();
    if let Some(report) = &args.write.report {
        crate::files::check_output(report, "--report", &[])?;
    }
    args.write.report_format()?;
    let work = resolve(
        args.source.clone(),
        args.target.clone(),
        &args.batch,
        &args.connect,
        printer,
    )
    .await;
    // Owners that could not be listed: `--json` and `--report` still say so.
    let work = work.map_err(|error| match code_for(&error) {
        Exit::Invalid => error,
        _ => {
            let named = |location: &Option<Location>| match (location, &args.batch.repos) {
                (Some(location), _) => location.to_string(),
                (None, Some(file)) => file.display().to_string(),
                (None, None) => String::new(),
            };
            let (source, target) = (named(&args.source), named(&args.target));
            report_unplanned(error, (&source, &target, &started), &args.write, printer)
        }
    })?;
    match work {
        Work::One { source, target } => {
            migrate_one(&args, &source, &target, started, printer).await
        }
        Work::Many(batch) => batch::run(batch, &args, printer).await,
    }
}

/// Migrates one repository, kind after kind. Before the first write, every
/// later kind's source is read and mapped too, so that input that cannot
/// be migrated stops the run with nothing written (exit 2).
async fn migrate_one(
    args: &MigrateArgs,
    source: &RepoRef,
    target: &RepoRef,
    started: Started,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let kinds = args.kinds.kinds();
    check_supported(&kinds, &[source.provider, target.provider])?;
    let mut preread = Preread::default();
    if !args.write.dry_run {
        for kind in kinds.iter().skip(1) {
            let read = with_kind!(*kind, target.provider, T => preflight::<T>(args, source, printer, &mut preread).await);
            read.map_err(|error| {
                let names = (source.to_string(), target.to_string());
                report_unplanned(error, (&names.0, &names.1, &started), &args.write, printer)
            })?;
        }
    }
    // One hold on the target for every kind: a second run waits for the
    // whole of this one, not between its milestones and its labels.
    let session = with_kind!(kinds[0], target.provider, T => {
        let endpoint = args.connect.connect::<T>(target)?;
        WriteSession::begin(&endpoint, "migrate", &args.write, printer).await
    })
    .map_err(|error| {
        let names = (source.to_string(), target.to_string());
        report_unplanned(error, (&names.0, &names.1, &started), &args.write, printer)
    })?;
    let passes = Passes::new(&kinds, args.write.json, printer);
    passes
        .each(&kinds, async |kind| {
            let mut args = args.clone();
            args.write.report = args.write.report.map(|path| path_for(&path, *kind, &kinds));
            let started = started.clone();
            with_kind!(*kind, target.provider, T => {
                let read = <<T as crate::forge::Mapper>::Record as Readable>::take(&mut preread);
                migrate_to::<T>(&args, (source, target), read, (started, &session), printer).await
            })
        })
        .await
}

/// Reads the source's objects of `T`'s kind and maps them for `T`: an
/// error when any cannot be migrated.
async fn preflight<T: Forge>(
    args: &MigrateArgs,
    source_repo: &RepoRef,
    printer: &Printer,
    preread: &mut Preread,
) -> anyhow::Result<()>
where
    T::Record: Readable,
{
    let source = connect_source::<T::Record>(source_repo, &args.connect)?;
    let read = source.read(printer).await?;
    crate::pipeline::map::map_records::<T>(read.0.clone(), &args.write.mapping())
        .map_err(crate::pipeline::run::RunError::Invalid)?;
    T::Record::stash(preread, read);
    Ok(())
}

/// Migrates the objects of `T`'s kind, under the run's hold on the
/// target; `read` is the source already read for this kind, when it was.
async fn migrate_to<T: Forge>(
    args: &MigrateArgs,
    (source_repo, target_repo): (&RepoRef, &RepoRef),
    read: Option<(Vec<T::Record>, String)>,
    (started, session): (Started, &WriteSession),
    printer: &Printer,
) -> anyhow::Result<ExitCode>
where
    T::Record: Readable,
{
    let source = connect_source(source_repo, &args.connect)?;
    let target = args.connect.connect::<T>(target_repo)?;
    let names = (source_repo.to_string(), target_repo.to_string());
    let unplanned = |error: anyhow::Error| {
        report_unplanned(error, (&names.0, &names.1, &started), &args.write, printer)
    };
    // Both repositories are read at once: reading is safe before the input
    // is checked, and it halves the wait before the first write.
    let read = async {
        match read {
            Some(read) => Ok((read, read_all(&target, printer).await?)),
            None => tokio::try_join!(source.read(printer), read_all(&target, printer)),
        }
    };
    let ((records, counted), existing) = tokio::select! {
        read = read => read.map_err(unplanned)?,
        () = session.stop.wait() => {
            return Err(unplanned(Interrupted("stopped before anything was written".to_owned()).into()))
        }
    };
    printer.note(format!("read {counted} from {source_repo}"));
    let traffic = || source.traffic();
    migrate_and_report(
        Start::Records(records, Some(existing)),
        &target,
        RunContext {
            source_name: source_repo.to_string(),
            source_traffic: Some(&traffic),
            started,
            session,
        },
        &args.connect,
        &args.write,
        printer,
    )
    .await
}
