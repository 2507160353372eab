//! `mileport validate FILE`: read a backup and check every row, as
//! `import` would before its first request, without talking to any provider.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

use super::import::for_each_record;
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
    // Counted as read: a file of any length takes little memory.
    let (mut total, mut closed, mut undated) = (0_u64, 0_u64, 0_u64);
    let provider = for_each_record(&args.file, args.format, |record| {
        total += 1;
        closed += u64::from(record.state == State::Closed);
        undated += u64::from(record.due.is_none());
    })?;
    println!(
        "{}: {total} {provider} milestones ({closed} closed, {undated} without a due date), all valid",
        args.file.display(),
    );
    Ok(Exit::Success.into())
}
