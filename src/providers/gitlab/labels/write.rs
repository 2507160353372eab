//! Writing one label to GitLab: created exactly once by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle)
//! (after a create whose fate is unknown, or a name already taken, the
//! label of our name the project sees is looked at and compared), updated
//! by id.

use super::GitLabLabels;
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::{ApiError, Failure},
    protocols::rest::{
        labels::LabelFields,
        write::{self, RestWrites},
    },
    providers::gitlab::{
        GitLabRepo,
        client::types::{CreateLabel, Label, UpdateLabel},
    },
};

impl RestWrites for GitLabLabels {
    async fn send_create(repo: &GitLabRepo, body: &CreateLabel) -> Result<Label, ApiError> {
        repo.create_label(body).await
    }

    async fn send_update(
        repo: &GitLabRepo,
        id: &i64,
        body: &UpdateLabel,
    ) -> Result<Label, ApiError> {
        repo.update_label(*id, body).await
    }

    /// A label of an ancestor group is not the project's to change (GitLab
    /// answers 404 for it under the project): the error says so; `None`
    /// when it is not one.
    async fn not_found(repo: &GitLabRepo, id: &i64, fields: &LabelFields) -> Option<ApiError> {
        let (held, _) = repo.list_labels(&mut |_| {}).await.ok()?;
        let label = held.iter().find(|l| l.id == *id)?;
        (label.is_project_label == Some(false)).then(|| {
            ApiError::new(
                repo.provider(),
                format!("update label {id} ({:?}) in {}", fields.name, repo.repo()),
                Failure::InvalidRequest(
                    "the name is held by a label of an ancestor group, which every project of that group sees; mileport does not change a group's labels: change it in GitLab, or rename the source's label".to_owned(),
                ),
            )
        })
    }
}

impl Writing for GitLabLabels {
    type WriteState = ();

    async fn create(
        repo: &GitLabRepo,
        fields: &LabelFields,
        context: &WriteContext<'_, GitLabLabels>,
    ) -> Result<i64, ApiError> {
        write::create(repo, fields, context).await
    }

    /// Sends the fields `changes` names; a label of an ancestor group
    /// fails, saying so ([`RestWrites::not_found`]).
    async fn update(
        repo: &GitLabRepo,
        id: &i64,
        fields: &LabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitLabLabels>,
    ) -> Result<(), ApiError> {
        write::update::<GitLabLabels>(repo, id, fields, changes)
            .await
            .map(drop)
    }
}
