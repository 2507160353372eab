//! The family's repository client: every milestone of a repository (all
//! states, all pages, with the closed ones `state=all` may leave out),
//! single milestones and labels read and written, over a member's
//! generated client ([`V5`]'s calls). Its paging serves every listing of a
//! repository (`paging.rs`: milestones, labels).

use std::{collections::HashSet, fmt, future::Future};

use progenitor_client::ClientInfo;
use serde_json::Value;

use super::{
    Answer, LabelChange, LabelFields, StateAsked, V5, WireMilestone,
    paging::{Gathered, Kind, Labels, Milestones, header_number, tally},
};
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    decode,
    error::{ApiError, Failure},
    number::WholeNumber,
    rereads::{Pass, READS, Rereads},
    retry::{Idempotence, RetryPolicy},
    transport::Transport,
};
use crate::provider::RepoRef;

/// One repository of a v5 provider.
pub struct V5Repo<P: V5> {
    client: P::Client,
    repo: RepoRef,
    retry: RetryPolicy,
}

impl<P: V5> Clone for V5Repo<P> {
    fn clone(&self) -> Self {
        V5Repo {
            client: self.client.clone(),
            repo: self.repo.clone(),
            retry: self.retry,
        }
    }
}

impl<P: V5> fmt::Debug for V5Repo<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V5Repo")
            .field("client", &self.client)
            .field("repo", &self.repo)
            .field("retry", &self.retry)
            .finish()
    }
}

/// An answer that does not read as what was asked for.
fn invalid<P: V5>(operation: &str, message: String) -> ApiError {
    ApiError::new(
        P::PROVIDER,
        operation,
        Failure::InvalidResponse {
            status: Some(200),
            message,
        },
    )
}

impl<P: V5> V5Repo<P> {
    pub fn new(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<V5Repo<P>, ConnectionError> {
        Ok(V5Repo {
            client: P::client(connection, options)?,
            repo: repo.clone(),
            retry: options.retry,
        })
    }

    pub fn repo(&self) -> &RepoRef {
        &self.repo
    }

    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        self.client.baseurl()
    }

    pub fn transport(&self) -> &Transport {
        self.client.inner()
    }

    /// Sends one request, retried as `idempotence` allows.
    async fn send<T, Fut>(
        &self,
        idempotence: Idempotence,
        operation: &str,
        request: impl Fn() -> Fut,
    ) -> Result<T, ApiError>
    where
        Fut: Future<Output = Answer<T, P>>,
    {
        self.retry
            .send(idempotence, P::PROVIDER, operation, request)
            .await
    }

    /// Every milestone, open and closed, or an error: never a silent part
    /// (see [`list_of`](Self::list_of)).
    pub async fn list_all(&self, on_page: impl FnMut(usize)) -> Result<Vec<P::Object>, ApiError> {
        self.list_of::<Milestones<P::Object>, _>(
            |page| P::milestone_page(&self.client, &self.repo, StateAsked::All, page),
            on_page,
        )
        .await
    }

    /// Every label, or an error: never a silent part.
    pub async fn list_labels(&self, on_page: impl FnMut(usize)) -> Result<Vec<P::Label>, ApiError> {
        self.list_of::<Labels<P::Label>, _>(
            |page| P::label_page(&self.client, &self.repo, page),
            on_page,
        )
        .await
    }

    /// Every item of a listing whose pages `page` asks for, or an error:
    /// never a silent part. Pages are read until an empty one or until the
    /// `total_page` / `total_count` headers say the end (a short page is
    /// not the end: a server may cap `per_page`). A listing that changed
    /// while it was read (an item seen twice, a total that moved, a count
    /// that does not match, or, without the headers, a second reading that
    /// disagrees) is read again, up to `READS` times in all.
    async fn list_of<K: Kind, Fut>(
        &self,
        page: impl Fn(u64) -> Fut,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<K::Item>, ApiError>
    where
        Fut: Future<Output = Answer<Vec<Value>, P>>,
    {
        let operation = format!("list {} of {}", K::WHAT, self.repo);
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let pass = self
                .read_pages::<K, _>(&page, &operation, &mut on_page)
                .await?;
            if let Some(items) = rereads.complete(pass) {
                return Ok(items);
            }
        }
        Err(rereads.exhausted(P::PROVIDER, operation, K::LISTED))
    }

