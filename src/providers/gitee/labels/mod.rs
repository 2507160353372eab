//! Gitee's labels: the family's ([`V5Labels`]), over the same repository
//! and connection as its milestones (`../adapter.rs`, whose paging lists
//! them); here, its generated label read through the family's accessors
//! (`v5/glue.rs`),
//! its label calls (`adapter.rs`), and why no labels backup is told as its own.

use super::{Gitee, GiteeRepo};
use crate::protocols::v5::{LabelFields, V5Labels, glue, labels::write};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    providers::gitee::client,
};

/// Gitee's labels, as mileport sees them.
pub type GiteeLabels = V5Labels<Gitee>;

glue::wire_label!(client);

/// The family's writes (see `v5/labels/write.rs` for why this is not
/// generic).
impl Writing for GiteeLabels {
    type WriteState = ();

    async fn create(
        repo: &GiteeRepo,
        fields: &LabelFields,
        context: &WriteContext<'_, GiteeLabels>,
    ) -> Result<String, ApiError> {
        write::create(repo, fields, context).await
    }

    async fn update(
        repo: &GiteeRepo,
        name: &String,
        fields: &LabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GiteeLabels>,
    ) -> Result<(), ApiError> {
        repo.update_label(name, &fields.change(changes))
            .await
            .map(drop)
    }
}

/// None: every field of a Gitee label is a field of the labels of the
/// servers derived from its API, so a CSV header cannot say it is Gitee's;
/// such a file reads as theirs, the same fields with the same meaning,
/// which imports to any provider alike.
pub(super) fn claims_columns(_: &dyn Fn(&str) -> bool) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forge::BackupFormat;

    #[test]
    fn gitee_labels_keep_the_family_s_promises() {
        crate::protocols::v5::labels::tests::every_promise::<GiteeLabels>();
    }

    #[test]
    fn a_labels_header_is_never_claimed_as_gitee_s() {
        let header = |columns: &'static [&'static str]| move |c: &str| columns.contains(&c);
        let gitee_labels = header(GiteeLabels::COLUMNS);
        assert!(!GiteeLabels::claims_columns(&gitee_labels));
        assert!(!Gitee::claims_columns(&gitee_labels));
        assert_eq!(GiteeLabels::missing_column(&gitee_labels), None);
    }
}
