//! Writing to SourceCraft exactly once, by
//! [`create_once`](crate::pipeline::create_once::create_once). Slugs are
//! unique, so after an ambiguous failure, an answer without the milestone, or
//! any answer that says the slug is taken, the milestone under the slug is
//! fetched: ours when it holds what we sent, someone else's (left untouched,
//! and this milestone fails) when not. A closed milestone is created, then
//! closed.

use super::{
    SourceCraft,
    adapter::SourceCraftRepo,
    mapping::{self, SourceCraftFields},
};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    pipeline::create_once::create_and_settle,
    providers::sourcecraft::client::types::Milestone,
};

/// The milestone under `slug`, if there is one: where a create whose fate
/// is unknown would have put it.
async fn under_slug(repo: &SourceCraftRepo, slug: &str) -> Result<Vec<Milestone>, ApiError> {
    match repo.get(slug).await {
        Ok(found) => Ok(vec![found]),
        Err(error) if error.status() == Some(404) => Ok(Vec::new()),
        Err(error) => Err(error),
    }
}

impl Writing for SourceCraft {
    type WriteState = ();

    /// Creates on SourceCraft exactly once (see the module's doc).
    async fn create(
        repo: &SourceCraftRepo,
        fields: &SourceCraftFields,
        context: &WriteContext<'_, SourceCraft>,
    ) -> Result<String, ApiError> {
        let body = mapping::create_body(fields);
        create_and_settle(
            repo,
            fields,
            context,
            || repo.create(&body),
            || under_slug(repo, &fields.slug),
        )
        .await
    }

    /// A PATCH of the fields that differ.
    async fn update(
        repo: &SourceCraftRepo,
        slug: &String,
        fields: &SourceCraftFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, SourceCraft>,
    ) -> Result<(), ApiError> {
        repo.update(slug, &mapping::update_body(fields, changes))
            .await
            .map(drop)
    }
}
