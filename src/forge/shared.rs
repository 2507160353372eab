//! A kind of object read over its provider's milestone connection (labels):
//! the kind supplies only how its objects are listed and deleted; the
//! connection, its client, pacing, access check and error advice are the
//! milestones' ([`Reading`] is implemented here, once, for every such kind).

use std::future::Future;

use super::{Identity, Reading, Sink};
use crate::net::{
    ClientOptions,
    access::WriteAccess,
    connection::{Connection, ConnectionError},
    error::ApiError,
    pacer::PaceSettings,
    transport::Transport,
};
use crate::provider::{RepoRef, rate::RateLimits};

/// The repository client of `K`'s provider.
pub type RepoOf<K> = <<K as SharesConnection>::Milestones as Reading>::Repo;

/// A kind of object whose provider's milestone forge is `Milestones`.
pub trait SharesConnection: Identity {
    /// The provider's milestones, whose connection this kind uses.
    type Milestones: Reading;

    /// What to do about a status, where it means something of its own for
    /// this kind (GitCode's content filter on a label's name).
    const STATUS_ADVICE: &'static [(u16, &'static str)] =
        <Self::Milestones as Reading>::STATUS_ADVICE;

    fn list(
        repo: &RepoOf<Self>,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<(Vec<Self::Object>, Vec<String>), ApiError>> + Send;
    fn list_again(
        repo: &RepoOf<Self>,
    ) -> impl Future<Output = Result<Vec<Self::Object>, ApiError>> + Send;
    /// As [`Reading::list_checked_into`]: by default the whole of `list`.
    fn list_checked_into(
        repo: &RepoOf<Self>,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Self::Object> + Send),
    ) -> impl Future<Output = Result<Vec<String>, ApiError>> + Send {
        async move {
            let (objects, warnings) = Self::list(repo, on_page).await?;
            for object in objects {
                sink.take(&object);
            }
            Ok(warnings)
        }
    }
    /// As [`Reading::list_into`]: by default the whole of `list_again`.
    fn list_into(
        repo: &RepoOf<Self>,
        sink: &mut (dyn Sink<Self::Object> + Send),
    ) -> impl Future<Output = Result<(), ApiError>> + Send {
        async move {
            for object in Self::list_again(repo).await? {
                sink.take(&object);
            }
            Ok(())
        }
    }
    fn delete(
        repo: &RepoOf<Self>,
        id: &Self::Id,
    ) -> impl Future<Output = Result<(), ApiError>> + Send;
}

impl<K: SharesConnection> Reading for K {
    type Repo = RepoOf<K>;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<Self::Repo, ConnectionError> {
        K::Milestones::connect(connection, repo, options)
    }

    fn repo(repo: &Self::Repo) -> &RepoRef {
        K::Milestones::repo(repo)
    }

    fn transport(repo: &Self::Repo) -> &Transport {
        K::Milestones::transport(repo)
    }

    fn base_url(repo: &Self::Repo) -> &str {
        K::Milestones::base_url(repo)
    }

    fn list(
        repo: &Self::Repo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<(Vec<Self::Object>, Vec<String>), ApiError>> + Send {
        <K as SharesConnection>::list(repo, on_page)
    }

    fn list_again(
        repo: &Self::Repo,
    ) -> impl Future<Output = Result<Vec<Self::Object>, ApiError>> + Send {
        <K as SharesConnection>::list_again(repo)
    }

    fn list_checked_into(
        repo: &Self::Repo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Self::Object> + Send),
    ) -> impl Future<Output = Result<Vec<String>, ApiError>> + Send {
        <K as SharesConnection>::list_checked_into(repo, on_page, sink)
    }

    fn list_into(
        repo: &Self::Repo,
        sink: &mut (dyn Sink<Self::Object> + Send),
    ) -> impl Future<Output = Result<(), ApiError>> + Send {
        <K as SharesConnection>::list_into(repo, sink)
    }

    fn delete(
        repo: &Self::Repo,
        id: &Self::Id,
    ) -> impl Future<Output = Result<(), ApiError>> + Send {
        <K as SharesConnection>::delete(repo, id)
    }

    fn create_pace(repo: &Self::Repo) -> Option<PaceSettings> {
        K::Milestones::create_pace(repo)
    }

    fn write_access(
        repo: &Self::Repo,
    ) -> impl Future<Output = Result<WriteAccess, ApiError>> + Send {
        K::Milestones::write_access(repo)
    }

    const REQUEST_ID_NAME: &'static str = <K::Milestones as Reading>::REQUEST_ID_NAME;
    const STATUS_ADVICE: &'static [(u16, &'static str)] = <K as SharesConnection>::STATUS_ADVICE;

    fn published_limits(host: &str) -> Option<RateLimits> {
        K::Milestones::published_limits(host)
    }
}
