//! The command line as clap parses it: one subcommand per job, each with
//! its own argument struct in `commands/`.

use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::{
    commands,
    printer::{ColorChoice, Printer, PrinterOptions, Verbosity},
};

/// What every command says about its exit code.
pub const EXIT_CODES: &str = "\
Exit codes:
  0    done (check: the repositories agree)
  1    done, but some milestones failed (check: differences found)
  2    invalid input or usage; nothing was written
  3    could not finish: a provider, the network or the file system failed
  130  interrupted (Ctrl-C)";

/// Move repository milestones between GitCode and SourceCraft, and back
/// them up to CSV or JSON.
///
/// Tokens come from GITCODE_TOKEN and SOURCECRAFT_TOKEN; base URLs from
/// GITCODE_API_URL and SOURCECRAFT_API_URL. RUST_LOG selects logs in detail
/// (e.g. RUST_LOG=mileport=debug).
#[derive(Debug, Parser)]
#[command(name = "mileport", version, about, max_term_width = 100, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes, before or after its name.
#[derive(Clone, Debug, Args)]
pub struct GlobalArgs {
    /// Say more: -v logs every request, -vv adds details
    #[arg(long, short, action = ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Show no progress and no notes, only results and errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_name = "WHEN", global = true, default_value = "auto")]
    pub color: ColorChoice,

    /// Milliseconds between progress lines when stderr is not a terminal
    #[arg(
        long,
        value_name = "MS",
        global = true,
        default_value_t = 10_000,
        hide = true
    )]
    pub progress_interval_ms: u64,

    /// Waits at least this many milliseconds are said on the progress line
    #[arg(
        long,
        value_name = "MS",
        global = true,
        default_value_t = 2_000,
        hide = true
    )]
    pub wait_notice_ms: u64,
}

impl GlobalArgs {
    pub fn verbosity(&self) -> Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (false, 0) => Verbosity::Default,
            (false, n) => Verbosity::Verbose(n),
        }
    }

    pub fn printer(&self) -> Printer {
        Printer::new(PrinterOptions {
            verbosity: self.verbosity(),
            color: self.color,
            line_interval: Duration::from_millis(self.progress_interval_ms.max(1)),
            wait_notice: Duration::from_millis(self.wait_notice_ms),
        })
    }

    /// The log filter: RUST_LOG when set, else what -v asks for.
    pub fn log_filter(&self) -> String {
        match std::env::var("RUST_LOG") {
            Ok(filter) if !filter.trim().is_empty() => filter,
            _ => match self.verbose {
                0 => "warn".to_owned(),
                1 => "warn,mileport=info".to_owned(),
                2 => "warn,mileport=debug".to_owned(),
                _ => "info,mileport=trace".to_owned(),
            },
        }
    }
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
    /// Compare two repositories after mapping; exit 0 when equal, 1 when not, 3 when it cannot tell
    Check(commands::check::CheckArgs),
    /// Run the whole job offline against the built-in sandbox
    Demo(commands::demo::DemoArgs),
    /// Serve a local, stateful imitation of both providers' milestone APIs
    Sandbox(commands::sandbox::SandboxArgs),
}

impl Command {
    pub async fn run(self, printer: &Printer) -> anyhow::Result<std::process::ExitCode> {
        match self {
            Command::Export(args) => commands::export::run(args, printer).await,
            Command::Import(args) => commands::import::run(args, printer).await,
            Command::Validate(args) => commands::validate::run(args, printer).await,
            Command::Migrate(args) => commands::migrate::run(args, printer).await,
            Command::Check(args) => commands::check::run(args, printer).await,
            Command::Demo(args) => commands::demo::run(args, printer).await,
            Command::Sandbox(args) => commands::sandbox::run(args, printer).await,
        }
    }
}
