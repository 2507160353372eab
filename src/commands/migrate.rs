//! `mileport migrate SOURCE TARGET`: read every milestone of the source,
//! map it, and create or update it on the target. Safe to repeat.

use std::process::ExitCode;

use clap::Args;

use super::common::{ConnectArgs, RunSource, WriteArgs, migrate_and_report, read_all};
use crate::{pipeline::run::RunError, printer::Printer, providers::RepoRef};

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Where the milestones come from: gitcode:OWNER/REPO or sourcecraft:ORG/REPO
    #[arg(value_name = "SOURCE")]
    pub source: RepoRef,

    /// Where they go: gitcode:OWNER/REPO or sourcecraft:ORG/REPO
    #[arg(value_name = "TARGET")]
    pub target: RepoRef,

    #[command(flatten)]
    pub write: WriteArgs,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub async fn run(args: MigrateArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let started = RunSource::start();
    args.write.report_format()?;
    let source = args.connect.connect(&args.source)?;
    let target = args.connect.connect(&args.target)?;
    // Both repositories are read at once: reading is safe before the input
    // is checked, and it halves the wait before the first write.
    let (listing, existing) =
        tokio::try_join!(read_all(&source, printer), read_all(&target, printer))?;
    let records = listing.to_records().map_err(RunError::Invalid)?;
    printer.note(format!(
        "read {} milestones from {}",
        records.len(),
        args.source
    ));

    migrate_and_report(
        records,
        &target,
        Some(existing),
        RunSource {
            name: args.source.to_string(),
            endpoint: Some(&source),
            ..started
        },
        &args.connect,
        &args.write,
        printer,
    )
    .await
}
