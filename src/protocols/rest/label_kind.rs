//! Who a member's labels are: the member's names, variables and
//! authentication, its milestones' (labels are read over the same
//! connection), and a label's key, name and what it is matched by. The
//! labels' [`Identity`] is written once here over what a member says of
//! them in [`RestLabelKind`].

use std::{borrow::Cow, fmt, hash::Hash};

use serde::Serialize;

use super::labels::{LabelFields, RestLabel};
use crate::{forge::Identity, provider::Provider, record::State};

/// What a member says of who its labels are.
pub trait RestLabelKind: Sized + Send + Sync + 'static {
    /// The member's milestones, whose names, variables and authentication
    /// the labels share.
    type Milestones: Identity;
    /// A label as the member sends it.
    type Label: RestLabel
        + Clone
        + fmt::Debug
        + PartialEq
        + Serialize
        + serde::de::DeserializeOwned
        + crate::net::decode::Extra
        + Send
        + Sync
        + 'static;
    /// The member's own key for a label.
    type Id: Clone + fmt::Debug + fmt::Display + Eq + Hash + Ord + Serialize + Send + Sync + 'static;
    /// What the member calls its key, and the verb for giving a label
    /// another.
    const ID_FIELD: &'static str;
    const ID_FIX: &'static str;
    /// Whether the member keeps label names unique.
    const UNIQUE_KEYS: bool;
    fn id(label: &Self::Label) -> Option<Self::Id>;
    fn small_id(id: &Self::Id) -> Option<i64>;
    /// What a name is compared by.
    fn name_key(name: &str) -> Cow<'_, str> {
        Cow::Borrowed(name)
    }
}

impl<K: RestLabelKind> Identity for K {
    const PROVIDER: Provider = K::Milestones::PROVIDER;
    const ID: &'static str = K::Milestones::ID;
    const NAME: &'static str = K::Milestones::NAME;
    const TOKEN_VAR: &'static str = K::Milestones::TOKEN_VAR;
    const TOKEN_FILE_VAR: &'static str = K::Milestones::TOKEN_FILE_VAR;
    const URL_VAR: &'static str = K::Milestones::URL_VAR;
    const DEFAULT_URL: Option<&'static str> = K::Milestones::DEFAULT_URL;
    const URL_NOTE: &'static str = K::Milestones::URL_NOTE;
    const WEB_HOSTS: &'static [&'static str] = K::Milestones::WEB_HOSTS;
    const AUTH_SCHEME: &'static str = K::Milestones::AUTH_SCHEME;
    const AUTH_HEADER: &'static str = K::Milestones::AUTH_HEADER;
    const NESTED_OWNERS: bool = K::Milestones::NESTED_OWNERS;

    fn auth_for(token: &str) -> (&'static str, String) {
        K::Milestones::auth_for(token)
    }

    type Object = K::Label;
    type Id = K::Id;
    type Fields = LabelFields;

    const ID_FIELD: &'static str = K::ID_FIELD;
    const ID_FIX: &'static str = K::ID_FIX;
    const TITLE_FIELD: &'static str = "name";
    const KEY_FIELD: &'static str = "name";
    const UNIQUE_KEYS: bool = K::UNIQUE_KEYS;
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = true;

    fn id(label: &K::Label) -> Option<K::Id> {
        K::id(label)
    }

    fn small_id(id: &K::Id) -> Option<i64> {
        K::small_id(id)
    }

    fn title(label: &K::Label) -> &str {
        label.name()
    }

    fn state(_: &K::Label) -> Option<State> {
        None
    }

    fn match_key(label: &K::Label) -> Option<Cow<'_, str>> {
        Some(K::name_key(label.name()))
    }

    fn fields_match_key(fields: &LabelFields) -> Cow<'_, str> {
        K::name_key(&fields.name)
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
