//! `mileport completions SHELL`: a completion script for the shell, on
//! standard output, generated from the same definitions clap parses.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::{cli::Cli, exit::Exit};

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "mileport", &mut out);
    Ok(Exit::Success.into())
}
