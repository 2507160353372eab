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
    client::types::{CreateMilestoneBody, Milestone, UpdateMilestoneBody},
    mapping::GitHubFields,
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    protocols::rest::write::{self, RestMilestoneWrites, RestWrites},
};

impl RestWrites for GitHub {
    async fn send_create(
        repo: &GitHubRepo,
        body: &CreateMilestoneBody,
    ) -> Result<Milestone, ApiError> {
        repo.create(body).await
    }

    async fn send_update(
        repo: &GitHubRepo,
        number: &i64,
        body: &UpdateMilestoneBody,
    ) -> Result<Milestone, ApiError> {
        repo.update(*number, body).await
    }
}

impl RestMilestoneWrites for GitHub {
    fn state_text(milestone: &Milestone) -> Option<&str> {
        milestone.state.as_deref()
    }
}

impl Writing for GitHub {
    type WriteState = ();

    /// Creates the milestone exactly once (closed ones in one request) and
    /// returns its number; see the module doc.
    async fn create(
        repo: &GitHubRepo,
        fields: &GitHubFields,
        context: &WriteContext<'_, GitHub>,
    ) -> Result<i64, ApiError> {
        write::create(repo, fields, context).await
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
        write::update_milestone::<GitHub>(repo, number, fields, changes).await
    }
}
