//! Reading and writing GitCode labels over the repository's client: the
//! listing with the milestones' paging (`page`/`per_page`, checked against
//! the `total_count`/`total_page` headers, read again when it changed
//! under us), and single labels by name, which the generated client sends
//! as one percent-encoded path segment.

use std::future::Future;

use super::GitCodeLabels;
use crate::providers::{
    ClientOptions, Provider, RepoRef,
    connection::{Connection, ConnectionError},
    error::ApiError,
    forge::Reading,
    generated::gitcode::{
        Client,
        types::{CreateLabelBody, Label, UpdateLabelBody},
    },
    gitcode::{
        GitCode, GitCodeRepo,
        adapter::{Listable, PAGE_SIZE, PageAnswer},
    },
    rate::RateLimits,
    rereads::Listed,
    retry::Idempotence,
    transport::Transport,
};

impl Listable for Label {
    const WHAT: &'static str = "labels";
    const ONE: &'static str = "label";
    const KEY_FIELD: &'static str = "name";
    const LISTED: Listed = Listed::Labels;
    type Filter = ();
    type Key = String;

    fn key(&self) -> String {
        self.name.clone()
    }

    fn title(&self) -> &str {
        &self.name
    }

    fn page(
        client: &Client,
        repo: &RepoRef,
        _: (),
        page: u64,
    ) -> impl Future<Output = PageAnswer> + Send {
        client
            .list_labels()
            .owner(&repo.owner)
            .repo(&repo.name)
            .page(page)
            .per_page(PAGE_SIZE as u64)
            .send()
    }
}

impl GitCodeRepo {
    /// Every label, or an error: never a silent part.
    pub async fn list_labels(&self, on_page: impl FnMut(usize)) -> Result<Vec<Label>, ApiError> {
        self.list_of((), on_page).await
    }

    /// Creates a label. Failures that may have stored it anyway are
    /// returned, not retried.
    pub async fn create_label(&self, body: &CreateLabelBody) -> Result<Label, ApiError> {
        let operation = format!("create label {:?} in {}", body.name, self.repo());
        self.retry
            .send(
                Idempotence::NotIdempotent,
                Provider::GitCode,
                &operation,
                || {
                    self.client
                        .create_label()
                        .owner(&self.repo().owner)
                        .repo(&self.repo().name)
                        .body(body.clone())
                        .send()
                },
            )
            .await
    }

    /// Sends the fields the body names to the label called `name`.
    pub async fn update_label(
        &self,
        name: &str,
        body: &UpdateLabelBody,
    ) -> Result<Label, ApiError> {
        let operation = format!("update label {name:?} in {}", self.repo());
        self.retry
            .send(
                Idempotence::Idempotent,
                Provider::GitCode,
                &operation,
                || {
                    self.client
                        .update_label()
                        .owner(&self.repo().owner)
                        .repo(&self.repo().name)
                        .name(name)
                        .body(body.clone())
                        .send()
                },
            )
            .await
    }

    pub async fn delete_label(&self, name: &str) -> Result<(), ApiError> {
        let operation = format!("delete label {name:?} of {}", self.repo());
        self.retry
            .send(
                Idempotence::Idempotent,
                Provider::GitCode,
                &operation,
                || {
                    self.client
                        .delete_label()
                        .owner(&self.repo().owner)
                        .repo(&self.repo().name)
                        .name(name)
                        .send()
                },
            )
            .await
    }
}

impl Reading for GitCodeLabels {
    type Repo = GitCodeRepo;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GitCodeRepo, ConnectionError> {
        GitCode::connect(connection, repo, options)
    }

    fn repo(repo: &GitCodeRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &GitCodeRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &GitCodeRepo) -> &str {
        repo.base_url()
    }

    async fn list(
        repo: &GitCodeRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Label>, Vec<String>), ApiError> {
        Ok((repo.list_labels(on_page).await?, Vec::new()))
    }

    async fn list_again(repo: &GitCodeRepo) -> Result<Vec<Label>, ApiError> {
        repo.list_labels(|_| {}).await
    }

    async fn delete(repo: &GitCodeRepo, name: &String) -> Result<(), ApiError> {
        repo.delete_label(name).await
    }

    const REQUEST_ID_NAME: &'static str = GitCode::REQUEST_ID_NAME;
    const STATUS_ADVICE: &'static [(u16, &'static str)] = &[(
        418,
        "GitCode refused the content as unsafe (418): check the name of this label for words its filter rejects",
    )];

    fn published_limits(host: &str) -> Option<RateLimits> {
        GitCode::published_limits(host)
    }
}
