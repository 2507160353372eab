//! `mileport demo`: the whole job offline. Starts the sandbox in-process on
//! a free loopback port with the built-in sample; for its GitCode and then
//! its GitHub repository: backs it up to CSV and JSON, migrates it to
//! SourceCraft, checks the result, runs the migration again to show nothing
//! is doubled; then moves both repositories' labels the same way; and says
//! where everything is. With `--quiet`, only the
//! result is printed, in one line (and errors).

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use clap::Args;

use crate::{
    batch::report::{BatchReport, PairEntry},
    exit::Exit,
    files::{self, Format},
    mapping::{self, MappingOptions},
    pipeline::{
        endpoint::Endpoint,
        plan,
        report::{Report, Summary},
        run::{RunError, RunOptions, RunResult, migrate_records},
    },
    printer::{Line, Printer, Verbosity},
    providers::{
        ClientOptions, Provider, RepoRef,
        connection::{Connection, Token},
        forge::Forge,
        gitcode::{GitCode, labels::GitCodeLabels},
        github::{GitHub, labels::GitHubLabels},
        sourcecraft::{SourceCraft, labels::SourceCraftLabels},
    },
    sandbox::{Sandbox, SandboxConfig, SeedData},
    views::{batch_report, report::ReportFormat},
};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to write the backups and the report
    #[arg(long, value_name = "DIR", default_value = "mileport-demo")]
    pub out_dir: PathBuf,
}

pub async fn run(args: DemoArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let config = SandboxConfig {
        seed: SeedData::sample().with_repos(&[GITCODE_TARGET, GITHUB_TARGET]),
        ..SandboxConfig::default()
    };
    let tokens = config.tokens.clone();
    let sandbox = Sandbox::start(config)
        .await
        .context("cannot start the sandbox")?;
    let narrator = Narrator(printer);
    narrator.say(format!("1. Started the sandbox on {}", sandbox.addr()))?;
    narrator.say(format!("     GitCode:     {}", sandbox.gitcode_url()))?;
    narrator.say(format!("     SourceCraft: {}", sandbox.sourcecraft_url()))?;
    narrator.say(format!("     GitHub:      {}", sandbox.github_url()))?;

    let options = ClientOptions::default();
    let connect = |provider: Provider| {
        let token = tokens.get(&provider).cloned().unwrap_or_default();
        let url = sandbox.url(provider);
        Connection::new(provider, &url, "the sandbox", Token::new(token))
    };
    let gitcode = connect(Provider::GitCode)?;
    let sourcecraft = connect(Provider::SourceCraft)?;
    let github = connect(Provider::GitHub)?;
    let repo = |name: &str| name.parse::<RepoRef>().map_err(anyhow::Error::msg);
    let from_gitcode = Move {
        source: Endpoint::<GitCode>::with_connection(&gitcode, &repo(GITCODE_SOURCE)?, &options)?,
        target: Endpoint::<SourceCraft>::with_connection(
            &sourcecraft,
            &repo(GITCODE_TARGET)?,
            &options,
        )?,
        labels: (
            Endpoint::with_connection(&gitcode, &repo(GITCODE_SOURCE)?, &options)?,
            Endpoint::with_connection(&sourcecraft, &repo(GITCODE_TARGET)?, &options)?,
        ),
        files: "",
        about: "in Chinese, Russian and emoji",
    };
    let from_github = Move {
        source: Endpoint::<GitHub>::with_connection(&github, &repo(GITHUB_SOURCE)?, &options)?,
        target: Endpoint::<SourceCraft>::with_connection(
            &sourcecraft,
            &repo(GITHUB_TARGET)?,
            &options,
        )?,
        labels: (
            Endpoint::with_connection(&github, &repo(GITHUB_SOURCE)?, &options)?,
            Endpoint::with_connection(&sourcecraft, &repo(GITHUB_TARGET)?, &options)?,
        ),
        files: "github-",
        about: "due on both of Los Angeles' clock changes, some undated",
    };
    let outcome = run_steps(&args, &from_gitcode, &from_github, printer).await;
    sandbox.shutdown().await;
    outcome
}

