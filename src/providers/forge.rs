//! What a provider is to the rest of mileport: one trait, implemented once
//! per provider in that provider's folder (`providers/<name>/`). The
//! pipeline, the backup files and the commands are written against it and
//! never name a provider; the command line picks the implementation once,
//! at the top, with [`with_forge!`](crate::with_forge).
//!
//! A provider supplies:
//! - its wire types (`Milestone`, from the client generated from its spec
//!   in `openapi/`) and its key for a milestone (`Id`: a number, a slug);
//! - an adapter: connect, list every milestone, create, update, delete;
//! - its mapping to and from the neutral [`MilestoneRecord`]: what a
//!   migration writes (`Fields`) and how it differs from what is there;
//! - its backup columns (CSV) and the checks on its JSON objects.

use std::{fmt, future::Future, hash::Hash};

use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};

use super::{
    ClientOptions, Provider, RepoRef,
    access::WriteAccess,
    connection::{Connection, ConnectionError},
    decode::Extra,
    error::ApiError,
    number::WholeNumber,
    owner::{OwnerListError, OwnerRepos},
    pacer::PaceSettings,
    rate::RateLimits,
    transport::Transport,
};
use crate::{
    files::{FileError, Location, Row},
    mapping::{FieldChange, Mapping, MappingError, MappingOptions},
    pipeline::{verify::Content, write::WriteContext},
    record::{MilestoneRecord, State},
};

