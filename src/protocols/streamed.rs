//! A listing read into a [`Sink`], each object handed over as its page is
//! read and none held, with the checks of a whole reading: only each
//! object's key and a small mark of it (a hash, a title) are kept. Per
//! reading it tells an object listed twice (the listing shifted: read
//! again) from two different objects under one key (an error), checks the
//! count against the server's total, and holds a reading of several pages
//! that nothing counted until a second one finds the same keys (see
//! `rereads`). The sink starts over before each reading; after [`READS`]
//! readings that did not add up, the error says what gave each away.
//! A family supplies how it tells its objects apart ([`Rules`]) and how
//! one reading's pages are fetched ([`Pager`]).

use std::{
    collections::{BTreeSet, HashMap},
    future::Future,
    hash::{DefaultHasher, Hash, Hasher},
};

use serde::Serialize;

use crate::forge::Sink;
use crate::net::{
    error::{ApiError, Failure},
    rereads::{Listed, Pass, READS, Rereads},
};
use crate::provider::Provider;

/// How a family tells the objects of a listing apart, and words it.
pub trait Rules<T> {
    /// What is kept of each object beside its key: a second object under
    /// a key with an equal mark is one listed twice, else the two clash.
    type Mark: PartialEq + Send;
    /// What tells it apart; `None` for one that is not told apart.
    fn key(object: &T) -> Option<String>;
    fn mark(object: &T) -> Self::Mark;
    /// What gave a listing away that listed the object under `key` twice.
    fn twice(key: &str) -> String;
    /// The error of two different objects under `key`.
    fn clash(key: &str, first: &Self::Mark, second: &T) -> String;
}

/// An object as sent, reduced to 64 bits: two that differ in any field
/// hash apart.
pub fn fingerprint<T: Serialize>(object: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    serde_json::to_vec(object)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

/// One reading under way: what it has shown of the objects' keys, and
/// the sink they go to.
pub struct Check<'s, T, R: Rules<T>> {
    sink: &'s mut (dyn Sink<T> + Send),
    seen: HashMap<String, R::Mark>,
    count: usize,
    /// What gave the reading away as changed: the first object listed twice.
    twice: Option<String>,
    /// The first two different objects under one key.
    clash: Option<String>,
}

impl<'s, T, R: Rules<T>> Check<'s, T, R> {
    fn new(sink: &'s mut (dyn Sink<T> + Send)) -> Self {
        Check {
            sink,
            seen: HashMap::new(),
            count: 0,
            twice: None,
            clash: None,
        }
    }

    /// Hands one object of the reading to the sink; `true` once the
    /// reading has listed an object twice (its pager may stop there).
    pub fn take(&mut self, object: &T) -> bool {
        self.count += 1;
        if let Some(key) = R::key(object) {
            let mark = R::mark(object);
            match self.seen.get(&key) {
                Some(first) if *first == mark => {
                    self.twice.get_or_insert_with(|| R::twice(&key));
                }
                Some(first) => {
                    let clash = R::clash(&key, first, object);
                    self.clash.get_or_insert(clash);
                }
                None => {
                    self.seen.insert(key, mark);
                }
            }
        }
        self.sink.take(object);
        self.twice.is_some()
    }

    /// How many objects the reading has handed over.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The reading judged once its pages are read (`ending`): changed (it
    /// gave itself away, listed one twice, or does not match the server's
    /// total), an error (two different objects under one key),
    /// unconfirmed (several pages, no total) or complete. A complete one
    /// carries the keys read; an unconfirmed one hands them to be agreed
    /// on (see [`Rereads::take_agreed`]), not a copy.
    fn judge(self, ending: Ending, what: &str) -> Result<Pass<Option<BTreeSet<String>>>, String> {
        if let Some(changed) = ending.changed.or(self.twice) {
            return Ok(Pass::Changed(changed));
        }
        if let Some(count) = ending.total.filter(|total| *total != self.count as u64) {
            return Ok(Pass::Changed(format!(
                "read {} {what} where the server counts {count}",
                self.count
            )));
        }
        if let Some(clash) = self.clash {
            return Err(clash);
        }
        let keys: BTreeSet<String> = self.seen.into_keys().collect();
        Ok(if ending.total.is_none() && ending.pages > 1 {
            Pass::Unconfirmed(None, keys)
        } else {
            Pass::Complete(Some(keys))
        })
    }
}

/// How one reading's pages ended.
#[derive(Debug, Default)]
pub struct Ending {
    /// What the server counted, when it did.
    pub total: Option<u64>,
    /// How many pages were read, counted as one where the server's page
    /// total vouched for them.
    pub pages: usize,
    /// Set when the listing gave itself away as changed mid-reading (a
    /// total that moved, pages that loop).
    pub changed: Option<String>,
}

/// One reading of a listing, every page of it, each object handed to the
/// check as its page is read.
pub trait Pager<T, R: Rules<T>>: Send {
    fn read(
        &mut self,
        operation: &str,
        check: &mut Check<'_, T, R>,
    ) -> impl Future<Output = Result<Ending, ApiError>> + Send;
}

/// What is read and how errors name it.
pub struct About {
    pub provider: Provider,
    /// The operation, in errors (`list milestones of owner/name`).
    pub operation: String,
    /// What the listing holds, in what gave a reading away (`milestones`).
    pub what: &'static str,
    pub listed: Listed,
}

/// The reading that stood.
#[derive(Debug)]
pub struct Stood {
    /// What gave the earlier readings away, in order.
    pub problems: Vec<String>,
    /// The keys it read.
    pub keys: BTreeSet<String>,
}

/// Every object of a listing handed to `sink` as read, up to [`READS`]
/// readings, `sink` told to start over before each: the reading that
/// stood, or an error (never a silent part).
pub async fn read_into<T, R: Rules<T>, G: Pager<T, R>>(
    pager: &mut G,
    about: &About,
    sink: &mut (dyn Sink<T> + Send),
) -> Result<Stood, ApiError> {
    let mut rereads = Rereads::default();
    for _ in 0..READS {
        sink.restart();
        let mut check = Check::<T, R>::new(&mut *sink);
        let ending = pager.read(&about.operation, &mut check).await?;
        let pass = check.judge(ending, about.what).map_err(|clash| {
            ApiError::new(
                about.provider,
                about.operation.clone(),
                Failure::Incomplete(clash),
            )
        })?;
        let problems = rereads.problems().to_vec();
        if let Some(keys) = rereads.complete(pass) {
            let keys = keys.or_else(|| rereads.take_agreed()).unwrap_or_default();
            return Ok(Stood { problems, keys });
        }
    }
    Err(rereads.exhausted(about.provider, about.operation.clone(), about.listed))
}

/// A sink that keeps every object: for a whole reading on the streamed
/// path.
pub struct Whole<T>(pub Vec<T>);

impl<T> Default for Whole<T> {
    fn default() -> Self {
        Whole(Vec::new())
    }
}

impl<T: Clone> Sink<T> for Whole<T> {
    fn restart(&mut self) {
        self.0.clear();
    }

    fn take(&mut self, object: &T) {
        self.0.push(object.clone());
    }
}

#[cfg(test)]
mod tests;
