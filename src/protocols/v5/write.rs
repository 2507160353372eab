//! Creating a v5 milestone exactly once, by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle):
//! the family has no unique key, so a create whose fate is unknown is
//! looked for among the milestones with its title before it is ever sent
//! again. A member's `Writing` calls it; its updates, which differ in the
//! state words they send, stay its own.

use super::{V5, V5Repo, mapping::MilestoneFields};
use crate::{
    forge::{Forge, Identity, WriteContext},
    net::{error::ApiError, number::WholeNumber},
    pipeline::create_once::create_and_settle,
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
