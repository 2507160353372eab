//! Creating a v5 milestone exactly once, by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle):
//! the family has no unique key, so a create whose fate is unknown is
//! looked for among the milestones with its title before it is ever sent
//! again. A member's `Writing` calls it. An update's state is checked in
//! the answer (read again when the answer has none) by [`update_checked`];
//! which state words a member sends, and how often it tries, stay its own.

use super::{V5, V5Repo, WireMilestone, mapping::MilestoneFields};
use crate::{
    forge::{Forge, Identity, WriteContext},
    net::{
        error::{ApiError, Failure},
        number::WholeNumber,
    },
    pipeline::create_once::create_and_settle,
    record::State,
};

/// Creates the milestone `body` describes, exactly once.
pub async fn create<P>(
    repo: &V5Repo<P>,
    body: &P::CreateMilestone,
    fields: &MilestoneFields,
    context: &WriteContext<'_, P>,
) -> Result<WholeNumber, ApiError>
where
    P: V5 + Forge + Identity<Fields = MilestoneFields>,
{
    create_and_settle(
        repo,
        fields,
        context,
        || repo.create(body),
        || repo.list_all(|_| {}),
    )
    .await
}

/// Sends `body` to the milestone `number` and checks that it holds the
/// state `wanted` (read again when the answer has none). The outer error is
/// a failed request; the inner one says the milestone stays in another
/// state, for the member to report or to try other words.
pub async fn update_checked<P: V5>(
    repo: &V5Repo<P>,
    number: &WholeNumber,
    body: &P::UpdateMilestone,
    wanted: State,
) -> Result<Result<(), ApiError>, ApiError> {
    let answer = repo.update(number, body).await?;
    let state = match answer.state() {
        Some(state) => Some(state.to_owned()),
        None => repo.get(number).await?.state().map(str::to_owned),
    };
    if P::parse_state(state.as_deref()).ok() == Some(wanted) {
        return Ok(Ok(()));
    }
    Ok(Err(ApiError::new(
        P::PROVIDER,
        format!(
            "update milestone {number} ({:?}) in {}",
            P::update_title(body),
            repo.repo()
        ),
        Failure::InvalidResponse {
            status: Some(200),
            message: format!(
                "the milestone stays {:?} after asking for state {:?}",
                state.as_deref().unwrap_or("(none)"),
                P::update_state(body).unwrap_or_default()
            ),
        },
    )))
}
