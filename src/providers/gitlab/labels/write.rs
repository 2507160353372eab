//! Writing one label to GitLab: created exactly once by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle)
//! (after a create whose fate is unknown, or a name already taken, the
//! label of our name the project sees is looked at and compared), updated
//! by id.

use super::{
    GitLabLabels,
    mapping::{create_body, update_body},
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::{ApiError, Failure},
    pipeline::create_once::create_and_settle,
    protocols::rest::labels::LabelFields,
    providers::gitlab::GitLabRepo,
};

impl Writing for GitLabLabels {
    type WriteState = ();

    async fn create(
        repo: &GitLabRepo,
        fields: &LabelFields,
        context: &WriteContext<'_, GitLabLabels>,
    ) -> Result<i64, ApiError> {
        let body = create_body(fields);
        create_and_settle(
            repo,
            fields,
            context,
            || repo.create_label(&body),
            || async {
                repo.list_labels(&mut |_| {})
                    .await
                    .map(|(labels, _)| labels)
            },
        )
        .await
    }

    /// Sends the fields `changes` names. A label of an ancestor group is
    /// not the project's to change (GitLab answers 404 for it under the
    /// project): such a change fails, saying so.
    async fn update(
        repo: &GitLabRepo,
        id: &i64,
        fields: &LabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitLabLabels>,
    ) -> Result<(), ApiError> {
        match repo.update_label(*id, &update_body(fields, changes)).await {
            Err(error) if error.status() == Some(404) => {
                Err(group_held(repo, *id, &fields.name).await.unwrap_or(error))
            }
            other => other.map(drop),
        }
    }
}

/// The error for an update GitLab did not find under the project when the
/// label is an ancestor group's; `None` when it is not.
async fn group_held(repo: &GitLabRepo, id: i64, name: &str) -> Option<ApiError> {
    let (held, _) = repo.list_labels(&mut |_| {}).await.ok()?;
    let label = held.iter().find(|l| l.id == id)?;
    (label.is_project_label == Some(false)).then(|| {
        ApiError::new(
            repo.provider(),
            format!("update label {id} ({name:?}) in {}", repo.repo()),
            Failure::InvalidRequest(
                "the name is held by a label of an ancestor group, which every project of that group sees; mileport does not change a group's labels: change it in GitLab, or rename the source's label".to_owned(),
            ),
        )
    })
}
