//! How a provider lists an owner's repositories. Implemented in the
//! provider's `repos.rs`.

use std::future::Future;

use crate::providers::{
    ClientOptions,
    connection::Connection,
    owner::{OwnerListError, OwnerRepos},
};

/// A provider's listing of an owner's repositories.
pub trait RepoListing {
    /// Every repository of `owner`, through the same pacer as every other
    /// client of `connection`.
    fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> impl Future<Output = Result<OwnerRepos, OwnerListError>> + Send;
}
