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
    client::types::{CreateMilestone, Milestone, UpdateMilestone},
    mapping::GitLabFields,
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::{ApiError, Failure},
    protocols::rest::write::{self, RestMilestoneWrites, RestWrites, update_operation},
};

impl RestWrites for GitLab {
    async fn send_create(repo: &GitLabRepo, body: &CreateMilestone) -> Result<Milestone, ApiError> {
        repo.create(body).await
    }

    async fn send_update(
        repo: &GitLabRepo,
        id: &i64,
        body: &UpdateMilestone,
    ) -> Result<Milestone, ApiError> {
        repo.update(*id, body).await
    }

    /// A milestone of an ancestor group is not the project's to change
    /// (other projects see it; GitLab answers 404 for it under the
    /// project): the error says so; `None` when it is not one (or cannot be
    /// told).
    async fn not_found(repo: &GitLabRepo, id: &i64, fields: &GitLabFields) -> Option<ApiError> {
        let held = repo.list_again().await.ok()?;
        let group = held.iter().find(|m| m.id == *id)?.group_id?;
        Some(ApiError::new(
            repo.provider(),
            update_operation(id, &fields.title, repo.repo()),
            Failure::InvalidRequest(format!(
                "the title is held by a milestone of the ancestor group {group}, which every project of that group sees; mileport does not change a group's milestones: change it in GitLab, or rename the source's milestone"
            )),
        ))
    }
}

impl RestMilestoneWrites for GitLab {
    fn state_text(milestone: &Milestone) -> Option<&str> {
        milestone.state.as_deref()
    }
}

impl Writing for GitLab {
    type WriteState = ();

    /// Creates the milestone exactly once, then closes it when it should
    /// be closed; see the module doc.
    async fn create(
        repo: &GitLabRepo,
        fields: &GitLabFields,
        context: &WriteContext<'_, GitLab>,
    ) -> Result<i64, ApiError> {
        write::create(repo, fields, context).await
    }

    /// Sends the fields `changes` names and checks that the answer holds
    /// the state asked for; a milestone of an ancestor group fails, saying
    /// so ([`RestWrites::not_found`]).
    async fn update(
        repo: &GitLabRepo,
        id: &i64,
        fields: &GitLabFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitLab>,
    ) -> Result<(), ApiError> {
        write::update_milestone::<GitLab>(repo, id, fields, changes).await
    }
}
