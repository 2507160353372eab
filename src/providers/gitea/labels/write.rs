//! Writing one label to Gitea: created exactly once by
//! [`create_and_settle`](crate::pipeline::create_once::create_and_settle)
//! (Gitea answers no conflict for a repeated name: after a create whose
//! fate is unknown, an unclaimed label of our name that holds what we sent
//! is ours), updated by id.

use super::GiteaLabels;
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    protocols::rest::{
        labels::LabelFields,
        write::{self, RestWrites},
    },
    providers::gitea::{
        GiteaRepo,
        client::types::{CreateLabelOption, EditLabelOption, Label},
    },
};

impl RestWrites for GiteaLabels {
    async fn send_create(repo: &GiteaRepo, body: &CreateLabelOption) -> Result<Label, ApiError> {
        repo.create_label(body).await
    }

    async fn send_update(
        repo: &GiteaRepo,
        id: &i64,
        body: &EditLabelOption,
    ) -> Result<Label, ApiError> {
        repo.update_label(*id, body).await
    }
}

impl Writing for GiteaLabels {
    type WriteState = ();

    async fn create(
        repo: &GiteaRepo,
        fields: &LabelFields,
        context: &WriteContext<'_, GiteaLabels>,
    ) -> Result<i64, ApiError> {
        write::create(repo, fields, context).await
    }

    async fn update(
        repo: &GiteaRepo,
        id: &i64,
        fields: &LabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GiteaLabels>,
    ) -> Result<(), ApiError> {
        write::update::<GiteaLabels>(repo, id, fields, changes)
            .await
            .map(drop)
    }
}
