//! GitHub: its client (generated from `openapi/github.yaml`), adapter
//! (`Link` paging, its rate-limit headers read and obeyed), mapping (due
//! dates as GitHub keeps them), writes (closed milestones created closed,
//! taken titles looked up), an owner's repository listing, backup columns
//! and sandbox imitation, behind [`Forge`]. GitHub keys milestones by `number` and matches them by title,
//! which it keeps unique.

pub mod access;
pub mod adapter;
pub mod backup;
pub mod budget;
pub mod clock;
pub mod dates;
pub mod errors;
pub mod limits;
pub mod links;
pub mod mapping;
pub mod pages;
pub mod repos;
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(feature = "sandbox")]
pub mod sandbox_access;
#[cfg(feature = "sandbox")]
pub mod sandbox_faults;
#[cfg(feature = "sandbox")]
pub mod sandbox_moves;
#[cfg(feature = "sandbox")]
pub mod sandbox_owners;
#[cfg(feature = "sandbox")]
mod sandbox_sample;
pub mod write;

use serde_json::{Map, Value};

pub use self::{adapter::GitHubRepo, mapping::GitHubFields};
use super::{
    ClientOptions, Provider, RepoRef,
    access::WriteAccess,
    connection::{Connection, ConnectionError},
    error::ApiError,
    forge::Forge,
    generated::github::types::Milestone,
    number::WholeNumber,
    owner::{OwnerListError, OwnerRepos},
    pacer::PaceSettings,
    transport::Transport,
};
use crate::{
    files::{FileError, Location, Row},
    mapping::{FieldChange, Mapping, MappingError, MappingOptions},
    pipeline::{
        verify::{Content, instant},
        write::WriteContext,
    },
    record::{MilestoneRecord, State},
};

/// The environment variable that holds the access token.
pub const TOKEN_VAR: &str = "GITHUB_TOKEN";
/// The environment variable that overrides the API's base URL (GitHub
/// Enterprise Server: `https://HOST/api/v3`).
pub const URL_VAR: &str = "GITHUB_API_URL";

/// GitHub, as mileport sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GitHub;

impl Forge for GitHub {
    const PROVIDER: Provider = Provider::GitHub;
    const ID: &'static str = "github";
    const NAME: &'static str = "GitHub";
    const TOKEN_VAR: &'static str = TOKEN_VAR;
    const TOKEN_FILE_VAR: &'static str = "GITHUB_TOKEN_FILE";
    const URL_VAR: &'static str = URL_VAR;
    const DEFAULT_URL: &'static str = "https://api.github.com";
    type Milestone = Milestone;
    type Id = i64;
    type Fields = GitHubFields;
    type Repo = GitHubRepo;
    type WriteState = ();

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GitHubRepo, ConnectionError> {
        GitHubRepo::connect(connection, repo, options)
    }

    fn repo(repo: &GitHubRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &GitHubRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &GitHubRepo) -> &str {
        repo.base_url()
    }

    async fn list(
        repo: &GitHubRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        repo.list(on_page).await
    }

    async fn list_again(repo: &GitHubRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_again().await
    }

    async fn delete(repo: &GitHubRepo, id: &i64) -> Result<(), ApiError> {
        repo.delete(*id).await
    }

    fn create_pace(repo: &GitHubRepo) -> Option<PaceSettings> {
        Some(*repo.create_pace())
    }

    async fn write_access(repo: &GitHubRepo) -> Result<WriteAccess, ApiError> {
        repo.write_access().await
    }

    async fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> Result<OwnerRepos, OwnerListError> {
        let owners = repos::GitHubOwners::new(connection, options)?;
        Ok(owners.list_repos(owner).await?)
    }

    const REQUEST_ID_NAME: &'static str = "request id";
    const ID_FIELD: &'static str = "number";
    const ID_FIX: &'static str = "renumber";
    const TITLE_FIELD: &'static str = "title";
    const DATE_ONLY: bool = true;
    const CREATES_CLOSED: bool = true;

    fn id(milestone: &Milestone) -> Option<i64> {
        Some(milestone.number)
    }

    fn small_id(id: &i64) -> Option<i64> {
        Some(*id)
    }

    fn title(milestone: &Milestone) -> &str {
        &milestone.title
    }

    fn state(milestone: &Milestone) -> Option<State> {
        mapping::state(milestone)
    }

    fn match_key(milestone: &Milestone) -> Option<&str> {
        Some(&milestone.title)
    }

    fn fields_match_key(fields: &GitHubFields) -> &str {
        &fields.title
    }

    fn fields_title(fields: &GitHubFields) -> &str {
        &fields.title
    }

    fn fields_state(fields: &GitHubFields) -> State {
        fields.state
    }

    fn planned_id(_: &GitHubFields) -> Option<String> {
        None
    }

    fn to_record(
        milestone: &Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>> {
        mapping::to_record(milestone, location)
    }

    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<GitHub> {
        mapping::map_records(records, options)
    }

    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str> {
        mapping::not_carried(record)
    }

    fn changes(found: &Milestone, wanted: &GitHubFields) -> Vec<FieldChange> {
        mapping::changes(found, wanted)
    }

    /// Due dates compare as the dates GitHub keeps.
    fn content(milestone: &Milestone, _: bool) -> Content {
        let due = milestone
            .due_on
            .as_deref()
            .filter(|text| !text.is_empty())
            .map(|text| match dates::due_on_to_date(text) {
                Ok(date) => date.format("%Y-%m-%d").to_string(),
                Err(_) => instant(Some(text)),
            })
            .unwrap_or_default();
        (
            milestone.title.clone(),
            milestone.description.clone().unwrap_or_default(),
            due,
            String::new(),
        )
    }

    fn wanted_content(fields: &GitHubFields) -> Content {
        (
            fields.title.clone(),
            fields.description.clone().unwrap_or_default(),
            fields
                .due_on
                .map(|date| date.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            String::new(),
        )
    }

    fn age(milestone: &Milestone, _: usize) -> (String, WholeNumber) {
        (String::new(), WholeNumber::from(milestone.number))
    }

    async fn create(
        repo: &GitHubRepo,
        fields: &GitHubFields,
        context: &WriteContext<'_, GitHub>,
    ) -> Result<i64, ApiError> {
        write::create(repo, fields, context).await
    }

    async fn update(
        repo: &GitHubRepo,
        id: &i64,
        fields: &GitHubFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, GitHub>,
    ) -> Result<(), ApiError> {
        write::update(repo, *id, fields, changes).await
    }

    const COLUMNS: &'static [&'static str] = &backup::COLUMNS;
    const HINTS: &'static [&'static str] = &["node_id", "html_url", "labels_url"];

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
