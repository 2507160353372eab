//! SourceCraft: its client (generated from `openapi/sourcecraft.yaml`),
//! adapter, mapping, writes, backup columns and sandbox imitation, behind
//! [`Forge`]. SourceCraft keys and matches milestones by `slug` and keeps
//! deadlines as date-times.

pub mod adapter;
pub mod backup;
pub mod mapping;
pub mod repos;
#[cfg(feature = "sandbox")]
pub mod sandbox;
#[cfg(feature = "sandbox")]
mod sandbox_owners;
#[cfg(feature = "sandbox")]
mod sandbox_sample;
#[cfg(feature = "sandbox")]
mod sandbox_store;
pub mod write;

use serde_json::{Map, Value};

pub use self::{adapter::SourceCraftRepo, mapping::SourceCraftFields};
use super::{
    ClientOptions, Provider, RepoRef,
    connection::{Connection, ConnectionError},
    error::ApiError,
    forge::Forge,
    generated::sourcecraft::types::Milestone,
    number::WholeNumber,
    owner::{OwnerListError, OwnerRepos},
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

/// SourceCraft, as mileport sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SourceCraft;

impl Forge for SourceCraft {
    const PROVIDER: Provider = Provider::SourceCraft;
    const ID: &'static str = "sourcecraft";
    const NAME: &'static str = "SourceCraft";
    const TOKEN_VAR: &'static str = "SOURCECRAFT_TOKEN";
    const TOKEN_FILE_VAR: &'static str = "SOURCECRAFT_TOKEN_FILE";
    const URL_VAR: &'static str = "SOURCECRAFT_API_URL";
    const DEFAULT_URL: &'static str = "https://api.sourcecraft.tech";
    type Milestone = Milestone;
    type Id = String;
    type Fields = SourceCraftFields;
    type Repo = SourceCraftRepo;
    type WriteState = ();

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<SourceCraftRepo, ConnectionError> {
        SourceCraftRepo::new(connection, repo, options)
    }

    fn repo(repo: &SourceCraftRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &SourceCraftRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &SourceCraftRepo) -> &str {
        repo.base_url()
    }

    async fn list(
        repo: &SourceCraftRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        Ok((repo.list_all(on_page).await?, Vec::new()))
    }

    async fn list_again(repo: &SourceCraftRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_all(|_| {}).await
    }

    async fn delete(repo: &SourceCraftRepo, id: &String) -> Result<(), ApiError> {
        repo.delete(id).await
    }

    async fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> Result<OwnerRepos, OwnerListError> {
        let owners = repos::SourceCraftOwners::new(connection, options)?;
        Ok(owners.list_repos(owner).await?)
    }

    const REQUEST_ID_NAME: &'static str = "request id";

    const ID_FIELD: &'static str = "slug";
    const ID_FIX: &'static str = "rename";
    const TITLE_FIELD: &'static str = "name";
    const DATE_ONLY: bool = false;
    const CREATES_CLOSED: bool = false;

    fn id(milestone: &Milestone) -> Option<String> {
        milestone.slug.clone().filter(|slug| !slug.is_empty())
    }

    fn shown_id(milestone: &Milestone) -> String {
        Self::id(milestone)
            .or_else(|| milestone.id.clone())
            .unwrap_or_default()
    }

    fn title(milestone: &Milestone) -> &str {
        milestone.name.as_deref().unwrap_or_default()
    }

    fn state(milestone: &Milestone) -> Option<State> {
        mapping::parse_status(milestone.status.as_deref()).ok()
    }

    fn match_key(milestone: &Milestone) -> Option<&str> {
        milestone.slug.as_deref()
    }

    fn fields_match_key(fields: &SourceCraftFields) -> &str {
        &fields.slug
    }

    fn fields_title(fields: &SourceCraftFields) -> &str {
        &fields.name
    }

    fn fields_state(fields: &SourceCraftFields) -> State {
        fields.status
    }

    fn planned_id(fields: &SourceCraftFields) -> Option<String> {
        Some(fields.slug.clone())
    }

    fn to_record(
        milestone: &Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>> {
        mapping::to_record_all(milestone, location)
    }

    fn map_records(
        records: Vec<MilestoneRecord>,
        options: &MappingOptions,
    ) -> Mapping<SourceCraft> {
        Mapping::all(mapping::map_records(records, options))
    }

    fn not_carried(_: &MilestoneRecord) -> Vec<&'static str> {
        Vec::new()
    }

    fn changes(found: &Milestone, wanted: &SourceCraftFields) -> Vec<FieldChange> {
        mapping::changes(found, wanted)
    }

    fn content(milestone: &Milestone, start_dates_matter: bool) -> Content {
        (
            milestone.name.clone().unwrap_or_default(),
            milestone.description.clone().unwrap_or_default(),
            instant(milestone.deadline.as_deref()),
            if start_dates_matter {
                instant(milestone.start_date.as_deref())
            } else {
                String::new()
            },
        )
    }

    fn wanted_content(fields: &SourceCraftFields) -> Content {
        (
            fields.name.clone(),
            fields.description.clone().unwrap_or_default(),
            instant(fields.deadline.as_deref()),
            instant(fields.start_date.as_deref()),
        )
    }

    fn age(milestone: &Milestone, position: usize) -> (String, WholeNumber) {
        (
            instant(milestone.created_at.as_deref()),
            WholeNumber::from(position as i64),
        )
    }

    async fn create(
        repo: &SourceCraftRepo,
        fields: &SourceCraftFields,
        context: &WriteContext<'_, SourceCraft>,
    ) -> Result<String, ApiError> {
        write::create(repo, fields, context).await
    }

    async fn update(
        repo: &SourceCraftRepo,
        id: &String,
        fields: &SourceCraftFields,
        changes: &[FieldChange],
        _: &WriteContext<'_, SourceCraft>,
    ) -> Result<(), ApiError> {
        write::update(repo, id, fields, changes).await
    }

    const COLUMNS: &'static [&'static str] = &backup::COLUMNS;

    const HINTS: &'static [&'static str] = &["slug", "name", "deadline"];

    fn claims_columns(has: &dyn Fn(&str) -> bool) -> bool {
        backup::claims_columns(has)
    }

    fn missing_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        backup::missing_column(has)
    }

    fn flatten(milestone: &Milestone, location: &Location) -> Result<Row, FileError> {
        backup::flatten(milestone, location)
    }

    fn unflatten(row: Row, _: &Location) -> Result<Milestone, FileError> {
        Ok(backup::unflatten(row))
    }

    fn check_json(fields: &Map<String, Value>, location: &Location) -> Result<(), FileError> {
        backup::check_json(fields, location)
    }
}
