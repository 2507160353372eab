//! The GitHub adapter: reads every milestone of a repository (all states,
//! every page, following the `Link` header as GitHub gives it) and writes
//! single milestones, over the generated client and the shared transport.
//!
//! Every request carries `Authorization: Bearer`, `User-Agent: mileport/…`
//! (from the connection), `Accept: application/vnd.github+json` and
//! `X-GitHub-Api-Version`. A page link is followed only on the host of the
//! base URL, so the token never travels elsewhere. GitHub's primary budget
//! paces every request (`budget.rs`), and creates are held to GitHub's
//! secondary limits on content creation.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex, OnceLock},
};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{
    Request, Response,
    header::{ACCEPT, HeaderMap, HeaderValue},
};
use url::Url;

use super::{GitHub, budget::Budget, pages::Pages};
use crate::forge::{Reading, Sink};
use crate::net::{
    ClientOptions,
    access::WriteAccess,
    connection::{Connection, ConnectionError},
    error::{ApiError, Failure},
    pacer::{PaceSettings, Pacer},
    rereads::Listed,
    retry::{Idempotence, RetryPolicy},
    transport::Transport,
};
use crate::protocols::{
    rest::listing::{self, ByKey, Listable, Listing},
    streamed::{Check, Ending},
};
use crate::provider::{Provider, RepoRef, rate::RateLimits};
use crate::providers::github::client::{
    Client,
    types::{CreateMilestoneBody, Milestone, UpdateMilestoneBody},
};

/// GitHub's largest page.
pub const PAGE_SIZE: u64 = 100;

/// The API version every request asks for.
pub const API_VERSION: &str = "2022-11-28";

/// GitHub's secondary limits on content creation: at most 80 requests a
/// minute and 500 an hour.
pub const CREATE_LIMITS: &str = "80/min,500/h";

/// The provider's name in logs and waits.
pub(crate) const NAME: &str = "GitHub";

/// Adds the headers GitHub asks of every request.
pub(crate) fn add_api_headers(headers: &mut HeaderMap) {
    headers.insert(
        ACCEPT,
        HeaderValue::from_static("application/vnd.github+json"),
    );
    headers.insert(
        "x-github-api-version",
        HeaderValue::from_static(API_VERSION),
    );
}

impl ClientHooks<Transport> for Client {
    async fn exec(&self, mut request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        add_api_headers(request.headers_mut());
        self.inner().execute(NAME, self.client(), request).await
    }
}

/// The primary budget of a connection (provider, URL and token), shared by
/// everyone using it, as GitHub counts per token.
fn shared_budget(key: &str) -> Arc<Budget> {
    // Kept for the whole process: a run of several kinds connects anew for
    // each, and GitHub counts them all against one budget.
    static SHARED: OnceLock<Mutex<HashMap<String, Arc<Budget>>>> = OnceLock::new();
    let mut budgets = SHARED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    budgets
        .entry(key.to_owned())
        .or_insert_with(|| Arc::new(Budget::new()))
        .clone()
}

/// The transport of every GitHub client of `connection`: its pacer, and
/// the primary budget shared by every client of the same token.
pub(crate) fn transport(connection: &Connection, options: &ClientOptions) -> Transport {
    Transport::for_connection(connection, options)
        .with_gauge(shared_budget(&connection.pacing_key()))
}

/// One GitHub repository.
#[derive(Clone, Debug)]
pub struct GitHubRepo {
    pub(super) client: Client,
    repo: RepoRef,
    pub(super) retry: RetryPolicy,
    /// How errors name the provider: the connection's.
    pub(super) provider: Provider,
    base: Url,
    /// Creates only, held to GitHub's limits on content creation.
    creates: Arc<Pacer>,
}

