//! Writing one label to Gitee: created exactly once by
//! [`create_once`](crate::pipeline::create_once::create_once) (a taken name
//! answers 400 saying it exists; the label under that very name is ours when it
//! holds what we sent), updated by name with `name` when the name changes and
//! `color` when the colour does.

use super::{
    GiteeLabels,
    mapping::{GiteeLabelFields, create_body, update_body},
};
use crate::{
    mapping::FieldChange,
    pipeline::{create_once::create_and_settle, write::WriteContext},
    providers::{error::ApiError, forge::Writing, gitee::GiteeRepo},
};

impl Writing for GiteeLabels {
    type WriteState = ();

    async fn create(
        repo: &GiteeRepo,
        fields: &GiteeLabelFields,
        context: &WriteContext<'_, GiteeLabels>,
    ) -> Result<String, ApiError> {
        let body = create_body(fields);
        create_and_settle(
            repo,
            fields,
            context,
            || repo.create_label(&body),
            || repo.list_labels(|_| {}),
        )
        .await
    }

    async fn update(
        repo: &GiteeRepo,
        name: &String,
        fields: &GiteeLabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GiteeLabels>,
    ) -> Result<(), ApiError> {
        repo.update_label(name, &update_body(fields, changes))
            .await
            .map(drop)
    }
}
