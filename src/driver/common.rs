//! What several commands share: how to reach the providers (URLs,
//! concurrency, rate), reading a whole repository with a spinner, and
//! printing a plan, a summary and a report.

use std::{path::PathBuf, time::Duration};

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;

use std::process::ExitCode;

use super::{approval::Approval, guard::WriteSession, provider_flags::ProviderUrls};
use crate::record::Neutral;
use crate::{
    batch::report::{BatchReport, PairEntry, PairStatus},
    document::{Document, Kind},
    exit::{Exit, Interrupted, InvalidInput},
    forge::{Forge, Sink},
    interrupt::Stop,
    mapping::RepeatedTitles,
    mapping::dates::{self, Zone},
    net::{
        ClientOptions, DEFAULT_MAX_ANSWER_BYTES, connection::Connection, pacer::PaceSettings,
        retry::RetryPolicy,
    },
    pipeline::{
        apply::{ApplyObserver, Outcome},
        endpoint::{Endpoint, Listing},
        plan::{Plan, PlanItem},
        report::{self, Summary},
        run::{RunError, RunObserver, RunResult, Start, migrate},
    },
    printer::Printer,
    provider::{
        Provider, RepoRef,
        rate::{RateLimits, human},
    },
    redact,
    views::{
        self,
        plan::{PlanLook, off_midnight, zone_name},
        report::ReportFormat,
    },
};

/// How to reach the providers and how hard to push them.
#[derive(Clone, Debug, Args)]
pub struct ConnectArgs {
    #[command(flatten)]
    pub urls: ProviderUrls,

    /// Most requests in flight at once, per provider
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,

    /// Never send more than N requests per minute to a provider, spaced
    /// evenly; or keep within windows such as 50/min,4000/h (GitCode's
    /// published limits, the default against api.gitcode.com)
    #[arg(long, value_name = "N|N/UNIT,...", value_parser = parse_max_rate)]
    pub max_rate: Option<MaxRate>,

    /// The longest wait a provider may ask for (Retry-After) before the run
    /// stops instead: 30s, 15min, 2h
    #[arg(long, value_name = "DURATION", default_value = "15min", value_parser = parse_duration)]
    pub max_wait: Duration,

    /// The largest answer read from a provider, in bytes
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_ANSWER_BYTES, hide = true)]
    pub max_answer_size: usize,

    /// How many times to retry a request that failed in a passing way
    /// (408, 429, 500, 502, 503, 504, timeouts, broken connections)
    #[arg(long, value_name = "N", default_value_t = 7, value_parser = clap::value_parser!(u32).range(0..=20))]
    pub retries: u32,

    /// Seconds to wait for one answer before trying again
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
}

/// `--max-rate`: an even pace, or windows to keep within.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxRate {
    PerMinute(u32),
    Windows(RateLimits),
}

fn parse_max_rate(text: &str) -> Result<MaxRate, String> {
    match text.trim().parse::<u32>() {
        Ok(0) => Err("the rate must be at least 1".to_owned()),
        Ok(n) => Ok(MaxRate::PerMinute(n)),
        Err(_) => text.parse().map(MaxRate::Windows),
    }
}

/// `30s`, `15min`, `2h`, or a number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let usage = || format!("`{text}` is not a duration: write 30s, 15min or 2h");
    let count: u64 = text[..digits].parse().map_err(|_| usage())?;
    let unit = match text[digits..].trim() {
        "" | "s" | "sec" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        _ => return Err(usage()),
    };
    Ok(Duration::from_secs(count.saturating_mul(unit)))
}

impl ConnectArgs {
    /// The options for one provider's connection: GitCode's published
    /// limits apply by default when talking to its public API.
    pub fn options_for(&self, connection: &Connection) -> ClientOptions {
        let (max_per_minute, windows) = match self.max_rate {
            Some(MaxRate::PerMinute(n)) => (Some(n), RateLimits::default()),
            Some(MaxRate::Windows(windows)) => (None, windows),
            None => (None, connection.published_limits().unwrap_or_default()),
        };
        let pace = PaceSettings {
            max_in_flight: usize::from(self.concurrency),
            max_per_minute,
            windows,
            max_wait: self.max_wait,
        };
        ClientOptions {
            pace,
            timeout: Duration::from_secs(self.timeout.max(1)),
            retry: RetryPolicy {
                max_attempts: self.retries + 1,
                max_wait: self.max_wait,
                quiet_throttle_wait: pace.quiet_throttle_pause(),
                ..RetryPolicy::default()
            },
            max_answer_bytes: self.max_answer_size,
        }
    }

