//! What every provider's writes share to happen exactly once: the journal
//! line around each create, the look-ups after an answer that leaves a
//! create's fate unknown, and the pauses between them. Each provider's
//! `write.rs` builds its create and update on these.

use std::{
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use crate::{
    net::{
        error::{ApiError, Failure},
        sending,
        waits::{self, WaitEvent, WaitReason},
    },
    provider::Provider,
    state::journal::{Journal, Ticket},
};

/// How many times a create is re-sent after finding it was not stored.
pub const CREATE_ROUNDS: u32 = 6;

/// How many times a create answered without its milestone is looked up.
pub const LOOKUP_ROUNDS: u32 = 5;

/// A pause before sending a create again, or looking again for one.
/// Waits `pause(round)` before looking on the target again for a create
/// whose fate is unknown, saying so when the wait is long enough to notice.
pub async fn wait_to_look_again(provider: Provider, round: u32, what: &str) {
    let wait = pause(round);
    waits::announce(WaitEvent {
        provider: provider.name(),
        reason: WaitReason::LookingForCreate {
            what: what.to_owned(),
        },
        wait,
    });
    tokio::time::sleep(wait).await;
}

fn pause(round: u32) -> Duration {
    Duration::from_millis(100 * 2u64.pow(round.min(6)))
}

/// A success status whose answer did not carry the milestone (`202
/// Accepted`, an empty body): the create happened, the milestone must be
/// looked up, and sending it again would make a second one.
pub fn answered_without_milestone(error: &ApiError) -> bool {
    matches!(error.status(), Some(200..=299))
}

/// Sends one create with its journal line around it, stamped again as each
/// of its requests leaves (see [`Journal::stamp`]). The line is cleared
/// at once when the answer settles the create's fate; after an ambiguous
/// failure its ticket is handed back, and the caller clears it (with
/// [`settle`]) once the milestone is found or known to have failed.
pub async fn journaled<T>(
    journal: Option<&Journal>,
    what: &str,
    send: impl Future<Output = Result<T, ApiError>>,
) -> (Result<T, ApiError>, Option<Ticket>) {
    let ticket = journal.map(|j| j.sent(what));
    let result = match (journal, &ticket) {
        (Some(journal), Some(ticket)) => {
            sending::watched(Arc::new(journal.stamp(ticket)), send).await
        }
        _ => send.await,
    };
    let settled = match &result {
        Ok(_) => true,
        Err(error) => !error.may_have_committed() && !answered_without_milestone(error),
    };
    match (settled, journal, ticket) {
        (true, Some(journal), Some(ticket)) => {
            journal.answered(ticket);
            (result, None)
        }
        (_, _, ticket) => (result, ticket),
    }
}

/// Clears the journal lines of a milestone whose fate is now known.
pub fn settle(journal: Option<&Journal>, tickets: Vec<Ticket>) {
    if let Some(journal) = journal {
        for ticket in tickets {
            journal.answered(ticket);
        }
    }
}

/// The error for a create the provider accepted whose milestone never
/// appeared: it is not sent again.
pub fn not_found_after_success(answer: &ApiError) -> ApiError {
    ApiError::new(
        answer.provider,
        answer.operation.clone(),
        Failure::InvalidResponse {
            status: answer.status(),
            message: "the provider accepted the create but the milestone does not appear on the \
                      target; it was not sent again, so as not to make two: run the same command \
                      again later"
                .to_owned(),
        },
    )
}

/// A refusal that says the key is taken, whatever its shape: 409, or a
/// 400, 422 or gateway error whose message says so.
pub fn is_conflict(error: &ApiError) -> bool {
    if error.status() == Some(409) {
        return true;
    }
    let message = match &error.failure {
        Failure::Status { message, .. } => message.clone().unwrap_or_default(),
        Failure::InvalidResponse { message, .. } => message.clone(),
        _ => String::new(),
    }
    .to_lowercase();
    [
        "already exist",
        "already_exists",
        "taken",
        "conflict",
        "duplicate",
        "not unique",
    ]
    .iter()
    .any(|phrase| message.contains(phrase))
}

pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, message: &str) -> ApiError {
        ApiError::new(
            // Conflicts are read alike from every provider.
            Provider::all()[0],
            "create",
            Failure::Status {
                status,
                message: Some(message.to_owned()),
                request_id: None,
                retry_after: None,
            },
        )
    }

    #[test]
    fn conflicts_are_read_from_any_shape() {
        assert!(is_conflict(&status(409, "")));
        assert!(is_conflict(&status(400, "slug \"beta\" is already taken")));
        assert!(is_conflict(&status(400, "Milestone already exists")));
        // GitHub's 422, its `errors[].code` in the message.
        assert!(is_conflict(&status(
            422,
            "Validation Failed: Milestone title already_exists"
        )));
        assert!(!is_conflict(&status(
            422,
            "Validation Failed: title missing_field"
        )));
        assert!(!is_conflict(&status(400, "name must not be empty")));
        assert!(!is_conflict(&status(503, "unavailable")));
    }

    #[test]
    fn any_success_status_is_a_create() {
        assert!(answered_without_milestone(&status(202, "")));
        assert!(answered_without_milestone(&status(204, "")));
        assert!(!answered_without_milestone(&status(409, "")));
    }
}
