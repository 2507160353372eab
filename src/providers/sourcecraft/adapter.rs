//! The SourceCraft adapter: reads every milestone of a repository (all
//! pages, by page token) and writes single milestones by slug, over the
//! generated client. Writes are sent with `silent=true`: a migration should
//! not notify every subscriber of every milestone.

use std::collections::{HashMap, HashSet};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{Request, Response};

use super::SourceCraft;
use crate::providers::{
    ClientOptions, Provider, RepoRef,
    connection::{Connection, ConnectionError},
    decode,
    error::{ApiError, ErrorBody, Failure},
    forge::Reading,
    generated::sourcecraft::{
        Client,
        types::{ApiErrorResponse, CreateMilestoneBody, Milestone, UpdateMilestoneBody},
    },
    rereads::{Listed, Pass, READS, Rereads},
    retry::{Idempotence, RetryPolicy},
    transport::Transport,
};

/// The page size asked for when listing.
pub const PAGE_SIZE: usize = 100;

/// A key (slug, else id) that a listing holds more than once.
enum Repeat {
    /// The same milestone twice: it shifted between pages.
    Same(String),
    /// Two different milestones under one key.
    Different(String),
}

/// What tells a milestone apart in a listing: its slug, else its id.
fn key(milestone: &Milestone) -> Option<&str> {
    milestone.slug.as_deref().or(milestone.id.as_deref())
}

fn repeated(milestones: &[Milestone]) -> Option<Repeat> {
    let mut seen: HashMap<&str, &Milestone> = HashMap::new();
    let mut different = None;
    for milestone in milestones {
        let Some(key) = key(milestone) else {
            continue;
        };
        match seen.insert(key, milestone) {
            Some(before) if before == milestone => return Some(Repeat::Same(key.to_owned())),
            Some(_) => {
                different.get_or_insert_with(|| Repeat::Different(key.to_owned()));
            }
            None => {}
        }
    }
    different
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
    client: Client,
    repo: RepoRef,
    retry: RetryPolicy,
}

