//! `mileport migrate SOURCE TARGET`: read every milestone of the source,
//! map it, and create or update it on the target. Safe to repeat.

use std::process::ExitCode;

use clap::Args;

use super::common::{ConnectArgs, WriteArgs, finish_run, read_all, render_plan};
use crate::{
    mapping::MappingOptions,
    pipeline::{
        report::Report,
        run::{RunError, RunOptions, migrate_records},
    },
    providers::RepoRef,
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

pub async fn run(args: MigrateArgs) -> anyhow::Result<ExitCode> {
    let source = args.connect.connect(&args.source)?;
    let target = args.connect.connect(&args.target)?;
    let progress = args.connect.progress();
    let listing = read_all(&source, progress).await?;
    let records = listing.to_records().map_err(RunError::Invalid)?;
    args.connect.note(format!(
        "read {} milestones from {}",
        records.len(),
        args.source
    ));

    let options = RunOptions {
        dry_run: args.write.dry_run,
        concurrency: usize::from(args.connect.concurrency),
        mapping: MappingOptions {
            default_due_on: args.write.default_due_on,
        },
    };
    let observer = progress.migration();
    let result = migrate_records(records, &target, &options, &observer).await;
    observer.finish();
    let result = result?;
    if args.write.dry_run {
        print!("{}", render_plan(&result.plan));
    }
    let report = Report::new(
        args.source.to_string(),
        args.target.to_string(),
        args.write.dry_run,
        &result,
    );
    Ok(finish_run(&args.connect, &args.write, &report)?.into())
}
