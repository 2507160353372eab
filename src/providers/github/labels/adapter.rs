//! Reading and writing GitHub labels over the repository's client: the
//! listing as milestones are listed (`Link` pages, read again when it
//! changed under us), and single labels by name, which the generated
//! client sends as one percent-encoded path segment.

use super::GitHubLabels;
use crate::forge::{SharesConnection, Sink};
use crate::net::{error::ApiError, rereads::Listed, retry::Idempotence};
use crate::protocols::rest::listing::{self, Listable};
use crate::providers::github::client::types::{CreateLabelBody, Label, UpdateLabelBody};
use crate::providers::github::{GitHub, GitHubRepo};

impl Listable for Label {
    const WHAT: &'static str = "labels";
    const ONE: &'static str = "label";
    const QUERY: &'static [(&'static str, &'static str)] = &[];
    const LISTED: Listed = Listed::Labels;
    type Key = String;

    fn key(&self) -> String {
        match self.id {
            Some(id) => id.to_string(),
            None => super::name_key(&self.name).into_owned(),
        }
    }
}

impl GitHubRepo {
    /// Every label, or an error: never a silent part.
    pub async fn list_labels(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Label>, Vec<String>), ApiError> {
        self.list_of(on_page).await
    }

    /// Creates a label, within GitHub's limits on content creation.
    /// Failures that may have stored it anyway are returned, not retried.
    pub async fn create_label(&self, body: &CreateLabelBody) -> Result<Label, ApiError> {
        let operation = format!("create label {:?} in {}", body.name, self.repo());
        self.retry
            .send(
                Idempotence::NotIdempotent,
                self.provider,
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
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .update_label()
                    .owner(&self.repo().owner)
                    .repo(&self.repo().name)
                    .name(name)
                    .body(body.clone())
                    .send()
            })
            .await
    }

    pub async fn delete_label(&self, name: &str) -> Result<(), ApiError> {
        let operation = format!("delete label {name:?} of {}", self.repo());
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .delete_label()
                    .owner(&self.repo().owner)
                    .repo(&self.repo().name)
                    .name(name)
                    .send()
            })
            .await
    }
}

impl SharesConnection for GitHubLabels {
    type Milestones = GitHub;

    async fn list(
        repo: &GitHubRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Label>, Vec<String>), ApiError> {
        repo.list_labels(on_page).await
    }

    async fn list_again(repo: &GitHubRepo) -> Result<Vec<Label>, ApiError> {
        repo.list_labels(&mut |_| {})
            .await
            .map(|(labels, _)| labels)
    }

    async fn list_checked_into(
        repo: &GitHubRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Label> + Send),
    ) -> Result<Vec<String>, ApiError> {
        listing::list_checked_into(repo, on_page, sink).await
    }

    async fn list_into(
        repo: &GitHubRepo,
        sink: &mut (dyn Sink<Label> + Send),
    ) -> Result<(), ApiError> {
        listing::list_into(repo, sink).await
    }

    async fn delete(repo: &GitHubRepo, name: &String) -> Result<(), ApiError> {
        repo.delete_label(name).await
    }
}
