//! The SourceCraft adapter: reads every milestone (or label: see
//! [`Listable`]) of a repository (all pages, by page token) and writes
//! single milestones by slug, over the generated client. Writes are sent
//! with `silent=true`: a migration should not notify every subscriber of
//! every milestone.

use std::{
    collections::{HashMap, HashSet},
    future::Future,
};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use reqwest::{Request, Response};
use serde::de::DeserializeOwned;

use super::SourceCraft;
use crate::forge::{Reading, Sink};
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    decode,
    error::{ApiError, ErrorBody, Failure},
    rereads::{Listed, Pass, READS, Rereads},
    retry::{Idempotence, RetryPolicy},
    transport::Transport,
};
use crate::provider::RepoRef;
use crate::providers::sourcecraft::client::{
    Client,
    types::{ApiErrorResponse, CreateMilestoneBody, Milestone, UpdateMilestoneBody},
};

/// The page size asked for when listing.
pub const PAGE_SIZE: usize = 100;

/// A key (slug, else id) that a listing holds more than once.
enum Repeat {
    /// The same object twice: it shifted between pages.
    Same(String),
    /// Two different objects under one key.
    Different(String),
}

/// One page of a listing: its objects as sent, and the next page's token.
pub type Page = (Vec<serde_json::Value>, Option<String>);

/// What a listing holds (milestones, labels): how one page of it is asked
/// for, and how its objects are told apart. Every listing pages by token
/// and keeps the same guarantees (see [`SourceCraftRepo::list_of`]).
pub trait Listable:
    DeserializeOwned + serde::Serialize + decode::Extra + PartialEq + Send + Sync
{
    /// What the listing holds, and one of them (`milestones`, `milestone`).
    const WHAT: &'static str;
    const ONE: &'static str;
    const LISTED: Listed;

    /// What tells an object apart in a listing: its slug, else its id.
    fn key(&self) -> Option<&str>;

    /// One page of `repo`'s listing, from `token` on (the first without).
    fn page<'a>(
        client: &'a Client,
        repo: &'a RepoRef,
        token: Option<String>,
    ) -> impl Future<
        Output = Result<ResponseValue<Page>, progenitor_client::Error<ApiErrorResponse>>,
    > + Send
    + 'a;
}

impl Listable for Milestone {
    const WHAT: &'static str = "milestones";
    const ONE: &'static str = "milestone";
    const LISTED: Listed = Listed::Milestones;

    fn key(&self) -> Option<&str> {
        self.slug.as_deref().or(self.id.as_deref())
    }

    fn page<'a>(
        client: &'a Client,
        repo: &'a RepoRef,
        token: Option<String>,
    ) -> impl Future<
        Output = Result<ResponseValue<Page>, progenitor_client::Error<ApiErrorResponse>>,
    > + Send
    + 'a {
        let mut request = client
            .list_milestones()
            .org_slug(&repo.owner)
            .repo_slug(&repo.name)
            .page_size(PAGE_SIZE as u64);
        if let Some(token) = token {
            request = request.page_token(token);
        }
        async move {
            let page = request.send().await?;
            page.map(|page| (page.items, page.next_page_token))
        }
    }
}

fn repeated<T: Listable>(objects: &[T]) -> Option<Repeat> {
    let mut seen: HashMap<&str, &T> = HashMap::new();
    let mut different = None;
    for object in objects {
        let Some(key) = object.key() else {
            continue;
        };
        match seen.insert(key, object) {
            Some(before) if before == object => return Some(Repeat::Same(key.to_owned())),
            Some(_) => {
                different.get_or_insert_with(|| Repeat::Different(key.to_owned()));
            }
            None => {}
        }
    }
    different
}

/// The generated client of `connection`: the same transport, and so the
/// same pacer, as every other client of it.
pub(super) fn client(
    connection: &Connection,
    options: &ClientOptions,
) -> Result<Client, ConnectionError> {
    let http = connection.http_client(options.timeout)?;
    let transport = Transport::for_connection(connection, options);
    Ok(Client::new_with_client(&connection.base(), http, transport))
}

