//! Writing one label to SourceCraft: created exactly once by
//! [`create_once`](crate::pipeline::create_once::create_once) under the slug it
//! is sent with (a taken slug answers `409`, or `400` saying so; the label
//! under it is ours when it holds what we sent), updated by slug with its name
//! and colour, never its slug.

use super::{
    SourceCraftLabels,
    mapping::{SourceCraftLabelFields, create_body, update_body},
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    pipeline::create_once::create_and_settle,
    providers::sourcecraft::SourceCraftRepo,
};

impl Writing for SourceCraftLabels {
    type WriteState = ();

    async fn create(
        repo: &SourceCraftRepo,
        fields: &SourceCraftLabelFields,
        context: &WriteContext<'_, SourceCraftLabels>,
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
        repo: &SourceCraftRepo,
        slug: &String,
        fields: &SourceCraftLabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, SourceCraftLabels>,
    ) -> Result<(), ApiError> {
        repo.update_label(slug, &update_body(fields, changes))
            .await
            .map(drop)
    }
}
