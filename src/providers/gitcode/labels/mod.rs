//! GitCode's labels: the family's ([`V5Labels`]), over the same repository
//! and connection as its milestones (`../adapter.rs`, whose paging lists
//! them); here, its generated label read through the family's accessors
//! (`v5/glue.rs`),
//! its label calls (`adapter.rs`), and what tells its labels backups apart.

use super::{GitCode, GitCodeRepo};
use crate::protocols::v5::{LabelFields, V5Labels, glue, labels::write};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::error::ApiError,
    providers::gitcode::client,
};

/// GitCode's labels, as mileport sees them.
pub type GitCodeLabels = V5Labels<GitCode>;

glue::wire_label!(client);

/// The family's writes (see `v5/labels/write.rs` for why this is not
/// generic).
impl Writing for GitCodeLabels {
    type WriteState = ();

    async fn create(
        repo: &GitCodeRepo,
        fields: &LabelFields,
        context: &WriteContext<'_, GitCodeLabels>,
    ) -> Result<String, ApiError> {
        write::create(repo, fields, context).await
    }

    async fn update(
        repo: &GitCodeRepo,
        name: &String,
        fields: &LabelFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitCodeLabels>,
    ) -> Result<(), ApiError> {
        repo.update_label(name, &fields.change(changes))
            .await
            .map(drop)
    }
}

/// Whether a header has the columns of a milestone file, which GitCode's
/// labels never have.
fn milestone_columns(has: &dyn Fn(&str) -> bool) -> bool {
    has("title") || has("number")
}

/// A GitCode labels file: `name`, `color` and GitCode's `repository_id`,
/// and none of a milestone's `title` and `number` (GitCode's milestone
/// files have `repository_id` too).
pub(super) fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
    has("name") && has("color") && has("repository_id") && !milestone_columns(has)
}

pub(super) fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
    if !has("repository_id") || milestone_columns(has) {
        return None;
    }
    ["name", "color"].into_iter().find(|column| !has(column))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forge::BackupFormat;

    #[test]
    fn gitcode_labels_keep_the_family_s_promises() {
        crate::protocols::v5::labels::tests::every_promise::<GitCodeLabels>();
    }

    #[test]
    fn a_gitcode_labels_header_is_told_apart_from_every_other() {
        let header = |columns: &'static [&'static str]| move |c: &str| columns.contains(&c);
        let gitcode_labels = header(GitCodeLabels::COLUMNS);
        // Every provider's headers against every other's: see
        // `tests/it/backup_checks.rs`. These are the shapes near GitCode's.
        assert!(GitCodeLabels::claims_columns(&gitcode_labels));
        assert!(!GitCode::claims_columns(&gitcode_labels));
        let others: [&'static [&'static str]; 3] = [
            &[
                "id",
                "node_id",
                "url",
                "name",
                "color",
                "description",
                "default",
            ],
            &["id", "name", "slug", "color", "author", "created_at"],
            &crate::providers::gitcode::backup::COLUMNS,
        ];
        for columns in others {
            assert!(
                !GitCodeLabels::claims_columns(&header(columns)),
                "{columns:?}"
            );
            assert_eq!(GitCodeLabels::missing_column(&header(columns)), None);
        }
        let no_colour = header(&["id", "name", "repository_id"]);
        assert_eq!(GitCodeLabels::missing_column(&no_colour), Some("color"));
        let no_name = header(&["color", "repository_id"]);
        assert_eq!(GitCodeLabels::missing_column(&no_name), Some("name"));
    }
}
