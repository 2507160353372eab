//! What every member checks of an update's answer: where the update
//! changed the state, the milestone it answers with holds the state asked
//! for (a member that ignores a state it cannot set would otherwise be
//! taken at its word).

use std::fmt;

use crate::{
    mapping::{Field, FieldChange},
    net::error::{ApiError, Failure},
    provider::{Provider, RepoRef},
    record::State,
};

/// How an update of the milestone `id` titled `title` in `repo` is named
/// in errors.
pub fn update_operation(id: impl fmt::Display, title: &str, repo: &RepoRef) -> String {
    format!("update milestone {id} ({title:?}) in {repo}")
}

/// The answer to an update, as it was sent and as the member reads it.
pub struct Answered<'a> {
    pub state: Option<&'a str>,
    pub read: Option<State>,
}

/// An error when `changes` changed the state and the answer (from the
/// provider `name`) does not hold the one `wanted`.
pub fn check_state(
    (provider, name): (Provider, &str),
    operation: String,
    changes: &[FieldChange],
    answered: Answered<'_>,
    wanted: State,
) -> Result<(), ApiError> {
    if changes.iter().any(|c| c.field == Field::State) && answered.read != Some(wanted) {
        return Err(ApiError::new(
            provider,
            operation,
            Failure::InvalidResponse {
                status: Some(200),
                message: format!(
                    "{name} answered the update with the state {:?}, not {wanted}",
                    answered.state.unwrap_or("(none)"),
                ),
            },
        ));
    }
    Ok(())
}
