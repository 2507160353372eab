//! Reading and writing Gitee labels over the repository's client (the
//! calls [`V5`](crate::providers::v5::V5) asks for): the
//! listing with the milestones' paging (`page`/`per_page`, checked against
//! the `total_count`/`total_page` headers, read again when it changed
//! under us), and single labels by name, which the generated client sends
//! as one percent-encoded path segment.

use std::future::Future;

use crate::providers::{
    Provider, RepoRef,
    error::ApiError,
    generated::gitee::{
        Client,
        types::{CreateLabelBody, Label, UpdateLabelBody},
    },
    gitee::{
        GiteeRepo,
        adapter::{Listable, PAGE_SIZE, PageAnswer},
    },
    rereads::Listed,
    retry::Idempotence,
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

impl GiteeRepo {
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
                Provider::Gitee,
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
            .send(Idempotence::Idempotent, Provider::Gitee, &operation, || {
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
            .send(Idempotence::Idempotent, Provider::Gitee, &operation, || {
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
