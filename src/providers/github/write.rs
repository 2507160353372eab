//! Writing one milestone to GitHub: create exactly once, and update.
//!
//! A create is journaled while its fate is unknown. After a failure that
//! may have stored it, or an answer without the milestone, the repository
//! is listed and an unclaimed milestone with our title is taken instead of
//! sending again (titles are unique on GitHub). A `422 already_exists` is
//! looked up by title: ours when title, description and due date match
//! (the state may differ), else the milestone fails, the existing one left
//! untouched.

use std::{
    collections::HashSet,
    sync::{Mutex, PoisonError},
};

use super::{
    GitHub,
    adapter::GitHubRepo,
    mapping::{GitHubFields, create_body, parse_state, update_body},
};
use crate::{
    mapping::{Field, FieldChange},
    pipeline::write::{
        CREATE_ROUNDS, LOOKUP_ROUNDS, WriteContext, answered_without_milestone, is_conflict,
        journaled, not_found_after_success, settle, wait_to_look_again,
    },
    providers::{
        error::{ApiError, Failure},
        forge::{Mapper, Writing},
        generated::github::types::Milestone,
    },
    state::journal::Journal,
};

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The milestone with our title that no other milestone of this run has
/// claimed, claimed now.
fn claim_by_title(
    listing: Vec<Milestone>,
    title: &str,
    claimed: &Mutex<HashSet<i64>>,
) -> Option<Milestone> {
    let mut claimed = lock(claimed);
    let found = listing
        .into_iter()
        .find(|m| m.title == title && !claimed.contains(&m.number))?;
    claimed.insert(found.number);
    Some(found)
}

/// The milestone under our title is ours when everything but the state is
/// what we wanted; otherwise it belongs to someone else and is left alone.
fn check_ours(
    repo: &GitHubRepo,
    found: Milestone,
    fields: &GitHubFields,
    operation: &str,
    error: &ApiError,
) -> Result<Milestone, ApiError> {
    let differing: Vec<&str> = GitHub::changes(&found, fields)
        .into_iter()
        .filter(|c| c.field != Field::State)
        .map(|c| c.name)
        .collect();
    if differing.is_empty() {
        return Ok(found);
    }
    Err(ApiError::new(
        error.provider,
        operation,
        Failure::InvalidResponse {
            status: Some(422),
            message: format!(
                "the title {:?} is taken in {} by another milestone (number {}, differing in {}); it was left untouched: rename one of them, then run the same command again",
                fields.title,
                repo.repo(),
                found.number,
                differing.join(", ")
            ),
        },
    ))
}

/// Clears the journal once a create's fate is known either way.
fn settled<T>(
    journal: Option<&Journal>,
    tickets: &mut Vec<crate::state::journal::Ticket>,
    result: Result<T, ApiError>,
) -> Result<T, ApiError> {
    settle(journal, std::mem::take(tickets));
    result
}

/// Clears the journal only when looking failed: the create's fate is then
/// reported as that failure.
fn settled_on_error<T>(
    journal: Option<&Journal>,
    tickets: &mut Vec<crate::state::journal::Ticket>,
    result: Result<T, ApiError>,
) -> Result<T, ApiError> {
    if result.is_err() {
        settle(journal, std::mem::take(tickets));
    }
    result
}

/// Finds the milestone a create stored although its answer did not say
/// which; never sends the create again.
async fn look_up(
    repo: &GitHubRepo,
    fields: &GitHubFields,
    claimed: &Mutex<HashSet<i64>>,
    answer: &ApiError,
) -> Result<Milestone, ApiError> {
    let what = format!("{} {:?}", repo.repo(), fields.title);
    let operation = format!("create milestone {:?} in {}", fields.title, repo.repo());
    for round in 0..LOOKUP_ROUNDS {
        let listing = repo.list_again().await?;
        if let Some(found) = claim_by_title(listing, &fields.title, claimed) {
            return check_ours(repo, found, fields, &operation, answer);
        }
        wait_to_look_again(answer.provider, round, &what).await;
    }
    Err(not_found_after_success(answer))
}

impl Writing for GitHub {
    type WriteState = ();

    /// Creates the milestone exactly once (closed ones in one request) and
    /// returns its number; see the module doc.
    async fn create(
        repo: &GitHubRepo,
        fields: &GitHubFields,
        context: &WriteContext<'_, GitHub>,
    ) -> Result<i64, ApiError> {
        let (journal, claimed) = (context.journal, &context.claimed);
        let body = create_body(fields);
        let what = format!("{} {:?}", repo.repo(), body.title);
        let operation = format!("create milestone {:?} in {}", body.title, repo.repo());
        let mut round = 0;
        let mut tickets = Vec::new();
        let created = loop {
            let (result, ticket) = journaled(journal, &what, repo.create(&body)).await;
            tickets.extend(ticket);
            match result {
                Ok(created) => {
                    lock(claimed).insert(created.number);
                    break created;
                }
                Err(error) if answered_without_milestone(&error) => {
                    let found = look_up(repo, fields, claimed, &error).await;
                    break settled(journal, &mut tickets, found)?;
                }
                Err(error) if is_conflict(&error) => {
                    let listing = repo.list_again().await;
                    let found = listing.and_then(|listing| {
                        match claim_by_title(listing, &fields.title, claimed) {
                            Some(found) => check_ours(repo, found, fields, &operation, &error),
                            None => Err(error),
                        }
                    });
                    break settled(journal, &mut tickets, found)?;
                }
                Err(error) if error.may_have_committed() && round < CREATE_ROUNDS => {
                    round += 1;
                    let listing = settled_on_error(journal, &mut tickets, repo.list_again().await)?;
                    if let Some(found) = claim_by_title(listing, &fields.title, claimed) {
                        let found = check_ours(repo, found, fields, &operation, &error);
                        break settled(journal, &mut tickets, found)?;
                    }
                    wait_to_look_again(error.provider, round, &what).await;
                }
                Err(error) => {
                    settle(journal, std::mem::take(&mut tickets));
                    return Err(error);
                }
            }
        };
        settle(journal, tickets);
        let number = created.number;
        let remaining = GitHub::changes(&created, fields);
        if !remaining.is_empty() {
            GitHub::update(repo, &number, fields, &remaining, context).await?;
        }
        Ok(number)
    }

    /// Sends the fields `changes` names and checks that the answer holds the
    /// state asked for.
    async fn update(
        repo: &GitHubRepo,
        number: &i64,
        fields: &GitHubFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitHub>,
    ) -> Result<(), ApiError> {
        let number = *number;
        let operation = format!(
            "update milestone {number} ({:?}) in {}",
            fields.title,
            repo.repo()
        );
        let answer = repo.update(number, &update_body(fields, changes)).await?;
        let state = parse_state(answer.state.as_deref()).ok();
        if changes.iter().any(|c| c.field == Field::State) && state != Some(fields.state) {
            return Err(ApiError::new(
                repo.provider(),
                operation,
                Failure::InvalidResponse {
                    status: Some(200),
                    message: format!(
                        "GitHub answered the update with the state {:?}, not {}",
                        answer.state.as_deref().unwrap_or("(none)"),
                        fields.state
                    ),
                },
            ));
        }
        Ok(())
    }
}
