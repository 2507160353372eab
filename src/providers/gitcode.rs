//! The GitCode adapter: reads every milestone of a repository (all states,
//! all pages) and writes single milestones, over the generated client.

use std::collections::HashSet;

use progenitor_client::ClientInfo;

use super::{
    ClientOptions, Provider, RepoRef,
    connection::{Connection, ConnectionError},
    error::{ApiError, ErrorBody},
    generated::gitcode::{
        Client,
        types::{CreateMilestoneBody, Error, Milestone, StateFilter, UpdateMilestoneBody},
    },
    retry::{Idempotence, RetryPolicy},
    transport::Transport,
};

/// GitCode's largest page.
pub const PAGE_SIZE: usize = 100;

impl ErrorBody for Error {
    fn message(&self) -> Option<String> {
        let text = |value: &serde_json::Value| match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.message
            .clone()
            .or_else(|| self.error_message.clone())
            .or_else(|| self.error.as_ref().map(text))
    }
}

/// One GitCode repository.
#[derive(Clone, Debug)]
pub struct GitCodeRepo {
    client: Client,
    repo: RepoRef,
    retry: RetryPolicy,
}

impl GitCodeRepo {
    pub fn new(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GitCodeRepo, ConnectionError> {
        let http = connection.http_client(options.timeout)?;
        let transport = Transport::new(options.pace);
        Ok(GitCodeRepo {
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

    /// Every milestone, open and closed. GitCode lists open ones only unless
    /// asked for `state=all`; pages are read until a short one, and a
    /// milestone that shifts onto a second page is kept once.
    pub async fn list_all(
        &self,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<Milestone>, ApiError> {
        let operation = format!("list milestones of {}", self.repo);
        let mut seen = HashSet::new();
        let mut milestones = Vec::new();
        for page in 1.. {
            let items = self
                .retry
                .send(
                    Idempotence::Idempotent,
                    Provider::GitCode,
                    &operation,
                    || {
                        self.client
                            .list_milestones()
                            .owner(&self.repo.owner)
                            .repo(&self.repo.name)
                            .state(StateFilter::All)
                            .page(page)
                            .per_page(PAGE_SIZE as u64)
                            .send()
                    },
                )
                .await?;
            let full = items.len() >= PAGE_SIZE;
            let mut fresh = 0;
            for milestone in items {
                if seen.insert(milestone.number) {
                    fresh += 1;
                    milestones.push(milestone);
                }
            }
            on_page(milestones.len());
            if !full {
                break;
            }
            if fresh == 0 {
                return Err(ApiError::new(
                    Provider::GitCode,
                    operation,
                    super::error::Failure::InvalidResponse {
                        status: Some(200),
                        message: format!(
                            "page {page} repeats earlier pages; the listing cannot be read reliably"
                        ),
                    },
                ));
            }
        }
        Ok(milestones)
    }

    pub async fn get(&self, number: i64) -> Result<Milestone, ApiError> {
        let operation = format!("get milestone {number} of {}", self.repo);
        self.retry
            .send(
                Idempotence::Idempotent,
                Provider::GitCode,
                &operation,
                || {
                    self.client
                        .get_milestone()
                        .owner(&self.repo.owner)
                        .repo(&self.repo.name)
                        .number(number)
                        .send()
                },
            )
            .await
    }

    /// Creates a milestone. Failures that may have stored it anyway are
    /// returned, not retried: the caller checks the repository first.
    pub async fn create(&self, body: &CreateMilestoneBody) -> Result<Milestone, ApiError> {
        let operation = format!("create milestone {:?} in {}", body.title, self.repo);
        self.retry
            .send(
                Idempotence::NotIdempotent,
                Provider::GitCode,
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

    pub async fn update(
        &self,
        number: i64,
        body: &UpdateMilestoneBody,
    ) -> Result<Milestone, ApiError> {
        let operation = format!(
            "update milestone {number} ({:?}) in {}",
            body.title, self.repo
        );
        self.retry
            .send(
                Idempotence::Idempotent,
                Provider::GitCode,
                &operation,
                || {
                    self.client
                        .update_milestone()
                        .owner(&self.repo.owner)
                        .repo(&self.repo.name)
                        .number(number)
                        .body(body.clone())
                        .send()
                },
            )
            .await
    }

    pub async fn delete(&self, number: i64) -> Result<(), ApiError> {
        let operation = format!("delete milestone {number} of {}", self.repo);
        self.retry
            .send(
                Idempotence::Idempotent,
                Provider::GitCode,
                &operation,
                || {
                    self.client
                        .delete_milestone()
                        .owner(&self.repo.owner)
                        .repo(&self.repo.name)
                        .number(number)
                        .send()
                },
            )
            .await
    }
}
