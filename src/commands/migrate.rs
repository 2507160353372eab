//! `mileport migrate SOURCE TARGET`: read every milestone of the source,
//! map it, and create or update it on the target. Safe to repeat.

use std::process::ExitCode;

use clap::Args;

use super::{
    common::{ConnectArgs, RunContext, Started, WriteArgs, counted, migrate_and_report, read_all},
    guard::WriteSession,
};
use crate::{exit::Interrupted, pipeline::run::RunError, printer::Printer, providers::RepoRef};

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
    let started = Started::now();
    if let Some(report) = &args.write.report {
        crate::files::check_output(report, "--report", &[])?;
    }
    args.write.report_format()?;
    let source = args.connect.connect(&args.source)?;
    let target = args.connect.connect(&args.target)?;
    let session = WriteSession::begin(&target, "migrate", &args.write, printer).await?;
    // Both repositories are read at once: reading is safe before the input
    // is checked, and it halves the wait before the first write.
    let read = async { tokio::try_join!(read_all(&source, printer), read_all(&target, printer)) };
    let (listing, existing) = tokio::select! {
        read = read => read?,
        () = session.stop.wait() => {
            return Err(Interrupted("stopped before anything was written".to_owned()).into())
        }
    };
    let records = listing.to_records().map_err(RunError::Invalid)?;
    printer.note(format!("read {} from {}", counted(&listing), args.source));

    migrate_and_report(
        records,
        &target,
        existing,
        RunContext {
            source_name: args.source.to_string(),
            source: Some(&source),
            started,
            session: &session,
        },
        &args.connect,
        &args.write,
        printer,
    )
    .await
}
