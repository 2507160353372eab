//! Writing one milestone to Gitea: create exactly once, and update.
//!
//! A create is exactly once by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle):
//! Gitea keeps no title unique and never answers a create with a conflict,
//! so after a failure that may have stored it (a timeout, a dropped
//! connection, a 5xx) or an answer without the milestone, the repository is
//! listed and an unclaimed milestone with our title that holds what we sent
//! is taken for ours before the create is ever sent again; the run's journal
//! carries the same across runs. A closed milestone is created closed.

use super::{
    Gitea,
    adapter::GiteaRepo,
    client::types::{CreateMilestoneOption, EditMilestoneOption, Milestone},
    mapping::GiteaFields,
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::{Field, FieldChange},
    net::error::{ApiError, Failure},
    protocols::rest::write::{self, RestMilestoneWrites, RestWrites},
};

impl RestWrites for Gitea {
    async fn send_create(
        repo: &GiteaRepo,
        body: &CreateMilestoneOption,
    ) -> Result<Milestone, ApiError> {
        repo.create(body).await
    }

    async fn send_update(
        repo: &GiteaRepo,
        id: &i64,
        body: &EditMilestoneOption,
    ) -> Result<Milestone, ApiError> {
        repo.update(*id, body).await
    }
}

impl RestMilestoneWrites for Gitea {
    fn state_text(milestone: &Milestone) -> Option<&str> {
        milestone.state.as_deref()
    }
}

impl Writing for Gitea {
    type WriteState = ();

    /// Creates the milestone exactly once (closed ones in one request) and
    /// returns its id; see the module doc.
    async fn create(
        repo: &GiteaRepo,
        fields: &GiteaFields,
        context: &WriteContext<'_, Gitea>,
    ) -> Result<i64, ApiError> {
        write::create(repo, fields, context).await
    }

    /// Sends the fields `changes` names and checks that the answer holds the
    /// state asked for. Gitea's API cannot remove a due date (an absent or
    /// null `due_on` leaves it): such a change fails, saying so, before
    /// anything is sent.
    async fn update(
        repo: &GiteaRepo,
        id: &i64,
        fields: &GiteaFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, Gitea>,
    ) -> Result<(), ApiError> {
        if fields.due_on.is_none() && changes.iter().any(|c| c.field == Field::Due) {
            return Err(ApiError::new(
                repo.provider(),
                write::update_operation(id, &fields.title, repo.repo()),
                Failure::InvalidRequest(
                    "Gitea's API cannot remove a due date; remove it in Gitea's web interface, then run again".to_owned(),
                ),
            ));
        }
        write::update_milestone::<Gitea>(repo, id, fields, changes).await
    }
}
