//! A repository's listings in the family (milestones of every state,
//! labels), each item handed to a sink as its page is read and none held,
//! with the checks of `protocols::streamed`: pages are read until an empty
//! one or until the `total_page` / `total_count` headers say the end (a
//! short page is not the end: a server may cap `per_page`); a listing that
//! changed while it was read (an item seen twice, a total that moved, a
//! count that does not match, or, without the headers, a second reading
//! that disagrees) is read again, up to `READS` times in all. The closed
//! milestones some members' `state=all` leaves out are read apart and
//! added. A whole listing is the same reading kept whole.

use std::{collections::BTreeSet, future::Future};

use serde_json::Value;

use super::{
    Answer, StateAsked, V5, V5Repo, WireMilestone,
    adapter::invalid,
    paging::{ByKey, Kind, Labels, Milestones, header_number},
};
use crate::forge::Sink;
use crate::net::{decode, error::ApiError, retry::Idempotence};
use crate::protocols::streamed::{self, About, Check, Ending, Pager, Stood, Whole};

/// A listing's readings: its pages as `request` asks for them, `on_page`
/// told the running count.
struct Readings<'a, P: V5, F> {
    repo: &'a V5Repo<P>,
    request: F,
    on_page: &'a mut (dyn FnMut(usize) + Send),
}

impl<P: V5, K: Kind, F, Fut> Pager<K::Item, ByKey<K>> for Readings<'_, P, F>
where
    F: Fn(u64) -> Fut + Send + Sync,
    Fut: Future<Output = Answer<Vec<Value>, P>> + Send,
{
    async fn read(
        &mut self,
        operation: &str,
        check: &mut Check<'_, K::Item, ByKey<K>>,
    ) -> Result<Ending, ApiError> {
        let (mut total_count, mut total_pages): (Option<u64>, Option<u64>) = (None, None);
        let mut pages_read = 0;
        for page in 1_u64.. {
            let answer = self
                .repo
                .retry
                .send_response(Idempotence::Idempotent, P::PROVIDER, operation, || {
                    (self.request)(page)
                })
                .await?;
            let count = header_number(answer.headers(), "total_count");
            if let (Some(before), Some(now)) = (total_count, count)
                && before != now
            {
                let changed = format!("the total went from {before} to {now} while reading");
                return Ok(Ending {
                    changed: Some(changed),
                    ..Ending::default()
                });
            }
            total_count = total_count.or(count);
            total_pages = header_number(answer.headers(), "total_page").or(total_pages);
            let items = answer.into_inner();
            if items.is_empty() {
                break;
            }
            pages_read += 1;
            for raw in items {
                let item: K::Item =
                    decode::milestone(raw).map_err(|e| invalid::<P>(operation, e))?;
                if check.take(&item) {
                    return Ok(Ending::default());
                }
            }
            (self.on_page)(check.count());
            if total_pages.is_some_and(|pages| page >= pages)
                || (total_pages.is_none()
                    && total_count.is_some_and(|count| check.count() as u64 >= count))
            {
                break;
            }
        }
        // A page total counted the pages: the reading needs no second one.
        let pages = if total_pages.is_some() { 1 } else { pages_read };
        Ok(Ending {
            total: total_count,
            pages,
            changed: None,
        })
    }
}

/// The closed milestones a listing of every state left out, kept as the
/// listing of closed ones is read.
struct LeftOut<'a, M> {
    listed: &'a BTreeSet<String>,
    found: Vec<M>,
}

impl<M: WireMilestone> Sink<M> for LeftOut<'_, M> {
    fn restart(&mut self) {
        self.found.clear();
    }

    fn take(&mut self, milestone: &M) {
        if !self.listed.contains(&milestone.number().to_string()) {
            self.found.push(milestone.clone());
        }
    }
}

