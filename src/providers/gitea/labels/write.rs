//! Writing one label to Gitea: created exactly once by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle)
//! (Gitea answers no conflict for a repeated name: after a create whose
//! fate is unknown, an unclaimed label of our name that holds what we sent
//! is ours), updated by id.

use super::{
    GiteaLabels,
    mapping::{create_body, update_body},
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    pipeline::create_once::create_and_settle,
    protocols::rest::labels::LabelFields,
    providers::gitea::GiteaRepo,
};

impl Writing for GiteaLabels {
    type WriteState = ();

    async fn create(
        repo: &GiteaRepo,
        fields: &LabelFields,
        context: &WriteContext<'_, GiteaLabels>,
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
        repo: &GiteaRepo,
        id: &i64,
        fields: &LabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GiteaLabels>,
    ) -> Result<(), ApiError> {
        repo.update_label(*id, &update_body(fields, changes))
            .await
            .map(drop)
    }
}
