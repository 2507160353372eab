//! The GitLab adapter: reads every milestone a project sees (its own and
//! its ancestor groups', `include_ancestors=true`; all states, every page)
//! and writes single project milestones by their global id, over the
//! generated client and the shared transport. Its paging serves every
//! listing of a project ([`Listable`]: milestones, labels).
//!
//! Pages are followed by `x-next-page` (else `Link`), never by the totals:
//! GitLab leaves `x-total` out above 10,000 records. When a total is sent
//! the reading is checked against it; without one, a listing of several
//! pages stands only once a second reading finds the same ids. A reading
//! that does not add up is read again, then fails, never kept in part.

use std::collections::HashSet;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{Request, Response};
use serde_json::Value;

use super::{
    GitLab,
    groups::GroupsSeen,
    pages::{self, PER_PAGE, Page, Pages},
};
use crate::forge::{Reading, Sink};
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    decode,
    error::{ApiError, Failure},
    rereads::Listed,
    retry::{Idempotence, RetryPolicy},
    transport::Transport,
};
use crate::protocols::{
    rest::listing::{self, ByKey, Listable, Listing},
    streamed::{Check, Ending, Whole},
};
use crate::provider::{Provider, RepoRef};
use crate::providers::gitlab::client::{
    Client,
    types::{CreateMilestone, Milestone, UpdateMilestone},
};

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

/// What a project's listing holds, which may include its ancestor
/// groups' objects.
pub trait GroupListable: Listable {
    /// The field that marks one of an ancestor group.
    const GROUP_MARK: &'static str;
    /// How it is named when it is an ancestor group's; `None` when it is
    /// the project's own.
    fn of_group(&self) -> Option<String>;
}

impl Listable for Milestone {
    const WHAT: &'static str = "milestones";
    const ONE: &'static str = "milestone";
    const QUERY: &'static [(&'static str, &'static str)] = &[("include_ancestors", "true")];
    const LISTED: Listed = Listed::Milestones;
    type Key = i64;

    fn key(&self) -> i64 {
        self.id
    }
}

impl GroupListable for Milestone {
    const GROUP_MARK: &'static str = "group_id";

    fn of_group(&self) -> Option<String> {
        self.group_id
            .map(|group| format!("milestone {} of group {group}", self.id))
    }
}

/// A path segment for a project or group: its full path, URL-encoded
/// (`group%2Fsub%2Fproject`).
pub fn encoded(path: &str) -> String {
    progenitor_client::encode_path(path)
}

/// Whether a refusal says the title is held by another milestone of the
/// project or of one of its ancestor groups (GitLab's 400 "already being
/// used for another group or project milestone").
pub fn title_in_use(error: &ApiError) -> bool {
    matches!(&error.failure, Failure::Status { status: 400, message: Some(m), .. }
        if m.contains("already being used"))
}

/// One GitLab project.
#[derive(Clone, Debug)]
pub struct GitLabRepo {
    pub(super) client: Client,
    repo: RepoRef,
    pub(super) retry: RetryPolicy,
    /// How errors name the provider: the connection's.
    pub(super) provider: Provider,
}

impl GitLabRepo {
    pub fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GitLabRepo, ConnectionError> {
        Ok(GitLabRepo {
            client: client(connection, options)?,
            repo: repo.clone(),
            retry: options.retry,
            provider: connection.provider,
        })
    }

    pub fn repo(&self) -> &RepoRef {
        &self.repo
    }

    /// The project's full path (`group/sub/project`), as requests name it.
    pub fn project(&self) -> String {
        self.repo.path()
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

    pub(super) fn pages(&self) -> Pages<'_> {
        pages::pages(&self.client, self.retry, self.provider)
    }

    /// Every milestone the project sees, open and closed, its ancestor
    /// groups' included (a warning names them), or an error.
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
    /// a silent part; read again, up to `READS` times, when it does not
    /// add up. The warnings say so, and name what ancestor groups hold.
    pub async fn list_of<T: GroupListable>(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<T>, Vec<String>), ApiError> {
        let mut whole = Whole::default();
        let warnings = self.list_checked_into(on_page, &mut whole).await?;
        Ok((whole.0, warnings))
    }

    /// [`list_of`](Self::list_of), each object handed to `sink` as it is
    /// read and none held.
    pub async fn list_checked_into<T: GroupListable>(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<T> + Send),
    ) -> Result<Vec<String>, ApiError> {
        let mut groups = GroupsSeen::new(sink);
        let mut warnings = listing::list_checked_into(self, on_page, &mut groups).await?;
        warnings.extend(groups.notice(&self.repo));
        Ok(warnings)
    }

    pub async fn get(&self, id: i64) -> Result<Milestone, ApiError> {
        let operation = format!("get milestone {id} of {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .get_milestone()
                    .id(self.project())
                    .milestone_id(id)
                    .send()
            })
            .await
    }

    /// Creates a milestone. Failures that may have stored it anyway are
    /// returned, not retried: the caller looks at the project first. A
    /// title held by another milestone of the project or its groups is
    /// answered as a conflict, for the caller to find and compare it.
    pub async fn create(&self, body: &CreateMilestone) -> Result<Milestone, ApiError> {
        let operation = format!("create milestone {:?} in {}", body.title, self.repo);
        let sent = self
            .retry
            .send(
                Idempotence::NotIdempotent,
                self.provider,
                &operation,
                || {
                    self.client
                        .create_milestone()
                        .id(self.project())
                        .body(body.clone())
                        .send()
                },
            )
            .await;
        sent.map_err(|mut error| {
            if title_in_use(&error)
                && let Failure::Status { status, .. } = &mut error.failure
            {
                *status = 409;
            }
            error
        })
    }

    /// Sends the fields the body names; the answer is the milestone after.
    pub async fn update(&self, id: i64, body: &UpdateMilestone) -> Result<Milestone, ApiError> {
        let operation = format!("update milestone {id} in {}", self.repo);
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .update_milestone()
                    .id(self.project())
                    .milestone_id(id)
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
                    .id(self.project())
                    .milestone_id(id)
                    .send()
            })
            .await
    }
}

