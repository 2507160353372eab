//! Reading and writing GitLab labels over the project's client: the
//! listing as milestones are listed (followed by `x-next-page`, with the
//! ancestor groups' labels), and single project labels by id.

use super::GitLabLabels;
use crate::forge::{SharesConnection, Sink};
use crate::net::{decode, error::ApiError, rereads::Listed, retry::Idempotence};
use crate::protocols::rest::listing::{self, Listable};
use crate::providers::gitlab::client::types::{CreateLabel, Label, UpdateLabel};
use crate::providers::gitlab::{GitLab, GitLabRepo, adapter::GroupListable};

/// Unknown fields are kept, to be written back as they came.
impl decode::Extra for Label {
    fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
        &mut self.extra
    }
}

impl Listable for Label {
    const WHAT: &'static str = "labels";
    const ONE: &'static str = "label";
    const QUERY: &'static [(&'static str, &'static str)] = &[("include_ancestor_groups", "true")];
    const LISTED: Listed = Listed::Labels;
    type Key = i64;

    fn key(&self) -> i64 {
        self.id
    }
}

impl GroupListable for Label {
    const GROUP_MARK: &'static str = "is_project_label: false";

    /// A group's label says only that it is not the project's.
    fn of_group(&self) -> Option<String> {
        (self.is_project_label == Some(false))
            .then(|| format!("label {} ({:?})", self.id, self.name))
    }
}

impl GitLabRepo {
    /// Every label the project sees, or an error: never a silent part.
    pub async fn list_labels(
        &self,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Label>, Vec<String>), ApiError> {
        self.list_of(on_page).await
    }

    /// Creates a label. Failures that may have stored it anyway are
    /// returned, not retried.
    pub async fn create_label(&self, body: &CreateLabel) -> Result<Label, ApiError> {
        let operation = format!("create label {:?} in {}", body.name, self.repo());
        self.retry
            .send(
                Idempotence::NotIdempotent,
                self.provider,
                &operation,
                || {
                    self.client
                        .create_label()
                        .id(self.project())
                        .body(body.clone())
                        .send()
                },
            )
            .await
    }

    /// Sends the fields the body names to the label `id`.
    pub async fn update_label(&self, id: i64, body: &UpdateLabel) -> Result<Label, ApiError> {
        let operation = format!("update label {id} in {}", self.repo());
        self.retry
            .send(Idempotence::Idempotent, self.provider, &operation, || {
                self.client
                    .update_label()
                    .id(self.project())
                    .label_id(id.to_string())
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
                    .id(self.project())
                    .label_id(id.to_string())
                    .send()
            })
            .await
    }
}

impl SharesConnection for GitLabLabels {
    type Milestones = GitLab;

    async fn list(
        repo: &GitLabRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Label>, Vec<String>), ApiError> {
        repo.list_labels(on_page).await
    }

    async fn list_again(repo: &GitLabRepo) -> Result<Vec<Label>, ApiError> {
        repo.list_labels(&mut |_| {})
            .await
            .map(|(labels, _)| labels)
    }

    async fn list_checked_into(
        repo: &GitLabRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Label> + Send),
    ) -> Result<Vec<String>, ApiError> {
        repo.list_checked_into(on_page, sink).await
    }

    async fn list_into(
        repo: &GitLabRepo,
        sink: &mut (dyn Sink<Label> + Send),
    ) -> Result<(), ApiError> {
        listing::list_into(repo, sink).await
    }

    async fn delete(repo: &GitLabRepo, id: &i64) -> Result<(), ApiError> {
        repo.delete_label(*id).await
    }
}
