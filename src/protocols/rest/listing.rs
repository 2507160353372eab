//! A whole listing of a repository (its milestones, its labels) read the
//! way every member of the family reads one: each item decoded with its
//! unknown fields kept, one listed twice taken as a listing that changed
//! while it was read, the reading checked by `rereads::tally`, and a
//! reading that does not add up read again, up to `READS` times in all,
//! then an error: never a silent part. How the pages are fetched (a total,
//! a next page, a link) is the member's own [`Listing::read_once`].

use std::{collections::HashSet, fmt, future::Future, hash::Hash};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::net::{
    decode,
    error::ApiError,
    owner::invalid_listing,
    rereads::{Listed, Pass, READS, Rereads, tally},
};
use crate::provider::{Provider, RepoRef};

/// What a repository's listing holds: milestones or labels.
pub trait Listable: DeserializeOwned + decode::Extra + Send + 'static {
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

/// The objects of one reading so far, decoded and told apart by key.
pub struct Collected<T: Listable> {
    objects: Vec<T>,
    keys: HashSet<T::Key>,
}

impl<T: Listable> Default for Collected<T> {
    fn default() -> Self {
        Collected {
            objects: Vec::new(),
            keys: HashSet::new(),
        }
    }
}

impl<T: Listable> Collected<T> {
    /// Adds one item as it was sent. `Some` says what gave the listing away
    /// as changed (the object was listed already); an item that does not
    /// read as a `T` is an error of the operation.
    pub fn add(
        &mut self,
        raw: Value,
        provider: Provider,
        operation: &str,
    ) -> Result<Option<String>, ApiError> {
        let object: T = decode::milestone(raw)
            .map_err(|message| invalid_listing(provider, operation, message))?;
        let key = object.key();
        if self.keys.contains(&key) {
            return Ok(Some(format!("{} {key} was listed twice", T::ONE)));
        }
        self.keys.insert(key);
        self.objects.push(object);
        Ok(None)
    }

    /// How many objects it holds.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// The reading, checked against the server's count (`total`) when it
    /// gave one; see `rereads::tally`.
    pub fn tally(self, total: Option<u64>, pages: usize) -> Pass<Vec<T>> {
        tally(self.objects, total, pages, T::WHAT, Listable::key)
    }
}

/// Every page of one reading, as sent, with what the server counted.
#[derive(Default)]
pub struct Gathered {
    pub items: Vec<Value>,
    pub total: Option<u64>,
    pub pages: usize,
    /// Set when the listing gave itself away as changed mid-reading.
    pub changed: Option<String>,
}

impl Gathered {
    /// The reading decoded as `T`, checked: an id seen twice or a count
    /// that does not add up says the listing changed while it was read.
    pub fn decoded<T: Listable>(
        self,
        provider: Provider,
        operation: &str,
    ) -> Result<Pass<Vec<T>>, ApiError> {
        if let Some(changed) = self.changed {
            return Ok(Pass::Changed(changed));
        }
        let mut objects = Collected::<T>::default();
        for raw in self.items {
            if let Some(changed) = objects.add(raw, provider, operation)? {
                return Ok(Pass::Changed(changed));
            }
        }
        Ok(objects.tally(self.total, self.pages))
    }
}

/// A repository of the family, as its listings are read.
pub trait Listing: Sync {
    /// How errors name the provider.
    fn provider(&self) -> Provider;
    fn repo(&self) -> &RepoRef;
    /// One reading of the listing of `T`, every page of it.
    fn read_once<T: Listable>(
        &self,
        operation: &str,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<Pass<Vec<T>>, ApiError>> + Send;
}

/// Every object of a listing (milestones, labels), or an error: never a
/// silent part. A reading that does not add up is read again, up to
/// `READS` times in all; the warnings say so.
pub async fn list_whole<R: Listing, T: Listable>(
    repo: &R,
    on_page: &mut (dyn FnMut(usize) + Send),
) -> Result<(Vec<T>, Vec<String>), ApiError> {
    let operation = format!("list {} of {}", T::WHAT, repo.repo());
    let mut rereads = Rereads::default();
    for _ in 0..READS {
        let pass = repo.read_once::<T>(&operation, on_page).await?;
        let problems = rereads.problems().join("; ");
        if let Some(objects) = rereads.complete(pass) {
            let warnings = if problems.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "the {} of {} changed while they were read ({problems}); they were read again",
                    T::WHAT,
                    repo.repo(),
                )]
            };
            return Ok((objects, warnings));
        }
    }
    Err(rereads.exhausted(repo.provider(), operation, T::LISTED))
}

/// Every object of a listing again, without its warnings: to look for a
/// create whose answer was lost.
pub async fn list_again<R: Listing, T: Listable>(repo: &R) -> Result<Vec<T>, ApiError> {
    list_whole(repo, &mut |_| {})
        .await
        .map(|(objects, _)| objects)
}
