//! The command line as clap parses it: one subcommand per job, each with
//! its own argument struct in `commands/`, and the examples every `--help`
//! ends with.

pub mod process;

use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::{
    commands,
    printer::{ColorChoice, Printer, PrinterOptions, Verbosity},
};

/// `mileport 0.1.0 (1a2b3c4d5e 2026-11-29)`: the version, the commit it was
/// built from and the build date (see `build.rs`).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("MILEPORT_COMMIT"),
    " ",
    env!("MILEPORT_BUILD_DATE"),
    ")"
);

/// Move repository milestones and labels between GitCode, SourceCraft, GitHub,
/// Gitea/Forgejo and Gitee, and back them up to CSV or JSON.
///
/// Tokens come from GITCODE_TOKEN, SOURCECRAFT_TOKEN and GITHUB_TOKEN (or
/// files named by GITCODE_TOKEN_FILE, SOURCECRAFT_TOKEN_FILE and
/// GITHUB_TOKEN_FILE); base URLs from GITCODE_API_URL, SOURCECRAFT_API_URL
/// and GITHUB_API_URL. RUST_LOG selects logs in detail
/// (e.g. RUST_LOG=mileport=debug).
#[derive(Debug, Parser)]
#[command(
    name = "mileport",
    version = VERSION,
    about,
    max_term_width = 100,
    after_help = EXIT_CODES
)]
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

    /// The config file of named remotes [default: $MILEPORT_CONFIG, else
    /// $XDG_CONFIG_HOME/mileport/config.toml, else ~/.config/mileport/config.toml]
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<std::path::PathBuf>,

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

    /// Waits longer than this many milliseconds are said on the progress line
    #[arg(
        long,
        value_name = "MS",
        global = true,
        default_value_t = 1_000,
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
/// What every command says about its exit code.
const EXIT_CODES: &str = "\
Exit codes:
  0    done (for check: the repositories agree)
  1    done, with failures or differences
  2    invalid input or usage; nothing was written
  3    could not finish: a provider, the network or the file system failed
  130  interrupted (Ctrl-C); 143 after SIGTERM, 129 after SIGHUP

Try it offline first: mileport demo";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Back up every milestone of a repository, or of every repository of an owner, to CSV or JSON
    #[command(after_help = "\
Examples:
  mileport export gitcode:dengmengmian/oneapi --output oneapi.csv
  mileport export sourcecraft:acme/site --output site.json
  mileport export gitcode:dengmengmian/oneapi --output - --format json | jq .
  mileport export gitcode:dengmengmian --output-dir backups/ --format csv")]
    Export(commands::export::ExportArgs),

    /// Create or update a repository's milestones from a backup file
    #[command(after_help = "\
Examples:
  mileport import oneapi.csv sourcecraft:acme/oneapi --dry-run
  mileport import oneapi.csv gitcode:dengmengmian/oneapi-restored --report import.json
  mileport import site.json gitcode:acme/site --default-due-on 2026-12-31")]
    Import(commands::import::ImportArgs),

    /// Check every row of a backup file without talking to any provider
    #[command(after_help = "\
Examples:
  mileport validate oneapi.csv
  mileport validate site.json && mileport import site.json sourcecraft:acme/site")]
    Validate(commands::validate::ValidateArgs),

    /// Copy every milestone of one repository to another, or of many repositories at once
    #[command(after_help = "\
Examples:
  mileport migrate gitcode:dengmengmian/oneapi sourcecraft:acme/oneapi --dry-run
  mileport migrate gitcode:dengmengmian/oneapi sourcecraft:acme/oneapi --report migration.json
  mileport migrate sourcecraft:acme/site gitcode:acme/site --default-due-on 2026-12-31
  mileport migrate gitcode:acme sourcecraft:acme --skip-missing --report acme.html
  mileport migrate --repos pairs.txt --repos-in-flight 8

