//! The page-numbered v5 API family (Gitee's API v5, and GitCode's, derived
//! from it): what its providers share, written once. A member implements
//! [`V5`]: its generated wire types (read through [`WireMilestone`],
//! [`WireLabel`], [`WireRepository`]), the calls of its generated client,
//! and its quirks as constants and hooks. Everything else is here, generic
//! over it: the repository client, its listings and their paging
//! (`adapter.rs`, `listing.rs`, `paging.rs`), an owner's repositories (`repos.rs`), milestones read into
//! records and records made into milestones (`mapping.rs`), created exactly
//! once (`write.rs`) and backed up (`backup.rs`), labels
//! read, mapped, written and backed up (`labels/`), and the sandbox's
//! imitation of the family (`sandbox/`).

pub mod adapter;
pub mod backup;
pub mod glue;
pub mod labels;
pub mod listing;
pub mod mapping;
pub mod paging;
pub mod repos;
#[cfg(feature = "sandbox")]
pub(crate) mod sandbox;
pub mod write;

use std::{borrow::Cow, fmt, future::Future};

use chrono::NaiveDate;

use progenitor_client::{ClientInfo, ResponseValue};
use serde_json::{Map, Value};

use crate::forge::Reading;
use crate::mapping::dates::DateError;
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    error::ErrorBody,
    number::WholeNumber,
    owner::OwnerKind,
    transport::Transport,
};
use crate::provider::RepoRef;
use crate::record::State;

pub use self::adapter::V5Repo;
pub use self::labels::{LabelChange, LabelFields, LabelPartsMut, V5Labels, WireLabel};
pub use self::repos::{V5Owners, WireRepository};

/// What `P`'s generated client answers to a request for a `T`.
pub type Answer<T, P> = Result<ResponseValue<T>, progenitor_client::Error<<P as V5>::Error>>;

/// A provider of the v5 family: its generated types and calls, and what
/// sets it apart from the others.
pub trait V5:
    Reading<Repo = V5Repo<Self>, Object: WireMilestone, Id = WholeNumber>
    + Copy
    + fmt::Debug
    + Eq
    + Send
    + Sync
    + 'static
{
    /// Its generated client.
    type Client: ClientInfo<Transport> + Clone + fmt::Debug + Send + Sync + 'static;
    /// Its generated error body.
    type Error: ErrorBody + Send + Sync + 'static;
    /// Its generated label.
    type Label: WireLabel;
    /// Its generated repository, as an owner's listing holds it.
    type Repository: WireRepository + serde::de::DeserializeOwned;

    /// Its client of `connection`: the same transport, and so the same
    /// pacer, as every other (with whatever its requests carry of their
    /// own, such as Gitee's token in the query).
    fn client(
        connection: &Connection,
        options: &ClientOptions,
    ) -> Result<Self::Client, ConnectionError>;

    /// One page of the repositories of the organisation or the user
    /// `owner` (a user's own, not those of others it is a member of).
    fn repos_page(
        client: &Self::Client,
        owner: &str,
        kind: OwnerKind,
        page: u64,
    ) -> impl Future<Output = Answer<Vec<Self::Repository>, Self>> + Send;

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

    /// Reads its milestones' `state`.
    fn parse_state(value: Option<&str>) -> Result<State, String>;

    /// Reads its milestones' `due_on` as the calendar date it names.
    fn parse_due_on(value: &str) -> Result<NaiveDate, DateError>;

    /// The calendar date a `due_on` names, as `YYYY-MM-DD`, to compare
    /// with a wanted one: by default as sent.
    fn due_on_date(value: &str) -> Cow<'_, str> {
        Cow::Borrowed(value)
    }

    /// Its generated create and update bodies of a milestone.
    type CreateMilestone: Clone + Send + Sync + 'static;
    type UpdateMilestone: Clone + Send + Sync + 'static;

    /// The title a body sends, for what errors say of the request.
    fn create_title(body: &Self::CreateMilestone) -> &str;
    fn update_title(body: &Self::UpdateMilestone) -> &str;
    /// The state word an update body sends, if any.
    fn update_state(body: &Self::UpdateMilestone) -> Option<&str>;

    /// One page of the repository's milestones in the state asked for,
    /// [`PAGE_SIZE`](paging::PAGE_SIZE) at most, left undecoded.
    fn milestone_page(
        client: &Self::Client,
        repo: &RepoRef,
        state: StateAsked,
        page: u64,
    ) -> impl Future<Output = Answer<Vec<Value>, Self>> + Send;

    /// One page of the repository's labels, left undecoded.
    fn label_page(
        client: &Self::Client,
        repo: &RepoRef,
        page: u64,
    ) -> impl Future<Output = Answer<Vec<Value>, Self>> + Send;

    fn get_milestone(
        client: &Self::Client,
        repo: &RepoRef,
        number: &WholeNumber,
    ) -> impl Future<Output = Answer<Self::Object, Self>> + Send;

    fn create_milestone(
        client: &Self::Client,
        repo: &RepoRef,
        body: &Self::CreateMilestone,
    ) -> impl Future<Output = Answer<Self::Object, Self>> + Send;

    fn update_milestone(
        client: &Self::Client,
        repo: &RepoRef,
        number: &WholeNumber,
        body: &Self::UpdateMilestone,
    ) -> impl Future<Output = Answer<Self::Object, Self>> + Send;

    fn delete_milestone(
        client: &Self::Client,
        repo: &RepoRef,
        number: &WholeNumber,
    ) -> impl Future<Output = Answer<(), Self>> + Send;

    fn create_label(
        client: &Self::Client,
        repo: &RepoRef,
        fields: &LabelFields,
    ) -> impl Future<Output = Answer<Self::Label, Self>> + Send;

    /// Sends the fields `change` holds to the label called `name`.
    fn update_label(
        client: &Self::Client,
        repo: &RepoRef,
        name: &str,
        change: &LabelChange,
    ) -> impl Future<Output = Answer<Self::Label, Self>> + Send;

    fn delete_label(
        client: &Self::Client,
        repo: &RepoRef,
        name: &str,
    ) -> impl Future<Output = Answer<(), Self>> + Send;
}

/// The milestones a listing asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateAsked {
    All,
    Closed,
}

/// A generated milestone of the family, read through these accessors.
pub trait WireMilestone:
    serde::Serialize
    + serde::de::DeserializeOwned
    + crate::net::decode::Extra
    + Clone
    + PartialEq
    + Send
    + 'static
{
    fn number(&self) -> &WholeNumber;
    fn title(&self) -> &str;
    fn description(&self) -> Option<&str>;
    fn due_on(&self) -> Option<&str>;
    /// `active` or `open` for an open milestone, `closed` for a closed one.
    fn state(&self) -> Option<&str>;
    /// Whether each field mileport does not carry was sent, by name, in
    /// its schema's order.
    fn present(&self) -> Vec<(&'static str, bool)>;
    /// The fields its schema does not name, as sent.
    fn extra(&self) -> &Map<String, Value>;
}