    /// The base URL given on the command line for `provider`, if any.
    pub fn url_for(&self, provider: Provider) -> Option<&str> {
        self.urls.get(provider)
    }

    /// Connects to `repo`, a repository of provider `F`.
    pub fn connect<F: Forge>(&self, repo: &RepoRef) -> anyhow::Result<Endpoint<F>> {
        let connect = || {
            let connection = Connection::for_scope(
                repo.provider,
                repo.remote.as_deref(),
                self.url_for(repo.provider),
            )?;
            Endpoint::with_connection(&connection, repo, &self.options_for(&connection))
        };
        connect().with_context(|| format!("cannot connect to {repo}"))
    }
}

/// Options of commands that write to a target.
#[derive(Clone, Debug, Args)]
pub struct WriteArgs {
    /// Show the plan (create / update / only on the target) and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// List unchanged milestones in the plan too, not only their number
    #[arg(long)]
    pub show_unchanged: bool,

    /// Overwrite existing milestones without asking first. On a terminal
    /// mileport asks; without one, a run that would overwrite refuses
    /// (exit 2) unless given --yes
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// The due date given to milestones without a deadline when the target
    /// (GitCode) requires one
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub default_due_on: Option<NaiveDate>,

    /// When the target keeps titles unique (GitHub) and several source
    /// milestones share one: refuse before writing anything, or number the
    /// later ones `TITLE (2)`, `TITLE (3)`…
    #[arg(long, value_name = "RULE", value_enum, default_value_t = RepeatedTitles::Refuse)]
    pub repeated_titles: RepeatedTitles,

    /// Write a report of every milestone, the action taken and its ids:
    /// FILE.json for scripts, FILE.md or FILE.html for people
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

    /// How long to wait beyond the request timeout after an interrupted
    /// run's last unanswered create before reading the target (milliseconds)
    #[arg(long, value_name = "MS", default_value_t = 5_000, hide = true)]
    pub settle_ms: u64,

    /// After Ctrl-C, how long requests under way may take to finish (milliseconds)
    #[arg(long, value_name = "MS", default_value_t = 10_000, hide = true)]
    pub stop_grace_ms: u64,

    /// The zone in which SourceCraft deadlines are calendar dates: read as
    /// their date there, written as midnight there (an IANA name such as
    /// Europe/Moscow, or an offset such as +03:00) [default: UTC]
    #[arg(long, value_name = "ZONE", value_parser = parse_zone)]
    pub timezone: Option<Zone>,

    /// Print one JSON document on stdout (the plan on a dry run, else the
    /// report) instead of text
    #[arg(long)]
    pub json: bool,
}

impl WriteArgs {
    /// The user's choices for what a mapping cannot decide alone.
    pub fn mapping(&self) -> crate::mapping::MappingOptions {
        crate::mapping::MappingOptions {
            default_due_on: self.default_due_on,
            timezone: self.timezone,
            repeated_titles: self.repeated_titles,
        }
    }
}

impl WriteArgs {
    /// The report's format, checked before anything is read or written.
    pub fn report_format(&self) -> anyhow::Result<Option<(PathBuf, ReportFormat)>> {
        let Some(path) = &self.report else {
            return Ok(None);
        };
        match ReportFormat::from_path(path) {
            Some(format) => Ok(Some((path.clone(), format))),
            None => Err(invalid(format!(
                "--report {}: name the report *.json, *.md or *.html (the extension sets the format)",
                path.display()
            ))),
        }
    }
}

pub fn parse_zone(text: &str) -> Result<Zone, String> {
    text.parse()
}

pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    dates::parse_due_date(text).map_err(|_| format!("`{text}` is not a calendar date (YYYY-MM-DD)"))
}

