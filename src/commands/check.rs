//! `mileport check SOURCE TARGET`: are the target's milestones what the
//! source's become after mapping? Prints the differences as a table and
//! exits 0 when there are none, 1 when there are.

use std::process::ExitCode;

use clap::Args;
use unicode_width::UnicodeWidthStr;

use super::common::{ConnectArgs, counted, inline, read_all};
use crate::{
    exit::Exit,
    mapping::{self, MappingOptions},
    pipeline::{
        plan::{self, Action, Plan},
        run::RunError,
        verify::{self, Duplicate},
    },
    providers::RepoRef,
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

    /// The zone in which SourceCraft deadlines are calendar dates, as given
    /// to the migration (an IANA name or an offset such as +03:00) [default: UTC]
    #[arg(long, value_name = "ZONE", value_parser = super::common::parse_zone)]
    pub timezone: Option<crate::mapping::dates::Zone>,

    #[command(flatten)]
    pub connect: ConnectArgs,
}

pub async fn run(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let source = args.connect.connect(&args.source)?;
    let target = args.connect.connect(&args.target)?;
    let progress = args.connect.progress();
    let (source_listing, target_listing) =
        tokio::try_join!(read_all(&source, &progress), read_all(&target, &progress))?;
    args.connect.note(format!(
        "read {} from {} and {} from {}",
        counted(&source_listing),
        args.source,
        counted(&target_listing),
        args.target
    ));
    let records = source_listing.to_records().map_err(RunError::Invalid)?;
    let options = MappingOptions {
        default_due_on: args.default_due_on,
        timezone: args.timezone,
    };
    let mapped =
        mapping::map_records(records, args.target.provider, &options).map_err(RunError::Invalid)?;
    let plan = plan::plan(mapped, &target_listing);
    let duplicates = verify::find_duplicates(&plan, &target_listing);
    let rows = difference_rows(&plan, &duplicates);
    if rows.is_empty() {
        println!(
            "{} and {} agree: {} milestones, no differences",
            args.source,
            args.target,
            plan.items.len()
        );
        return Ok(Exit::Success.into());
    }
    print!(
        "{}",
        render_table(&["MILESTONE", "FIELD", "SOURCE (MAPPED)", "TARGET"], &rows)
    );
    let counts = plan.counts();
    let extra: Vec<&String> = duplicates.iter().flat_map(|d| &d.extra).collect();
    let only_on_target = plan
        .only_on_target
        .iter()
        .filter(|id| !extra.contains(id))
        .count();
    let duplicated = if duplicates.is_empty() {
        String::new()
    } else {
        format!(
            "{} duplicated on the target ({} extra copies), ",
            duplicates.len(),
            extra.len()
        )
    };
    println!(
        "{} differences: {} missing on the target, {} differing, {duplicated}{} only on the target, {} equal",
        rows.len(),
        counts.create,
        counts.update,
        only_on_target,
        counts.unchanged
    );
    Ok(Exit::Failure.into())
}

/// One row per differing field, missing milestone, duplicated milestone
/// or extra milestone.
pub fn difference_rows(plan: &Plan, duplicates: &[Duplicate]) -> Vec<[String; 4]> {
    let mut rows = Vec::new();
    for item in &plan.items {
        let name = format!(
            "{} [{}]",
            inline(item.mapped.target.title()),
            inline(&item.mapped.record.origin.key)
        );
        match &item.action {
            Action::Create => rows.push([name, "-".into(), "present".into(), "missing".into()]),
            Action::Update { changes, .. } => {
                for change in changes {
                    rows.push([
                        name.clone(),
                        change.field.to_owned(),
                        one_line(&change.wanted),
                        one_line(&change.target),
                    ]);
                }
            }
            Action::Unchanged { .. } => {}
        }
    }
    for duplicate in duplicates {
        rows.push([
            duplicate.title.clone(),
            "-".into(),
            format!("{} time(s)", duplicate.kept.len()),
            format!(
                "duplicate: {} ({})",
                duplicate.kept.len() + duplicate.extra.len(),
                [duplicate.kept.clone(), duplicate.extra.clone()]
                    .concat()
                    .join(", ")
            ),
        ]);
    }
    let extra: Vec<&String> = duplicates.iter().flat_map(|d| &d.extra).collect();
    for id in plan.only_on_target.iter().filter(|id| !extra.contains(id)) {
        rows.push([
            format!("[{}]", inline(id)),
            "-".into(),
            "missing".into(),
            "present".into(),
        ]);
    }
    rows
}

/// Long or multi-line values shortened for a table cell, control
/// characters escaped and secrets hidden.
fn one_line(text: &str) -> String {
    let flat = inline(text);
    match flat.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

/// Columns padded to their widest cell, by display width (CJK characters
/// and emoji take two columns on a terminal).
pub fn render_table(header: &[&str; 4], rows: &[[String; 4]]) -> String {
    // Every cell may hold provider data: secrets hidden, controls escaped.
    let rows: Vec<[String; 4]> = rows
        .iter()
        .map(|row| row.clone().map(|cell| inline(&cell)))
        .collect();
    let rows = rows.as_slice();
    let mut widths = header.map(UnicodeWidthStr::width);
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let line = |cells: [&str; 4]| {
        let mut out = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if i == 3 {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&" ".repeat(width - cell.width() + 2));
            }
        }
        out.trim_end().to_owned() + "\n"
    };
    let mut out = line(*header);
    for row in rows {
        out.push_str(&line([&row[0], &row[1], &row[2], &row[3]]));
    }
    out
}
