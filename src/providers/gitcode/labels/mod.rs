//! GitCode's labels: the family's ([`V5Labels`]), over the same repository
//! and connection as its milestones (`../adapter.rs`, whose paging lists
//! them); here, its generated label read through the family's accessors,
//! its label calls (`adapter.rs`), and what tells its labels backups apart.

use serde_json::{Map, Value};

use super::{GitCode, GitCodeRepo};
use crate::protocols::v5::{LabelFields, LabelPartsMut, V5Labels, WireLabel, labels::write};
use crate::{
    forge::{WriteContext, Writing},
    mapping::FieldChange,
    net::{decode, error::ApiError, number::WholeNumber},
    providers::gitcode::client::types::Label,
};

/// GitCode's labels, as mileport sees them.
pub type GitCodeLabels = V5Labels<GitCode>;

impl WireLabel for Label {
    fn name(&self) -> &str {
        &self.name
    }

    fn color(&self) -> Option<&str> {
        self.color.as_deref()
    }

    fn id(&self) -> Option<&WholeNumber> {
        self.id.as_ref()
    }

    fn repository_id(&self) -> Option<&WholeNumber> {
        self.repository_id.as_ref()
    }

    fn present(&self) -> [(&'static str, bool); 5] {
        [
            ("id", self.id.is_some()),
            ("repository_id", self.repository_id.is_some()),
            ("url", self.url.is_some()),
            ("created_at", self.created_at.is_some()),
            ("updated_at", self.updated_at.is_some()),
        ]
    }

    fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }

    fn parts_mut(&mut self) -> LabelPartsMut<'_> {
        LabelPartsMut {
            id: &mut self.id,
            name: &mut self.name,
            color: &mut self.color,
            url: &mut self.url,
            updated_at: &mut self.updated_at,
        }
    }
}

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

/// Unknown fields are kept, to be written back as they came.
impl decode::Extra for Label {
    fn extra_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.extra
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
