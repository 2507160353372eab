//! GitCode as a member of the v5 family ([`V5`]): its generated types, its
//! calls, and what sets it apart (the content filter's 418 on a label's
//! name, the `repository_id` that tells its labels backups apart).

use super::{GitCode, GitCodeRepo, labels};
use crate::{
    mapping::FieldChange,
    providers::{
        error::ApiError,
        generated::gitcode::types::{CreateLabelBody, Label, UpdateLabelBody},
        v5::{LabelFields, V5},
    },
};

impl V5 for GitCode {
    type Label = Label;

    const LABEL_STATUS_ADVICE: &'static [(u16, &'static str)] = &[(
        418,
        "GitCode refused the content as unsafe (418): check the name of this label for words its filter rejects",
    )];
    const A_LABEL: &'static str = "a GitCode label";
    const EVERY_LABEL_NAMED: &'static str = "filled in: every GitCode label has one";
    const LABEL_HINTS: &'static [&'static str] = &["repository_id"];

    fn claims_label_columns(has: &dyn Fn(&str) -> bool) -> bool {
        labels::claims_columns(has)
    }

    fn missing_label_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        labels::missing_column(has)
    }

    async fn list_labels(
        repo: &GitCodeRepo,
        on_page: impl FnMut(usize) + Send,
    ) -> Result<Vec<Label>, ApiError> {
        repo.list_labels(on_page).await
    }

    async fn create_label(repo: &GitCodeRepo, fields: &LabelFields) -> Result<Label, ApiError> {
        let body = CreateLabelBody {
            name: fields.name.clone(),
            color: fields.color.clone(),
        };
        repo.create_label(&body).await
    }

    async fn update_label(
        repo: &GitCodeRepo,
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

    async fn delete_label(repo: &GitCodeRepo, name: &str) -> Result<(), ApiError> {
        repo.delete_label(name).await
    }
}
