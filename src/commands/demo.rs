//! `mileport demo`: the whole job offline. Starts the sandbox in-process on
//! a free loopback port with the built-in sample; for the sample repository
//! of each provider but the demo's target (`DemoTarget`, in the list of
//! providers): backs it up to CSV and JSON, migrates it to the target,
//! checks the result, runs the migration again to show nothing is doubled;
//! then moves every repository's labels the same way; and says where
//! everything is. With `--quiet`, only the
//! result is printed, in one line (and errors).

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use clap::Args;

use crate::provider::Token;
use crate::{
    backup::write_backup,
    batch::report::{BatchReport, PairEntry},
    exit::Exit,
    files::Format,
    forge::{Forge, Identity},
    mapping::MappingOptions,
    net::{ClientOptions, connection::Connection},
    pipeline::{
        endpoint::Endpoint,
        map::map_records,
        plan,
        report::{Report, Summary},
        run::{RunError, RunOptions, RunResult, migrate_records},
    },
    printer::{Line, Printer, Verbosity},
    provider::{Provider, RepoRef},
    providers::{DemoTarget, DemoTargetLabels},
    sandbox::{Sandbox, SandboxConfig, SeedData, imitation::Imitation},
    views::{batch_report, report::ReportFormat},
    with_forge, with_labels,
};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to write the backups and the report
    #[arg(long, value_name = "DIR", default_value = "mileport-demo")]
    pub out_dir: PathBuf,
}

pub async fn run(args: DemoArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let target = <DemoTarget as Identity>::PROVIDER;
    let sources: Vec<Provider> = Provider::all()
        .iter()
        .copied()
        .filter(|provider| *provider != target)
        .collect();
    let targets: Vec<String> = sources.iter().map(|s| target_of(*s)).collect();
    let held: Vec<&str> = targets.iter().map(String::as_str).collect();
    let config = SandboxConfig {
        seed: SeedData::sample().with_repos(&held),
        ..SandboxConfig::default()
    };
    let tokens = config.tokens.clone();
    let sandbox = Sandbox::start(config)
        .await
        .context("cannot start the sandbox")?;
    let narrator = Narrator(printer);
    narrator.say(format!("1. Started the sandbox on {}", sandbox.addr()))?;
    let width = Provider::all()
        .iter()
        .map(|p| p.name().len())
        .max()
        .unwrap_or(0)
        + 1;
    for provider in Provider::all().iter().copied() {
        let name = format!("{}:", provider.name());
        narrator.say(format!("     {name:<width$} {}", sandbox.url(provider)))?;
    }
    let demo = Demo {
        args: &args,
        sandbox: &sandbox,
        tokens: &tokens,
        printer,
    };
    let outcome = demo.run_steps(&sources).await;
    sandbox.shutdown().await;
    outcome
}

/// The repository each provider's sample moves to.
fn target_of(source: Provider) -> String {
    format!(
        "{}:demo/from-{}",
        <DemoTarget as Identity>::PROVIDER.id(),
        source.id()
    )
}

/// The sample's repository on `provider`.
fn source_of(provider: Provider) -> String {
    format!("{}:demo/roadmap", provider.id())
}

/// What the demo works with.
struct Demo<'a> {
    args: &'a DemoArgs,
    sandbox: &'a Sandbox,
    tokens: &'a std::collections::BTreeMap<Provider, String>,
    printer: &'a Printer,
}

