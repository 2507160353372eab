//! Writing one label to GitLab: created exactly once by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle)
//! (after a create whose fate is unknown, or a name already taken, the
//! label of our name the project sees is looked at and compared), updated
//! by id.

use super::{
    GitLabLabels,
    mapping::{GitLabLabelFields, create_body, update_body},
};
use crate::{
    mapping::FieldChange,
    pipeline::{create_once::create_and_settle, write::WriteContext},
    providers::{error::ApiError, forge::Writing, gitlab::GitLabRepo},
};

impl Writing for GitLabLabels {
    type WriteState = ();

    async fn create(
        repo: &GitLabRepo,
        fields: &GitLabLabelFields,
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

    async fn update(
        repo: &GitLabRepo,
        id: &i64,
        fields: &GitLabLabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitLabLabels>,
    ) -> Result<(), ApiError> {
        repo.update_label(*id, &update_body(fields, changes))
            .await
            .map(drop)
    }
}
