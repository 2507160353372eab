//! A SourceCraft listing read into a [`Sink`], each object handed over as
//! its page is read and none held: for confirming what a run wrote to a
//! large repository. The guarantees are [`list_of`]'s: an object listed
//! twice means the listing shifted and is read again; two different
//! objects under one slug are an error; a reading of several pages stands
//! once a second one finds the same slugs. Only each object's slug and a
//! hash of it are kept to tell these apart.
//!
//! [`list_of`]: super::adapter::SourceCraftRepo::list_of

use std::{
    collections::{BTreeSet, HashMap},
    hash::{DefaultHasher, Hash, Hasher},
};

use super::adapter::{Listable, SourceCraftRepo};
use crate::forge::Sink;
use crate::net::{
    error::{ApiError, Failure},
    rereads::{Pass, READS, Rereads},
};

/// What one reading showed of the objects' slugs.
#[derive(Default)]
struct Slugs {
    /// Each slug seen, and a hash of the object under it.
    seen: HashMap<String, u64>,
    /// The first slug under which one object came twice.
    twice: Option<String>,
    /// The first slug under which two different objects came.
    clash: Option<String>,
}

impl Slugs {
    fn note<T: Listable>(&mut self, object: &T) {
        let Some(key) = object.key() else {
            return;
        };
        let hash = fingerprint(object);
        match self.seen.insert(key.to_owned(), hash) {
            Some(before) if before == hash => {
                self.twice.get_or_insert_with(|| key.to_owned());
            }
            Some(_) => {
                self.clash.get_or_insert_with(|| key.to_owned());
            }
            None => {}
        }
    }
}

/// An object as sent, reduced to 64 bits: two that differ in any field
/// hash apart.
fn fingerprint<T: Listable>(object: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    serde_json::to_vec(object)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

impl SourceCraftRepo {
    /// Every object of a listing (milestones, labels) handed to `sink` as
    /// read, with [`list_of`](Self::list_of)'s checks; `sink` starts over
    /// whenever a reading must be made again.
    pub async fn list_into<T: Listable>(
        &self,
        sink: &mut (dyn Sink<T> + Send),
    ) -> Result<(), ApiError> {
        self.list_counted_into(&mut |_| {}, sink).await
    }

    /// [`list_into`](Self::list_into), `on_page` told the running count
    /// of each reading.
    pub async fn list_counted_into<T: Listable>(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<T> + Send),
    ) -> Result<(), ApiError> {
        let operation = format!("list {} of {}", T::WHAT, self.repo());
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            sink.restart();
            let mut slugs = Slugs::default();
            let pages = self
                .read_pages_into(&operation, &mut |count| on_page(count), &mut |object: T| {
                    slugs.note(&object);
                    sink.take(&object);
                })
                .await?;
            if let Some(key) = slugs.twice {
                rereads.changed(format!("{} {key:?} was listed twice", T::ONE));
                continue;
            }
            if let Some(key) = slugs.clash {
                return Err(ApiError::new(
                    super::PROVIDER,
                    operation,
                    Failure::Incomplete(format!(
                        "two different {what} carry the slug {key:?}; mileport tells {what} apart by slug and cannot read this repository safely",
                        what = T::WHAT
                    )),
                ));
            }
            if pages <= 1 {
                return Ok(());
            }
            let keys: BTreeSet<String> = slugs.seen.into_keys().collect();
            if rereads.complete(Pass::Unconfirmed((), keys)).is_some() {
                return Ok(());
            }
        }
        Err(rereads.exhausted(super::PROVIDER, operation, T::LISTED))
    }
}