impl Demo<'_> {
    /// An endpoint of kind `F` on the sandbox's `repo`.
    fn endpoint<F: Forge>(&self, repo: &str) -> anyhow::Result<Endpoint<F>> {
        let repo = repo.parse::<RepoRef>().map_err(anyhow::Error::msg)?;
        let token = self.tokens.get(&repo.provider).cloned().unwrap_or_default();
        let url = self.sandbox.url(repo.provider);
        let connection = Connection::new(repo.provider, &url, "the sandbox", Token::new(token))?;
        Ok(Endpoint::with_connection(
            &connection,
            &repo,
            &ClientOptions::default(),
        )?)
    }

    /// One repository of the sample moved to the demo's target.
    fn moving<S: Forge>(&self, source: Provider, first: bool) -> anyhow::Result<Move<S>> {
        Ok(Move {
            source: self.endpoint(&source_of(source))?,
            target: self.endpoint(&target_of(source))?,
            // The first source's files keep the plain names.
            files: if first {
                String::new()
            } else {
                format!("{}-", source.id())
            },
        })
    }

    async fn run_steps(&self, sources: &[Provider]) -> anyhow::Result<ExitCode> {
        let args = self.args;
        std::fs::create_dir_all(&args.out_dir)
            .with_context(|| format!("cannot create {}", args.out_dir.display()))?;
        let narrator = Narrator(self.printer);
        let mut step = 2;
        let mut ok = true;
        for (index, source) in sources.iter().enumerate() {
            ok &= with_forge!(*source, S => {
                let moving = self.moving::<S>(*source, index == 0)?;
                move_one(args, &moving, S::SAMPLE_ABOUT, step, self.printer).await?
            });
            step += 5;
        }
        for source in sources {
            let (from, to) = (source_of(*source), target_of(*source));
            ok &= with_labels!(*source, L => {
                let labels = (self.endpoint::<L>(&from)?, self.endpoint::<DemoTargetLabels>(&to)?);
                move_labels(&labels, step, self.printer).await?
            });
            step += 1;
        }

        narrator.say("")?;
        narrator.say("Try it on your own repositories:")?;
        // A provider without a public API needs its address too.
        let tokens: Vec<String> = Provider::all()
            .iter()
            .flat_map(|p| {
                let url = p
                    .default_url()
                    .is_none()
                    .then(|| format!("{}=...", p.url_var()));
                std::iter::once(format!("{}=...", p.token_var())).chain(url)
            })
            .collect();
        narrator.say(format!("  export {}", tokens.join("  ")))?;
        let target = <DemoTarget as Identity>::PROVIDER.id();
        if let Some(first) = sources.first() {
            narrator.say(format!(
                "  mileport export {}:OWNER/REPO --output backup.csv",
                first.id()
            ))?;
        }
        for source in sources {
            narrator.say(format!(
                "  mileport migrate {}:OWNER/REPO {target}:ORG/REPO --dry-run",
                source.id()
            ))?;
        }
        if self.printer.verbosity() == Verbosity::Quiet {
            self.printer.out(result_line(ok, sources, &args.out_dir))?;
        }
        Ok(if ok { Exit::Success } else { Exit::Failure }.into())
    }
}

/// One repository of the sample moved to the demo's target.
struct Move<S: Forge> {
    source: Endpoint<S>,
    target: Endpoint<DemoTarget>,
    /// What the names of its backups and report begin with.
    files: String,
}

/// Compares the records with what the target holds, as `check` does: how
/// many milestones (or labels), and how many differences.
async fn compare<F: Forge>(
    records: Vec<F::Record>,
    target: &Endpoint<F>,
) -> anyhow::Result<(usize, usize)> {
    let (target_listing, _) = target.list(|_| {}).await?;
    let mapped =
        map_records::<F>(records, &MappingOptions::default()).map_err(RunError::Invalid)?;
    let check = plan::plan(mapped, &target_listing);
    let differences = crate::views::check::differences(&check, &[]).len();
    Ok((check.items.len(), differences))
}

/// Moves a repository's labels to the demo's target, checks them and
/// moves them again, in one step; whether all went well.
async fn move_labels<L: Forge>(
    (source, target): &(Endpoint<L>, Endpoint<DemoTargetLabels>),
    step: usize,
    printer: &Printer,
) -> anyhow::Result<bool>
where
    DemoTargetLabels: Forge<Record = L::Record>,
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
fn result_line(ok: bool, sources: &[Provider], out_dir: &std::path::Path) -> String {
    let names: Vec<String> = sources.iter().map(|s| source_of(*s)).collect();
    let moved = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    match ok {
        true => format!(
            "demo done: {moved} migrated to {} with their labels, checked equal, nothing doubled; files in {}",
            <DemoTarget as Identity>::NAME,
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
    let (status, error) = crate::driver::pair::pair_status(result, target);
    let document = BatchReport::of_one(PairEntry::of_run(report, status, None, true, error, true));
    crate::driver::common::write_report_as(
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
async fn move_one<S: Forge<Record = crate::record::MilestoneRecord>>(
    args: &DemoArgs,
    moving: &Move<S>,
    about: &str,
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
        about
    ))?;

    let csv = args.out_dir.join(format!("{}roadmap.csv", moving.files));
    let json = args.out_dir.join(format!("{}roadmap.json", moving.files));
    for (path, format) in [(&csv, Format::Csv), (&json, Format::Json)] {
        write_backup::<S>(path, format, &source.repo().path(), &listing.items)
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
