//! Reading and writing Gitea labels over the repository's client: the
//! listing as milestones are listed (`page`/`limit`, checked against
//! `X-Total-Count`), and single labels by id.

use super::GiteaLabels;
use crate::forge::{SharesConnection, Sink};
use crate::net::{decode, error::ApiError, rereads::Listed, retry::Idempotence};
use crate::protocols::rest::listing::{self, Listable};
use crate::providers::gitea::client::types::{CreateLabelOption, EditLabelOption, Label};
use crate::providers::gitea::{Gitea, GiteaRepo};

/// Unknown fields are kept, to be written back as they came.
impl decode::Extra for Label {
    fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
        &mut self.extra
    }
}

impl Listable for Label {
    const WHAT: &'static str = "labels";
    const ONE: &'static str = "label";
    const QUERY: &'static [(&'static str, &'static str)] = &[];
    const LISTED: Listed = Listed::Labels;
    type Key = i64;

    fn key(&self) -> i64 {
        self.id
    }
}

impl GiteaRepo {
    /// Every label, or an error: never a silent part.
    pub async fn list_labels(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Label>, Vec<String>), ApiError> {
        self.list_of(on_page).await
    }

    /// Creates a label. Failures that may have stored it anyway are
    /// returned, not retried.
    pub async fn create_label(&self, body: &CreateLabelOption) -> Result<Label, ApiError> {
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

    /// Sends the fields the body names to the label `id`.
    pub async fn update_label(&self, id: i64, body: &EditLabelOption) -> Result<Label, ApiError> {
        let operation = format!("update label {id} in {}", self.repo());
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .update_label()
                    .owner(&self.repo().owner)
                    .repo(&self.repo().name)
                    .id(id)
                    .body(body.clone())
                    .send()
            })
            .await
    }

    pub async fn delete_label(&self, id: i64) -> Result<(), ApiError> {
        let operation = format!("delete label {id} of {}", self.repo());
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .delete_label()
                    .owner(&self.repo().owner)
                    .repo(&self.repo().name)
                    .id(id)
                    .send()
            })
            .await
    }
}

impl SharesConnection for GiteaLabels {
    type Milestones = Gitea;

    async fn list(
        repo: &GiteaRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Label>, Vec<String>), ApiError> {
        repo.list_labels(on_page).await
    }

    async fn list_again(repo: &GiteaRepo) -> Result<Vec<Label>, ApiError> {
        repo.list_labels(&mut |_| {})
            .await
            .map(|(labels, _)| labels)
    }

    async fn list_checked_into(
        repo: &GiteaRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Label> + Send),
    ) -> Result<Vec<String>, ApiError> {
        listing::list_checked_into(repo, on_page, sink).await
    }

    async fn list_into(
        repo: &GiteaRepo,
        sink: &mut (dyn Sink<Label> + Send),
    ) -> Result<(), ApiError> {
        listing::list_into(repo, sink).await
    }

    async fn delete(repo: &GiteaRepo, id: &i64) -> Result<(), ApiError> {
        repo.delete_label(*id).await
    }
}
