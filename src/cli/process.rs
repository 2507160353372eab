//! The whole of a `mileport` process, from the command line to the exit
//! code: the panic hook, the command line (read after the config file of
//! remotes), logs, the async runtime, the command, and its outcome as a
//! documented exit code (see `exit.rs`). It lives in the library, not the
//! binary, so that the command's code is compiled once, here: a binary that
//! polled the command's future itself would compile all of it again.

use std::process::ExitCode;

use clap::Parser;

use super::Cli;
use crate::{
    exit::{Exit, chain_text, code_for},
    printer::{LogWriter, Printer},
};

/// Runs mileport with the process's arguments and environment.
pub fn main() -> ExitCode {
    crate::redact::install_panic_hook();
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let printer = cli.global.printer();
    init_logs(&cli.global.log_filter(), &printer);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("mileport: cannot start the async runtime: {error}");
            return Exit::Unfinished.into();
        }
    };
    match runtime.block_on(cli.command.run(&printer)) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return Exit::Success.into();
            }
            // The printer cleans it: secrets hidden, controls escaped.
            printer.err(format!("mileport: {}", chain_text(&error)));
            code_for(&error).into()
        }
    }
}

/// The command line, read after the config file, as locations may name
/// its remotes. A refused config file stops every command that reads
/// locations (exit 2), and is named instead of the location it made
/// unreadable; help, completions and the manual go on without it.
fn parse() -> Result<Cli, ExitCode> {
    let remotes = crate::remotes::load(std::env::args_os());
    let refused = |error: &crate::remotes::ConfigError| {
        eprintln!("mileport: {}", crate::redact::clean(&error.to_string()));
        Exit::Invalid.into()
    };
    match (Cli::try_parse(), remotes) {
        (Ok(cli), Err(error)) if cli.command.reads_remotes() => Err(refused(error)),
        (Ok(cli), _) => Ok(cli),
        (Err(usage), Err(error)) if usage.use_stderr() => Err(refused(error)),
        (Err(usage), _) => usage.exit(),
    }
}

/// Logs go to stderr through the printer (cleaned, clear of progress
/// bars). A bad RUST_LOG falls back to warnings only.
fn init_logs(filter: &str, printer: &Printer) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(LogWriter::new(printer.clone()))
        .try_init();
}

/// `mileport export x --output - | head` is not an error worth reporting.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
