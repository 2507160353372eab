//! A SourceCraft listing read into a [`Sink`], each object handed over as
//! its page is read and none held, with the checks of
//! `protocols::streamed`: an object listed twice means the listing shifted
//! and is read again; two different objects under one slug are an error;
//! a reading of several pages stands once a second one finds the same
//! slugs (SourceCraft gives no total). Only each object's slug and a hash
//! of it are kept to tell these apart.

use super::adapter::{Listable, SourceCraftRepo};
use crate::forge::Sink;
use crate::net::error::ApiError;
use crate::protocols::streamed::{self, About, Check, Ending, Pager, Rules, fingerprint};

/// How SourceCraft's listed objects are told apart: by slug (else id),
/// and a hash of each as sent.
pub struct BySlug;

impl<T: Listable> Rules<T> for BySlug {
    type Mark = u64;

    fn key(object: &T) -> Option<String> {
        object.key().map(str::to_owned)
    }

    fn mark(object: &T) -> u64 {
        fingerprint(object)
    }

    fn twice(key: &str) -> String {
        format!("{} {key:?} was listed twice", T::ONE)
    }

    fn clash(key: &str, _: &u64, _: &T) -> String {
        format!(
            "two different {what} carry the slug {key:?}; mileport tells {what} apart by slug and cannot read this repository safely",
            what = T::WHAT
        )
    }
}

/// A repository's readings, `on_page` told the running count.
struct Readings<'a> {
    repo: &'a SourceCraftRepo,
    on_page: &'a mut (dyn FnMut(usize) + Send),
}

impl<T: Listable> Pager<T, BySlug> for Readings<'_> {
    async fn read(
        &mut self,
        operation: &str,
        check: &mut Check<'_, T, BySlug>,
    ) -> Result<Ending, ApiError> {
        let on_page = &mut *self.on_page;
        let pages = self
            .repo
            .read_pages_into(operation, &mut |count| on_page(count), &mut |object: T| {
                check.take(&object);
            })
            .await?;
        Ok(Ending {
            pages,
            ..Ending::default()
        })
    }
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
        let about = About {
            provider: super::PROVIDER,
            operation: format!("list {} of {}", T::WHAT, self.repo()),
            what: T::WHAT,
            listed: T::LISTED,
        };
        let mut readings = Readings {
            repo: self,
            on_page,
        };
        streamed::read_into::<T, BySlug, _>(&mut readings, &about, sink)
            .await
            .map(drop)
    }
}
