//! Writing one milestone or label of a member: created exactly once by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle)
//! (the member's listing read again to settle a create whose fate is
//! unknown), updated with the fields that change, a 404 explained where
//! the member can tell why ([`RestWrites::not_found`]). Of a milestone's
//! update the answer is checked: where the update changed the state, the
//! milestone it answers with holds the state asked for (a member that
//! ignores a state it cannot set would otherwise be taken at its word).

use std::{fmt, future::Future};

use crate::{
    forge::{Forge, Identity, WriteContext},
    mapping::{Field, FieldChange},
    net::error::{ApiError, Failure},
    pipeline::create_once::create_and_settle,
    protocols::rest::listing::Listing,
    provider::{Provider, RepoRef},
    record::State,
};

/// What a member's writes of one kind of object send.
pub trait RestBodies: Identity {
    /// What a create sends.
    type Create: Send + Sync;
    /// What an update sends.
    type Update: Send + Sync;
    fn create_body(fields: &Self::Fields) -> Self::Create;
    fn update_body(fields: &Self::Fields, changes: &[FieldChange]) -> Self::Update;
}

/// A member's calls that write one kind of object.
pub trait RestWrites: Forge<Repo: Listing> + RestBodies {
    fn send_create(
        repo: &Self::Repo,
        body: &Self::Create,
    ) -> impl Future<Output = Result<Self::Object, ApiError>> + Send;
    fn send_update(
        repo: &Self::Repo,
        id: &Self::Id,
        body: &Self::Update,
    ) -> impl Future<Output = Result<Self::Object, ApiError>> + Send;
    /// The error for an update of `id` the member answered 404 for, where
    /// it can tell why; `None` keeps the 404.
    fn not_found(
        _repo: &Self::Repo,
        _id: &Self::Id,
        _fields: &Self::Fields,
    ) -> impl Future<Output = Option<ApiError>> + Send {
        async { None }
    }
}

/// A member's milestone, as the answer to an update is checked.
pub trait RestMilestoneWrites: RestWrites {
    /// The milestone's state, as sent.
    fn state_text(milestone: &Self::Object) -> Option<&str>;
}

/// Creates an object with `fields` exactly once and returns its key.
pub async fn create<F: RestWrites>(
    repo: &F::Repo,
    fields: &F::Fields,
    context: &WriteContext<'_, F>,
) -> Result<F::Id, ApiError> {
    let body = F::create_body(fields);
    create_and_settle(
        repo,
        fields,
        context,
        || F::send_create(repo, &body),
        || F::list_again(repo),
    )
    .await
}

/// Sends the fields `changes` names and returns the member's answer.
pub async fn update<F: RestWrites>(
    repo: &F::Repo,
    id: &F::Id,
    fields: &F::Fields,
    changes: &[FieldChange],
) -> Result<F::Object, ApiError> {
    match F::send_update(repo, id, &F::update_body(fields, changes)).await {
        Err(error) if error.status() == Some(404) => {
            Err(F::not_found(repo, id, fields).await.unwrap_or(error))
        }
        other => other,
    }
}

/// Updates a milestone as [`update`] does and checks that the answer
/// holds the state asked for.
pub async fn update_milestone<F: RestMilestoneWrites>(
    repo: &F::Repo,
    id: &F::Id,
    fields: &F::Fields,
    changes: &[FieldChange],
) -> Result<(), ApiError> {
    let operation = update_operation(id, F::fields_title(fields), F::repo(repo));
    let answer = update::<F>(repo, id, fields, changes).await?;
    check_state(
        (repo.provider(), F::NAME),
        operation,
        changes,
        Answered {
            state: F::state_text(&answer),
            read: F::state(&answer),
        },
        F::fields_state(fields),
    )
}

/// How an update of the milestone `id` titled `title` in `repo` is named
/// in errors.
pub fn update_operation(id: impl fmt::Display, title: &str, repo: &RepoRef) -> String {
    format!("update milestone {id} ({title:?}) in {repo}")
}

/// The answer to an update, as it was sent and as the member reads it.
struct Answered<'a> {
    state: Option<&'a str>,
    read: Option<State>,
}

/// An error when `changes` changed the state and the answer (from the
/// provider `name`) does not hold the one `wanted`.
fn check_state(
    (provider, name): (Provider, &str),
    operation: String,
    changes: &[FieldChange],
    answered: Answered<'_>,
    wanted: State,
) -> Result<(), ApiError> {
    if changes.iter().any(|c| c.field == Field::State) && answered.read != Some(wanted) {
        return Err(ApiError::new(
            provider,
            operation,
            Failure::InvalidResponse {
                status: Some(200),
                message: format!(
                    "{name} answered the update with the state {:?}, not {wanted}",
                    answered.state.unwrap_or("(none)"),
                ),
            },
        ));
    }
    Ok(())
}
