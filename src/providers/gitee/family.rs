//! Gitee as a member of the v5 family ([`V5`]): its generated types, its
//! calls, and what sets it apart (no labels backup header of its own).

use super::{Gitee, GiteeRepo, labels};
use crate::{
    mapping::FieldChange,
    providers::{
        error::ApiError,
        generated::gitee::types::{CreateLabelBody, Label, UpdateLabelBody},
        v5::{LabelFields, V5},
    },
};

impl V5 for Gitee {
    type Label = Label;

    const A_LABEL: &'static str = "a Gitee label";
    const EVERY_LABEL_NAMED: &'static str = "filled in: every Gitee label has one";
    /// None: the family's labels header is never claimed as Gitee's.
    const LABEL_HINTS: &'static [&'static str] = &[];

    fn claims_label_columns(has: &dyn Fn(&str) -> bool) -> bool {
        labels::claims_columns(has)
    }

    fn missing_label_column(_: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        None
    }

    async fn list_labels(
        repo: &GiteeRepo,
        on_page: impl FnMut(usize) + Send,
    ) -> Result<Vec<Label>, ApiError> {
        repo.list_labels(on_page).await
    }

    async fn create_label(repo: &GiteeRepo, fields: &LabelFields) -> Result<Label, ApiError> {
        let body = CreateLabelBody {
            name: fields.name.clone(),
            color: fields.color.clone(),
        };
        repo.create_label(&body).await
    }

    async fn update_label(
        repo: &GiteeRepo,
        name: &String,
        fields: &LabelFields,
        changes: &[FieldChange],
    ) -> Result<Label, ApiError> {
        let change = fields.change(changes);
        let body = UpdateLabelBody {
            name: change.name.clone(),
            color: change.color.clone(),
        };
        repo.update_label(name, &body).await
    }

    async fn delete_label(repo: &GiteeRepo, name: &str) -> Result<(), ApiError> {
        repo.delete_label(name).await
    }
}