/// A code-hosting provider, as the rest of mileport sees it.
pub trait Forge: Sized + Send + Sync + 'static {
    /// Which provider this is.
    const PROVIDER: Provider;
    /// The name used on the command line and in files (`gitcode`).
    const ID: &'static str;
    /// The name people know it by (`GitCode`).
    const NAME: &'static str;
    /// The environment variables that hold the access token, name a file
    /// holding it, and override the API's base URL.
    const TOKEN_VAR: &'static str;
    const TOKEN_FILE_VAR: &'static str;
    const URL_VAR: &'static str;
    const DEFAULT_URL: &'static str;

    /// A milestone as the provider sends it, every field kept.
    type Milestone: Clone
        + fmt::Debug
        + PartialEq
        + Serialize
        + DeserializeOwned
        + Extra
        + Send
        + Sync
        + 'static;
    /// The provider's own key for a milestone (GitCode's and GitHub's
    /// `number`, SourceCraft's `slug`).
    type Id: Clone + fmt::Debug + fmt::Display + Eq + Hash + Ord + Serialize + Send + Sync + 'static;
    /// What a migration writes to one of its milestones.
    type Fields: Clone + fmt::Debug + Eq + Serialize + Send + Sync + 'static;
    /// A connected repository.
    type Repo: Send + Sync + 'static;
    /// What writes to one target share for the length of a run (GitCode:
    /// which words its server takes for a state change).
    type WriteState: Default + Send + Sync + 'static;

    // Reading (the provider's `adapter.rs`).

    /// A repository's client, from a connection (token, base URL).
    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<Self::Repo, ConnectionError>;
    fn repo(repo: &Self::Repo) -> &RepoRef;
    fn transport(repo: &Self::Repo) -> &Transport;
    /// The base URL requests go to (no trailing slash).
    fn base_url(repo: &Self::Repo) -> &str;

    /// Every milestone, all states, all pages, or an error (never a silent
    /// part), with warnings about how the provider listed them. `on_page`
    /// gets the running count.
    fn list(
        repo: &Self::Repo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> impl Future<Output = Result<(Vec<Self::Milestone>, Vec<String>), ApiError>> + Send;
    /// Every milestone again, without `list`'s checks on how the provider
    /// lists: for reading a target this run has already listed.
    fn list_again(
        repo: &Self::Repo,
    ) -> impl Future<Output = Result<Vec<Self::Milestone>, ApiError>> + Send;
    fn delete(
        repo: &Self::Repo,
        id: &Self::Id,
    ) -> impl Future<Output = Result<(), ApiError>> + Send;
    /// The pace creates alone are held to, where the provider limits them
    /// apart from other requests (GitHub's limits on content creation).
    fn create_pace(_repo: &Self::Repo) -> Option<PaceSettings> {
        None
    }
    /// Whether the token may write to the repository, where the provider
    /// can be asked before a write; `Unknown` elsewhere.
    fn write_access(
        _repo: &Self::Repo,
    ) -> impl Future<Output = Result<WriteAccess, ApiError>> + Send {
        std::future::ready(Ok(WriteAccess::Unknown))
    }

    /// Every repository of `owner` (the provider's `repos.rs`), through
    /// the same pacer as every other client of `connection`.
    fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> impl Future<Output = Result<OwnerRepos, OwnerListError>> + Send;

    /// What the provider calls the id of a failed request it asks to be
    /// quoted to its support (`trace id`).
    const REQUEST_ID_NAME: &'static str;
    /// What to do about an answer's status where this provider means
    /// something of its own by it (GitCode's 418), before the common advice.
    const STATUS_ADVICE: &'static [(u16, &'static str)] = &[];
    /// The rate limits the provider publishes for `host`, applied by
    /// default when talking to it.
    fn published_limits(_host: &str) -> Option<RateLimits> {
        None
    }

    // Who a milestone is.

    /// What the provider calls its key (`number`, `slug`), and the verb for
    /// giving a milestone another (`renumber`, `rename`).
    const ID_FIELD: &'static str;
    const ID_FIX: &'static str;
    /// What the provider calls a milestone's title (`title`, `name`).
    const TITLE_FIELD: &'static str;
    /// Whether due dates are calendar dates (a time of day is lost).
    const DATE_ONLY: bool;
    /// Whether a closed milestone is created closed in one request.
    const CREATES_CLOSED: bool;

    /// The milestone's key; `None` when it has none (a SourceCraft
    /// milestone without a slug).
    fn id(milestone: &Self::Milestone) -> Option<Self::Id>;
    /// The key as a 64-bit number, when it is one that fits: kept that way
    /// where a million keys are remembered at once.
    fn small_id(_id: &Self::Id) -> Option<i64> {
        None
    }
    /// How a person is shown which milestone this is, key or not.
    fn shown_id(milestone: &Self::Milestone) -> String {
        Self::id(milestone)
            .map(|id| id.to_string())
            .unwrap_or_default()
    }
    /// The title, as people tell milestones apart.
    fn title(milestone: &Self::Milestone) -> &str;
    /// Whether the milestone is open, closed or neither by the provider's
    /// own words.
    fn state(milestone: &Self::Milestone) -> Option<State>;
    /// What a source milestone is matched with on the target by: the title
    /// (GitCode, GitHub) or the slug (SourceCraft).
    fn match_key(milestone: &Self::Milestone) -> Option<&str>;
    fn fields_match_key(fields: &Self::Fields) -> &str;
    fn fields_title(fields: &Self::Fields) -> &str;
    fn fields_state(fields: &Self::Fields) -> State;
    /// The key shown for a milestone to be created (SourceCraft: the slug
    /// it will get); `None` when the provider assigns it.
    fn planned_id(fields: &Self::Fields) -> Option<String>;

    // Mapping (the provider's `mapping.rs`).

    /// A milestone as a neutral record, with every problem it has;
    /// `location` names the file and line when it was read from a file.
    fn to_record(
        milestone: &Self::Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>>;
    /// Every record made into what this provider stores, and every record
    /// that cannot be, with why (nothing is written unless all can).
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<Self>;
    /// What a record holds that this provider cannot, beyond the source's
    /// read-only fields.
    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str>;
    /// Where a milestone on the target differs from what it should hold.
    fn changes(found: &Self::Milestone, wanted: &Self::Fields) -> Vec<FieldChange>;
    /// What a create sets, compared to find copies of one milestone
    /// (dates as instants or dates; the start date only when it matters).
    fn content(milestone: &Self::Milestone, start_dates_matter: bool) -> Content;
    fn wanted_content(fields: &Self::Fields) -> Content;
    /// What orders copies of one milestone oldest first: a creation time
    /// and a number (`position` is its place in the listing).
    fn age(milestone: &Self::Milestone, position: usize) -> (String, WholeNumber);

    // Writing (the provider's `write.rs`): each exactly once, whatever fails.

    /// Creates a milestone exactly once and returns its key.
    fn create(
        repo: &Self::Repo,
        fields: &Self::Fields,
        context: &WriteContext<'_, Self>,
    ) -> impl Future<Output = Result<Self::Id, ApiError>> + Send;
    /// Brings an existing milestone to `fields`, changing `changes`.
    fn update(
        repo: &Self::Repo,
        id: &Self::Id,
        fields: &Self::Fields,
        changes: &[FieldChange],
        context: &WriteContext<'_, Self>,
    ) -> impl Future<Output = Result<(), ApiError>> + Send;

    // Backups (the provider's `backup.rs`).

    /// The CSV columns, in the order files show them.
    const COLUMNS: &'static [&'static str];
    /// Whether a CSV header (asked column by column) is this provider's.
    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool;
    /// Fields that hint at this provider in a milestone object of a JSON
    /// file that does not say whose it is.
    const HINTS: &'static [&'static str];
    /// The column a header that looks like this provider's lacks, if any.
    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str>;
    /// A milestone as a CSV row.
    fn flatten(milestone: &Self::Milestone, location: &Location) -> Result<Row, FileError>;
    /// A CSV row as a milestone.
    fn unflatten(row: Row, location: &Location) -> Result<Self::Milestone, FileError>;
    /// Checks one milestone object of a JSON backup before it is read.
    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError>;
}
