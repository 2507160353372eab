//! `mileport check SOURCE TARGET`: are the target's milestones what the
//! source's become after mapping? Prints the differences as a table (or
//! JSON) and exits 0 when there are none, 1 when there are, and 3 when it
//! could not read both sides. Two owners, or `--repos FILE`, compare
//! many pairs (`batch_check.rs`). A backup file as SOURCE is read as
//! `import` reads it: proof that a restore landed.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;
use serde::Serialize;

mod batch;

use self::batch::BatchCheckDocument;
use crate::driver::{
    backup_input::{counted_records, read_held},
    batch::{BatchArgs, Work, resolve},
    common::{ConnectArgs, counted, invalid, read_all},
    kinds::{KindsArgs, Passes, check_supported},
    source::{Readable, Source, connect_source},
};
use crate::{
    document::{Document, Kind},
    exit::{Exit, code_for},
    forge::Forge,
    location::{Location, LocationError},
    mapping::MappingOptions,
    pipeline::{endpoint::Listing, map::map_records, plan, report::Failure, run::RunError, verify},
    printer::Printer,
    provider::RepoRef,
    record::{Kind as RecordKind, LabelRecord, MilestoneRecord, Neutral},
    views::check::{Difference, differences, table},
    with_forge, with_kind, with_labels,
};

#[derive(Clone, Debug, Args)]
pub struct CheckArgs {
    /// The repository the milestones came from, an owner for all of its
    /// repositories, or a backup file (CSV or JSON, as `import` reads it)
    #[arg(value_name = "SOURCE", required_unless_present = "repos", value_parser = crate::driver::location_arg::LocationParser::new(parse_source), hide_possible_values = true)]
    pub source: Option<CheckSource>,

    /// The repository that should hold them, or the owner whose
    /// repositories of the same names should
    #[arg(value_name = "TARGET", required_unless_present = "repos", value_parser = crate::driver::location_arg::location::<Location>(), hide_possible_values = true)]
    pub target: Option<Location>,

    #[command(flatten)]
    pub batch: BatchArgs,

    /// The due date a migration gave milestones without a deadline (GitCode targets)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::driver::common::parse_date)]
    pub default_due_on: Option<chrono::NaiveDate>,

    /// The rule a migration used for titles several source milestones
    /// share, on a target that keeps titles unique (GitHub)
    #[arg(long, value_name = "RULE", value_enum, default_value_t = crate::mapping::RepeatedTitles::Refuse)]
    pub repeated_titles: crate::mapping::RepeatedTitles,

    /// Milestones only on the target are listed but are no difference:
    /// for targets that held milestones of their own before the migration
    #[arg(long)]
    pub ignore_extra: bool,

    /// Print the differences as one JSON document on stdout
    #[arg(long)]
    pub json: bool,

    /// The zone in which SourceCraft deadlines are calendar dates, as given
    /// to the migration (an IANA name or an offset such as +03:00) [default: UTC]
    #[arg(long, value_name = "ZONE", value_parser = crate::driver::common::parse_zone)]
    pub timezone: Option<crate::mapping::dates::Zone>,