impl GitHubRepo {
    pub fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GitHubRepo, ConnectionError> {
        let http = connection.http_client(options.timeout)?;
        let key = connection.pacing_key();
        let transport = transport(connection, options);
        let creates = Pacer::shared(
            &format!("{key}|creates"),
            PaceSettings {
                max_per_minute: None,
                windows: CREATE_LIMITS
                    .parse()
                    .unwrap_or_else(|_| RateLimits::default()),
                ..options.pace
            },
        );
        // Creates are held to GitHub's limits on content creation as they
        // leave, after any wait for the primary budget.
        let transport = transport.with_create_pacer(creates.clone());
        Ok(GitHubRepo {
            client: Client::new_with_client(&connection.base(), http, transport),
            repo: repo.clone(),
            retry: options.retry,
            provider: connection.provider,
            base: connection.base_url.clone(),
            creates,
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

    /// The pacing creates are held to: GitHub's content-creation limits.
    pub fn create_pace(&self) -> &PaceSettings {
        self.creates.settings()
    }

    fn error(&self, operation: &str, failure: Failure) -> ApiError {
        ApiError::new(self.provider, operation, failure)
    }

    /// Every milestone, open and closed, or an error: never a silent part
    /// (see [`list_of`](Self::list_of)).
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
    /// a silent part. Pages are read from the first (`per_page=100`, and
    /// `state=all` for milestones) on, following each answer's
    /// `rel="next"` link until there is none. A listing that changed while
    /// it was read (an object seen twice, pages that loop) is read again,
    /// up to `READS` times in all; the warnings say so. GitHub gives no
    /// total to check a reading against: one of several pages stands only
    /// once a second reading finds the same keys.
    pub async fn list_of<T: Listable>(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<T>, Vec<String>), ApiError> {
        listing::list_whole(self, on_page).await
    }

    fn first_page<T: Listable>(&self) -> Result<Url, String> {
        let mut url = Url::parse(&format!(
            "{}/repos/{}/{}/{}",
            self.base_url(),
            self.repo.owner,
            self.repo.name,
            T::WHAT
        ))
        .map_err(|e| e.to_string())?;
        url.query_pairs_mut()
            .extend_pairs(T::QUERY)
            .append_pair("per_page", &PAGE_SIZE.to_string());
        Ok(url)
    }

    /// How the listing's pages are fetched.
    fn pages(&self) -> Pages<'_> {
        Pages {
            client: &self.client,
            retry: self.retry,
            provider: self.provider,
            base: &self.base,
        }
    }

    pub async fn get(&self, number: i64) -> Result<Milestone, ApiError> {
        let operation = format!("get milestone {number} of {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .get_milestone()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .milestone_number(number)
                    .send()
            })
            .await
    }

    /// Creates a milestone, within GitHub's limits on content creation.
    /// Failures that may have stored it anyway are returned, not retried:
    /// the caller looks at the repository first.
    pub async fn create(&self, body: &CreateMilestoneBody) -> Result<Milestone, ApiError> {
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
    pub async fn update(
        &self,
        number: i64,
        body: &UpdateMilestoneBody,
    ) -> Result<Milestone, ApiError> {
        let operation = format!("update milestone {number} in {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .update_milestone()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .milestone_number(number)
                    .body(body.clone())
                    .send()
            })
            .await
    }

    /// Whether the token may write milestones here, as the repository's
    /// `permissions` and `archived` say.
    pub async fn write_access(&self) -> Result<WriteAccess, ApiError> {
        let operation = format!("read the permissions on {}", self.repo);
        let repo = self
            .retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .get_repository()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .send()
            })
            .await?;
        Ok(super::access::access_of(&repo))
    }

    pub async fn delete(&self, number: i64) -> Result<(), ApiError> {
        let operation = format!("delete milestone {number} of {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .delete_milestone()
                    .owner(&self.repo.owner)
                    .repo(&self.repo.name)
                    .milestone_number(number)
                    .send()
            })
            .await
    }
}

impl Listing for GitHubRepo {
    fn provider(&self) -> Provider {
        self.provider
    }

    fn repo(&self) -> &RepoRef {
        &self.repo
    }

    /// Pages from the first, each answer's `rel="next"` link followed (on
    /// the base URL's host only) until there is none.
    async fn read_once<T: Listable>(
        &self,
        operation: &str,
        on_page: &mut (dyn FnMut(usize) + Send),
        check: &mut Check<'_, T, ByKey>,
    ) -> Result<Ending, ApiError> {
        let mut url = self
            .first_page::<T>()
            .map_err(|e| self.error(operation, Failure::InvalidRequest(e)))?;
        let mut visited: HashSet<Url> = HashSet::new();
        loop {
            visited.insert(url.clone());
            let (items, next) = self.pages().get(&url, operation, T::WHAT).await?;
            for raw in items {
                if listing::take(check, raw, self.provider, operation)? {
                    return Ok(Ending::default());
                }
            }
            on_page(check.count());
            let Some(next) = next else {
                return Ok(Ending {
                    pages: visited.len(),
                    ..Ending::default()
                });
            };
            let next = self.pages().next(&next, operation)?;
            if visited.contains(&next) {
                return Ok(Ending {
                    changed: Some("the pages' links went round in a loop".into()),
                    ..Ending::default()
                });
            }
            url = next;
        }
    }
}

impl Reading for GitHub {
    type Repo = GitHubRepo;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GitHubRepo, ConnectionError> {
        GitHubRepo::connect(connection, repo, options)
    }

    fn repo(repo: &GitHubRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &GitHubRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &GitHubRepo) -> &str {
        repo.base_url()
    }

    async fn list(
        repo: &GitHubRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        repo.list(on_page).await
    }

    async fn list_again(repo: &GitHubRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_again().await
    }

    async fn list_checked_into(
        repo: &GitHubRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<Vec<String>, ApiError> {
        listing::list_checked_into(repo, on_page, sink).await
    }

    async fn list_into(
        repo: &GitHubRepo,
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<(), ApiError> {
        listing::list_into(repo, sink).await
    }

    async fn delete(repo: &GitHubRepo, id: &i64) -> Result<(), ApiError> {
        repo.delete(*id).await
    }

    fn create_pace(repo: &GitHubRepo) -> Option<PaceSettings> {
        Some(*repo.create_pace())
    }

    async fn write_access(repo: &GitHubRepo) -> Result<WriteAccess, ApiError> {
        repo.write_access().await
    }

    const REQUEST_ID_NAME: &'static str = "request id";
}

impl Listable for Milestone {
    const WHAT: &'static str = "milestones";
    const ONE: &'static str = "milestone";
    const QUERY: &'static [(&'static str, &'static str)] = &[("state", "all")];
    const LISTED: Listed = Listed::Milestones;
    type Key = String;

    fn key(&self) -> String {
        self.number.to_string()
    }
}