const GITCODE_SOURCE: &str = "gitcode:demo/roadmap";
const GITCODE_TARGET: &str = "sourcecraft:demo/from-gitcode";
const GITHUB_SOURCE: &str = "github:demo/roadmap";
const GITHUB_TARGET: &str = "sourcecraft:demo/from-github";

/// One repository of the sample moved to SourceCraft.
struct Move<S: Forge, L: Forge> {
    source: Endpoint<S>,
    target: Endpoint<SourceCraft>,
    /// Its labels, and SourceCraft's for them.
    labels: (Endpoint<L>, Endpoint<SourceCraftLabels>),
    /// What the names of its backups and report begin with.
    files: &'static str,
    /// What is worth noticing in its milestones.
    about: &'static str,
}

async fn run_steps(
    args: &DemoArgs,
    from_gitcode: &Move<GitCode, GitCodeLabels>,
    from_github: &Move<GitHub, GitHubLabels>,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("cannot create {}", args.out_dir.display()))?;
    let narrator = Narrator(printer);
    let gitcode_ok = move_one(args, from_gitcode, 2, printer).await?;
    let github_ok = move_one(args, from_github, 7, printer).await?;
    let labels_ok = move_labels(&from_gitcode.labels, 12, printer).await?
        && move_labels(&from_github.labels, 13, printer).await?;

    narrator.say("")?;
    narrator.say("Try it on your own repositories:")?;
    narrator.say("  export GITCODE_TOKEN=...  SOURCECRAFT_TOKEN=...  GITHUB_TOKEN=...")?;
    narrator.say("  mileport export gitcode:OWNER/REPO --output backup.csv")?;
    narrator.say("  mileport migrate gitcode:OWNER/REPO sourcecraft:ORG/REPO --dry-run")?;
    narrator.say("  mileport migrate github:OWNER/REPO sourcecraft:ORG/REPO --dry-run")?;
    let ok = gitcode_ok && github_ok && labels_ok;
    if printer.verbosity() == Verbosity::Quiet {
        printer.out(result_line(ok, &args.out_dir))?;
    }
    Ok(if ok { Exit::Success } else { Exit::Failure }.into())
}

/// Compares the records with what the target holds, as `check` does: how
/// many milestones (or labels), and how many differences.
async fn compare<F: Forge>(
    records: Vec<F::Record>,
    target: &Endpoint<F>,
) -> anyhow::Result<(usize, usize)> {
    let (target_listing, _) = target.list(|_| {}).await?;
    let mapped = mapping::map_records::<F>(records, &MappingOptions::default())
        .map_err(RunError::Invalid)?;
    let check = plan::plan(mapped, &target_listing);
    let differences = crate::views::check::differences(&check, &[]).len();
    Ok((check.items.len(), differences))
}

/// Moves a repository's labels to SourceCraft, checks them and moves them
/// again, in one step; whether all went well.
async fn move_labels<L: Forge>(
    (source, target): &(Endpoint<L>, Endpoint<SourceCraftLabels>),
    step: usize,
    printer: &Printer,
) -> anyhow::Result<bool>
where
    SourceCraftLabels: Forge<Record = L::Record>,
{
    let (listing, _) = source.list(|_| {}).await?;
    let records = listing.to_records().map_err(RunError::Invalid)?;
    let options = RunOptions {
        concurrency: 8,
        ..RunOptions::default()
    };
    let moved = Summary::of(&migrate_records(records.clone(), target, None, &options, &()).await?);
    let (labels, differences) = compare(records.clone(), target).await?;
    let again = Summary::of(&migrate_records(records, target, None, &options, &()).await?);
    Narrator(printer).say(format!(
        "{step}. Moved the {labels} labels of {} to {}: {moved}; checked: {differences} differences; again: {again} (nothing doubled)",
        source.repo(),
        target.repo(),
    ))?;
    Ok(moved.failed == 0 && differences == 0 && again.created + again.updated == 0)
}

/// Tells the demo's steps on stdout, unless `--quiet`.
struct Narrator<'a>(&'a Printer);

