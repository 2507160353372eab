//! The exit codes, in one place, the same for every command:
//! 0 done, 1 done with failures or differences, 2 invalid input or usage
//! (nothing written), 3 could not finish (a provider, the network or the
//! file system failed), 130 interrupted by Ctrl-C (128 + the signal's
//! number: 143 for SIGTERM, 129 for SIGHUP).

use std::process::ExitCode;

/// The documented outcomes of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything done; for `check`, source and target agree.
    Success = 0,
    /// Done, but some milestones failed, or `check` found differences.
    Failure = 1,
    /// Bad usage or invalid input; nothing was written.
    Invalid = 2,
    /// Could not finish: a provider, the network or the file system failed.
    Unfinished = 3,
    /// Stopped by Ctrl-C (SIGINT) before the end.
    Interrupted = 130,
    /// Stopped by SIGTERM before the end.
    Terminated = 143,
    /// Stopped by SIGHUP before the end.
    HungUp = 129,
}

impl Exit {
    /// 128 + the signal's number, as shells report it.
    pub fn of_signal(signal: crate::interrupt::Signal) -> Exit {
        use crate::interrupt::Signal;
        match signal {
            Signal::Interrupt => Exit::Interrupted,
            Signal::Terminate => Exit::Terminated,
            Signal::HangUp => Exit::HungUp,
        }
    }

    /// Every exit code and what it means, in the order they are documented.
    pub const MEANINGS: [(Exit, &'static str); 7] = [
        (Exit::Success, "done; for check, the repositories agree"),
        (
            Exit::Failure,
            "done, but some milestones (or, with many repositories, some pairs) failed, or copies were found on the target after writing; for check, differences found",
        ),
        (
            Exit::Invalid,
            "invalid input or usage (arguments, environment, a backup with an invalid row, an overwrite without a terminal and without --yes); nothing was written",
        ),
        (
            Exit::Unfinished,
            "could not finish: a provider, the network or the file system failed",
        ),
        (Exit::Interrupted, "interrupted by Ctrl-C (SIGINT)"),
        (Exit::Terminated, "stopped by SIGTERM"),
        (Exit::HungUp, "stopped by SIGHUP (the terminal went away)"),
    ];
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// An error caused by what the user gave us (arguments, files, environment):
/// reported with exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InvalidInput(pub String);

/// The run was stopped by a signal (Ctrl-C, SIGTERM, SIGHUP): reported
/// with 128 + the signal's number.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Interrupted(pub String);

/// The exit code for an error that ended a command: 2 when the user's
/// input is at fault, 128 + the signal's number when a signal stopped it,
/// 3 otherwise.
pub fn code_for(error: &anyhow::Error) -> Exit {
    let invalid = error.chain().any(|cause| {
        cause.is::<InvalidInput>()
            || cause.is::<crate::net::connection::ConnectionError>()
            || matches!(
                cause.downcast_ref::<crate::files::FileError>(),
                Some(error) if !matches!(error, crate::files::FileError::Write { .. })
            )
            || matches!(
                cause.downcast_ref::<crate::pipeline::run::RunError>(),
                Some(crate::pipeline::run::RunError::Invalid(_))
            )
    });
    if error.chain().any(|cause| cause.is::<Interrupted>()) {
        crate::interrupt::received().map_or(Exit::Interrupted, Exit::of_signal)
    } else if invalid {
        Exit::Invalid
    } else {
        Exit::Unfinished
    }
}

pub use crate::error_text::chain_text;