/// Reads every milestone of a repository, with a spinner.
pub async fn read_all<F: Forge>(
    endpoint: &Endpoint<F>,
    printer: &Printer,
) -> anyhow::Result<Listing<F>> {
    let spinner = printer
        .progress()
        .spinner(format!("reading {}", endpoint.repo()));
    let listing = endpoint
        .list(|count| spinner.set_position(count as u64))
        .await;
    spinner.finish_and_clear();
    let (listing, warnings) = listing?;
    // Warnings show even with --quiet: they say data may be missing.
    for warning in warnings {
        printer.err(format!("warning: {warning}"));
    }
    Ok(listing)
}

/// `12 milestones (9 open, 3 closed)`, `9 labels`.
pub fn counted<F: Forge>(listing: &Listing<F>) -> String {
    match <F::Record as Neutral>::KIND {
        crate::record::Kind::Milestones => {
            let (open, closed) = listing.open_and_closed();
            format!(
                "{} milestones ({open} open, {closed} closed)",
                listing.len()
            )
        }
        kind => format!("{} {}", listing.len(), kind.many()),
    }
}

/// Provider data shown on one line: secrets hidden, control characters
/// (line breaks included) escaped.
pub fn inline(text: &str) -> String {
    redact::escape_inline(&redact::scrub(text)).into_owned()
}

/// Says, once the plan is known, how long it will take when it needs more
/// requests than the target's rate limits allow in an hour.
struct BudgetNote<'a, F: Forge> {
    inner: &'a dyn RunObserver<F>,
    pace: PaceSettings,
    target: &'a RepoRef,
    printer: &'a Printer,
}

impl<F: Forge> ApplyObserver<F> for BudgetNote<'_, F> {
    fn finished(&self, item: &PlanItem<F>, outcome: &Outcome<F::Id>) {
        self.inner.finished(item, outcome);
    }
}

impl<F: Forge> RunObserver<F> for BudgetNote<'_, F> {
    fn target_listed(&self, count: usize) {
        self.inner.target_listed(count);
    }

    fn warning(&self, text: &str) {
        self.inner.warning(text);
    }

    fn planned(&self, plan: &Plan<F>) {
        let needed = plan.requests_needed();
        if let Some(budget) = self.pace.hourly_budget()
            && needed > budget
        {
            self.printer.note(format!(
                "note: this plan needs at least {needed} requests to {}, more than its rate limits ({}) allow in an hour: it will take about {}",
                self.target,
                self.pace.describe(),
                human(self.pace.time_for(needed))
            ));
        }
        self.inner.planned(plan);
    }

    fn approve(&self, plan: &Plan<F>) -> Result<(), RunError> {
        self.inner.approve(plan)
    }
}

/// Reads the target into `sink` unless stopped first: every milestone
/// handed over as it is read, none held.
pub async fn read_target_into<F: Forge>(
    target: &Endpoint<F>,
    printer: &Printer,
    stop: &Stop,
    sink: &mut (dyn Sink<F::Object> + Send),
) -> anyhow::Result<()> {
    let spinner = printer
        .progress()
        .spinner(format!("reading {}", target.repo()));
    let read = async {
        let read = target
            .list_checked_into(|count| spinner.set_position(count as u64), sink)
            .await;
        spinner.finish_and_clear();
        read
    };
    let warnings = tokio::select! {
        warnings = read => warnings?,
        () = stop.wait() => return Err(Interrupted("stopped before anything was written".to_owned()).into()),
    };
    // Warnings show even with --quiet: they say data may be missing.
    for warning in warnings {
        printer.err(format!("warning: {warning}"));
    }
    Ok(())
}