    #[command(flatten)]
    pub kinds: KindsArgs,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

/// What `check` compares the target with.
#[derive(Clone, Debug)]
pub enum CheckSource {
    Location(Location),
    Backup(PathBuf),
}

/// A repository or owner when the text names one; else a backup file when
/// one is there or the name ends in `.csv` or `.json`.
fn parse_source(text: &str) -> Result<CheckSource, String> {
    text.parse()
        .map(CheckSource::Location)
        .or_else(|error: LocationError| {
            let path = PathBuf::from(text);
            if path.is_file() || crate::files::Format::from_path(&path).is_some() {
                Ok(CheckSource::Backup(path))
            } else {
                Err(error.to_string())
            }
        })
}

/// What `check --json` prints for one pair.
#[derive(Clone, Debug, Serialize)]
pub struct CheckDocument {
    /// What was compared, when it is not milestones: `labels`.
    #[serde(skip_serializing_if = "is_milestones")]
    pub objects: RecordKind,
    pub source: String,
    pub target: String,
    pub equal: bool,
    pub milestones: usize,
    pub missing: usize,
    pub differing: usize,
    pub only_on_target: usize,
    /// Source milestones the target holds more copies of than the source.
    pub duplicated: usize,
    pub unchanged: usize,
    /// Whether milestones only on the target were left out of `equal`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub extra_ignored: bool,
    pub differences: Vec<Difference>,
}

impl CheckDocument {
    /// The differences that count: all but the ignored extras.
    pub fn counted_differences(&self) -> usize {
        match self.extra_ignored {
            true => self.differences.len() - self.only_on_target,
            false => self.differences.len(),
        }
    }
}

fn is_milestones(kind: &RecordKind) -> bool {
    *kind == RecordKind::Milestones
}

fn only_on_target(rows: &[Difference]) -> usize {
    rows.iter().filter(|r| r.kind == "only_on_target").count()
}

fn duplicated(rows: &[Difference]) -> usize {
    rows.iter().filter(|r| r.kind == "duplicated").count()
}

pub async fn run(args: CheckArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let source = match args.source.clone() {
        Some(CheckSource::Backup(file)) => return check_backup(&args, &file, printer).await,
        Some(CheckSource::Location(location)) => Some(location),
        None => None,
    };
    let names = (name_of(&source, &args), name_of(&args.target, &args));
    let work = resolve(
        source,
        args.target.clone(),
        &args.batch,
        &args.connect,
        printer,
    )
    .await;
    // Owners that cannot be listed still give `--json` its document.
    let work = work.inspect_err(|error| {
        if code_for(error) != Exit::Invalid {
            say_failure(&args, printer, (&names.0, &names.1), error);
        }
    })?;
    match work {
        Work::One { source, target } => {
            let kinds = args.kinds.kinds();
            check_supported(&kinds, &[source.provider, target.provider])?;
            let passes = Passes::new(&kinds, args.json, printer);
            passes
                .each(kinds.iter().copied(), async |kind| {
                    let checked = with_kind!(kind, target.provider, T => check_against::<T>(&args, &source, &target, printer).await);
                    checked.inspect_err(|error| {
                        let names = (source.to_string(), target.to_string());
                        say_failure(&args, printer, (&names.0, &names.1), error);
                    })
                })
                .await
        }
        Work::Many(batch) => batch::run(batch, &args, printer).await,
    }
}

/// How the document names one side: its location, else the pairs file.
fn name_of(location: &Option<Location>, args: &CheckArgs) -> String {
    match (location, &args.batch.repos) {
        (Some(location), _) => location.to_string(),
        (None, Some(file)) => file.display().to_string(),
        (None, None) => String::new(),
    }
}

/// With `--json`, the document of a check that failed before it compared;
/// the error itself is said on stderr whatever becomes of stdout.
fn say_failure(args: &CheckArgs, printer: &Printer, names: (&str, &str), error: &anyhow::Error) {
    if args.json {
        let failed = BatchCheckDocument::of_failure(
            names.0.to_owned(),
            names.1.to_owned(),
            Failure::of_error(error),
        );
        let _ = printer.out_json(&Document::new(Kind::Check, &failed));
    }
}

impl CheckArgs {
    pub fn mapping(&self) -> MappingOptions {
        MappingOptions {
            default_due_on: self.default_due_on,
            timezone: self.timezone,
            repeated_titles: self.repeated_titles,
        }
    }
}

/// Compares what was read of both sides: the source's records mapped for
/// the target, planned against the target's listing.
pub fn compare<T: Forge>(
    source: &str,
    target: &RepoRef,
    records: Vec<T::Record>,
    target_listing: &Listing<T>,
    args: &CheckArgs,
) -> Result<CheckDocument, RunError> {
    let mapped = map_records::<T>(records, &args.mapping()).map_err(RunError::Invalid)?;
    let plan = plan::plan(mapped, target_listing);
    let duplicates = verify::find_duplicates(&plan, target_listing);
    let rows = differences(&plan, &duplicates);
    let counts = plan.counts();
    let mut document = CheckDocument {
        objects: <T::Record as Neutral>::KIND,
        source: source.to_owned(),
        target: target.to_string(),
        equal: false,
        milestones: plan.items.len(),
        missing: counts.create,
        differing: counts.update,
        only_on_target: only_on_target(&rows),
        duplicated: duplicated(&rows),
        unchanged: counts.unchanged,
        extra_ignored: args.ignore_extra,
        differences: rows,
    };
    document.equal = document.counted_differences() == 0;
    Ok(document)
}

/// Reads both sides without spinners and compares them: one pair of a batch.
pub async fn compare_quietly<T: Forge>(
    source_repo: &RepoRef,
    target_repo: &RepoRef,
    args: &CheckArgs,
) -> anyhow::Result<(CheckDocument, Vec<String>)>
where
    T::Record: Readable,
{
    let source: Box<dyn Source<T::Record>> = connect_source(source_repo, &args.connect)?;
    let target = args.connect.connect::<T>(target_repo)?;
    let (read, (listing, mut warnings)) = tokio::try_join!(source.read_quietly(), async {
        target.list(|_| {}).await.map_err(anyhow::Error::from)
    })?;
    warnings.extend(read.warnings);
    let document = compare(
        &source_repo.to_string(),
        target_repo,
        read.records,
        &listing,
        args,
    )?;
    Ok((document, warnings))
}

/// The table of differences, then the line that counts them.
fn print_differences(document: &CheckDocument, printer: &Printer) -> std::io::Result<()> {
    printer.out_lines(table(
        &document.differences,
        document.objects,
        printer.width(),
        printer.color(),
    ))?;
    printer.out(differences_line(document))
}

/// The closing line of a comparison with differences.
pub fn differences_line(document: &CheckDocument) -> String {
    let duplicates = match document.duplicated {
        0 => String::new(),
        n => format!("{n} duplicated on the target, "),
    };
    let ignored = match document.extra_ignored {
        true => " (ignored)",
        false => "",
    };
    format!(
        "{} differences: {} missing on the target, {} differing, {duplicates}{} only on the target{ignored}, {} equal",
        document.counted_differences(),
        document.missing,
        document.differing,
        document.only_on_target,
        document.unchanged
    )
}

async fn check_against<T: Forge>(
    args: &CheckArgs,
    source_repo: &RepoRef,
    target_repo: &RepoRef,
    printer: &Printer,
) -> anyhow::Result<ExitCode>
where
    T::Record: Readable,
{
    let source = connect_source(source_repo, &args.connect)?;
    let target = args.connect.connect::<T>(target_repo)?;
    let ((records, source_counted), target_listing) =
        tokio::try_join!(source.read(printer), read_all(&target, printer))?;
    let read = Read {
        source: source_repo.to_string(),
        counted: source_counted,
        records,
    };
    report(args, read, target_repo, &target_listing, printer)
}

/// `check FILE TARGET`: the backup is read and checked whole (exit 2 for
/// a bad one) before the first request to the target.
async fn check_backup(
    args: &CheckArgs,
    file: &std::path::Path,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let target = match &args.target {
        Some(Location::Repo(repo)) => repo.clone(),
        _ => {
            return Err(invalid(format!(
                "{} is a backup of one repository: name one target repository as PROVIDER:OWNER/REPO",
                file.display()
            )));
        }
    };
    let kinds = args.kinds.kinds();
    let mut held = Vec::new();
    for kind in &kinds {
        // Every kind is read before the first request to the target.
        let read = match kind {
            RecordKind::Milestones => read_backup::<MilestoneRecord>(file)?.map(Held::from),
            RecordKind::Labels => read_backup::<LabelRecord>(file)?.map(Held::from),
        };
        held.extend(read);
    }
    let present: Vec<RecordKind> = held.iter().map(Held::kind).collect();
    if present.is_empty() {
        let asked: Vec<&str> = kinds.iter().map(|kind| kind.many()).collect();
        return Err(invalid(format!(
            "{} holds none of the {} asked for",
            file.display(),
            asked.join(" and ")
        )));
    }
    check_supported(&present, &[target.provider])?;
    let passes = Passes::new(&present, args.json, printer);
    passes
        .each(held, async |read| match read {
            Held::Milestones(read) => with_forge!(target.provider, T => {
                let connected = args.connect.connect::<T>(&target)?;
                let listing = read_all(&connected, printer).await?;
                report(args, read, &target, &listing, printer)
            }),
            Held::Labels(read) => with_labels!(target.provider, T => {
                let connected = args.connect.connect::<T>(&target)?;
                let listing = read_all(&connected, printer).await?;
                report(args, read, &target, &listing, printer)
            }),
        })
        .await
}

/// A backup's records of `R`'s kind, when it holds them.
fn read_backup<R: Readable>(file: &std::path::Path) -> anyhow::Result<Option<Read<R>>> {
    Ok(read_held::<R>(file, None)?.map(|input| Read {
        source: file.display().to_string(),
        counted: counted_records(input.provider, &input.records),
        records: input.records,
    }))
}

/// What a backup held of one kind.
enum Held {
    Milestones(Read<MilestoneRecord>),
    Labels(Read<LabelRecord>),
}

impl Held {
    fn kind(&self) -> RecordKind {
        match self {
            Held::Milestones(_) => RecordKind::Milestones,
            Held::Labels(_) => RecordKind::Labels,
        }
    }
}

impl From<Read<MilestoneRecord>> for Held {
    fn from(read: Read<MilestoneRecord>) -> Held {
        Held::Milestones(read)
    }
}

impl From<Read<LabelRecord>> for Held {
    fn from(read: Read<LabelRecord>) -> Held {
        Held::Labels(read)
    }
}

/// What was read of the source side.
struct Read<R> {
    /// The repository or file, as output names it.
    source: String,
    /// `12 milestones (9 open, 3 closed)`.
    counted: String,
    records: Vec<R>,
}

/// Compares one pair and prints the outcome: 0 equal, 1 different.
fn report<T: Forge>(
    args: &CheckArgs,
    read: Read<T::Record>,
    target_repo: &RepoRef,
    target_listing: &Listing<T>,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let source = read.source;
    printer.note(format!(
        "read {} from {source} and {} from {target_repo}",
        read.counted,
        counted(target_listing),
    ));
    let document = compare(&source, target_repo, read.records, target_listing, args)?;
    let equal = document.equal;
    if args.json {
        let one = BatchCheckDocument::of_one(document);
        printer.out_json(&Document::new(Kind::Check, &one))?;
    } else if document.differences.is_empty() {
        printer.out(format!(
            "{source} and {target_repo} agree: {} {}, no differences",
            document.milestones,
            document.objects.many()
        ))?;
    } else {
        print_differences(&document, printer)?;
    }
    Ok(if equal { Exit::Success } else { Exit::Failure }.into())
}