impl Narrator<'_> {
    fn say(&self, line: impl Into<Line>) -> std::io::Result<()> {
        match self.0.verbosity() {
            Verbosity::Quiet => Ok(()),
            _ => self.0.out(line),
        }
    }
}

/// What `--quiet` prints: the demo's result in one line.
fn result_line(ok: bool, out_dir: &std::path::Path) -> String {
    let moved = format!("{GITCODE_SOURCE} and {GITHUB_SOURCE}");
    match ok {
        true => format!(
            "demo done: {moved} migrated to SourceCraft with their labels, checked equal, nothing doubled; files in {}",
            out_dir.display()
        ),
        false => format!(
            "demo done with failures or differences: see the reports in {}",
            out_dir.display()
        ),
    }
}

/// The report of one of the demo's migrations, written as any run's JSON
/// report is; what became of its milestones.
fn write_run_report<F: Forge>(
    result: &RunResult<F>,
    source: &RepoRef,
    target: &Endpoint<F>,
    path: &std::path::Path,
) -> anyhow::Result<Summary> {
    let report = Report::new(source.to_string(), target.repo().to_string(), false, result);
    let summary = report.summary;
    let (status, error) = super::pair::pair_status(result, target);
    let document = BatchReport::of_one(PairEntry::of_run(report, status, None, true, error, true));
    super::common::write_report_as(
        &document,
        path,
        ReportFormat::Json,
        batch_report::markdown,
        batch_report::html_page,
    )?;
    Ok(summary)
}

/// Shows the source, backs it up, migrates it, checks the target and
/// migrates again, numbering the steps from `step`; whether all went well.
async fn move_one<S: Forge<Record = crate::record::MilestoneRecord>, L: Forge>(
    args: &DemoArgs,
    moving: &Move<S, L>,
    step: usize,
    printer: &Printer,
) -> anyhow::Result<bool> {
    let (source, target) = (&moving.source, &moving.target);
    let narrator = Narrator(printer);
    let (listing, _) = source.list(|_| {}).await?;
    let (_, closed) = listing.open_and_closed();
    narrator.say(format!(
        "{step}. {} holds {} milestones ({} closed), {}",
        source.repo(),
        listing.len(),
        closed,
        moving.about
    ))?;

    let csv = args.out_dir.join(format!("{}roadmap.csv", moving.files));
    let json = args.out_dir.join(format!("{}roadmap.json", moving.files));
    for (path, format) in [(&csv, Format::Csv), (&json, Format::Json)] {
        files::write_backup::<S>(path, format, &source.repo().path(), &listing.items)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    narrator.say(format!(
        "{}. Backed them up to {} and {}",
        step + 1,
        csv.display(),
        json.display()
    ))?;

    let records = listing.to_records().map_err(RunError::Invalid)?;
    let run_options = RunOptions {
        dry_run: false,
        concurrency: 8,
        mapping: MappingOptions::default(),
        ..RunOptions::default()
    };
    let observer = printer.progress().migration(false);
    let result = migrate_records(records.clone(), target, None, &run_options, &observer).await;
    observer.finish();
    let result = result?;
    let report_path = args.out_dir.join(format!("{}report.json", moving.files));
    let summary = write_run_report(&result, source.repo(), target, &report_path)?;
    narrator.say(format!(
        "{}. Migrated them to {}: {summary} (report: {})",
        step + 2,
        target.repo(),
        report_path.display()
    ))?;

    let (milestones, differences) = compare(records.clone(), target).await?;
    narrator.say(format!(
        "{}. Checked {} against {}: {milestones} milestones, {differences} differences",
        step + 3,
        source.repo(),
        target.repo(),
    ))?;

    let again = migrate_records(records, target, None, &run_options, &()).await?;
    let again = Report::new(
        source.repo().to_string(),
        target.repo().to_string(),
        false,
        &again,
    );
    narrator.say(format!(
        "{}. Ran the migration again: {} (nothing doubled)",
        step + 4,
        again.summary
    ))?;
    Ok(summary.failed == 0 && differences == 0 && again.summary.created == 0)
}
