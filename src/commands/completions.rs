//! `mileport completions SHELL`: a completion script for the shell, on
//! standard output, generated from the same definitions clap parses, less
//! the hidden options (knobs for tests), which `--help` does not show either.

use std::{io::Write, process::ExitCode};

use clap::{ArgGroup, Command};
use clap_complete::Shell;

use crate::exit::Exit;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

/// Prints the script for `command`, the whole command line.
pub fn run(args: CompletionsArgs, command: Command) -> anyhow::Result<ExitCode> {
    let mut command = without_hidden(command);
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "mileport", &mut out);
    if args.shell == Shell::Fish {
        out.write_all(fish_locations().as_bytes())?;
    }
    Ok(Exit::Success.into())
}

/// The command line with its hidden options (and hidden subcommands) left
/// out: clap_complete offers every option it is given, hidden or not.
fn without_hidden(mut command: Command) -> Command {
    command.build();
    shown(&command)
}

/// A copy of a built command holding only what `--help` shows.
fn shown(command: &Command) -> Command {
    let args: Vec<_> = command
        .get_arguments()
        .filter(|arg| !arg.is_hide_set())
        .cloned()
        .collect();
    let kept = |id: &clap::Id| args.iter().any(|arg| arg.get_id() == id);
    let groups: Vec<ArgGroup> = command
        .get_groups()
        .map(|group| {
            let multiple = group.clone().is_multiple();
            ArgGroup::new(group.get_id().clone())
                .args(group.get_args().filter(|id| kept(id)).cloned())
                .multiple(multiple)
                .required(group.is_required_set())
        })
        .collect();
    let mut copy = Command::new(command.get_name().to_owned());
    if let Some(about) = command.get_about() {
        copy = copy.about(about.clone());
    }
    if let Some(version) = command.get_version() {
        copy = copy.version(version.to_owned());
    }
    copy.disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .args(args)
        .groups(groups)
        .subcommands(
            command
                .get_subcommands()
                .filter(|sub| !sub.is_hide_set())
                .map(shown),
        )
}

/// clap's fish script completes options only: the location prefixes are
/// offered to the commands that take locations here, beside file names.
fn fish_locations() -> String {
    let words = crate::driver::location_arg::prefix_words().join(" ");
    format!(
        "complete -c mileport -n \"__fish_seen_subcommand_from export import migrate check\" -a \"{words}\"\n"
    )
}
