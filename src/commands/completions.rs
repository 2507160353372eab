//! `mileport completions SHELL`: a completion script for the shell, on
//! standard output, generated from the same definitions clap parses.

use std::{io::Write, process::ExitCode};

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
    if args.shell == Shell::Fish {
        out.write_all(fish_locations().as_bytes())?;
    }
    Ok(Exit::Success.into())
}

/// clap's fish script completes options only: the location prefixes are
/// offered to the commands that take locations here, beside file names.
fn fish_locations() -> String {
    let words = super::location_arg::prefix_words().join(" ");
    format!(
        "complete -c mileport -n \"__fish_seen_subcommand_from export import migrate check\" -a \"{words}\"\n"
    )
}
