//! Reading and writing SourceCraft labels over the repository's client:
//! the listing with the milestones' token paging and its guarantees
//! ([`SourceCraftRepo::list_of`]), and single labels by slug, which the
//! generated client sends as one percent-encoded path segment.

use std::future::Future;

use progenitor_client::ResponseValue;

use super::SourceCraftLabels;
use crate::forge::{SharesConnection, Sink};
use crate::net::{error::ApiError, rereads::Listed, retry::Idempotence};
use crate::provider::RepoRef;
use crate::providers::sourcecraft::client::{
    Client,
    types::{ApiErrorResponse, CreateLabelBody, Label, UpdateLabelBody},
};
use crate::providers::sourcecraft::{
    SourceCraft,
    adapter::{Listable, PAGE_SIZE, Page, SourceCraftRepo},
};

impl Listable for Label {
    const WHAT: &'static str = "labels";
    const ONE: &'static str = "label";
    const LISTED: Listed = Listed::Labels;

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
            .list_labels()
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

impl SourceCraftRepo {
    /// Every label, or an error: never a silent part.
    pub async fn list_labels(
        &self,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<Label>, ApiError> {
        self.list_of(&mut on_page).await
    }

    /// Creates a label. Failures that may have stored it anyway are
    /// returned, not retried.
    pub async fn create_label(&self, body: &CreateLabelBody) -> Result<Label, ApiError> {
        let operation = format!(
            "create label {:?} ({}) in {}",
            body.name,
            body.slug.as_deref().unwrap_or("slug chosen by the server"),
            self.repo()
        );
        self.send(Idempotence::NotIdempotent, &operation, |client, repo| {
            client
                .create_label()
                .org_slug(&repo.owner)
                .repo_slug(&repo.name)
                .body(body.clone())
                .send()
        })
        .await
    }

    /// Sends the fields the body names to the label under `slug`.
    pub async fn update_label(
        &self,
        slug: &str,
        body: &UpdateLabelBody,
    ) -> Result<Label, ApiError> {
        let operation = format!("update label {slug:?} in {}", self.repo());
        self.send(Idempotence::Idempotent, &operation, |client, repo| {
            client
                .update_label()
                .org_slug(&repo.owner)
                .repo_slug(&repo.name)
                .label_slug(slug)
                .body(body.clone())
                .send()
        })
        .await
    }

    pub async fn delete_label(&self, slug: &str) -> Result<(), ApiError> {
        let operation = format!("delete label {slug:?} of {}", self.repo());
        self.send(Idempotence::Idempotent, &operation, |client, repo| {
            client
                .delete_label()
                .org_slug(&repo.owner)
                .repo_slug(&repo.name)
                .label_slug(slug)
                .send()
        })
        .await
    }
}

impl SharesConnection for SourceCraftLabels {
    type Milestones = SourceCraft;

    /// Every label; SourceCraft's listing gives no warnings.
    async fn list(
        repo: &SourceCraftRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Label>, Vec<String>), ApiError> {
        Ok((repo.list_labels(on_page).await?, Vec::new()))
    }

    async fn list_again(repo: &SourceCraftRepo) -> Result<Vec<Label>, ApiError> {
        repo.list_labels(|_| {}).await
    }

    async fn list_into(
        repo: &SourceCraftRepo,
        sink: &mut (dyn Sink<Label> + Send),
    ) -> Result<(), ApiError> {
        repo.list_into(sink).await
    }

    async fn delete(repo: &SourceCraftRepo, slug: &String) -> Result<(), ApiError> {
        repo.delete_label(slug).await
    }
}
