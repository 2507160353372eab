//! `mileport validate FILE`: read a backup and check every row, as
//! `import` would before its first request, without talking to any provider.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

use super::import::for_each_record;
use crate::{
    exit::{Exit, code_for},
    files::Format,
    mapping::MappingError,
    pipeline::run::RunError,
    printer::Printer,
    providers::Provider,
    record::State,
};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A backup written by `mileport export` (or by hand in the same format)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The file format, when the file name does not say
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Print the verdict as one JSON document on stdout
    #[arg(long)]
    pub json: bool,
}

/// What `validate --json` prints.
#[derive(Debug, serde::Serialize)]
struct Verdict {
    file: String,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<Provider>,
    milestones: usize,
    closed: usize,
    without_due_date: usize,
    /// Every row that cannot be imported, with where and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<MappingError>,
}

pub async fn run(args: ValidateArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    // Counted as read: a file of any length takes little memory.
    let (mut total, mut closed, mut undated) = (0_usize, 0_usize, 0_usize);
    let counted = for_each_record(&args.file, args.format, |record| {
        total += 1;
        closed += usize::from(record.state == State::Closed);
        undated += usize::from(record.due.is_none());
    });
    let provider = match counted {
        Ok(provider) => provider,
        Err(error) if args.json => {
            // Rows that cannot be mapped are listed one by one; any other
            // problem (a damaged file) is one error.
            let errors = match error.downcast_ref::<RunError>() {
                Some(RunError::Invalid(errors)) => errors.clone(),
                _ => vec![MappingError::new(
                    args.file.display(),
                    "-",
                    format!("{error:#}"),
                )],
            };
            printer.out_json(&Verdict {
                file: args.file.display().to_string(),
                valid: false,
                provider: None,
                milestones: 0,
                closed: 0,
                without_due_date: 0,
                errors,
            })?;
            return Ok(code_for(&error).into());
        }
        Err(error) => return Err(error),
    };
    if args.json {
        printer.out_json(&Verdict {
            file: args.file.display().to_string(),
            valid: true,
            provider: Some(provider),
            milestones: total,
            closed,
            without_due_date: undated,
            errors: Vec::new(),
        })?;
    } else {
        printer.out(format!(
            "{}: {total} {provider} milestones ({closed} closed, {undated} without a due date), all valid",
            args.file.display(),
        ))?;
    }
    Ok(Exit::Success.into())
}
