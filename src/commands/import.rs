//! `mileport import FILE… TARGET`: restore or move a backup (CSV or JSON,
//! from any provider) into a repository: its milestones and its labels, a
//! JSON file holding both or a CSV file each. Every row of every file is
//! validated before the first request to the target; safe to repeat.

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::Args;

use crate::driver::{
    backup_input::{Input, counted_records, read_held},
    common::invalid,
    common::{
        ConnectArgs, RunContext, Started, WriteArgs, migrate_and_report, read_target_into,
        report_unplanned,
    },
    guard::WriteSession,
    kinds::{KindsArgs, Passes, check_supported, path_for},
    source::Readable,
};
use crate::{
    files::{self, Format},
    forge::Forge,
    pipeline::{
        index::TargetIndex,
        map::map_records,
        run::{RunError, Start},
    },
    printer::Printer,
    provider::RepoRef,
    record::{Kind, LabelRecord, MilestoneRecord},
    with_forge, with_kind, with_labels,
};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Backups written by `mileport export` (or by hand in the same
    /// format): a JSON file (milestones and labels), or a CSV file of each
    /// kind (`roadmap.csv roadmap.labels.csv`)
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,

    /// Where they go: gitcode:OWNER/REPO, sourcecraft:ORG/REPO or
    /// github:OWNER/REPO
    #[arg(value_name = "TARGET", value_parser = crate::driver::location_arg::location::<RepoRef>(), hide_possible_values = true)]
    pub target: RepoRef,

    /// The file format, when the file names do not say
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,

    #[command(flatten)]
    pub kinds: KindsArgs,

    #[command(flatten)]
    pub write: WriteArgs,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

/// What the files hold of each kind asked for.
struct Inputs {
    milestones: Option<Input<MilestoneRecord>>,
    labels: Option<Input<LabelRecord>>,
}

impl Inputs {
    /// Reads every file for every kind asked for: each kind from at most
    /// one file; a kind named with `--only` that no file holds, or a file
    /// that holds none of the kinds, is an error (exit 2).
    fn read(args: &ImportArgs, kinds: &[Kind]) -> anyhow::Result<Inputs> {
        let explicit = !args.kinds.only.is_empty();
        let inputs = Inputs {
            milestones: match kinds.contains(&Kind::Milestones) {
                true => one_of::<MilestoneRecord>(&args.files, args.format, explicit)?,
                false => None,
            },
            labels: match kinds.contains(&Kind::Labels) {
                true => one_of::<LabelRecord>(&args.files, args.format, explicit)?,
                false => None,
            },
        };
        let used = |file: &PathBuf| {
            inputs.milestones.as_ref().is_some_and(|i| &i.file == file)
                || inputs.labels.as_ref().is_some_and(|i| &i.file == file)
        };
        if let Some(unused) = args.files.iter().find(|file| !used(file)) {
            let asked: Vec<&str> = kinds.iter().map(|kind| kind.many()).collect();
            return Err(invalid(format!(
                "{} holds none of the {} asked for: leave it out, or change --only",
                unused.display(),
                asked.join(" and ")
            )));
        }
        Ok(inputs)
    }
}

/// The one file that holds `R`'s kind, read.
fn one_of<R: Readable>(
    files: &[PathBuf],
    format: Option<Format>,
    explicit: bool,
) -> anyhow::Result<Option<Input<R>>> {
    let mut found: Option<Input<R>> = None;
    for file in files {
        let Some(input) = read_held::<R>(file, format)? else {
            continue;
        };
        if let Some(first) = &found {
            return Err(invalid(format!(
                "{} and {} both hold {}: give one file of each kind",
                first.file.display(),
                file.display(),
                R::KIND.many()
            )));
        }
        found = Some(input);
    }
    if found.is_none() && explicit {
        return Err(invalid(format!(
            "none of the files holds {}: name the file that does",
            R::KIND.many()
        )));
    }
    Ok(found)
}

pub async fn run(args: ImportArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let started = Started::now();
    if let Some(report) = &args.write.report {
        let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
        files::check_output(report, "--report", &inputs)?;
    }
    args.write.report_format()?;
    let kinds = args.kinds.kinds();
    // Every file is read and checked before anything connects to the target.
    let inputs = Inputs::read(&args, &kinds)?;
    let present: Vec<Kind> = kinds
        .iter()
        .copied()
        .filter(|kind| match kind {
            Kind::Milestones => inputs.milestones.is_some(),
            Kind::Labels => inputs.labels.is_some(),
        })
        .collect();
    check_supported(&present, &[args.target.provider])?;
    let target = args.target.provider;
    if let (Some(_), Some(labels)) = (&inputs.milestones, &inputs.labels)
        && !args.write.dry_run
    {
        // Labels that cannot be migrated stop the run before the
        // milestones are written.
        with_labels!(target, T => map_records::<T>(labels.records.clone(), &args.write.mapping()).map(drop))
            .map_err(RunError::Invalid)?;
    }
    // Reports of a failure before the first pass name that pass's file.
    let first_file = inputs
        .milestones
        .as_ref()
        .map(|input| &input.file)
        .or(inputs.labels.as_ref().map(|input| &input.file))
        .map(|file| file.display().to_string())
        .unwrap_or_default();
    let session = begin(&args, (&present, &first_file), &started, printer).await?;
    let passes = Passes::new(&present, args.write.json, printer);
    let held = (inputs.milestones.map(Held::Milestones).into_iter())
        .chain(inputs.labels.map(Held::Labels));
    passes
        .each(held, async |input| {
            let mut write = args.write.clone();
            write.report = write
                .report
                .map(|path| path_for(&path, input.kind(), &present));
            let run = Run {
                args: &args,
                write: &write,
                started: started.clone(),
                session: &session,
                printer,
            };
            match input {
                Held::Milestones(input) => {
                    with_forge!(target, T => import_to::<T>(run, input).await)
                }
                Held::Labels(input) => with_labels!(target, T => import_to::<T>(run, input).await),
            }
        })
        .await
}

/// What the files held of one kind, to import.
enum Held {
    Milestones(Input<MilestoneRecord>),
    Labels(Input<LabelRecord>),
}

impl Held {
    fn kind(&self) -> Kind {
        match self {
            Held::Milestones(_) => Kind::Milestones,
            Held::Labels(_) => Kind::Labels,
        }
    }
}

/// One kind's import: the command's arguments, its write options (with
/// the kind's report), when the command started, its hold on the target
/// and where it prints.
struct Run<'a> {
    args: &'a ImportArgs,
    write: &'a WriteArgs,
    started: Started,
    session: &'a WriteSession,
    printer: &'a Printer,
}

