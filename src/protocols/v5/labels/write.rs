//! Writing one v5 label: created exactly once by
//! [`create_once`](crate::pipeline::create_once::create_once) (a taken name
//! answers 400 saying it exists; the label under that very name is ours when it
//! holds what we sent); an update goes by name, with `name` when the name
//! changes and `color` when the colour does ([`V5::update_label`]).
//!
//! A member implements `Writing` for its labels itself, in two lines that
//! call these: rustc cannot yet match a generic implementation's futures
//! with the trait's, whose methods ask `Self: Forge`.

use super::{LabelFields, V5Labels};
use crate::protocols::v5::{V5, V5Repo};
use crate::{
    forge::{Forge, Identity, Reading, WriteContext},
    net::error::ApiError,
    pipeline::create_once::create_and_settle,
};

/// Creates the label `fields` describes, exactly once.
pub async fn create<P: V5>(
    repo: &V5Repo<P>,
    fields: &LabelFields,
    context: &WriteContext<'_, V5Labels<P>>,
) -> Result<String, ApiError>
where
    V5Labels<P>: Forge
        + Reading<Repo = V5Repo<P>>
        + Identity<Object = P::Label, Fields = LabelFields, Id = String>,
{
    create_and_settle(
        repo,
        fields,
        context,
        || repo.create_label(fields),
        || repo.list_labels(|_| {}),
    )
    .await
}