impl<P: V5> V5Repo<P> {
    /// Every item of a listing whose pages `request` asks for, each handed
    /// to `sink` as read, or an error: never a silent part.
    async fn list_of<K: Kind, F, Fut>(
        &self,
        request: F,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<K::Item> + Send),
    ) -> Result<Stood, ApiError>
    where
        F: Fn(u64) -> Fut + Send + Sync,
        Fut: Future<Output = Answer<Vec<Value>, P>> + Send,
    {
        let about = About {
            provider: P::PROVIDER,
            operation: format!("list {} of {}", K::WHAT, self.repo),
            what: K::WHAT,
            listed: K::LISTED,
        };
        let mut readings = Readings {
            repo: self,
            request,
            on_page,
        };
        streamed::read_into::<K::Item, ByKey<K>, _>(&mut readings, &about, sink).await
    }

    /// Every milestone listed with `state`, each handed to `sink` as read.
    async fn milestones_into(
        &self,
        state: StateAsked,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<P::Object> + Send),
    ) -> Result<Stood, ApiError> {
        self.list_of::<Milestones<P::Object>, _, _>(
            |page| P::milestone_page(&self.client, &self.repo, state, page),
            on_page,
            sink,
        )
        .await
    }

    /// Every milestone, open and closed, or an error: never a silent part.
    pub async fn list_all(
        &self,
        mut on_page: impl FnMut(usize) + Send,
    ) -> Result<Vec<P::Object>, ApiError> {
        let mut whole = Whole::default();
        self.list_all_into(&mut on_page, &mut whole).await?;
        Ok(whole.0)
    }

    /// [`list_all`](Self::list_all), each milestone handed to `sink` as
    /// it is read and none held.
    pub async fn list_all_into(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<P::Object> + Send),
    ) -> Result<(), ApiError> {
        self.milestones_into(StateAsked::All, on_page, sink)
            .await
            .map(drop)
    }

    /// Every label, or an error: never a silent part.
    pub async fn list_labels(
        &self,
        mut on_page: impl FnMut(usize) + Send,
    ) -> Result<Vec<P::Label>, ApiError> {
        let mut whole = Whole::default();
        self.list_labels_into(&mut on_page, &mut whole).await?;
        Ok(whole.0)
    }

    /// [`list_labels`](Self::list_labels), each label handed to `sink` as
    /// it is read and none held.
    pub async fn list_labels_into(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<P::Label> + Send),
    ) -> Result<(), ApiError> {
        self.list_of::<Labels<P::Label>, _, _>(
            |page| P::label_page(&self.client, &self.repo, page),
            on_page,
            sink,
        )
        .await
        .map(drop)
    }

    /// Every milestone handed to `sink` as read, with the closed ones
    /// `state=all` left out added (see
    /// [`complete_closed_into`](Self::complete_closed_into)); the warnings.
    pub async fn list_checked_into(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<P::Object> + Send),
    ) -> Result<Vec<String>, ApiError> {
        let stood = self.milestones_into(StateAsked::All, on_page, sink).await?;
        let warning = self.complete_closed_into(&stood.keys, sink).await?;
        Ok(warning.into_iter().collect())
    }

    /// [`list_checked_into`](Self::list_checked_into), kept whole.
    pub async fn list_checked(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<P::Object>, Vec<String>), ApiError> {
        let mut whole = Whole::default();
        let warnings = self.list_checked_into(on_page, &mut whole).await?;
        Ok((whole.0, warnings))
    }

    /// Checks the list's `state` filter with one page of `state=closed`
    /// and returns the warning to show, if any. An open milestone in it
    /// says the server ignores the filter, so closed milestones may be
    /// missing from what was listed (`listed`: their numbers). Closed
    /// milestones absent from `listed` say that `state=all` left them
    /// out: they are then read with `state=closed` and handed to `sink`.
    pub async fn complete_closed_into(
        &self,
        listed: &BTreeSet<String>,
        sink: &mut (dyn Sink<P::Object> + Send),
    ) -> Result<Option<String>, ApiError> {
        let operation = format!("list closed milestones of {}", self.repo);
        let page = self
            .send(Idempotence::Idempotent, &operation, || {
                P::milestone_page(&self.client, &self.repo, StateAsked::Closed, 1)
            })
            .await?;
        let (mut open, mut unlisted) = (0, 0);
        for raw in page {
            let milestone: P::Object =
                decode::milestone(raw).map_err(|e| invalid::<P>(&operation, e))?;
            if matches!(milestone.state(), Some("active" | "open")) {
                open += 1;
            }
            if !listed.contains(&milestone.number().to_string()) {
                unlisted += 1;
            }
        }
        if open > 0 {
            return Ok(Some(format!(
                "{} ignores the state filter (asked for closed milestones, it returned {open} open one(s)); closed milestones may be missing from what was read",
                self.repo
            )));
        }
        if unlisted == 0 {
            return Ok(None);
        }
        let mut left_out = LeftOut {
            listed,
            found: Vec::new(),
        };
        self.milestones_into(StateAsked::Closed, &mut |_| {}, &mut left_out)
            .await?;
        for milestone in &left_out.found {
            sink.take(milestone);
        }
        Ok(Some(format!(
            "{} left closed milestones out of its listing of all states; {} were read with state=closed and added",
            self.repo,
            left_out.found.len()
        )))
    }
}
