//! `mileport migrate SOURCE TARGET`: read every milestone of the source,
//! map it, and create or update it on the target. Safe to repeat.

use std::process::ExitCode;

use clap::Args;

use super::{
    common::{ConnectArgs, RunContext, Started, WriteArgs, migrate_and_report, read_all},
    guard::WriteSession,
    source::connect_source,
};
use crate::{
    exit::Interrupted,
    printer::Printer,
    providers::{RepoRef, forge::Forge},
    with_forge,
};

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
    with_forge!(args.target.provider, T => migrate_to::<T>(args, printer).await)
}

async fn migrate_to<T: Forge>(args: MigrateArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let started = Started::now();
    if let Some(report) = &args.write.report {
        crate::files::check_output(report, "--report", &[])?;
    }
    args.write.report_format()?;
    let source = connect_source(&args.source, &args.connect)?;
    let target = args.connect.connect::<T>(&args.target)?;
    let session = WriteSession::begin(&target, "migrate", &args.write, printer).await?;
    // Both repositories are read at once: reading is safe before the input
    // is checked, and it halves the wait before the first write.
    let read = async { tokio::try_join!(source.read(printer), read_all(&target, printer)) };
    let ((records, counted), existing) = tokio::select! {
        read = read => read?,
        () = session.stop.wait() => {
            return Err(Interrupted("stopped before anything was written".to_owned()).into())
        }
    };
    printer.note(format!("read {counted} from {}", args.source));
    let traffic = || source.traffic();
    migrate_and_report(
        records,
        &target,
        existing,
        RunContext {
            source_name: args.source.to_string(),
            source_traffic: Some(&traffic),
            started,
            session: &session,
        },
        &args.connect,
        &args.write,
        printer,
    )
    .await
}
