//! `mileport import FILE TARGET`: restore or move a backup (CSV or JSON,
//! from either provider) into a repository. Every row is validated before
//! the first request to the target; safe to repeat.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

use super::common::{ConnectArgs, WriteArgs, migrate_and_report};
use crate::{
    files::{self, Format, Milestones},
    mapping,
    pipeline::{endpoint::collect_all, run::RunError},
    providers::{Provider, RepoRef},
    record::MilestoneRecord,
};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A backup written by `mileport export` (or by hand in the same format)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Where the milestones go: gitcode:OWNER/REPO or sourcecraft:ORG/REPO
    #[arg(value_name = "TARGET")]
    pub target: RepoRef,

    /// The file format, when the file name does not say
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,

    #[command(flatten)]
    pub write: WriteArgs,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

/// Reads a backup file into records, or every reason it cannot be. Each
/// provider milestone is dropped as soon as its record is made, so a large
/// file is held once, not twice.
pub fn read_records(
    file: &std::path::Path,
    format: Option<Format>,
) -> anyhow::Result<(Provider, Vec<MilestoneRecord>)> {
    let backup = files::read_backup(file, format)?;
    let results: Vec<_> = match backup.milestones {
        Milestones::GitCode(items) => items
            .into_iter()
            .map(|item| {
                mapping::gitcode::to_record(&item.milestone, Some(item.location.to_string()))
            })
            .collect(),
        Milestones::SourceCraft(items) => items
            .into_iter()
            .map(|item| {
                mapping::sourcecraft::to_record(&item.milestone, Some(item.location.to_string()))
            })
            .collect(),
    };
    let records = collect_all(results).map_err(RunError::Invalid)?;
    Ok((backup.provider, records))
}

pub async fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    // The file is read and checked before anything connects to the target.
    let (provider, records) = read_records(&args.file, args.format)?;
    let target = args.connect.connect(&args.target)?;
    args.connect.note(format!(
        "read {} {} milestones from {}",
        records.len(),
        provider,
        args.file.display()
    ));
    migrate_and_report(
        records,
        &target,
        None,
        args.file.display().to_string(),
        &args.connect,
        &args.write,
    )
    .await
}
