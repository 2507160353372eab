//! `mileport validate FILE`: read a backup and check every row, as
//! `import` would before its first request, without talking to any provider.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

use super::import::records_of;
use crate::{
    document::{Document, Kind},
    exit::{Exit, code_for},
    files::{self, Format},
    mapping::MappingError,
    pipeline::run::RunError,
    printer::Printer,
    providers::Provider,
    record::State,
    with_forge,
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

/// What `validate --json` prints: the provider the file is a backup of
/// (when it can be told), the counts of what was read, and every problem.
#[derive(Debug, Default, serde::Serialize)]
struct Verdict {
    file: String,
    valid: bool,
    provider: Option<Provider>,
    /// Rows read: those that can be imported and those that cannot.
    milestones: usize,
    /// Rows that cannot be imported.
    invalid: usize,
    closed: usize,
    without_due_date: usize,
    /// Every problem, with where and why.
    problems: Vec<Problem>,
}

/// One problem, as scripts read it.
#[derive(Debug, serde::Serialize)]
struct Problem {
    file: String,
    /// The line (CSV) or the record (JSON) the problem is at; none for a
    /// problem with the whole file.
    line: Option<u64>,
    /// The column or property; none for a problem with the whole file.
    field: Option<String>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

impl Problem {
    /// A row's problem: its origin is `file:line` (CSV), or
    /// `file: milestones[N]` (JSON), which the message names.
    fn of_row(error: &MappingError, file: &str) -> Problem {
        let field = format!("field `{}` {}", error.field, error.problem);
        let (at, line, message) = match error.origin.rsplit_once(':') {
            Some((at, place)) => match place.parse::<u64>() {
                Ok(line) => (at, Some(line), field),
                Err(_) => (at, None, format!("{}: {field}", place.trim())),
            },
            None => (file, None, field),
        };
        Problem {
            file: at.to_owned(),
            line,
            field: Some(error.field.clone()),
            message,
            value: error.value.clone(),
        }
    }

    /// A problem with the whole file (it cannot be opened, or is damaged).
    fn of_file(error: &anyhow::Error, file: &str) -> Problem {
        Problem {
            file: file.to_owned(),
            line: None,
            field: None,
            message: crate::redact::scrub(&format!("{error:#}")).into_owned(),
            value: None,
        }
    }
}

/// Reads the whole file, counting as it goes: the verdict, and the error
/// that makes it invalid.
fn read(args: &ValidateArgs) -> (Verdict, Option<anyhow::Error>) {
    let file = args.file.display().to_string();
    let mut verdict = Verdict {
        file: file.clone(),
        ..Verdict::default()
    };
    let (mut total, mut closed, mut undated) = (0_usize, 0_usize, 0_usize);
    let read = files::open_backup(&args.file, args.format)
        .map_err(anyhow::Error::from)
        .and_then(|reader| {
            verdict.provider = Some(reader.provider);
            with_forge!(reader.provider, F => records_of::<F>(reader, &mut |record| {
                total += 1;
                closed += usize::from(record.state == State::Closed);
                undated += usize::from(record.due.is_none());
            }))
        });
    let error = read.err();
    if let Some(error) = &error {
        verdict.problems = match error.downcast_ref::<RunError>() {
            Some(RunError::Invalid(errors)) => {
                errors.iter().map(|e| Problem::of_row(e, &file)).collect()
            }
            _ => vec![Problem::of_file(error, &file)],
        };
    }
    let rows: std::collections::BTreeSet<(&str, Option<u64>)> = verdict
        .problems
        .iter()
        .filter(|p| p.line.is_some())
        .map(|p| (p.file.as_str(), p.line))
        .collect();
    verdict.invalid = rows.len();
    verdict.milestones = total + verdict.invalid;
    verdict.closed = closed;
    verdict.without_due_date = undated;
    verdict.valid = error.is_none();
    (verdict, error)
}

pub async fn run(args: ValidateArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    // Counted as read: a file of any length takes little memory.
    let (verdict, error) = read(&args);
    if args.json {
        printer.out_json(&Document::new(Kind::Validate, &verdict))?;
        return Ok(error.map_or(Exit::Success, |e| code_for(&e)).into());
    }
    if let Some(error) = error {
        return Err(error);
    }
    printer.out(format!(
        "{}: {} {} milestones ({} closed, {} without a due date), all valid",
        args.file.display(),
        verdict.milestones,
        verdict.provider.map(|p| p.to_string()).unwrap_or_default(),
        verdict.closed,
        verdict.without_due_date,
    ))?;
    Ok(Exit::Success.into())
}