    /// One reading of the whole listing.
    async fn read_pages<K: Kind, Fut>(
        &self,
        request: &impl Fn(u64) -> Fut,
        operation: &str,
        on_page: &mut impl FnMut(usize),
    ) -> Result<Pass<Vec<K::Item>>, ApiError>
    where
        Fut: Future<Output = Answer<Vec<Value>, P>>,
    {
        let mut read = Gathered::<K>::default();
        let mut total_count: Option<u64> = None;
        let mut total_pages: Option<u64> = None;
        let mut pages_read = 0;
        for page in 1_u64.. {
            let answer = self
                .retry
                .send_response(Idempotence::Idempotent, P::PROVIDER, operation, || {
                    request(page)
                })
                .await?;
            let count = header_number(answer.headers(), "total_count");
            if let (Some(before), Some(now)) = (total_count, count)
                && before != now
            {
                return Ok(Pass::Changed(format!(
                    "the total went from {before} to {now} while reading"
                )));
            }
            total_count = total_count.or(count);
            total_pages = header_number(answer.headers(), "total_page").or(total_pages);
            let items = answer.into_inner();
            if items.is_empty() {
                break;
            }
            pages_read += 1;
            for raw in items {
                let item = decode::milestone(raw).map_err(|e| invalid::<P>(operation, e))?;
                if let Some(changed) = read.add(item) {
                    return Ok(Pass::Changed(changed));
                }
            }
            on_page(read.items.len());
            if total_pages.is_some_and(|pages| page >= pages)
                || (total_pages.is_none()
                    && total_count.is_some_and(|count| read.items.len() as u64 >= count))
            {
                break;
            }
        }
        let pass = tally::<K>(read.items, total_count, total_pages.is_some(), pages_read);
        match read.clash {
            Some(clash) if !matches!(pass, Pass::Changed(_)) => Err(ApiError::new(
                P::PROVIDER,
                operation,
                Failure::Incomplete(clash),
            )),
            _ => Ok(pass),
        }
    }

    /// Checks the list's `state` filter with one page of `state=closed`
    /// and returns the warning to show, if any. An open milestone in it
    /// says the server ignores the filter, so closed milestones may be
    /// missing from `listed`. Closed milestones absent from `listed` say
    /// that `state=all` left them out: they are then read with
    /// `state=closed` and added.
    pub async fn complete_closed(
        &self,
        listed: &mut Vec<P::Object>,
    ) -> Result<Option<String>, ApiError> {
        let operation = format!("list closed milestones of {}", self.repo);
        let page = self
            .send(Idempotence::Idempotent, &operation, || {
                P::milestone_page(&self.client, &self.repo, StateAsked::Closed, 1)
            })
            .await?;
        let numbers: HashSet<&WholeNumber> = listed.iter().map(|m| m.number()).collect();
        let mut open = 0;
        let mut unlisted = 0;
        for raw in page {
            let milestone: P::Object =
                decode::milestone(raw).map_err(|e| invalid::<P>(&operation, e))?;
            if matches!(milestone.state(), Some("active" | "open")) {
                open += 1;
            }
            if !numbers.contains(milestone.number()) {
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
        let closed = self
            .list_of::<Milestones<P::Object>, _>(
                |page| P::milestone_page(&self.client, &self.repo, StateAsked::Closed, page),
                |_| {},
            )
            .await?;
        let numbers: HashSet<WholeNumber> = listed.iter().map(|m| m.number().clone()).collect();
        let before = listed.len();
        listed.extend(closed.into_iter().filter(|m| !numbers.contains(m.number())));
        Ok(Some(format!(
            "{} left closed milestones out of its listing of all states; {} were read with state=closed and added",
            self.repo,
            listed.len() - before
        )))
    }

    pub async fn get(&self, number: &WholeNumber) -> Result<P::Object, ApiError> {
        let operation = format!("get milestone {number} of {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, || {
            P::get_milestone(&self.client, &self.repo, number)
        })
        .await
    }

    /// Creates a milestone. Failures that may have stored it anyway are
    /// returned, not retried: the caller checks the repository first.
    pub async fn create(&self, body: &P::CreateMilestone) -> Result<P::Object, ApiError> {
        let operation = format!(
            "create milestone {:?} in {}",
            P::create_title(body),
            self.repo
        );
        self.send(Idempotence::NotIdempotent, &operation, || {
            P::create_milestone(&self.client, &self.repo, body)
        })
        .await
    }

    pub async fn update(
        &self,
        number: &WholeNumber,
        body: &P::UpdateMilestone,
    ) -> Result<P::Object, ApiError> {
        let operation = format!(
            "update milestone {number} ({:?}) in {}",
            P::update_title(body),
            self.repo
        );
        self.send(Idempotence::Idempotent, &operation, || {
            P::update_milestone(&self.client, &self.repo, number, body)
        })
        .await
    }

    pub async fn delete(&self, number: &WholeNumber) -> Result<(), ApiError> {
        let operation = format!("delete milestone {number} of {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, || {
            P::delete_milestone(&self.client, &self.repo, number)
        })
        .await
    }

    /// Creates a label. Failures that may have stored it anyway are
    /// returned, not retried.
    pub async fn create_label(&self, fields: &LabelFields) -> Result<P::Label, ApiError> {
        let operation = format!("create label {:?} in {}", fields.name, self.repo);
        self.send(Idempotence::NotIdempotent, &operation, || {
            P::create_label(&self.client, &self.repo, fields)
        })
        .await
    }

    /// Sends the fields `change` holds to the label called `name`.
    pub async fn update_label(
        &self,
        name: &str,
        change: &LabelChange,
    ) -> Result<P::Label, ApiError> {
        let operation = format!("update label {name:?} in {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, || {
            P::update_label(&self.client, &self.repo, name, change)
        })
        .await
    }

    pub async fn delete_label(&self, name: &str) -> Result<(), ApiError> {
        let operation = format!("delete label {name:?} of {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, || {
            P::delete_label(&self.client, &self.repo, name)
        })
        .await
    }
}
