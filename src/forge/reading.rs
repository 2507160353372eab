//! How a provider is read: a repository's client, every milestone listed,
//! one deleted, and what the provider says about its limits, its errors and
//! a token's rights. Implemented in the provider's `adapter.rs`.

use std::future::Future;

use super::Identity;
use crate::net::{
    ClientOptions,
    access::WriteAccess,
    connection::{Connection, ConnectionError},
    error::ApiError,
    pacer::PaceSettings,
    transport::Transport,
};
use crate::provider::{RepoRef, rate::RateLimits};

/// A provider's repository client and what it reads.
pub trait Reading: Identity {
    /// A connected repository.
    type Repo: Send + Sync + 'static;

    /// A repository's client, from a connection (token, base URL).
    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<Self::Repo, ConnectionError>;
    fn repo(repo: &Self::Repo) -> &RepoRef;
    fn transport(repo: &Self::Repo) -> &Transport;
    /// The base URL requests go to (no trailing slash).
    fn base_url(repo: &Self::Repo) -> &str;

    /// Every milestone, all states, all pages, or an error (never a silent
    /// part), with warnings about how the provider listed them. `on_page`
    /// gets the running count.
    fn list(
        repo: &Self::Repo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<(Vec<Self::Object>, Vec<String>), ApiError>> + Send;
    /// Every milestone, each handed to `sink` as it is read, with `list`'s
    /// checks and warnings, for a reading planned against rather than
    /// kept (`on_page` gets the running count). A provider that reads
    /// page by page hands over each page and holds none; by default the
    /// whole of [`list`] is read first. When a reading did not add up,
    /// `sink` is told to start over before the next one.
    ///
    /// [`list`]: Reading::list
    fn list_checked_into(
        repo: &Self::Repo,
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
    /// Every milestone again, without `list`'s checks on how the provider
    /// lists: for reading a target this run has already listed.
    fn list_again(
        repo: &Self::Repo,
    ) -> impl Future<Output = Result<Vec<Self::Object>, ApiError>> + Send;
    /// Every milestone again, each handed to `sink` as it is read, for a
    /// reading of which only a tally need be kept (confirming what a run
    /// wrote). A provider that reads page by page hands over each page
    /// and holds none; by default the whole of [`list_again`] is read
    /// first. When a reading changed while it was read, `sink` is told to
    /// start over before the next one.
    ///
    /// [`list_again`]: Reading::list_again
    fn list_into(
        repo: &Self::Repo,
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
        repo: &Self::Repo,
        id: &Self::Id,
    ) -> impl Future<Output = Result<(), ApiError>> + Send;
    /// The pace creates alone are held to, where the provider limits them
    /// apart from other requests (GitHub's limits on content creation).
    fn create_pace(_repo: &Self::Repo) -> Option<PaceSettings> {
        None
    }
    /// Whether the token may write to the repository, where the provider
    /// can be asked before a write; `Unknown` elsewhere.
    fn write_access(
        _repo: &Self::Repo,
    ) -> impl Future<Output = Result<WriteAccess, ApiError>> + Send {
        std::future::ready(Ok(WriteAccess::Unknown))
    }

    /// What the provider calls the id of a failed request it asks to be
    /// quoted to its support (`trace id`).
    const REQUEST_ID_NAME: &'static str;
    /// What to do about an answer's status where this provider means
    /// something of its own by it (GitCode's 418), before the common advice.
    const STATUS_ADVICE: &'static [(u16, &'static str)] = &[];
    /// The rate limits the provider publishes for `host`, applied by
    /// default when talking to it.
    fn published_limits(_host: &str) -> Option<RateLimits> {
        None
    }
}

/// What a streamed reading is handed: each object as it is read, and word
/// that the reading so far did not add up and starts again.
pub trait Sink<T> {
    /// Forgets what the readings so far handed over.
    fn restart(&mut self);
    /// One object of the reading under way.
    fn take(&mut self, object: &T);
}
