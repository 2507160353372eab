//! `mileport validate FILE`: read a backup and check every row, as
//! `import` would before its first request, without talking to any provider.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

use crate::driver::source::Readable;
use crate::{
    document::{Document, Kind},
    exit::{Exit, code_for},
    files::{self, Format},
    mapping::MappingError,
    pipeline::run::RunError,
    printer::Printer,
    provider::Provider,
    record::{Kind as RecordKind, LabelRecord, MilestoneRecord, State},
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
    /// Labels read (of a labels file, or of a JSON file that holds them),
    /// those that cannot be imported included.
    #[serde(skip_serializing_if = "Option::is_none")]
    labels: Option<usize>,
    /// Rows that cannot be imported.
    invalid: usize,
    closed: usize,
    without_due_date: usize,
    /// Every problem, with where and why.
    problems: Vec<Problem>,
    /// The file is a CSV file of labels.
    #[serde(skip)]
    labels_file: bool,
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
/// that makes it invalid. A CSV file holds milestones or labels; a JSON
/// file may hold both, and both are checked.
fn read(args: &ValidateArgs) -> (Verdict, Option<anyhow::Error>) {
    let file = args.file.display().to_string();
    let mut verdict = Verdict {
        file: file.clone(),
        ..Verdict::default()
    };
    let (mut total, mut closed, mut undated, mut labels) = (0_usize, 0_usize, 0_usize, 0_usize);
    let mut holds_labels = false;
    let read = files::open_backup(&args.file, args.format)
        .map_err(anyhow::Error::from)
        .and_then(|mut reader| {
            verdict.provider = Some(reader.provider);
            if reader.kind == RecordKind::Labels {
                holds_labels = true;
                verdict.labels_file = true;
                return LabelRecord::read_backup(&mut reader, &mut |_| labels += 1);
            }
            MilestoneRecord::read_backup(&mut reader, &mut |record| {
                total += 1;
                closed += usize::from(record.state == State::Closed);
                undated += usize::from(record.due.is_none());
            })?;
            if args.format == Some(Format::Csv)
                || files::Format::from_path(&args.file) == Some(Format::Csv)
            {
                return Ok(());
            }
            let mut reader = files::open_backup_of(&args.file, args.format, RecordKind::Labels)?;
            LabelRecord::read_backup(&mut reader, &mut |_| labels += 1)?;
            holds_labels = reader.held_the_list();
            Ok(())
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
    if holds_labels {
        verdict.milestones = total;
        verdict.labels = Some(labels + verdict.invalid);
    } else {
        verdict.milestones = total + verdict.invalid;
    }
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
    let provider = verdict.provider.map(|p| p.to_string()).unwrap_or_default();
    let labels_only = verdict.labels_file;
    let counted = match verdict.labels {
        Some(labels) if labels_only => format!("{labels} {provider} labels"),
        labels => format!(
            "{} {provider} milestones ({} closed, {} without a due date){}",
            verdict.milestones,
            verdict.closed,
            verdict.without_due_date,
            labels
                .map(|n| format!(" and {n} labels"))
                .unwrap_or_default()
        ),
    };
    printer.out(format!("{}: {counted}, all valid", args.file.display()))?;
    Ok(Exit::Success.into())
}