impl SourceCraftRepo {
    pub fn new(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<SourceCraftRepo, ConnectionError> {
        let http = connection.http_client(options.timeout)?;
        let transport = Transport::for_connection(connection, options);
        Ok(SourceCraftRepo {
            client: Client::new_with_client(&connection.base(), http, transport),
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

    /// Every milestone, page by page until no `next_page_token` is given,
    /// or an error: never a silent part. A listing in which one milestone
    /// shows up twice changed while it was read and is read again, up to
    /// `READS` times in all; two different milestones with one slug are an
    /// error naming it. SourceCraft gives no total to check a reading
    /// against: one of several pages stands only once a second reading
    /// finds the same slugs.
    pub async fn list_all(
        &self,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<Milestone>, ApiError> {
        let operation = format!("list milestones of {}", self.repo);
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let (milestones, pages) = self.read_pages(&operation, &mut on_page).await?;
            match repeated(&milestones) {
                None if pages <= 1 => return Ok(milestones),
                None => {
                    let keys = milestones
                        .iter()
                        .filter_map(key)
                        .map(str::to_owned)
                        .collect();
                    if let Some(milestones) = rereads.complete(Pass::Unconfirmed(milestones, keys))
                    {
                        return Ok(milestones);
                    }
                }
                Some(Repeat::Same(key)) => {
                    rereads.changed(format!("milestone {key:?} was listed twice"));
                }
                Some(Repeat::Different(key)) => {
                    return Err(ApiError::new(
                        Provider::SourceCraft,
                        operation,
                        Failure::Incomplete(format!(
                            "two different milestones carry the slug {key:?}; mileport tells milestones apart by slug and cannot read this repository safely"
                        )),
                    ));
                }
            }
        }
        Err(rereads.exhausted(Provider::SourceCraft, operation, Listed::Milestones))
    }

    /// One reading of the whole listing, and how many pages it took.
    async fn read_pages(
        &self,
        operation: &str,
        on_page: &mut impl FnMut(usize),
    ) -> Result<(Vec<Milestone>, usize), ApiError> {
        let mut milestones = Vec::new();
        let mut pages = 0;
        let mut tokens_seen = HashSet::new();
        let mut page_token: Option<String> = None;
        loop {
            let page = self
                .retry
                .send(
                    Idempotence::Idempotent,
                    Provider::SourceCraft,
                    operation,
                    || {
                        let mut request = self
                            .client
                            .list_milestones()
                            .org_slug(&self.repo.owner)
                            .repo_slug(&self.repo.name)
                            .page_size(PAGE_SIZE as u64);
                        if let Some(token) = &page_token {
                            request = request.page_token(token.clone());
                        }
                        request.send()
                    },
                )
                .await?;
            for raw in page.items {
                let milestone: Milestone = decode::milestone(raw).map_err(|message| {
                    ApiError::new(
                        Provider::SourceCraft,
                        operation,
                        Failure::InvalidResponse {
                            status: Some(200),
                            message,
                        },
                    )
                })?;
                milestones.push(milestone);
            }
            pages += 1;
            on_page(milestones.len());
            match page.next_page_token.filter(|t| !t.is_empty()) {
                None => break,
                Some(token) if !tokens_seen.insert(token.clone()) => {
                    return Err(ApiError::new(
                        Provider::SourceCraft,
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
        Ok((milestones, pages))
    }

    pub async fn get(&self, slug: &str) -> Result<Milestone, ApiError> {
        let operation = format!("get milestone {slug:?} of {}", self.repo);
        self.retry
            .send(
                Idempotence::Idempotent,
                Provider::SourceCraft,
                &operation,
                || {
                    self.client
                        .get_milestone()
                        .org_slug(&self.repo.owner)
                        .repo_slug(&self.repo.name)
                        .milestone_slug(slug)
                        .send()
                },
            )
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
        self.retry
            .send(
                Idempotence::NotIdempotent,
                Provider::SourceCraft,
                &operation,
                || {
                    self.client
                        .create_milestone()
                        .org_slug(&self.repo.owner)
                        .repo_slug(&self.repo.name)
                        .silent(true)
                        .body(body.clone())
                        .send()
                },
            )
            .await
    }

    pub async fn update(
        &self,
        slug: &str,
        body: &UpdateMilestoneBody,
    ) -> Result<Milestone, ApiError> {
        let operation = format!("update milestone {slug:?} in {}", self.repo);
        self.retry
            .send(
                Idempotence::Idempotent,
                Provider::SourceCraft,
                &operation,
                || {
                    self.client
                        .update_milestone()
                        .org_slug(&self.repo.owner)
                        .repo_slug(&self.repo.name)
                        .milestone_slug(slug)
                        .silent(true)
                        .body(body.clone())
                        .send()
                },
            )
            .await
    }

    pub async fn delete(&self, slug: &str) -> Result<(), ApiError> {
        let operation = format!("delete milestone {slug:?} of {}", self.repo);
        self.retry
            .send(
                Idempotence::Idempotent,
                Provider::SourceCraft,
                &operation,
                || {
                    self.client
                        .delete_milestone()
                        .org_slug(&self.repo.owner)
                        .repo_slug(&self.repo.name)
                        .milestone_slug(slug)
                        .silent(true)
                        .send()
                },
            )
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

    async fn delete(repo: &SourceCraftRepo, id: &String) -> Result<(), ApiError> {
        repo.delete(id).await
    }

    const REQUEST_ID_NAME: &'static str = "request id";
}

impl ClientHooks<Transport> for Client {
    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        self.inner()
            .execute(Provider::SourceCraft.name(), self.client(), request)
            .await
    }
}

/// Unknown fields are kept, to be written back as they came.
impl decode::Extra for Milestone {
    fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
        &mut self.extra
    }
}
