//! What several commands share: how to reach the providers (URLs,
//! concurrency, rate), reading a whole repository with a spinner, and
//! printing a plan, a summary and a report.

use std::{path::PathBuf, time::Duration};

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;

use std::{io::Write, process::ExitCode};

use super::guard::WriteSession;
use crate::{
    exit::{Exit, Interrupted, InvalidInput},
    interrupt::Stop,
    mapping::MappingOptions,
    mapping::dates,
    pipeline::apply::Controls,
    pipeline::run::RunResult,
    pipeline::run::{RunOptions, migrate_records},
    pipeline::{
        endpoint::{Endpoint, Listing},
        plan::{Action, Plan},
        report::{self, Report, Summary},
    },
    progress::Progress,
    providers::{ClientOptions, Provider, RepoRef, pacer::PaceSettings, retry::RetryPolicy},
    record::MilestoneRecord,
};

/// How to reach the providers and how hard to push them.
#[derive(Clone, Debug, Args)]
pub struct ConnectArgs {
    /// GitCode API base URL [default: $GITCODE_API_URL, else https://api.gitcode.com/api/v5]
    #[arg(long, value_name = "URL", global = true)]
    pub gitcode_url: Option<String>,

    /// SourceCraft API base URL [default: $SOURCECRAFT_API_URL, else https://api.sourcecraft.tech]
    #[arg(long, value_name = "URL", global = true)]
    pub sourcecraft_url: Option<String>,

    /// Most requests in flight at once, per provider
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,

    /// Never send more than N requests per minute to a provider
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_rate: Option<u32>,

    /// How many times to retry a request that failed in a passing way
    /// (408, 429, 500, 502, 503, 504, timeouts, broken connections)
    #[arg(long, value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u32).range(0..=20))]
    pub retries: u32,

    /// Seconds to wait for one answer before trying again
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,

    /// Show no progress bars and no notes, only results and errors
    #[arg(long, short)]
    pub quiet: bool,
}

impl ConnectArgs {
    pub fn options(&self) -> ClientOptions {
        ClientOptions {
            pace: PaceSettings {
                max_in_flight: usize::from(self.concurrency),
                max_per_minute: self.max_rate,
            },
            timeout: Duration::from_secs(self.timeout.max(1)),
            retry: RetryPolicy {
                max_attempts: self.retries + 1,
                ..RetryPolicy::default()
            },
        }
    }

    pub fn connect(&self, repo: &RepoRef) -> anyhow::Result<Endpoint> {
        let url = match repo.provider {
            Provider::GitCode => self.gitcode_url.as_deref(),
            Provider::SourceCraft => self.sourcecraft_url.as_deref(),
        };
        Endpoint::connect(repo, url, &self.options())
            .with_context(|| format!("cannot connect to {repo}"))
    }

    pub fn progress(&self) -> Progress {
        Progress::new(self.quiet)
    }

    /// Prints a note on stderr unless `--quiet`.
    pub fn note(&self, text: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", text.as_ref());
        }
    }
}

/// Options of commands that write to a target.
#[derive(Clone, Debug, Args)]
pub struct WriteArgs {
    /// Show the plan (create / update / unchanged) and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// The due date given to milestones without a deadline when the target
    /// (GitCode) requires one
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub default_due_on: Option<NaiveDate>,

    /// Write a JSON report of every milestone, the action taken and its ids
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// After writing, delete extra copies of the migrated milestones found
    /// on the target (only copies identical to the source milestone; the
    /// oldest is kept)
    #[arg(long)]
    pub remove_duplicates: bool,

    /// How long to wait for another mileport run writing to the same target
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub lock_wait: u64,

    /// How long after an interrupted run's last unanswered create to wait
    /// before reading the target (milliseconds)
    #[arg(long, value_name = "MS", default_value_t = 10_000, hide = true)]
    pub settle_ms: u64,

    /// After Ctrl-C, how long requests under way may take to finish (milliseconds)
    #[arg(long, value_name = "MS", default_value_t = 10_000, hide = true)]
    pub stop_grace_ms: u64,
}

pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    dates::parse_due_date(text).map_err(|_| format!("`{text}` is not a calendar date (YYYY-MM-DD)"))
}

/// Reads every milestone of a repository, with a spinner.
pub async fn read_all(endpoint: &Endpoint, progress: &Progress) -> anyhow::Result<Listing> {
    let spinner = progress.spinner(format!("reading {}", endpoint.repo()));
    let listing = endpoint
        .list(|count| spinner.set_position(count as u64))
        .await;
    spinner.finish_and_clear();
    Ok(listing?)
}

/// Prints the plan, one milestone a line, then the counts.
pub fn print_plan(plan: &Plan, out: &mut impl std::io::Write) -> std::io::Result<()> {
    for item in &plan.items {
        write!(
            out,
            "  {:<9} {} [{}]",
            item.action.name(),
            item.mapped.target.title(),
            item.mapped.record.origin
        )?;
        if let Action::Update { changes, .. } = &item.action {
            let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
            write!(out, " ({})", fields.join(", "))?;
        }
        writeln!(out)?;
    }
    let counts = plan.counts();
    writeln!(
        out,
        "plan: create {}, update {}, unchanged {}",
        counts.create, counts.update, counts.unchanged
    )
}

