//! The page-numbered v5 API family (Gitee's API v5, and GitCode's, derived
//! from it): what its providers share, written once. A member implements
//! [`V5`]: its generated wire types, the calls of its generated client, and
//! its quirks as constants and hooks; everything else (labels read, mapped,
//! written and backed up) is here, generic over it.

pub mod labels;
#[cfg(feature = "sandbox")]
pub(crate) mod sandbox;

use std::{fmt, future::Future};

use crate::{
    mapping::FieldChange,
    providers::{error::ApiError, forge::Reading},
};

pub use self::labels::{
    LabelChange, LabelFields, LabelFieldsOf, LabelIdOf, LabelOf, LabelPartsMut, LabelRepo,
    V5Labels, WireLabel,
};

/// A provider of the v5 family: its generated types and calls, and what
/// sets it apart from the others.
pub trait V5: Reading + Copy + fmt::Debug + Eq + Send + Sync + 'static {
    /// Its generated label.
    type Label: WireLabel;

    /// What a refused label write means of its own, by status (GitCode's
    /// content filter); by default, what a refused milestone write means.
    const LABEL_STATUS_ADVICE: &'static [(u16, &'static str)] = <Self as Reading>::STATUS_ADVICE;

    /// One of its labels, in errors (`a GitCode label`).
    const A_LABEL: &'static str;
    /// What a label without a name lacks (`filled in: every GitCode label
    /// has one`).
    const EVERY_LABEL_NAMED: &'static str;

    /// The columns that tell a labels backup as this provider's: none when
    /// its header is the family's alone (see [`V5::claims_label_columns`]).
    const LABEL_HINTS: &'static [&'static str];

    /// Whether a labels header is this provider's.
    fn claims_label_columns(has: &dyn Fn(&str) -> bool) -> bool;

    /// The column a header that is this provider's lacks, if any.
    fn missing_label_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str>;

    /// Every label of the repository, or an error: never a silent part.
    fn list_labels(
        repo: &LabelRepo<Self>,
        on_page: impl FnMut(usize) + Send,
    ) -> impl Future<Output = Result<Vec<LabelOf<Self>>, ApiError>> + Send;

    /// Creates a label; failures that may have stored it are returned.
    fn create_label(
        repo: &LabelRepo<Self>,
        fields: &LabelFieldsOf<Self>,
    ) -> impl Future<Output = Result<LabelOf<Self>, ApiError>> + Send;

    /// Sends the fields `changes` names (see [`LabelFields::change`]) to
    /// the label called `name`.
    fn update_label(
        repo: &LabelRepo<Self>,
        name: &LabelIdOf<Self>,
        fields: &LabelFieldsOf<Self>,
        changes: &[FieldChange],
    ) -> impl Future<Output = Result<Self::Label, ApiError>> + Send;

    fn delete_label(
        repo: &LabelRepo<Self>,
        name: &str,
    ) -> impl Future<Output = Result<(), ApiError>> + Send;
}
