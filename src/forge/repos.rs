//! How a provider lists an owner's repositories. Implemented in the
//! provider's `repos.rs`.

use std::future::Future;

use crate::location::Location;
use crate::net::{
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

    /// What `location` names, where only the provider can tell (owners
    /// that nest: `PREFIX:A/B` may be a repository or an owner): the
    /// location it is, with a line saying which it took; `None`, the
    /// default, takes it as it reads. Asked only of a provider whose
    /// owners nest.
    fn locate(
        _connection: &Connection,
        _location: &Location,
        _options: &ClientOptions,
    ) -> impl Future<Output = Result<Option<(Location, String)>, OwnerListError>> + Send {
        std::future::ready(Ok(None))
    }
}
