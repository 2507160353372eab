//! How a provider writes: a create and an update, each exactly once,
//! whatever fails. Implemented in the provider's `write.rs`.

use std::future::Future;

use super::{Forge, Reading, WriteContext};
use crate::{mapping::FieldChange, net::error::ApiError};

/// A provider's writes to a repository.
pub trait Writing: Reading {
    /// What writes to one target share for the length of a run (GitCode:
    /// which words its server takes for a state change).
    type WriteState: Default + Send + Sync + 'static;

    /// Creates a milestone exactly once and returns its key.
    fn create(
        repo: &Self::Repo,
        fields: &Self::Fields,
        context: &WriteContext<'_, Self>,
    ) -> impl Future<Output = Result<Self::Id, ApiError>> + Send
    where
        Self: Forge;
    /// Brings an existing milestone to `fields`, changing `changes`.
    fn update(
        repo: &Self::Repo,
        id: &Self::Id,
        fields: &Self::Fields,
        changes: &[FieldChange],
        context: &WriteContext<'_, Self>,
    ) -> impl Future<Output = Result<(), ApiError>> + Send
    where
        Self: Forge;
}