impl ErrorBody for ApiErrorResponse {
    fn message(&self) -> Option<String> {
        self.message.clone().or_else(|| self.error_code.clone())
    }

    fn request_id(&self) -> Option<String> {
        self.request_id.clone()
    }
}

/// One SourceCraft repository.
#[derive(Clone, Debug)]
pub struct SourceCraftRepo {
    pub(super) client: Client,
    repo: RepoRef,
    pub(super) retry: RetryPolicy,
}

impl SourceCraftRepo {
    pub fn new(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<SourceCraftRepo, ConnectionError> {
        Ok(SourceCraftRepo {
            client: client(connection, options)?,
            repo: repo.clone(),
            retry: options.retry,
        })
    }

    /// Sends one request about this repository, built afresh by `request`
    /// for each try and retried as far as `idempotence` allows; `operation`
    /// names it in errors.
    pub(super) async fn send<'a, T, F, Fut>(
        &'a self,
        idempotence: Idempotence,
        operation: &str,
        request: F,
    ) -> Result<T, ApiError>
    where
        F: Fn(&'a Client, &'a RepoRef) -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<ApiErrorResponse>>>,
    {
        let (client, repo) = (&self.client, &self.repo);
        self.retry
            .send(idempotence, super::PROVIDER, operation, || {
                request(client, repo)
            })
            .await
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

    /// Every milestone, or an error: never a silent part (see
    /// [`list_of`](Self::list_of)).
    pub async fn list_all(
        &self,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<Milestone>, ApiError> {
        self.list_of(&mut on_page).await
    }

    /// Every object of a listing (milestones, labels), page by page until
    /// no `next_page_token` is given, or an error: never a silent part. A
    /// listing in which one object shows up twice changed while it was
    /// read and is read again, up to `READS` times in all; two different
    /// objects with one slug are an error naming it. SourceCraft gives no
    /// total to check a reading against: one of several pages stands only
    /// once a second reading finds the same slugs.
    pub async fn list_of<T: Listable>(
        &self,
        on_page: &mut impl FnMut(usize),
    ) -> Result<Vec<T>, ApiError> {
        let operation = format!("list {} of {}", T::WHAT, self.repo);
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let (objects, pages) = self.read_pages::<T>(&operation, on_page).await?;
            match repeated(&objects) {
                None if pages <= 1 => return Ok(objects),
                None => {
                    let keys = objects
                        .iter()
                        .filter_map(T::key)
                        .map(str::to_owned)
                        .collect();
                    if let Some(objects) = rereads.complete(Pass::Unconfirmed(objects, keys)) {
                        return Ok(objects);
                    }
                }
                Some(Repeat::Same(key)) => {
                    rereads.changed(format!("{} {key:?} was listed twice", T::ONE));
                }
                Some(Repeat::Different(key)) => {
                    return Err(ApiError::new(
                        super::PROVIDER,
                        operation,
                        Failure::Incomplete(format!(
                            "two different {what} carry the slug {key:?}; mileport tells {what} apart by slug and cannot read this repository safely",
                            what = T::WHAT
                        )),
                    ));
                }
            }
        }
        Err(rereads.exhausted(super::PROVIDER, operation, T::LISTED))
    }

    /// One reading of the whole listing, and how many pages it took.
    async fn read_pages<T: Listable>(
        &self,
        operation: &str,
        on_page: &mut impl FnMut(usize),
    ) -> Result<(Vec<T>, usize), ApiError> {
        let mut objects = Vec::new();
        let pages = self
            .read_pages_into(operation, on_page, &mut |object| objects.push(object))
            .await?;
        Ok((objects, pages))
    }

    /// One reading of the whole listing, each object handed to `each` as
    /// its page is read (`on_page` gets the running count); how many pages
    /// it took.
    pub(super) async fn read_pages_into<T: Listable>(
        &self,
        operation: &str,
        on_page: &mut impl FnMut(usize),
        each: &mut impl FnMut(T),
    ) -> Result<usize, ApiError> {
        let (mut pages, mut count) = (0, 0);
        let mut tokens_seen = HashSet::new();
        let mut page_token: Option<String> = None;
        loop {
            let (items, next_page_token) = self
                .retry
                .send(Idempotence::Idempotent, super::PROVIDER, operation, || {
                    T::page(&self.client, &self.repo, page_token.clone())
                })
                .await?;
            for raw in items {
                let object: T = decode::milestone(raw).map_err(|message| {
                    ApiError::new(
                        super::PROVIDER,
                        operation,
                        Failure::InvalidResponse {
                            status: Some(200),
                            message,
                        },
                    )
                })?;
                each(object);
                count += 1;
            }
            pages += 1;
            on_page(count);
            match next_page_token.filter(|t| !t.is_empty()) {
                None => break,
                Some(token) if !tokens_seen.insert(token.clone()) => {
                    return Err(ApiError::new(
                        super::PROVIDER,
                        operation,
                        Failure::InvalidResponse {
                            status: Some(200),
                            message: format!(
                                "page token {token:?} came back twice; the listing would never end"
                            ),
                        },
                    ));
                }
                Some(token) => page_token = Some(token),
            }
        }
        Ok(pages)
    }

    pub async fn get(&self, slug: &str) -> Result<Milestone, ApiError> {
        let operation = format!("get milestone {slug:?} of {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, |client, repo| {
            client
                .get_milestone()
                .org_slug(&repo.owner)
                .repo_slug(&repo.name)
                .milestone_slug(slug)
                .send()
        })
        .await
    }

