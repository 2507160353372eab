//! The `mileport` binary: parses the command line, runs the command and
//! turns its outcome into a documented exit code.

use std::process::ExitCode;

use clap::Parser;
use mileport::cli::{Cli, Command};
use mileport::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("mileport: cannot start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Sandbox(args) => commands::sandbox::run(args).await,
        }
    });
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("mileport: {error:#}");
            ExitCode::from(1)
        }
    }
}
