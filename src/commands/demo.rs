//! `mileport demo`: the whole job offline. Starts the sandbox in-process on
//! a free loopback port with the built-in sample, backs the GitCode
//! repository up to CSV and JSON, migrates it to SourceCraft, checks the
//! result, runs the migration again to show nothing is doubled, and says
//! where everything is.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use clap::Args;

use crate::{
    exit::Exit,
    files::{self, Format},
    mapping::{self, MappingOptions},
    pipeline::{
        endpoint::Endpoint,
        plan,
        report::Report,
        run::{RunError, RunOptions, migrate_records},
    },
    printer::Printer,
    providers::{
        ClientOptions, Provider, RepoRef,
        connection::{Connection, Token},
        gitcode::GitCode,
        sourcecraft::SourceCraft,
    },
    sandbox::{Sandbox, SandboxConfig, SeedData},
};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to write the backups and the report
    #[arg(long, value_name = "DIR", default_value = "mileport-demo")]
    pub out_dir: PathBuf,
}

pub async fn run(args: DemoArgs, printer: &Printer) -> anyhow::Result<ExitCode> {
    let config = SandboxConfig {
        seed: SeedData::sample().with_repos(&["sourcecraft:demo/from-gitcode"]),
        ..SandboxConfig::default()
    };
    let (gitcode_token, sourcecraft_token) = (
        config.gitcode_token.clone(),
        config.sourcecraft_token.clone(),
    );
    let sandbox = Sandbox::start(config)
        .await
        .context("cannot start the sandbox")?;
    printer.out(format!("1. Started the sandbox on {}", sandbox.addr()))?;
    printer.out(format!("     GitCode:     {}", sandbox.gitcode_url()))?;
    printer.out(format!("     SourceCraft: {}", sandbox.sourcecraft_url()))?;

    let source_repo: RepoRef = "gitcode:demo/roadmap".parse().map_err(anyhow::Error::msg)?;
    let target_repo: RepoRef = "sourcecraft:demo/from-gitcode"
        .parse()
        .map_err(anyhow::Error::msg)?;
    let options = ClientOptions::default();
    let gitcode = Connection::new(
        Provider::GitCode,
        &sandbox.gitcode_url(),
        "the sandbox",
        Token::new(gitcode_token),
    )?;
    let sourcecraft = Connection::new(
        Provider::SourceCraft,
        &sandbox.sourcecraft_url(),
        "the sandbox",
        Token::new(sourcecraft_token),
    )?;
    let source = Endpoint::<GitCode>::with_connection(&gitcode, &source_repo, &options)?;
    let target = Endpoint::<SourceCraft>::with_connection(&sourcecraft, &target_repo, &options)?;
    let outcome = run_steps(&args, &source, &target, printer).await;
    sandbox.shutdown().await;
    outcome
}

async fn run_steps(
    args: &DemoArgs,
    source: &Endpoint<GitCode>,
    target: &Endpoint<SourceCraft>,
    printer: &Printer,
) -> anyhow::Result<ExitCode> {
    let (listing, _) = source.list(|_| {}).await?;
    let milestones = &listing.items;
    let closed = milestones
        .iter()
        .filter(|m| m.state.as_deref() == Some("closed"))
        .count();
    printer.out(format!(
        "2. {} holds {} milestones ({} closed), in Chinese, Russian and emoji",
        source.repo(),
        milestones.len(),
        closed
    ))?;

    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("cannot create {}", args.out_dir.display()))?;
    let csv = args.out_dir.join("roadmap.csv");
    let json = args.out_dir.join("roadmap.json");
    for (path, format) in [(&csv, Format::Csv), (&json, Format::Json)] {
        files::write_backup::<GitCode>(path, format, &source.repo().path(), milestones)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    printer.out(format!(
        "3. Backed them up to {} and {}",
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
    let report = Report::new(
        source.repo().to_string(),
        target.repo().to_string(),
        false,
        &result,
    );
    let report_path = args.out_dir.join("report.json");
    files::write_json_atomically(&report_path, &report)?;
    printer.out(format!(
        "4. Migrated them to {}: {} (report: {})",
        target.repo(),
        report.summary,
        report_path.display()
    ))?;

    let (target_listing, _) = target.list(|_| {}).await?;
    let mapped = mapping::map_records::<SourceCraft>(records.clone(), &MappingOptions::default())
        .map_err(RunError::Invalid)?;
    let check = plan::plan(mapped, &target_listing);
    let differences = crate::views::check::differences(&check, &[]).len();
    printer.out(format!(
        "5. Checked {} against {}: {} milestones, {} differences",
        source.repo(),
        target.repo(),
        check.items.len(),
        differences
    ))?;

    let again = migrate_records(records, target, None, &run_options, &()).await?;
    let again = Report::new(
        source.repo().to_string(),
        target.repo().to_string(),
        false,
        &again,
    );
    printer.out(format!(
        "6. Ran the migration again: {} (nothing doubled)",
        again.summary
    ))?;

    printer.out("")?;
    printer.out("Try it on your own repositories:")?;
    printer.out("  export GITCODE_TOKEN=...  SOURCECRAFT_TOKEN=...")?;
    printer.out("  mileport export gitcode:OWNER/REPO --output backup.csv")?;
    printer.out("  mileport migrate gitcode:OWNER/REPO sourcecraft:ORG/REPO --dry-run")?;
    let ok = report.summary.failed == 0 && differences == 0 && again.summary.created == 0;
    Ok(if ok { Exit::Success } else { Exit::Failure }.into())
}
