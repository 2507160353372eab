//! Writing to Gitee exactly once, by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle).
//! Gitee has no unique key, so a create whose fate is unknown (a timeout, a
//! dropped connection, a 5xx, an answer without the milestone) is looked for
//! among the milestones with its title that no other create of the run has
//! claimed and that hold what it sent, before it is ever sent again. An
//! update sends `title` and `due_on` (both required) with the state, which
//! is checked in the answer.

use super::{
    Gitee,
    adapter::GiteeRepo,
    mapping::{self, GiteeFields},
};
use crate::protocols::v5;
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::{error::ApiError, number::WholeNumber},
};

impl Writing for Gitee {
    type WriteState = ();

    /// Creates on Gitee exactly once (see the module's doc), then sets
    /// the state a create cannot.
    async fn create(
        repo: &GiteeRepo,
        fields: &GiteeFields,
        context: &WriteContext<'_, Gitee>,
    ) -> Result<WholeNumber, ApiError> {
        v5::write::create(repo, &mapping::create_body(fields), fields, context).await
    }

    /// Updates a Gitee milestone and checks the state in the answer (read
    /// again when the answer has none): a state the server did not take
    /// fails the milestone with what it holds.
    async fn update(
        repo: &GiteeRepo,
        number: &WholeNumber,
        fields: &GiteeFields,
        _: &[FieldChange],
        _: &WriteContext<'_, Gitee>,
    ) -> Result<(), ApiError> {
        let body = mapping::update_body(fields);
        v5::write::update_checked(repo, number, &body, fields.state).await?
    }
}
