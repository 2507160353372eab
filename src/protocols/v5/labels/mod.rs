//! The labels of a v5 provider: the same repository and connection as its
//! milestones, read and written by name. Names are compared as they are
//! written, letter case included, so a label is matched by its name as is.
//! Labels hold a name and a colour, no description. Each file implements
//! its part of [`Forge`](crate::forge::Forge) for [`V5Labels`],
//! once for every member of the family.

mod backup;
mod mapping;
#[cfg(test)]
pub mod tests;
pub mod write;

use std::{borrow::Cow, fmt, marker::PhantomData};

use serde_json::{Map, Value};

pub use self::mapping::{LabelChange, LabelFields};
use super::{V5, V5Repo};
use crate::{
    forge::{Identity, SharesConnection, Sink},
    net::{decode::Extra, error::ApiError, number::WholeNumber},
    provider::Provider,
    record::State,
};

/// A generated label of the family, read through these accessors: the
/// fields every member's schema has (`id`, `name`, `color`,
/// `repository_id`, `url`, `created_at`, `updated_at`) and the bag of the
/// rest.
pub trait WireLabel:
    Clone
    + fmt::Debug
    + PartialEq
    + serde::Serialize
    + serde::de::DeserializeOwned
    + Extra
    + Send
    + Sync
    + 'static
{
    fn name(&self) -> &str;
    fn color(&self) -> Option<&str>;
    fn id(&self) -> Option<&WholeNumber>;
    fn repository_id(&self) -> Option<&WholeNumber>;
    /// Whether each field mileport does not carry was sent, by name.
    fn present(&self) -> [(&'static str, bool); 5];
    fn extra(&self) -> &Map<String, Value>;
    /// The fields the sandbox's imitation changes, in place.
    fn parts_mut(&mut self) -> LabelPartsMut<'_>;
}

/// The fields of a [`WireLabel`] the sandbox's imitation changes: an id
/// given when seeded, a rename (with its `url`), a new colour, the time of
/// the change.
pub struct LabelPartsMut<'a> {
    pub id: &'a mut Option<WholeNumber>,
    pub name: &'a mut String,
    pub color: &'a mut Option<String>,
    pub url: &'a mut Option<String>,
    pub updated_at: &'a mut Option<String>,
}

/// What a migration writes to one of `P`'s labels, as the forge's traits
/// name it (see `mapping.rs`).
pub type LabelFieldsOf<P> = <V5Labels<P> as Identity>::Fields;

/// A v5 provider's labels, as mileport sees them.
pub struct V5Labels<P>(PhantomData<P>);

impl<P> Clone for V5Labels<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P> Copy for V5Labels<P> {}

impl<P> fmt::Debug for V5Labels<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("V5Labels")
    }
}

impl<P> PartialEq for V5Labels<P> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<P> Eq for V5Labels<P> {}

impl<P: V5> Identity for V5Labels<P> {
    const PROVIDER: Provider = P::PROVIDER;
    const ID: &'static str = P::ID;
    const NAME: &'static str = P::NAME;
    const TOKEN_VAR: &'static str = P::TOKEN_VAR;
    const TOKEN_FILE_VAR: &'static str = P::TOKEN_FILE_VAR;
    const URL_VAR: &'static str = P::URL_VAR;
    const DEFAULT_URL: Option<&'static str> = P::DEFAULT_URL;
    type Object = P::Label;
    /// The name as the target holds it: what requests address it by.
    type Id = String;
    type Fields = LabelFields;

    const ID_FIELD: &'static str = "name";
    const ID_FIX: &'static str = "rename";
    const TITLE_FIELD: &'static str = "name";
    const KEY_FIELD: &'static str = "name";
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = true;

    fn id(label: &P::Label) -> Option<String> {
        Some(label.name().to_owned())
    }

    fn title(label: &P::Label) -> &str {
        label.name()
    }

    fn state(_: &P::Label) -> Option<State> {
        None
    }

    fn match_key(label: &P::Label) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(label.name()))
    }

    fn fields_match_key(fields: &LabelFields) -> Cow<'_, str> {
        Cow::Borrowed(&fields.name)
    }

    fn fields_title(fields: &LabelFields) -> &str {
        &fields.name
    }

    fn fields_state(_: &LabelFields) -> State {
        State::Open
    }

    fn planned_id(_: &LabelFields) -> Option<String> {
        None
    }
}

impl<P: V5> SharesConnection for V5Labels<P> {
    type Milestones = P;

    const STATUS_ADVICE: &'static [(u16, &'static str)] = P::LABEL_STATUS_ADVICE;

    async fn list(
        repo: &V5Repo<P>,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<P::Label>, Vec<String>), ApiError> {
        Ok((repo.list_labels(on_page).await?, Vec::new()))
    }

    async fn list_again(repo: &V5Repo<P>) -> Result<Vec<P::Label>, ApiError> {
        repo.list_labels(|_| {}).await
    }

    async fn list_checked_into(
        repo: &V5Repo<P>,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<P::Label> + Send),
    ) -> Result<Vec<String>, ApiError> {
        repo.list_labels_into(on_page, sink).await?;
        Ok(Vec::new())
    }

    async fn list_into(
        repo: &V5Repo<P>,
        sink: &mut (dyn Sink<P::Label> + Send),
    ) -> Result<(), ApiError> {
        repo.list_labels_into(&mut |_| {}, sink).await
    }

    async fn delete(repo: &V5Repo<P>, name: &String) -> Result<(), ApiError> {
        repo.delete_label(name).await
    }
}
