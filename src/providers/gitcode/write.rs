//! Writing to GitCode exactly once, by
//! [`create_once`](crate::pipeline::create_once::create_once). GitCode has no
//! unique key, so a create whose fate is unknown (a timeout, a dropped
//! connection, a 5xx, an answer without the milestone) is looked for among the
//! milestones with its title that no other create of the run has claimed and
//! that hold what it sent, before it is ever sent again. A state change is
//! checked in the answer, and the words GitCode takes for it (`closed` or
//! `close`) are learnt during the run.

use std::sync::atomic::{AtomicBool, Ordering};

use super::{
    GitCode,
    adapter::GitCodeRepo,
    mapping::{self, GitCodeFields},
};
use crate::protocols::v5;
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::{
        error::{ApiError, Failure},
        number::WholeNumber,
    },
    record::State,
};

/// What a run learns of a GitCode server while writing.
#[derive(Debug, Default)]
pub struct Learnt {
    /// Set once GitCode has shown it wants `close`/`reopen` for the state.
    verbs: AtomicBool,
}

/// GitCode's words for a state change: documented as `open`/`closed`, but
/// some of its endpoints want `reopen`/`close`.
fn state_word(state: State, verbs: bool) -> &'static str {
    match (state, verbs) {
        (State::Open, false) => "open",
        (State::Closed, false) => "closed",
        (State::Open, true) => "reopen",
        (State::Closed, true) => "close",
    }
}

impl Writing for GitCode {
    type WriteState = Learnt;

    /// Creates on GitCode exactly once (see the module's doc), then sets
    /// the state a create cannot.
    async fn create(
        repo: &GitCodeRepo,
        fields: &GitCodeFields,
        context: &WriteContext<'_, GitCode>,
    ) -> Result<WholeNumber, ApiError> {
        v5::write::create(repo, &mapping::create_body(fields), fields, context).await
    }

    /// Updates a GitCode milestone and checks the state in the answer. When
    /// GitCode refuses or ignores `closed`/`open`, `close`/`reopen` is tried
    /// (and used from then on); when neither works the milestone fails with
    /// what the provider said.
    async fn update(
        repo: &GitCodeRepo,
        number: &WholeNumber,
        fields: &GitCodeFields,
        _: &[FieldChange],
        context: &WriteContext<'_, GitCode>,
    ) -> Result<(), ApiError> {
        let learnt = &context.state;
        let mut body = mapping::update_body(fields);
        let first_verbs = learnt.verbs.load(Ordering::Relaxed);
        let mut refusal = None;
        for use_verbs in [first_verbs, !first_verbs] {
            body.state = Some(state_word(fields.state, use_verbs).to_owned());
            match v5::write::update_checked(repo, number, &body, fields.state).await {
                Ok(Ok(())) => {
                    learnt.verbs.store(use_verbs, Ordering::Relaxed);
                    return Ok(());
                }
                Ok(Err(stays)) => {
                    refusal.get_or_insert(stays);
                }
                Err(error) if matches!(error.status(), Some(400 | 422)) => {
                    refusal.get_or_insert(error);
                }
                Err(error) => return Err(error),
            }
        }
        Err(refusal.unwrap_or_else(|| {
            ApiError::new(
                super::PROVIDER,
                format!("update milestone {number}"),
                Failure::InvalidRequest("no state could be set".to_owned()),
            )
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_words() {
        assert_eq!(state_word(State::Closed, false), "closed");
        assert_eq!(state_word(State::Closed, true), "close");
        assert_eq!(state_word(State::Open, false), "open");
        assert_eq!(state_word(State::Open, true), "reopen");
    }
}
