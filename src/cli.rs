//! The command line as clap parses it: one subcommand per job, each with
//! its own argument struct in `commands/`.

use clap::{Parser, Subcommand};

use crate::commands;

/// Move repository milestones between GitCode and SourceCraft, and back
/// them up to CSV or JSON.
///
/// Tokens come from GITCODE_TOKEN and SOURCECRAFT_TOKEN; base URLs from
/// GITCODE_API_URL and SOURCECRAFT_API_URL. Exit codes: 0 success, 1 a run
/// that failed or found differences, 2 bad usage or invalid input (nothing
/// written).
#[derive(Debug, Parser)]
#[command(name = "mileport", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Back up every milestone of a repository to CSV or JSON
    Export(commands::export::ExportArgs),
    /// Create or update a repository's milestones from a backup file
    Import(commands::import::ImportArgs),
    /// Check every row of a backup file without talking to any provider
    Validate(commands::validate::ValidateArgs),
    /// Copy every milestone of one repository to another
    Migrate(commands::migrate::MigrateArgs),
    /// Compare two repositories after mapping; exit 0 when equal, 1 when not
    Check(commands::check::CheckArgs),
    /// Run the whole job offline against the built-in sandbox
    Demo(commands::demo::DemoArgs),
    /// Serve a local, stateful imitation of both providers' milestone APIs
    Sandbox(commands::sandbox::SandboxArgs),
}

impl Command {
    pub async fn run(self) -> anyhow::Result<std::process::ExitCode> {
        match self {
            Command::Export(args) => commands::export::run(args).await,
            Command::Import(args) => commands::import::run(args).await,
            Command::Validate(args) => commands::validate::run(args).await,
            Command::Migrate(args) => commands::migrate::run(args).await,
            Command::Check(args) => commands::check::run(args).await,
            Command::Demo(args) => commands::demo::run(args).await,
            Command::Sandbox(args) => commands::sandbox::run(args).await,
        }
    }
}