/// Reads the target unless stopped first.
pub async fn read_target(
    target: &Endpoint,
    progress: &Progress,
    stop: &Stop,
) -> anyhow::Result<Listing> {
    tokio::select! {
        listing = read_all(target, progress) => listing,
        () = stop.wait() => Err(Interrupted("stopped before anything was written".to_owned()).into()),
    }
}

/// Migrates records to the target (or plans it, on a dry run), then prints
/// and reports the outcome: the tail `migrate` and `import` share.
/// `existing` is the target as read under the session's lock.
pub async fn migrate_and_report(
    records: Vec<MilestoneRecord>,
    target: &Endpoint,
    existing: Listing,
    source_name: String,
    connect: &ConnectArgs,
    write: &WriteArgs,
    session: &WriteSession,
) -> anyhow::Result<ExitCode> {
    let options = RunOptions {
        dry_run: write.dry_run,
        concurrency: usize::from(connect.concurrency),
        mapping: MappingOptions {
            default_due_on: write.default_due_on,
        },
        controls: Controls {
            journal: session.guard.as_ref().map(|g| g.journal.clone()),
            stop: session.stop.clone(),
            stop_grace: Duration::from_millis(write.stop_grace_ms),
        },
        remove_duplicates: write.remove_duplicates,
    };
    let observer = connect.progress().migration();
    let result = migrate_records(records, target, Some(existing), &options, &observer).await;
    observer.finish();
    let result = result?;
    if write.dry_run {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        print_plan(&result.plan, &mut out)?;
        write!(out, "dry run, nothing written. ")?;
        out.flush()?;
    }
    let not_carried = report::not_carried(&result.plan);
    if !not_carried.is_empty() {
        let fields: Vec<&str> = not_carried.keys().map(String::as_str).collect();
        connect.note(format!(
            "note: {} has no place for these source fields (they are kept in exports and the report): {}",
            target.repo(),
            fields.join(", ")
        ));
    }
    for (item, error) in report::failures(&result) {
        eprintln!(
            "failed: {} [{}]: {error}",
            item.mapped.record.title, item.mapped.record.origin.key
        );
    }
    let verified = print_verification(&result, target);
    let summary = Summary::of(&result);
    if !write.dry_run {
        println!("{summary}");
    }
    if let Some(path) = &write.report {
        let report = Report::new(
            source_name,
            target.repo().to_string(),
            write.dry_run,
            &result,
        );
        crate::files::write_json_atomically(path, &report).context("cannot write the report")?;
        connect.note(format!("report written to {}", path.display()));
    }
    if result.interrupted {
        let not_started = result.plan.items.len() - result.outcomes.len();
        return Err(Interrupted(format!(
            "stopped by Ctrl-C with {not_started} of {} milestones not done; run the same command again to finish",
            result.plan.items.len()
        ))
        .into());
    }
    Ok(if summary.failed > 0 || !verified {
        Exit::Failure
    } else {
        Exit::Success
    }
    .into())
}

/// Says what reading the target after writing showed; true when it
/// confirmed every milestone exactly once.
fn print_verification(result: &RunResult, target: &Endpoint) -> bool {
    match &result.verification {
        None => true,
        Some(Err(error)) => {
            eprintln!(
                "could not read {} again to confirm what was written: {error}",
                target.repo()
            );
            false
        }
        Some(Ok(verification)) => {
            for missing in &verification.missing {
                eprintln!(
                    "missing after writing: {:?} ({}) is not on {}",
                    missing.title,
                    missing.target_id,
                    target.repo()
                );
            }
            for duplicate in &verification.duplicates {
                let removed: Vec<&str> = duplicate
                    .extra
                    .iter()
                    .filter(|id| verification.removed.contains(id))
                    .map(String::as_str)
                    .collect();
                if !removed.is_empty() {
                    eprintln!(
                        "removed duplicate(s) of {:?}: {} (kept {})",
                        duplicate.title,
                        removed.join(", "),
                        duplicate.kept.join(", ")
                    );
                }
                if removed.len() == duplicate.extra.len() {
                    continue;
                }
                eprintln!("duplicate on {}: {duplicate}", target.repo());
                let differing: Vec<&str> = duplicate
                    .extra
                    .iter()
                    .filter(|id| !duplicate.removable.contains(id))
                    .map(String::as_str)
                    .collect();
                if !differing.is_empty() {
                    eprintln!(
                        "  {} differ(s) from the source milestone in some field, so mileport never deletes it: check it and delete it by hand if it is a copy",
                        differing.join(", ")
                    );
                }
            }
            let removable_left = verification.duplicates.iter().any(|d| {
                d.removable
                    .iter()
                    .any(|id| !verification.removed.contains(id))
            });
            if removable_left {
                eprintln!(
                    "run the same command with --remove-duplicates to delete the copies identical to the source milestone, keeping the oldest"
                );
            }
            verification.is_clean()
        }
    }
}

/// Turns a command-line problem into exit code 2.
pub fn invalid(message: impl Into<String>) -> anyhow::Error {
    InvalidInput(message.into()).into()
}
