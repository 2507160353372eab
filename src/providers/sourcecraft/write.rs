//! Writing to SourceCraft exactly once. Slugs are unique, so after an
//! ambiguous failure, an answer without the milestone, or any answer that
//! says the slug is taken, the milestone under the slug is fetched: ours
//! when it holds what we sent, someone else's (left untouched, and this
//! milestone fails) when not. A closed milestone is created, then closed.

use super::{
    SourceCraft,
    adapter::SourceCraftRepo,
    mapping::{self, SourceCraftFields},
};
use crate::{
    mapping::{Field, FieldChange},
    pipeline::write::{
        CREATE_ROUNDS, LOOKUP_ROUNDS, WriteContext, answered_without_milestone, is_conflict,
        journaled, not_found_after_success, settle, wait_to_look_again,
    },
    providers::{
        Provider,
        error::{ApiError, Failure},
        forge::{Mapper, Writing},
        generated::sourcecraft::types::Milestone,
    },
};

async fn look_up(
    repo: &SourceCraftRepo,
    fields: &SourceCraftFields,
    answer: &ApiError,
) -> Result<Milestone, ApiError> {
    for round in 0..LOOKUP_ROUNDS {
        match repo.get(&fields.slug).await {
            Ok(found) => return check_ours(repo, found, fields),
            Err(lookup) if lookup.status() == Some(404) => {
                let what = format!("{} slug {:?}", repo.repo(), fields.slug);
                wait_to_look_again(Provider::SourceCraft, round, &what).await
            }
            Err(lookup) => return Err(lookup),
        }
    }
    Err(not_found_after_success(answer))
}

async fn ours_or_theirs(
    repo: &SourceCraftRepo,
    fields: &SourceCraftFields,
) -> Result<Milestone, ApiError> {
    let found = repo.get(&fields.slug).await?;
    check_ours(repo, found, fields)
}

/// The milestone under our slug is ours when everything a create sets
/// (name, description, dates) is what we sent; the status may still differ,
/// as closing comes after the create.
fn check_ours(
    repo: &SourceCraftRepo,
    found: Milestone,
    fields: &SourceCraftFields,
) -> Result<Milestone, ApiError> {
    let differing: Vec<&str> = SourceCraft::changes(&found, fields)
        .into_iter()
        .filter(|c| c.field != Field::State)
        .map(|c| c.name)
        .collect();
    if differing.is_empty() {
        return Ok(found);
    }
    Err(ApiError::new(
        Provider::SourceCraft,
        format!(
            "create milestone {:?} ({}) in {}",
            fields.name,
            fields.slug,
            repo.repo()
        ),
        Failure::InvalidResponse {
            status: Some(409),
            message: format!(
                "the slug {:?} is taken by another milestone ({:?}, differing in {}); it was left \
                 untouched: rename one of them, then run the same command again",
                fields.slug,
                found.name.as_deref().unwrap_or_default(),
                differing.join(", ")
            ),
        },
    ))
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
        let what = format!("{} slug {:?}", repo.repo(), fields.slug);
        let mut round = 0;
        let mut tickets = Vec::new();
        let outcome = loop {
            let (result, ticket) = journaled(context.journal, &what, repo.create(&body)).await;
            tickets.extend(ticket);
            match result {
                Ok(created) => break Ok(created),
                Err(error) if answered_without_milestone(&error) => {
                    break look_up(repo, fields, &error).await;
                }
                Err(error) if is_conflict(&error) => break ours_or_theirs(repo, fields).await,
                Err(error) if error.may_have_committed() && round < CREATE_ROUNDS => {
                    round += 1;
                    match repo.get(&fields.slug).await {
                        Ok(found) => break check_ours(repo, found, fields),
                        Err(lookup) if lookup.status() == Some(404) => {
                            wait_to_look_again(Provider::SourceCraft, round, &what).await
                        }
                        Err(lookup) => break Err(lookup),
                    }
                }
                Err(error) => break Err(error),
            }
        };
        settle(context.journal, tickets);
        let created = outcome?;
        let changes = SourceCraft::changes(&created, fields);
        if !changes.is_empty() {
            SourceCraft::update(repo, &fields.slug, fields, &changes, context).await?;
        }
        Ok(fields.slug.clone())
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
