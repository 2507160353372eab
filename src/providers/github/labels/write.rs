//! Writing one label to GitHub: created exactly once by
//! [`create_once`](crate::pipeline::create_once::create_once) (a taken name
//! answers `422 already_exists`; the label under it, found without regard to
//! case, is ours when it holds what we sent), updated by name with `new_name`
//! when the name changes, its case included.

use super::{
    GitHubLabels,
    mapping::{create_body, update_body},
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    pipeline::create_once::create_and_settle,
    protocols::rest::labels::LabelFields,
    providers::github::GitHubRepo,
};

impl Writing for GitHubLabels {
    type WriteState = ();

    async fn create(
        repo: &GitHubRepo,
        fields: &LabelFields,
        context: &WriteContext<'_, GitHubLabels>,
    ) -> Result<String, ApiError> {
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
        repo: &GitHubRepo,
        name: &String,
        fields: &LabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitHubLabels>,
    ) -> Result<(), ApiError> {
        repo.update_label(name, &update_body(fields, changes))
            .await
            .map(drop)
    }
}