/// Takes hold of the target once for every kind the files hold: a second
/// run waits for the whole of this one, not between its milestones and its
/// labels.
async fn begin(
    args: &ImportArgs,
    (present, first_file): (&[Kind], &str),
    started: &Started,
    printer: &Printer,
) -> anyhow::Result<WriteSession> {
    let kind = present.first().copied().unwrap_or(Kind::Milestones);
    with_kind!(kind, args.target.provider, T => {
        let target = args.connect.connect::<T>(&args.target)?;
        WriteSession::begin(&target, "import", &args.write, printer).await
    })
    .map_err(|error| {
        let target = args.target.to_string();
        report_unplanned(error, (first_file, &target, started), &args.write, printer)
    })
}

async fn import_to<T: Forge>(run: Run<'_>, input: Input<T::Record>) -> anyhow::Result<ExitCode> {
    let Run {
        args,
        write,
        started,
        session,
        printer,
    } = run;
    let target = args.connect.connect::<T>(&args.target)?;
    let names = (input.file.display().to_string(), args.target.to_string());
    let unplanned = |error: anyhow::Error| {
        report_unplanned(error, (&names.0, &names.1, &started), write, printer)
    };
    let read = format!(
        "read {} from {}",
        counted_records(input.provider, &input.records),
        input.file.display()
    );
    // Mapped first, so that the target is read into what planning for
    // these milestones needs of it, never held whole.
    let mapping = crate::pipeline::map::map_each::<T>(input.records, &write.mapping());
    let mut index = TargetIndex::new(&mapping.mapped);
    read_target_into(&target, printer, &session.stop, &mut index)
        .await
        .map_err(unplanned)?;
    let indexed = Box::new(index.finish());
    printer.note(read);
    migrate_and_report(
        Start::Mapped(mapping, indexed),
        &target,
        RunContext {
            source_name: input.file.display().to_string(),
            source_traffic: None,
            started,
            session,
        },
        &args.connect,
        write,
        printer,
    )
    .await
}
