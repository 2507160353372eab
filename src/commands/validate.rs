//! `mileport validate FILE`: read a backup and check every row, as
//! `import` would before its first request, without talking to any provider.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

use super::import::read_records;
use crate::{exit::Exit, files::Format, record::State};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A backup written by `mileport export` (or by hand in the same format)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The file format, when the file name does not say
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,
}

pub async fn run(args: ValidateArgs) -> anyhow::Result<ExitCode> {
    let (provider, records) = read_records(&args.file, args.format)?;
    let closed = records.iter().filter(|r| r.state == State::Closed).count();
    let undated = records.iter().filter(|r| r.due.is_none()).count();
    println!(
        "{}: {} {provider} milestones ({closed} closed, {undated} without a due date), all valid",
        args.file.display(),
        records.len(),
    );
    Ok(Exit::Success.into())
}
