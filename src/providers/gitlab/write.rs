//! Writing one milestone to GitLab: create exactly once, and update.
//!
//! A create is exactly once by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle):
//! GitLab keeps titles unique across a project and its ancestor groups, so
//! a create whose fate is unknown is looked for by title before it is ever
//! sent again, and a title already taken (GitLab's 400 "already being used
//! for another group or project milestone", read as a conflict) is found
//! among the milestones the project sees, its groups' included, and
//! compared. A milestone is created active: the settle that follows closes
//! it with `state_event=close`, a `PUT` that may be sent again harmlessly
//! when its answer is lost.

use super::{
    GitLab,
    adapter::GitLabRepo,
    mapping::{GitLabFields, create_body, parse_state, update_body},
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::{ApiError, Failure},
    pipeline::create_once::create_and_settle,
    protocols::rest::write::{Answered, check_state, update_operation},
};

impl Writing for GitLab {
    type WriteState = ();

    /// Creates the milestone exactly once, then closes it when it should
    /// be closed; see the module doc.
    async fn create(
        repo: &GitLabRepo,
        fields: &GitLabFields,
        context: &WriteContext<'_, GitLab>,
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

    /// Sends the fields `changes` names and checks that the answer holds
    /// the state asked for. A milestone of an ancestor group is not the
    /// project's to change (other projects see it; GitLab answers 404 for
    /// it under the project): such a change fails, saying so.
    async fn update(
        repo: &GitLabRepo,
        id: &i64,
        fields: &GitLabFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitLab>,
    ) -> Result<(), ApiError> {
        let id = *id;
        let operation = update_operation(id, &fields.title, repo.repo());
        let answer = match repo.update(id, &update_body(fields, changes)).await {
            Err(error) if error.status() == Some(404) => {
                return Err(group_held(repo, id, operation).await.unwrap_or(error));
            }
            other => other?,
        };
        check_state(
            (repo.provider(), "GitLab"),
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

/// The error for an update GitLab did not find under the project when the
/// milestone is an ancestor group's; `None` when it is not (or cannot be
/// told).
async fn group_held(repo: &GitLabRepo, id: i64, operation: String) -> Option<ApiError> {
    let held = repo.list_again().await.ok()?;
    let group = held.iter().find(|m| m.id == id)?.group_id?;
    Some(ApiError::new(
        repo.provider(),
        operation,
        Failure::InvalidRequest(format!(
            "the title is held by a milestone of the ancestor group {group}, which every project of that group sees; mileport does not change a group's milestones: change it in GitLab, or rename the source's milestone"
        )),
    ))
}
