//! `mileport check SOURCE TARGET`: are the target's milestones what the
//! source's become after mapping? Prints the differences as a table (or
//! JSON) and exits 0 when there are none, 1 when there are, and 3 when it
//! could not read both sides.

use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::{
    common::{ConnectArgs, counted, read_all},
    source::connect_source,
};
use crate::{
    exit::Exit,
    mapping::{self, MappingOptions},
    pipeline::{plan, run::RunError, verify},
    printer::Printer,
    providers::{RepoRef, forge::Forge},
    views::check::{Difference, differences, table},
    with_forge,
};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The repository the milestones came from
    #[arg(value_name = "SOURCE")]
    pub source: RepoRef,

    /// The repository that should hold them
    #[arg(value_name = "TARGET")]
    pub target: RepoRef,

    /// The due date a migration gave milestones without a deadline (GitCode targets)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::common::parse_date)]
    pub default_due_on: Option<chrono::NaiveDate>,

    /// The rule a migration used for titles several source milestones
    /// share, on a target that keeps titles unique (GitHub)
    #[arg(long, value_name = "RULE", value_enum, default_value_t = crate::mapping::RepeatedTitles::Refuse)]
    pub repeated_titles: crate::mapping::RepeatedTitles,

    /// Print the differences as one JSON document on stdout
    #[arg(long)]
    pub json: bool,

    /// The zone in which SourceCraft deadlines are calendar dates, as given
    /// to the migration (an IANA name or an offset such as +03:00) [default: UTC]
    #[arg(long, value_name = "ZONE", value_parser = super::common::parse_zone)]
    pub timezone: Option<crate::mapping::dates::Zone>,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

/// What `check --json` prints.
#[derive(Debug, Serialize)]
struct CheckDocument {
    source: String,
    target: String,
    equal: bool,
    milestones: usize,
    missing: usize,
    differing: usize,
    only_on_target: usize,
    /// Source milestones the target holds more copies of than the source.
    duplicated: usize,
    unchanged: usize,
    differences: Vec<Difference>,
}

fn only_on_target(rows: &[Difference]) -> usize {
    rows.iter().filter(|r| r.kind == "only_on_target").count()
}

fn duplicated(rows: &[Difference]) -> usize {
    rows.iter().filter(|r| r.kind == "duplicated").count()
}

pub async fn run(args: CheckArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    with_forge!(args.target.provider, T => check_against::<T>(args, printer).await)
}

async fn check_against<T: Forge>(args: CheckArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let source = connect_source(&args.source, &args.connect)?;
    let target = args.connect.connect::<T>(&args.target)?;
    let ((records, source_counted), target_listing) =
        tokio::try_join!(source.read(printer), read_all(&target, printer))?;
    printer.note(format!(
        "read {source_counted} from {} and {} from {}",
        args.source,
        counted(&target_listing),
        args.target
    ));
    let options = MappingOptions {
        default_due_on: args.default_due_on,
        timezone: args.timezone,
        repeated_titles: args.repeated_titles,
    };
    let mapped = mapping::map_records::<T>(records, &options).map_err(RunError::Invalid)?;
    let plan = plan::plan(mapped, &target_listing);
    let duplicates = verify::find_duplicates(&plan, &target_listing);
    let rows = differences(&plan, &duplicates);
    let counts = plan.counts();
    if args.json {
        printer.out_json(&CheckDocument {
            source: args.source.to_string(),
            target: args.target.to_string(),
            equal: rows.is_empty(),
            milestones: plan.items.len(),
            missing: counts.create,
            differing: counts.update,
            only_on_target: only_on_target(&rows),
            duplicated: duplicated(&rows),
            unchanged: counts.unchanged,
            differences: rows.clone(),
        })?;
    } else if rows.is_empty() {
        printer.out(format!(
            "{} and {} agree: {} milestones, no differences",
            args.source,
            args.target,
            plan.items.len()
        ))?;
    } else {
        printer.out_lines(table(&rows, printer.width(), printer.color()))?;
        let duplicates = match duplicated(&rows) {
            0 => String::new(),
            n => format!("{n} duplicated on the target, "),
        };
        printer.out(format!(
            "{} differences: {} missing on the target, {} differing, {duplicates}{} only on the target, {} equal",
            rows.len(),
            counts.create,
            counts.update,
            only_on_target(&rows),
            counts.unchanged
        ))?;
    }
    Ok(if rows.is_empty() {
        Exit::Success
    } else {
        Exit::Failure
    }
    .into())
}
