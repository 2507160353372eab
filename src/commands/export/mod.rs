//! `mileport export SOURCE --output FILE`: a lossless backup of every
//! milestone of a repository, as CSV or JSON, written atomically. With
//! `--output-dir DIR` the file is `DIR/REPO.EXT`, and an owner as SOURCE
//! backs up each of its repositories there (`export_owner.rs`).

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

mod backup_dir;
mod kinds;
mod owner;

use self::{
    kinds::{Reading, write_repo},
    owner::{OwnerExport, OwnerOptions},
};
use crate::driver::{
    common::{ConnectArgs, invalid},
    kinds::{KindsArgs, check_supported, path_for},
};
use crate::{
    document::{Document, Kind},
    exit::Exit,
    files::{self, Format},
    location::Location,
    pipeline::report::Failure,
    printer::Printer,
    provider::RepoRef,
};

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("destination").required(true).args(["output", "output_dir"]))]
pub struct ExportArgs {
    /// The repository to back up: gitcode:OWNER/REPO, sourcecraft:ORG/REPO
    /// or github:OWNER/REPO; or an owner (gitcode:OWNER, sourcecraft:ORG,
    /// github:OWNER) for every one of its repositories (needs --output-dir)
    #[arg(value_name = "SOURCE", value_parser = crate::driver::location_arg::location::<Location>(), hide_possible_values = true)]
    pub source: Location,

    /// The file to write, ending in .csv or .json; `-` writes to stdout (needs --format)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write DIR/REPO.json (or DIR/REPO.csv with --format csv) for the
    /// repository, or for each repository of the owner; DIR is created if
    /// missing
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// With an owner: how many repositories are read at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub repos_in_flight: u16,

    /// The file format, when the file name does not say
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// With an owner: write into a directory that holds backups of
    /// another source, replacing those of the same names
    #[arg(long, requires = "output_dir")]
    pub overwrite: bool,

    /// Print what was written as one JSON document on stdout
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub kinds: KindsArgs,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub async fn run(args: ExportArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let kinds = args.kinds.kinds();
    let provider = match &args.source {
        Location::Owner(owner) => owner.provider,
        Location::Repo(repo) => repo.provider,
    };
    check_supported(&kinds, &[provider])?;
    let source = crate::driver::batch::located(args.source.clone(), &args.connect, printer).await?;
    let repo = match (&source, &args.output_dir) {
        (Location::Owner(owner), Some(dir)) => {
            let format = args.format.unwrap_or(Format::Json);
            let in_flight = usize::from(args.repos_in_flight);
            if !args.overwrite
                && let Some(foreign) = backup_dir::foreign_backup(dir, owner)
            {
                return Err(invalid(foreign.to_string()));
            }
            let options = OwnerOptions {
                format,
                in_flight,
                json: args.json,
                kinds: &kinds,
            };
            return owner::run(owner, dir, options, &args.connect, printer).await;
        }
        (Location::Owner(owner), None) => {
            return Err(invalid(format!(
                "{owner} is a whole owner: give --output-dir DIR to write one file per repository"
            )));
        }
        (Location::Repo(repo), _) => repo.clone(),
    };
    let output = match (&args.output, &args.output_dir) {
        (Some(output), _) => output.clone(),
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir).map_err(|source| files::FileError::Write {
                file: dir.display().to_string(),
                source,
            })?;
            owner::file_in(dir, &repo, args.format.unwrap_or(Format::Json))
        }
        (None, None) => return Err(invalid("give --output FILE or --output-dir DIR")),
    };
    if args.json && output.as_os_str() == "-" {
        return Err(invalid(
            "--json and --output - both want stdout: write the backup to a file, or drop --json",
        ));
    }
    let format = match (args.format, Format::from_path(&output)) {
        (Some(format), _) | (None, Some(format)) => format,
        (None, None) => {
            return Err(invalid(format!(
                "cannot tell the format of `{}`: name the file *.csv or *.json, or give --format csv|json",
                output.display()
            )));
        }
    };
    let kinds = kinds_for_stdout(&args, &output, format, kinds, printer)?;
    for kind in &kinds {
        files::check_output(&path_for(&output, *kind, &kinds), "--output", &[])?;
    }
    let exported = export_from(&args, &repo, &output, format, &kinds, printer).await;
    exported.inspect_err(|error| {
        if args.json {
            // The error itself is said on stderr whatever becomes of stdout.
            let failed = OwnerExport::of_failure(
                repo.to_string(),
                output.display().to_string(),
                format,
                Failure::of_error(error),
            );
            let _ = printer.out_json(&Document::new(Kind::Export, &failed));
        }
    })
}

/// The kinds a CSV backup on standard output can hold: one. Without
/// `--only`, the milestones, as before labels existed, with a word that the
/// labels need their own; naming both is an error.
fn kinds_for_stdout(
    args: &ExportArgs,
    output: &std::path::Path,
    format: Format,
    kinds: Vec<crate::record::Kind>,
    printer: &Printer,
) -> anyhow::Result<Vec<crate::record::Kind>> {
    Ok(match (format, output.as_os_str() == "-", kinds.len() > 1) {
        (Format::Csv, true, true) if args.kinds.only.is_empty() => {
            printer.note(
                "labels not written: a CSV file holds one kind of object; add --only labels for them",
            );
            vec![crate::record::Kind::Milestones]
        }
        (Format::Csv, true, true) => {
            return Err(invalid(
                "a CSV file holds one kind of object: with --output -, give --only milestones or --only labels",
            ));
        }
        _ => kinds,
    })
}

async fn export_from(
    args: &ExportArgs,
    repo: &RepoRef,
    output: &std::path::Path,
    format: Format,
    kinds: &[crate::record::Kind],
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let reading = Reading {
        connect: &args.connect,
        printer,
        spinner: true,
    };
    let written = write_repo(repo, output, format, kinds, reading).await?;
    if args.json {
        let document = OwnerExport::of_one(
            repo.to_string(),
            output.display().to_string(),
            format,
            &written,
        );
        printer.out_json(&Document::new(Kind::Export, &document))?;
    } else if output.as_os_str() != "-" {
        let shown: Vec<String> = written
            .files
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        printer.out(format!(
            "exported {} of {repo} to {}",
            written.counted,
            shown.join(" and ")
        ))?;
    }
    Ok(Exit::Success.into())
}
