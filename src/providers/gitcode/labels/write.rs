//! Writing one label to GitCode: created exactly once by
//! [`create_once`](crate::pipeline::create_once::create_once) (a taken name
//! answers 400 saying it exists; the label under that very name is ours when it
//! holds what we sent), updated by name with `name` when the name changes and
//! `color` when the colour does.

use super::{
    GitCodeLabels,
    mapping::{GitCodeLabelFields, create_body, update_body},
};
use crate::{
    mapping::FieldChange,
    pipeline::{create_once::create_and_settle, write::WriteContext},
    providers::{error::ApiError, forge::Writing, gitcode::GitCodeRepo},
};

impl Writing for GitCodeLabels {
    type WriteState = ();

    async fn create(
        repo: &GitCodeRepo,
        fields: &GitCodeLabelFields,
        context: &WriteContext<'_, GitCodeLabels>,
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
        repo: &GitCodeRepo,
        name: &String,
        fields: &GitCodeLabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitCodeLabels>,
    ) -> Result<(), ApiError> {
        repo.update_label(name, &update_body(fields, changes))
            .await
            .map(drop)
    }
}