Exit codes for many repositories: 0 every pair done; 1 a pair or a milestone failed; 2 the
input is invalid (a bad --repos line, target repositories missing without --skip-missing),
nothing written; 130 stopped, the report written with what was done.")]
    Migrate(commands::migrate::MigrateArgs),

    /// Compare two repositories (or owners, or --repos pairs, or a backup and a repository) after mapping; exit 0 when equal, 1 when not
    #[command(after_help = "\
Examples:
  mileport check gitcode:dengmengmian/oneapi sourcecraft:acme/oneapi
  mileport check sourcecraft:acme/site gitcode:acme/site --default-due-on 2026-12-31
  mileport check gitcode:acme sourcecraft:acme --ignore-extra
  mileport check --repos pairs.txt --json
  mileport check oneapi.json github:acme/oneapi

Exit codes: 0 equal, 1 different (for many pairs: or a pair missing or unreadable), 3 could not
compare (a provider or the network failed; for many pairs: no pair could be read).")]
    Check(commands::check::CheckArgs),

    /// Run the whole job offline against the built-in sandbox
    #[command(after_help = "\
Examples:
  mileport demo
  mileport demo --out-dir /tmp/mileport-demo")]
    #[cfg(feature = "sandbox")]
    Demo(commands::demo::DemoArgs),

    /// Serve a local, stateful imitation of the providers' milestone APIs
    #[command(after_help = "\
Examples:
  mileport sandbox --listen 127.0.0.1:8080
  mileport sandbox --seed backup.json --seed acme/site=site.csv
  mileport sandbox --fail-rate 0.15 --drop-after-commit 0.15 --fault-seed 7")]
    #[cfg(feature = "sandbox")]
    Sandbox(commands::sandbox::SandboxArgs),

    /// List the named remotes of the config file and where their tokens come from
    #[command(after_help = "\
Examples:
  mileport remotes
  mileport remotes --json
  mileport --config team.toml migrate ghe:acme/site github:acme/site --dry-run")]
    Remotes(commands::remotes::RemotesArgs),

    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_help = "\
Examples:
  mileport completions bash > ~/.local/share/bash-completion/completions/mileport
  mileport completions zsh > ~/.zfunc/_mileport
  mileport completions fish > ~/.config/fish/completions/mileport.fish")]
    Completions(commands::completions::CompletionsArgs),

    /// Print the manual page (roff) on standard output
    #[command(after_help = "\
Examples:
  mileport manpage > mileport.1 && man ./mileport.1
  mileport manpage | gzip > /usr/local/share/man/man1/mileport.1.gz")]
    Manpage(commands::manpage::ManpageArgs),
}

impl Command {
    /// Whether the command works with locations, which may name remotes:
    /// a config file that was refused stops it before it starts.
    pub fn reads_remotes(&self) -> bool {
        !matches!(self, Command::Completions(_) | Command::Manpage(_))
    }

    pub async fn run(self, printer: &Printer) -> anyhow::Result<std::process::ExitCode> {
        match self {
            Command::Export(args) => commands::export::run(args, printer).await,
            Command::Import(args) => commands::import::run(args, printer).await,
            Command::Validate(args) => commands::validate::run(args, printer).await,
            Command::Migrate(args) => commands::migrate::run(args, printer).await,
            Command::Check(args) => commands::check::run(args, printer).await,
            #[cfg(feature = "sandbox")]
            Command::Demo(args) => commands::demo::run(args, printer).await,
            #[cfg(feature = "sandbox")]
            Command::Sandbox(args) => commands::sandbox::run(args, printer).await,
            Command::Remotes(args) => commands::remotes::run(args, printer),
            Command::Completions(args) => {
                commands::completions::run(args, <Cli as clap::CommandFactory>::command())
            }
            Command::Manpage(args) => {
                commands::manpage::run(args, <Cli as clap::CommandFactory>::command())
            }
        }
    }
}
