//! The Gitea adapter: reads every milestone of a repository (all states,
//! every page, checked against `X-Total-Count`) and writes single
//! milestones by id, over the generated client and the shared transport.
//! Its paging serves every listing of a repository ([`Listable`]:
//! milestones, labels).
//!
//! The server caps `limit` at its `max_response_items` (50 by default):
//! it is read from `GET /settings/api` once per connection, 50 when that
//! cannot be read. A short page is never taken for the end: pages are read
//! until the count the server gave is reached, and a reading that does not
//! add up is read again, then fails, never kept in part. Gitea publishes no
//! rate limits and sends no rate headers; the shared pacer adapts to its
//! (or its proxy's) 429s.

use std::{
    collections::HashMap,
    sync::{Mutex, OnceLock},
};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{Request, Response};
use serde_json::Value;

use super::{
    Gitea,
    pages::{self, Page, Pages},
};
use crate::forge::{Reading, Sink};
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    decode,
    error::ApiError,
    rereads::Listed,
    retry::{Idempotence, RetryPolicy},
    transport::Transport,
};
use crate::protocols::{
    rest::listing::{self, ByKey, Listable, Listing},
    streamed::{Check, Ending},
};
use crate::provider::{Provider, RepoRef};
use crate::providers::gitea::client::{
    Client,
    types::{CreateMilestoneOption, EditMilestoneOption, Milestone},
};

/// The page size Gitea caps `limit` at unless its settings say otherwise.
pub const DEFAULT_MAX_ITEMS: u64 = 50;

impl ClientHooks<Transport> for Client {
    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        self.inner()
            .execute(super::PROVIDER.name(), self.client(), request)
            .await
    }
}

/// Unknown fields are kept, to be written back as they came.
impl decode::Extra for Milestone {
    fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
        &mut self.extra
    }
}

impl Listable for Milestone {
    const WHAT: &'static str = "milestones";
    const ONE: &'static str = "milestone";
    const QUERY: &'static [(&'static str, &'static str)] = &[("state", "all")];
    const LISTED: Listed = Listed::Milestones;
    type Key = i64;

    fn key(&self) -> i64 {
        self.id
    }
}

/// The page size of each connection (provider, URL and token), read once.
fn known_page_size(key: &str) -> Option<u64> {
    page_sizes()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(key)
        .copied()
}

fn page_sizes() -> &'static Mutex<HashMap<String, u64>> {
    static SIZES: OnceLock<Mutex<HashMap<String, u64>>> = OnceLock::new();
    SIZES.get_or_init(Default::default)
}

/// One Gitea repository.
#[derive(Clone, Debug)]
pub struct GiteaRepo {
    pub(super) client: Client,
    repo: RepoRef,
    pub(super) retry: RetryPolicy,
    /// How errors name the provider: the connection's.
    pub(super) provider: Provider,
    /// Whose page size this is: the connection's pacing key.
    key: String,
}

impl GiteaRepo {
    pub fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GiteaRepo, ConnectionError> {
        Ok(GiteaRepo {
            client: client(connection, options)?,
            repo: repo.clone(),
            retry: options.retry,
            provider: connection.provider,
            key: connection.pacing_key(),
        })
    }

    pub fn repo(&self) -> &RepoRef {
        &self.repo
    }

    /// How errors name the provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        self.client.baseurl()
    }

    pub fn transport(&self) -> &Transport {
        self.client.inner()
    }

    fn pages(&self) -> Pages<'_> {
        pages::pages(&self.client, self.retry, self.provider)
    }

    /// The most items a page holds here (see [`page_size`]).
    pub async fn page_size(&self) -> u64 {
        page_size(&self.client, self.retry, &self.key).await
    }

    /// Every milestone, open and closed, or an error: never a silent part.
    pub async fn list(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        self.list_of(on_page).await
    }

    /// Every milestone again, to look for a create whose answer was lost.
    pub async fn list_again(&self) -> Result<Vec<Milestone>, ApiError> {
        listing::list_again(self).await
    }

    /// Every object of a listing (milestones, labels), or an error: never
    /// a silent part. A reading that does not add up (an object seen
    /// twice, a total that moved, fewer objects than the total) is read
    /// again, up to `READS` times in all; the warnings say so.
    pub async fn list_of<T: Listable>(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<T>, Vec<String>), ApiError> {
        listing::list_whole(self, on_page).await
    }

    pub async fn get(&self, id: i64) -> Result<Milestone, ApiError> {
        let operation = format!("get milestone {id} of {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .get_milestone()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .id(id)
                    .send()
            })
            .await
    }

    /// Creates a milestone. Failures that may have stored it anyway are
    /// returned, not retried: the caller looks at the repository first.
    pub async fn create(&self, body: &CreateMilestoneOption) -> Result<Milestone, ApiError> {
        let operation = format!("create milestone {:?} in {}", body.title, self.repo);
        self.retry
            .send(
                Idempotence::NotIdempotent,
                self.provider,
                &operation,
                || {
                    self.client
                        .create_milestone()
                        .owner(&self.repo.owner)
                        .repo(&self.repo.name)
                        .body(body.clone())
                        .send()
                },
            )
            .await
    }

    /// Sends the fields the body names; the answer is the milestone after.
    pub async fn update(&self, id: i64, body: &EditMilestoneOption) -> Result<Milestone, ApiError> {
        let operation = format!("update milestone {id} in {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .update_milestone()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .id(id)
                    .body(body.clone())
                    .send()
            })
            .await
    }

    pub async fn delete(&self, id: i64) -> Result<(), ApiError> {
        let operation = format!("delete milestone {id} of {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .delete_milestone()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .id(id)
                    .send()
            })
            .await
    }
}

