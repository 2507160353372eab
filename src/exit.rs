//! The exit codes, in one place: 0 success, 1 a run that failed or found
//! differences, 2 bad usage or invalid input (nothing written).

use std::process::ExitCode;

/// The documented outcomes of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything done; for `check`, source and target agree.
    Success = 0,
    /// Some milestones failed, a provider failed, or `check` found differences.
    Failure = 1,
    /// Bad usage or invalid input; nothing was written.
    Invalid = 2,
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

/// The exit code for an error: 2 when the user's input is at fault.
pub fn code_for(error: &anyhow::Error) -> Exit {
    let invalid = error.chain().any(|cause| {
        cause.is::<InvalidInput>()
            || cause.is::<crate::providers::connection::ConnectionError>()
            || matches!(
                cause.downcast_ref::<crate::files::FileError>(),
                Some(error) if !matches!(error, crate::files::FileError::Write { .. })
            )
            || matches!(
                cause.downcast_ref::<crate::pipeline::run::RunError>(),
                Some(crate::pipeline::run::RunError::Invalid(_))
            )
    });
    if invalid {
        Exit::Invalid
    } else {
        Exit::Failure
    }
}
