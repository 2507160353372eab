//! The command line as clap parses it: one subcommand per job, each with
//! its own argument struct in `commands/`.

use clap::{Parser, Subcommand};

use crate::commands;

/// Move repository milestones between GitCode and SourceCraft, and back
/// them up to CSV or JSON.
#[derive(Debug, Parser)]
#[command(name = "mileport", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve a local, stateful imitation of both providers' milestone APIs.
    Sandbox(commands::sandbox::SandboxArgs),
}