/// The generated client of `connection`, over its transport and pacer.
pub(super) fn client(
    connection: &Connection,
    options: &ClientOptions,
) -> Result<Client, ConnectionError> {
    let http = connection.http_client(options.timeout)?;
    let transport = Transport::for_connection(connection, options);
    Ok(Client::new_with_client(&connection.base(), http, transport))
}

/// The most items a page holds on the instance behind `client`: its
/// `max_response_items`, read from `GET /settings/api` once per connection
/// (`key`); [`DEFAULT_MAX_ITEMS`] when that cannot be read.
pub(super) async fn page_size(client: &Client, retry: RetryPolicy, key: &str) -> u64 {
    if let Some(size) = known_page_size(key) {
        return size;
    }
    let asked = retry
        .send(
            Idempotence::Idempotent,
            super::PROVIDER,
            "read the API settings",
            || client.get_api_settings().send(),
        )
        .await;
    let size = match asked {
        Ok(settings) => settings
            .max_response_items
            .and_then(|n| u64::try_from(n).ok())
            .filter(|n| *n > 0)
            .unwrap_or(DEFAULT_MAX_ITEMS),
        Err(_) => DEFAULT_MAX_ITEMS,
    };
    page_sizes()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(key.to_owned(), size);
    size
}

/// What a reading's pages hand over: each item as sent.
pub(super) type Each<'a> = &'a mut (dyn FnMut(Value) -> Result<(), ApiError> + Send);

/// One reading of the listing at `path`: pages from the first until the
/// server's count is reached or a page is empty (a short page is not the
/// end: the server may cap `limit` below what was asked), each item handed
/// to `each` as its page is read.
pub(super) async fn read_pages(
    pages: Pages<'_>,
    path: &str,
    query: &[(&str, &str)],
    limit: u64,
    operation: &str,
    on_page: &mut (dyn FnMut(usize) + Send),
    each: Each<'_>,
) -> Result<Ending, ApiError> {
    let mut reading = Ending::default();
    let mut count = 0_usize;
    for page in 1_u64.. {
        let url = pages.url(path, query, page, limit, operation)?;
        let Page { items, total } = pages::get(&pages, &url, operation, "items").await?;
        if let (Some(before), Some(now)) = (reading.total, total)
            && before != now
        {
            reading.changed = Some(format!(
                "the total went from {before} to {now} while reading"
            ));
            return Ok(reading);
        }
        reading.total = reading.total.or(total);
        if items.is_empty() {
            break;
        }
        reading.pages += 1;
        count += items.len();
        for raw in items {
            each(raw)?;
        }
        on_page(count);
        if reading.total.is_some_and(|total| count as u64 >= total) {
            break;
        }
    }
    Ok(reading)
}

impl Listing for GiteaRepo {
    fn provider(&self) -> Provider {
        self.provider
    }

    fn repo(&self) -> &RepoRef {
        &self.repo
    }

    /// Pages of `limit` items from the first until the count is reached.
    async fn read_once<T: Listable>(
        &self,
        operation: &str,
        on_page: &mut (dyn FnMut(usize) + Send),
        check: &mut Check<'_, T, ByKey>,
    ) -> Result<Ending, ApiError> {
        let limit = self.page_size().await;
        let path = format!("/repos/{}/{}/{}", self.repo.owner, self.repo.name, T::WHAT);
        let provider = self.provider;
        let mut each = |raw| listing::take(check, raw, provider, operation).map(drop);
        read_pages(
            self.pages(),
            &path,
            T::QUERY,
            limit,
            operation,
            on_page,
            &mut each,
        )
        .await
    }
}

impl Reading for Gitea {
    type Repo = GiteaRepo;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GiteaRepo, ConnectionError> {
        GiteaRepo::connect(connection, repo, options)
    }

    fn repo(repo: &GiteaRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &GiteaRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &GiteaRepo) -> &str {
        repo.base_url()
    }

    async fn list(
        repo: &GiteaRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        repo.list(on_page).await
    }

    async fn list_again(repo: &GiteaRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_again().await
    }

    async fn list_checked_into(
        repo: &GiteaRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<Vec<String>, ApiError> {
        listing::list_checked_into(repo, on_page, sink).await
    }

    async fn list_into(
        repo: &GiteaRepo,
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<(), ApiError> {
        listing::list_into(repo, sink).await
    }

    async fn delete(repo: &GiteaRepo, id: &i64) -> Result<(), ApiError> {
        repo.delete(*id).await
    }

    const REQUEST_ID_NAME: &'static str = "request id";
}

#[cfg(test)]
mod tests {
    use crate::net::rereads::{Pass, tally};

    fn pass(objects: Vec<i64>, total: Option<u64>, pages: usize) -> Pass<Vec<i64>> {
        tally(objects, total, pages, "milestones", |id| *id)
    }

    #[test]
    fn a_reading_short_of_the_total_is_read_again_and_an_uncounted_one_waits_for_agreement() {
        match pass(vec![1, 2], Some(3), 1) {
            Pass::Changed(why) => assert_eq!(why, "read 2 milestones where the server counts 3"),
            _ => panic!("a short reading was kept"),
        }
        assert!(matches!(pass(vec![1, 2, 3], Some(3), 2), Pass::Complete(_)));
        match pass(vec![1, 2], None, 2) {
            Pass::Unconfirmed(_, keys) => {
                assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["1", "2"])
            }
            _ => panic!("two uncounted pages were taken at once"),
        }
        assert!(matches!(pass(vec![1], None, 1), Pass::Complete(_)));
    }
}