/// Migrates records to the target (or plans it, on a dry run), then prints
/// and reports the outcome: the tail `migrate` and `import` share.
/// `start` holds the target as read under the session's lock.
pub async fn migrate_and_report<F: Forge>(
    start: Start<F>,
    target: &Endpoint<F>,
    context: RunContext<'_>,
    connect: &ConnectArgs,
    write: &WriteArgs,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let report_to = write.report_format()?;
    let options = super::pair::run_options(connect, write, context.session);
    let look = PlanLook {
        show_unchanged: write.show_unchanged,
        width: printer.width(),
        color: printer.color(),
        zone: zone_name(write.timezone.as_ref()),
    };
    let approval = Approval {
        progress: printer
            .progress()
            .migration(write.dry_run)
            .limited_by(target.known_limits()),
        printer,
        write,
        look,
    };
    let observer = BudgetNote {
        inner: &approval,
        pace: target.pace(),
        target: target.repo(),
        printer,
    };
    let result = migrate(start, target, &options, &observer).await;
    approval.progress.finish();
    let result = match result {
        Ok(result) => result,
        Err(error) => return refused(error, target, &context, write, printer),
    };
    let notes = super::pair::verification_notes(&result, target);
    // Built only for those who read it: for 100,000 milestones it is as
    // large again as the plan.
    let report = (write.json || report_to.is_some())
        .then(|| run_document(&result, target, &context, write.dry_run, notes.clean));
    // Output that cannot be shown (a closed pipe, a terminal gone with
    // SIGHUP) keeps the report from being written no more.
    let mut shown: anyhow::Result<()> = Ok(());
    if let Some(report) = report.as_ref().filter(|_| write.json) {
        shown = printer.out_json(&Document::new(Kind::Run, report));
    } else if write.dry_run {
        shown = printer
            .out_lines(views::plan::plan_lines(&result.plan, &approval.look))
            .and_then(|()| printer.out("dry run, nothing written."))
            .map_err(anyhow::Error::from);
    }
    print_notes(&result, target, write, printer);
    let verified = print_verification(notes, printer);
    let summary = Summary::of(&result);
    if !write.dry_run && !write.json {
        let line = match <F::Record as Neutral>::KIND {
            crate::record::Kind::Milestones => summary.to_string(),
            kind => format!("{}: {summary}", kind.many()),
        };
        shown = shown.and_then(|()| Ok(printer.out(line)?));
    }
    if let Some(report) = &report {
        save_report(report, report_to, printer)?;
    }
    shown?;
    if let Some(refusal) = super::pair::predicted_refusal(&result, target) {
        return Err(refusal.into());
    }
    ending(&result, summary.failed > 0 || !verified)
}

/// How a run that ended before writing ends: the plan declined (exit 1),
/// no terminal to ask on (2), a token that cannot write (3, with the
/// report), input that cannot be migrated (2) or a provider's failure (3).
fn refused<F: Forge>(
    error: RunError,
    target: &Endpoint<F>,
    context: &RunContext<'_>,
    write: &WriteArgs,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    match error {
        RunError::Declined => {
            printer.err("cancelled: nothing written.");
            super::kinds::declined();
            Ok(Exit::Failure.into())
        }
        error @ RunError::NeedsYes(_) => Err(invalid(error.to_string())),
        error @ RunError::CannotWrite { .. } => {
            let target_name = target.repo().to_string();
            let run = (
                context.source_name.as_str(),
                target_name.as_str(),
                &context.started,
            );
            Err(report_unplanned(error.into(), run, write, printer))
        }
        other => Err(other.into()),
    }
}

/// What a person should know of a run beyond its outcome: deadlines read
/// in a zone, fields the target has no place for, and each failure.
fn print_notes<F: Forge>(
    result: &RunResult<F>,
    target: &Endpoint<F>,
    write: &WriteArgs,
    printer: &Printer,
) {
    let off = result
        .plan
        .items
        .iter()
        .filter_map(off_midnight::<F>)
        .count();
    if off > 0 {
        printer.note(format!(
            "note: {off} deadline(s) are not at midnight in {}; each was read as its date there (--timezone names the zone where the deadlines were picked)",
            zone_name(write.timezone.as_ref())
        ));
    }
    let not_carried = report::not_carried(&result.plan);
    if !not_carried.is_empty() {
        let fields: Vec<&str> = not_carried.keys().map(String::as_str).collect();
        printer.note(format!(
            "note: {} has no place for these source fields (they are kept in exports and the report): {}",
            target.repo(),
            fields.join(", ")
        ));
    }
    for (item, error) in super::pair::failures_to_name(result) {
        printer.err(format!(
            "failed: {} [{}]: {error}",
            inline(item.mapped.record.title()),
            inline(&item.mapped.record.origin().key),
        ));
    }
}

