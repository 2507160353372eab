//! `mileport export SOURCE --output FILE`: a lossless backup of every
//! milestone of a repository, as CSV or JSON, written atomically.

use std::{path::PathBuf, process::ExitCode};

use clap::Args;

use super::common::{ConnectArgs, counted, invalid, read_all};
use crate::{
    exit::Exit,
    files::{self, Format},
    printer::Printer,
    providers::{RepoRef, forge::Forge},
    with_forge,
};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The repository to back up: gitcode:OWNER/REPO or sourcecraft:ORG/REPO
    #[arg(value_name = "SOURCE")]
    pub source: RepoRef,

    /// The file to write, ending in .csv or .json; `-` writes to stdout (needs --format)
    #[arg(long, short, value_name = "FILE")]
    pub output: PathBuf,

    /// The file format, when the file name does not say
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Print what was written as one JSON document on stdout
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

/// What `export --json` prints.
#[derive(Debug, serde::Serialize)]
struct Exported<'a> {
    source: String,
    file: String,
    format: &'a str,
    milestones: usize,
}

pub async fn run(args: ExportArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    if args.json && args.output.as_os_str() == "-" {
        return Err(invalid(
            "--json and --output - both want stdout: write the backup to a file, or drop --json",
        ));
    }
    let format = match (args.format, Format::from_path(&args.output)) {
        (Some(format), _) | (None, Some(format)) => format,
        (None, None) => {
            return Err(invalid(format!(
                "cannot tell the format of `{}`: name the file *.csv or *.json, or give --format csv|json",
                args.output.display()
            )));
        }
    };
    files::check_output(&args.output, "--output", &[])?;
    with_forge!(args.source.provider, S => export_from::<S>(args, format, printer).await)
}

async fn export_from<S: Forge>(
    args: ExportArgs,
    format: Format,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let source = args.connect.connect::<S>(&args.source)?;
    // A backup never holds a token, even one a provider echoed into a field.
    let listing = read_all(&source, printer)
        .await?
        .scrubbed()
        .map_err(anyhow::Error::msg)?;
    files::write_backup::<S>(&args.output, format, &args.source.path(), &listing.items)?;
    if args.json {
        printer.out_json(&Exported {
            source: args.source.to_string(),
            file: args.output.display().to_string(),
            format: match format {
                Format::Csv => "csv",
                Format::Json => "json",
            },
            milestones: listing.len(),
        })?;
    } else if args.output.as_os_str() != "-" {
        printer.out(format!(
            "exported {} of {} to {}",
            counted(&listing),
            args.source,
            args.output.display()
        ))?;
    }
    Ok(Exit::Success.into())
}
