//! GitCode: its client (generated from `openapi/gitcode.yaml`), adapter,
//! mapping, writes, backup columns and sandbox imitation, behind
//! [`Forge`]. GitCode keys milestones by `number`, matches them by title
//! (titles may repeat) and keeps due dates as calendar dates.

pub mod adapter;
pub mod backup;
pub mod mapping;
pub mod repos;
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(feature = "sandbox")]
pub mod sandbox_faults;
#[cfg(feature = "sandbox")]
mod sandbox_owners;
#[cfg(feature = "sandbox")]
mod sandbox_sample;
#[cfg(feature = "sandbox")]
mod sandbox_store;
pub mod write;

use serde_json::{Map, Value};

pub use self::{adapter::GitCodeRepo, mapping::GitCodeFields};
use super::{
    ClientOptions, Provider, RepoRef,
    connection::{Connection, ConnectionError},
    error::ApiError,
    forge::Forge,
    generated::gitcode::types::Milestone,
    number::WholeNumber,
    owner::{OwnerListError, OwnerRepos},
    rate::RateLimits,
    transport::Transport,
};
use crate::{
    files::{FileError, Location, Row},
    mapping::{FieldChange, Mapping, MappingError, MappingOptions},
    pipeline::{verify::Content, write::WriteContext},
    record::{MilestoneRecord, State},
};

/// GitCode's published limits per token: 50 requests a minute, 4000 an
/// hour.
pub const PUBLISHED_LIMITS: &str = "50/min,4000/h";

/// [`PUBLISHED_LIMITS`], read.
pub fn published_limits() -> RateLimits {
    PUBLISHED_LIMITS
        .parse()
        .unwrap_or_else(|_| RateLimits::default())
}

/// GitCode, as mileport sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GitCode;

impl Forge for GitCode {
    const PROVIDER: Provider = Provider::GitCode;
    const ID: &'static str = "gitcode";
    const NAME: &'static str = "GitCode";
    const TOKEN_VAR: &'static str = "GITCODE_TOKEN";
    const TOKEN_FILE_VAR: &'static str = "GITCODE_TOKEN_FILE";
    const URL_VAR: &'static str = "GITCODE_API_URL";
    const DEFAULT_URL: &'static str = "https://api.gitcode.com/api/v5";
    type Milestone = Milestone;
    type Id = WholeNumber;
    type Fields = GitCodeFields;
    type Repo = GitCodeRepo;
    type WriteState = write::Learnt;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GitCodeRepo, ConnectionError> {
        GitCodeRepo::new(connection, repo, options)
    }

    fn repo(repo: &GitCodeRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &GitCodeRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &GitCodeRepo) -> &str {
        repo.base_url()
    }

    async fn list(
        repo: &GitCodeRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        let mut milestones = repo.list_all(on_page).await?;
        let warnings = repo.complete_closed(&mut milestones).await?;
        Ok((milestones, warnings.into_iter().collect()))
    }

    async fn list_again(repo: &GitCodeRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_all(|_| {}).await
    }

    async fn delete(repo: &GitCodeRepo, id: &WholeNumber) -> Result<(), ApiError> {
        repo.delete(id).await
    }

    async fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> Result<OwnerRepos, OwnerListError> {
        let owners = repos::GitCodeOwners::new(connection, options)?;
        Ok(owners.list_repos(owner).await?)
    }

    const REQUEST_ID_NAME: &'static str = "trace id";
    const STATUS_ADVICE: &'static [(u16, &'static str)] = &[(
        418,
        "GitCode refused the content as unsafe (418): check the title and description of this milestone for words or links its filter rejects",
    )];

    /// GitCode's published limits hold against its public API.
    fn published_limits(host: &str) -> Option<RateLimits> {
        host.eq_ignore_ascii_case("api.gitcode.com")
            .then(published_limits)
    }

    const ID_FIELD: &'static str = "number";
    const ID_FIX: &'static str = "renumber";
    const TITLE_FIELD: &'static str = "title";
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = false;

    fn id(milestone: &Milestone) -> Option<WholeNumber> {
        Some(milestone.number.clone())
    }

    fn small_id(id: &WholeNumber) -> Option<i64> {
        id.as_i64()
    }

    fn title(milestone: &Milestone) -> &str {
        &milestone.title
    }

    fn state(milestone: &Milestone) -> Option<State> {
        mapping::parse_state(milestone.state.as_deref()).ok()
    }

    fn match_key(milestone: &Milestone) -> Option<&str> {
        Some(&milestone.title)
    }

    fn fields_match_key(fields: &GitCodeFields) -> &str {
        &fields.title
    }

    fn fields_title(fields: &GitCodeFields) -> &str {
        &fields.title
    }

    fn fields_state(fields: &GitCodeFields) -> State {
        fields.state
    }

    fn planned_id(_: &GitCodeFields) -> Option<String> {
        None
    }

    fn to_record(
        milestone: &Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>> {
        mapping::to_record_all(milestone, location)
    }

    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<GitCode> {
        mapping::map_records(records, options)
    }

    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str> {
        mapping::not_carried(record)
    }

    fn changes(found: &Milestone, wanted: &GitCodeFields) -> Vec<FieldChange> {
        mapping::changes(found, wanted)
    }

    fn content(milestone: &Milestone, _: bool) -> Content {
        (
            milestone.title.clone(),
            milestone.description.clone().unwrap_or_default(),
            milestone.due_on.clone().unwrap_or_default(),
            String::new(),
        )
    }

    fn wanted_content(fields: &GitCodeFields) -> Content {
        (
            fields.title.clone(),
            fields.description.clone().unwrap_or_default(),
            fields.due_on.format("%Y-%m-%d").to_string(),
            String::new(),
        )
    }

    fn age(milestone: &Milestone, _: usize) -> (String, WholeNumber) {
        (String::new(), milestone.number.clone())
    }

    async fn create(
        repo: &GitCodeRepo,
        fields: &GitCodeFields,
        context: &WriteContext<'_, GitCode>,
    ) -> Result<WholeNumber, ApiError> {
        write::create(repo, fields, context).await
    }

    async fn update(
        repo: &GitCodeRepo,
        id: &WholeNumber,
        fields: &GitCodeFields,
        _: &[FieldChange],
        context: &WriteContext<'_, GitCode>,
    ) -> Result<(), ApiError> {
        write::update(repo, id, fields, &context.state).await
    }

    const COLUMNS: &'static [&'static str] = &backup::COLUMNS;

    const HINTS: &'static [&'static str] = &["number", "title", "due_on"];

    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        backup::claims_columns(has)
    }

    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        backup::missing_column(has)
    }

    fn flatten(milestone: &Milestone, location: &Location) -> Result<Row, FileError> {
        backup::flatten(milestone, location)
    }

    fn unflatten(row: Row, location: &Location) -> Result<Milestone, FileError> {
        backup::unflatten(row, location)
    }

    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        backup::check_json(fields, location)
    }
}