/// The generated client of `connection`, over its transport and pacer,
/// paced by GitLab's rate limit as its answers tell it (`limits.rs`).
pub(super) fn client(
    connection: &Connection,
    options: &ClientOptions,
) -> Result<Client, ConnectionError> {
    let http = connection.http_client(options.timeout)?;
    let transport = Transport::for_connection(connection, options)
        .with_gauge(super::limits::shared_limit(&connection.pacing_key()));
    Ok(Client::new_with_client(&connection.base(), http, transport))
}

/// One reading of the listing at `path`: pages from the first, each
/// followed to the one it names next, until none is named or a page is
/// empty, each item handed to `each` as its page is read. A total is kept
/// only when every page sent the same one.
pub(super) async fn read_pages(
    pages: Pages<'_>,
    path: &str,
    query: &[(&str, &str)],
    operation: &str,
    on_page: &mut (dyn FnMut(usize) + Send),
    each: &mut (dyn FnMut(Value) -> Result<(), ApiError> + Send),
) -> Result<Ending, ApiError> {
    let mut reading = Ending::default();
    let mut totals = HashSet::new();
    let mut count = 0_usize;
    let mut page = 1_u64;
    loop {
        let url = pages.url(path, query, page, PER_PAGE, operation)?;
        let Page { items, next, total } = pages::get(&pages, &url, operation, "items").await?;
        totals.insert(total);
        if items.is_empty() {
            break;
        }
        reading.pages += 1;
        count += items.len();
        for raw in items {
            each(raw)?;
        }
        on_page(count);
        match next {
            Some(next) if next > page => page = next,
            _ => break,
        }
    }
    reading.total = match totals.into_iter().collect::<Vec<_>>()[..] {
        [Some(total)] => Some(total),
        _ => None,
    };
    Ok(reading)
}

impl Listing for GitLabRepo {
    fn provider(&self) -> Provider {
        self.provider
    }

    fn repo(&self) -> &RepoRef {
        &self.repo
    }

    /// Pages from the first, each followed to the one it names next.
    async fn read_once<T: Listable>(
        &self,
        operation: &str,
        on_page: &mut (dyn FnMut(usize) + Send),
        check: &mut Check<'_, T, ByKey>,
    ) -> Result<Ending, ApiError> {
        let path = format!("/projects/{}/{}", encoded(&self.project()), T::WHAT);
        let provider = self.provider;
        let mut each = |raw| listing::take(check, raw, provider, operation).map(drop);
        read_pages(self.pages(), &path, T::QUERY, operation, on_page, &mut each).await
    }
}

impl Reading for GitLab {
    type Repo = GitLabRepo;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GitLabRepo, ConnectionError> {
        GitLabRepo::connect(connection, repo, options)
    }

    fn repo(repo: &GitLabRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &GitLabRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &GitLabRepo) -> &str {
        repo.base_url()
    }

    async fn list(
        repo: &GitLabRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        repo.list(on_page).await
    }

    async fn list_again(repo: &GitLabRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_again().await
    }

    async fn list_checked_into(
        repo: &GitLabRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<Vec<String>, ApiError> {
        repo.list_checked_into(on_page, sink).await
    }

    async fn list_into(
        repo: &GitLabRepo,
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<(), ApiError> {
        listing::list_into(repo, sink).await
    }

    async fn delete(repo: &GitLabRepo, id: &i64) -> Result<(), ApiError> {
        repo.delete(*id).await
    }

    const REQUEST_ID_NAME: &'static str = "request id";

    /// gitlab.com allows about 2,000 authenticated requests a minute.
    fn published_limits(host: &str) -> Option<crate::provider::rate::RateLimits> {
        host.eq_ignore_ascii_case("gitlab.com")
            .then(|| "2000/min".parse().ok())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::rereads::{Pass, tally};

    fn pass(objects: Vec<i64>, total: Option<u64>, pages: usize) -> Pass<Vec<i64>> {
        tally(objects, total, pages, "milestones", |id| *id)
    }

    #[test]
    fn a_reading_without_totals_waits_for_agreement_and_one_with_them_is_checked() {
        assert!(matches!(pass(vec![1, 2], Some(3), 1), Pass::Changed(_)));
        assert!(matches!(pass(vec![1, 2, 3], Some(3), 2), Pass::Complete(_)));
        assert!(matches!(pass(vec![1, 2], None, 2), Pass::Unconfirmed(..)));
        assert!(matches!(pass(vec![1], None, 1), Pass::Complete(_)));
    }

    #[test]
    fn a_title_held_in_the_project_or_its_groups_reads_as_a_taken_title() {
        let refusal = |status: u16, message: &str| {
            ApiError::new(
                crate::providers::gitlab::PROVIDER,
                "create",
                Failure::Status {
                    status,
                    message: Some(message.to_owned()),
                    request_id: None,
                    retry_after: None,
                },
            )
        };
        let taken = refusal(
            400,
            "title already being used for another group or project milestone",
        );
        assert!(title_in_use(&taken));
        assert!(!title_in_use(&refusal(400, "title can't be blank")));
        assert!(!title_in_use(&refusal(
            500,
            "title already being used for another group or project milestone"
        )));
    }

    #[test]
    fn a_project_path_is_one_encoded_segment() {
        assert_eq!(
            encoded("demo/platform/roadmap"),
            "demo%2Fplatform%2Froadmap"
        );
    }
}