/// For a run that ended before it had a plan (a lock not had, a source
/// or target that could not be read, a stop while reading): `--json` and
/// `--report` still say what happened, nothing done and why. The error is
/// handed back to set the exit code.
pub fn report_unplanned(
    error: anyhow::Error,
    run: (&str, &str, &Started),
    write: &WriteArgs,
    printer: &Printer,
) -> anyhow::Error {
    let (source, target, started) = run;
    let report_to = write.report_format().ok().flatten();
    if !write.json && report_to.is_none() {
        return error;
    }
    let mut report = report::Report::unplanned(
        source.to_owned(),
        target.to_owned(),
        write.dry_run,
        &crate::exit::chain_text(&error),
    );
    report.stats = Some(report::RunStats {
        started_at: started.at.clone(),
        duration_ms: started.instant.elapsed().as_millis() as u64,
        ..report::RunStats::default()
    });
    let status = match report.interrupted {
        true => PairStatus::Stopped,
        false => PairStatus::Failed,
    };
    let failure = report::Failure::of_error(&error);
    let report = BatchReport::of_one(PairEntry::of_run(
        report,
        status,
        None,
        true,
        Some(failure),
        true,
    ));
    if write.json {
        // The error itself is said on stderr whatever becomes of stdout.
        let _ = printer.out_json(&Document::new(Kind::Run, &report));
    }
    if let Some((path, format)) = report_to {
        match write_report(&report, &path, format) {
            Ok(()) => printer.note(format!("report written to {}", path.display())),
            Err(failed) => printer.err(format!("mileport: {}", crate::exit::chain_text(&failed))),
        }
    }
    error
}

/// Writes a run's report (one repository's or a batch's) where
/// `--report` asks, if it does, and says where.
pub fn save_report(
    report: &BatchReport,
    to: Option<(PathBuf, ReportFormat)>,
    printer: &Printer,
) -> anyhow::Result<()> {
    if let Some((path, format)) = to {
        write_report(report, &path, format)?;
        printer.note(format!("report written to {}", path.display()));
    }
    Ok(())
}

fn write_report(
    report: &BatchReport,
    path: &std::path::Path,
    format: ReportFormat,
) -> anyhow::Result<()> {
    write_report_as(
        report,
        path,
        format,
        views::batch_report::markdown,
        views::batch_report::html_page,
    )
}

/// Writes a report (one run's or a batch's) in the format its file name
/// asks for: JSON as `--json` prints it, Markdown and HTML as the views
/// draw them.
pub fn write_report_as<R: serde::Serialize>(
    report: &R,
    path: &std::path::Path,
    format: ReportFormat,
    markdown: fn(&R) -> String,
    html: fn(&R) -> String,
) -> anyhow::Result<()> {
    let written = match format {
        ReportFormat::Json => {
            crate::files::write_json_atomically(path, &Document::new(Kind::Run, report))
        }
        ReportFormat::Markdown => crate::files::write_text_atomically(path, &markdown(report)),
        ReportFormat::Html => crate::files::write_text_atomically(path, &html(report)),
    };
    written.context("cannot write the report")
}

/// A run's exit, once everything is said and written: 3 when a failure
/// every write would meet stopped it, 128 + the signal when one did, else
/// 1 when something failed or did not check out, 0 when all is well.
fn ending<F: Forge>(result: &RunResult<F>, failed: bool) -> anyhow::Result<ExitCode> {
    if let Some(error) = &result.halted_by {
        return Err(super::pair::halted(result, error));
    }
    if result.interrupted {
        let not_started = result.plan.items.len() - result.outcomes.len();
        return Err(Interrupted(format!(
            "stopped by {} with {not_started} of {} milestones not done; run the same command again to finish",
            crate::interrupt::stopped_by(),
            result.plan.items.len()
        ))
        .into());
    }
    Ok(if failed { Exit::Failure } else { Exit::Success }.into())
}

/// When a run started, for its report.
#[derive(Clone, Debug)]
pub struct Started {
    /// RFC 3339, UTC.
    pub at: String,
    pub instant: std::time::Instant,
}

