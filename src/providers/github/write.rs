//! Writing one milestone to GitHub: create exactly once, and update.
//!
//! A create is exactly once by
//! [`create_once`](crate::pipeline::create_once::create_once): after a failure
//! that may have stored it, an answer without the milestone, or a `422
//! already_exists`, the repository is listed and the unclaimed milestone with
//! our title (titles are unique on GitHub) is taken when it holds what we sent.

use super::{
    GitHub,
    adapter::GitHubRepo,
    mapping::{GitHubFields, create_body, parse_state, update_body},
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    pipeline::create_once::create_and_settle,
    protocols::rest::write::{Answered, check_state, update_operation},
};

impl Writing for GitHub {
    type WriteState = ();

    /// Creates the milestone exactly once (closed ones in one request) and
    /// returns its number; see the module doc.
    async fn create(
        repo: &GitHubRepo,
        fields: &GitHubFields,
        context: &WriteContext<'_, GitHub>,
    ) -> Result<i64, ApiError> {
        let body = create_body(fields);
        create_and_settle(
            repo,
            fields,
            context,
            || repo.create(&body),
            || repo.list_again(),
        )
        .await
    }

    /// Sends the fields `changes` names and checks that the answer holds the
    /// state asked for.
    async fn update(
        repo: &GitHubRepo,
        number: &i64,
        fields: &GitHubFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitHub>,
    ) -> Result<(), ApiError> {
        let number = *number;
        let operation = update_operation(number, &fields.title, repo.repo());
        let answer = repo.update(number, &update_body(fields, changes)).await?;
        check_state(
            (repo.provider(), "GitHub"),
            operation,
            changes,
            Answered {
                state: answer.state.as_deref(),
                read: parse_state(answer.state.as_deref()).ok(),
            },
            fields.state,
        )
    }
}
