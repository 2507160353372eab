//! `mileport migrate SOURCE TARGET`: read every milestone of the source,
//! map it, and create or update it on the target. Safe to repeat.

use std::process::ExitCode;

use clap::Args;

use super::common::{ConnectArgs, WriteArgs, counted, migrate_and_report, read_all};
use crate::{pipeline::run::RunError, providers::RepoRef};

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

pub async fn run(args: MigrateArgs) -> anyhow::Result<ExitCode> {
    let source = args.connect.connect(&args.source)?;
    let target = args.connect.connect(&args.target)?;
    let progress = args.connect.progress();
    // Both repositories are read at once: reading is safe before the input
    // is checked, and it halves the wait before the first write.
    let (listing, existing) =
        tokio::try_join!(read_all(&source, &progress), read_all(&target, &progress))?;
    let records = listing.to_records().map_err(RunError::Invalid)?;
    args.connect
        .note(format!("read {} from {}", counted(&listing), args.source));

    migrate_and_report(
        records,
        &target,
        Some(existing),
        args.source.to_string(),
        &args.connect,
        &args.write,
    )
    .await
}
