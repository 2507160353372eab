//! A listing of a repository (its milestones, its labels) read the way
//! every member of the family reads one: each item decoded with its
//! unknown fields kept and handed to a sink as its page is read, one
//! listed twice taken as a listing that changed while it was read, the
//! reading checked against the server's total (or, without one, against a
//! second reading), and a reading that does not add up read again, up to
//! `READS` times in all, then an error: never a silent part (see
//! `protocols::streamed`). How the pages are fetched (a total, a next
//! page, a link) is the member's own [`Listing::read_once`]. A whole
//! listing is the same reading kept whole.

use std::{fmt, future::Future, hash::Hash};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::forge::Sink;
use crate::net::{decode, error::ApiError, owner::invalid_listing, rereads::Listed};
use crate::protocols::streamed::{self, About, Check, Ending, Pager, Rules, Whole};
use crate::provider::{Provider, RepoRef};

/// What a repository's listing holds: milestones or labels.
pub trait Listable: DeserializeOwned + decode::Extra + Clone + Send + Sync + 'static {
    /// The listing's path below the repository, and what errors call them.
    const WHAT: &'static str;
    /// One of them, in errors.
    const ONE: &'static str;
    /// Query parameters of every page, besides the paging's own.
    const QUERY: &'static [(&'static str, &'static str)];
    const LISTED: Listed;
    /// What tells one apart in a listing.
    type Key: Eq + Hash + fmt::Display + Send;
    fn key(&self) -> Self::Key;
}

/// How the family tells listed objects apart: by key alone, a second
/// object under a key already read being one listed twice.
pub struct ByKey;

impl<T: Listable> Rules<T> for ByKey {
    type Mark = ();

    fn key(object: &T) -> Option<String> {
        Some(object.key().to_string())
    }

    fn mark(_: &T) {}

    fn twice(key: &str) -> String {
        format!("{} {key} was listed twice", T::ONE)
    }

    /// Never asked: every mark is alike.
    fn clash(key: &str, _: &(), _: &T) -> String {
        <Self as Rules<T>>::twice(key)
    }
}

/// Decodes one item as sent and hands it to `check`: `true` once the
/// reading has listed an object twice. An item that does not read as a
/// `T` is an error of the operation.
pub fn take<T: Listable>(
    check: &mut Check<'_, T, ByKey>,
    raw: Value,
    provider: Provider,
    operation: &str,
) -> Result<bool, ApiError> {
    let object: T =
        decode::milestone(raw).map_err(|message| invalid_listing(provider, operation, message))?;
    Ok(check.take(&object))
}

/// A repository of the family, as its listings are read.
pub trait Listing: Sync {
    /// How errors name the provider.
    fn provider(&self) -> Provider;
    fn repo(&self) -> &RepoRef;
    /// One reading of the listing of `T`, every page of it, each item
    /// handed to `check` as its page is read.
    fn read_once<T: Listable>(
        &self,
        operation: &str,
        on_page: &mut (dyn FnMut(usize) + Send),
        check: &mut Check<'_, T, ByKey>,
    ) -> impl Future<Output = Result<Ending, ApiError>> + Send;
}

/// A member's readings, told the running count of each.
struct Readings<'a, R> {
    repo: &'a R,
    on_page: &'a mut (dyn FnMut(usize) + Send),
}

impl<R: Listing, T: Listable> Pager<T, ByKey> for Readings<'_, R> {
    fn read(
        &mut self,
        operation: &str,
        check: &mut Check<'_, T, ByKey>,
    ) -> impl Future<Output = Result<Ending, ApiError>> + Send {
        self.repo.read_once(operation, &mut *self.on_page, check)
    }
}

/// Every object of a listing (milestones, labels) handed to `sink` as it
/// is read, or an error: never a silent part. A reading that does not add
/// up is read again, `sink` told to start over, up to `READS` times in
/// all; the warnings say so.
pub async fn list_checked_into<R: Listing, T: Listable>(
    repo: &R,
    on_page: &mut (dyn FnMut(usize) + Send),
    sink: &mut (dyn Sink<T> + Send),
) -> Result<Vec<String>, ApiError> {
    let about = About {
        provider: repo.provider(),
        operation: format!("list {} of {}", T::WHAT, repo.repo()),
        what: T::WHAT,
        listed: T::LISTED,
    };
    let stood =
        streamed::read_into::<T, ByKey, _>(&mut Readings { repo, on_page }, &about, sink).await?;
    if stood.problems.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![format!(
        "the {} of {} changed while they were read ({}); they were read again",
        T::WHAT,
        repo.repo(),
        stood.problems.join("; "),
    )])
}

/// Every object of a listing again, each handed to `sink`, without its
/// warnings: for a reading of which only a tally is kept.
pub async fn list_into<R: Listing, T: Listable>(
    repo: &R,
    sink: &mut (dyn Sink<T> + Send),
) -> Result<(), ApiError> {
    list_checked_into(repo, &mut |_| {}, sink).await.map(drop)
}

/// Every object of a listing, kept whole, with
/// [`list_checked_into`]'s checks and warnings.
pub async fn list_whole<R: Listing, T: Listable>(
    repo: &R,
    on_page: &mut (dyn FnMut(usize) + Send),
) -> Result<(Vec<T>, Vec<String>), ApiError> {
    let mut whole = Whole::default();
    let warnings = list_checked_into(repo, on_page, &mut whole).await?;
    Ok((whole.0, warnings))
}

/// Every object of a listing again, without its warnings: to look for a
/// create whose answer was lost.
pub async fn list_again<R: Listing, T: Listable>(repo: &R) -> Result<Vec<T>, ApiError> {
    list_whole(repo, &mut |_| {})
        .await
        .map(|(objects, _)| objects)
}