impl Started {
    pub fn now() -> Started {
        Started {
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            instant: std::time::Instant::now(),
        }
    }
}

/// What a run needs besides its records and its target: where the
/// milestones come from (named in the report, its requests counted), when
/// it started, and the write session (lock, journal, Ctrl-C) it runs in.
pub struct RunContext<'a> {
    /// The source repository or file, as the report names it.
    pub source_name: String,
    /// The requests sent to the source repository, when there is one.
    pub source_traffic: Option<&'a (dyn Fn() -> (u64, u64, u64) + Sync)>,
    pub started: Started,
    pub session: &'a WriteSession,
}

/// The document `--json` and `--report` give of a single repository's
/// run: a batch of one pair.
fn run_document<F: Forge>(
    result: &RunResult<F>,
    target: &Endpoint<F>,
    context: &RunContext<'_>,
    dry_run: bool,
    confirmed: bool,
) -> BatchReport {
    let entry = super::pair::entry_of(result, target, context, (dry_run, confirmed, true));
    BatchReport::of_one(entry).of_objects(<F::Record as Neutral>::KIND)
}

/// Says what reading the target after writing showed; true when it
/// confirmed every milestone exactly once.
fn print_verification(notes: super::pair::VerificationNotes, printer: &Printer) -> bool {
    // Titles and provider messages: the printer hides secrets and escapes controls.
    for line in notes.lines {
        printer.err(line);
    }
    if notes.removable_left {
        printer.err("run the same command with --remove-duplicates to delete the copies identical to the source milestone, keeping the oldest");
    }
    notes.clean
}

/// Turns a command-line problem into exit code 2.
pub fn invalid(message: impl Into<String>) -> anyhow::Error {
    InvalidInput(message.into()).into()
}

#[cfg(test)]
mod pacing_tests {
    use clap::Parser;

    use super::*;
    use crate::provider::Token;

    #[derive(Debug, Parser)]
    struct Flags {
        #[command(flatten)]
        connect: ConnectArgs,
    }

    fn options(provider: Provider, url: &str, flags: &[&str]) -> ClientOptions {
        let args = Flags::try_parse_from(std::iter::once("mileport").chain(flags.iter().copied()))
            .unwrap()
            .connect;
        let connection =
            Connection::new(provider, url, "test", Token::new("t0k3n-pacing")).unwrap();
        args.options_for(&connection)
    }

    /// A provider's published limits hold against its public API unless
    /// `--max-rate` says otherwise; other hosts keep adaptive pacing.
    #[test]
    fn published_limits_by_default_against_a_public_api() {
        for provider in Provider::all().iter().copied() {
            let Some(url) = provider.default_url() else {
                continue;
            };
            let host = url::Url::parse(url).unwrap().host_str().unwrap().to_owned();
            let public = options(provider, url, &[]);
            match provider.published_limits(&host) {
                Some(limits) => {
                    assert_eq!(public.pace.windows, limits, "{provider}");
                    assert_eq!(public.retry.quiet_throttle_wait, Duration::from_secs(60));
                    assert_eq!(public.retry.max_wait, Duration::from_secs(15 * 60));
                }
                None => assert!(public.pace.windows.is_empty(), "{provider}"),
            }
            let loopback = options(provider, "http://127.0.0.1:9/forge/api", &[]);
            assert!(loopback.pace.windows.is_empty() && loopback.pace.max_per_minute.is_none());
            let chosen = options(
                provider,
                url,
                &["--max-rate", "10/s,300/h", "--max-wait", "30s"],
            );
            assert_eq!(chosen.pace.windows.to_string(), "10/s, 300/h");
            assert_eq!(chosen.retry.quiet_throttle_wait, Duration::from_secs(1));
            assert_eq!(chosen.retry.max_wait, Duration::from_secs(30));
            let even = options(provider, url, &["--max-rate", "600"]);
            assert_eq!(even.pace.max_per_minute, Some(600));
            assert!(even.pace.windows.is_empty());
        }
        assert!(Flags::try_parse_from(["mileport", "--max-rate", "5/day"]).is_err());
        assert!(Flags::try_parse_from(["mileport", "--max-wait", "soon"]).is_err());
    }
}
