//! Writing one label to GitHub: created exactly once by
//! [`create_once`](crate::pipeline::create_once::create_once) (a taken name
//! answers `422 already_exists`; the label under it, found without regard to
//! case, is ours when it holds what we sent), updated by name with `new_name`
//! when the name changes, its case included.

use super::GitHubLabels;
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    protocols::rest::{
        labels::LabelFields,
        write::{self, RestWrites},
    },
    providers::github::{
        GitHubRepo,
        client::types::{CreateLabelBody, Label, UpdateLabelBody},
    },
};

impl RestWrites for GitHubLabels {
    async fn send_create(repo: &GitHubRepo, body: &CreateLabelBody) -> Result<Label, ApiError> {
        repo.create_label(body).await
    }

    async fn send_update(
        repo: &GitHubRepo,
        name: &String,
        body: &UpdateLabelBody,
    ) -> Result<Label, ApiError> {
        repo.update_label(name, body).await
    }
}

impl Writing for GitHubLabels {
    type WriteState = ();

    async fn create(
        repo: &GitHubRepo,
        fields: &LabelFields,
        context: &WriteContext<'_, GitHubLabels>,
    ) -> Result<String, ApiError> {
        write::create(repo, fields, context).await
    }

    async fn update(
        repo: &GitHubRepo,
        name: &String,
        fields: &LabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitHubLabels>,
    ) -> Result<(), ApiError> {
        write::update::<GitHubLabels>(repo, name, fields, changes)
            .await
            .map(drop)
    }
}