    /// Creates a milestone. Failures that may have stored it anyway are
    /// returned, not retried: the caller checks the repository first.
    pub async fn create(&self, body: &CreateMilestoneBody) -> Result<Milestone, ApiError> {
        let operation = format!(
            "create milestone {:?} ({}) in {}",
            body.name,
            body.slug.as_deref().unwrap_or("slug chosen by the server"),
            self.repo
        );
        self.send(Idempotence::NotIdempotent, &operation, |client, repo| {
            client
                .create_milestone()
                .org_slug(&repo.owner)
                .repo_slug(&repo.name)
                .silent(true)
                .body(body.clone())
                .send()
        })
        .await
    }

    pub async fn update(
        &self,
        slug: &str,
        body: &UpdateMilestoneBody,
    ) -> Result<Milestone, ApiError> {
        let operation = format!("update milestone {slug:?} in {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, |client, repo| {
            client
                .update_milestone()
                .org_slug(&repo.owner)
                .repo_slug(&repo.name)
                .milestone_slug(slug)
                .silent(true)
                .body(body.clone())
                .send()
        })
        .await
    }

    pub async fn delete(&self, slug: &str) -> Result<(), ApiError> {
        let operation = format!("delete milestone {slug:?} of {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, |client, repo| {
            client
                .delete_milestone()
                .org_slug(&repo.owner)
                .repo_slug(&repo.name)
                .milestone_slug(slug)
                .silent(true)
                .send()
        })
        .await
    }
}

impl Reading for SourceCraft {
    type Repo = SourceCraftRepo;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<SourceCraftRepo, ConnectionError> {
        SourceCraftRepo::new(connection, repo, options)
    }

    fn repo(repo: &SourceCraftRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &SourceCraftRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &SourceCraftRepo) -> &str {
        repo.base_url()
    }

    /// Every milestone; SourceCraft's listing gives no warnings.
    async fn list(
        repo: &SourceCraftRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        Ok((repo.list_all(on_page).await?, Vec::new()))
    }

    async fn list_again(repo: &SourceCraftRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_all(|_| {}).await
    }

    async fn list_checked_into(
        repo: &SourceCraftRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<Vec<String>, ApiError> {
        repo.list_counted_into(on_page, sink).await?;
        Ok(Vec::new())
    }

    async fn list_into(
        repo: &SourceCraftRepo,
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<(), ApiError> {
        repo.list_into(sink).await
    }

    async fn delete(repo: &SourceCraftRepo, id: &String) -> Result<(), ApiError> {
        repo.delete(id).await
    }

    const REQUEST_ID_NAME: &'static str = "request id";
}

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
