//! GitCode as a member of the v5 family ([`V5`]): its generated types, one
//! method per call of its generated client, and what sets it apart (the
//! content filter's 418 on a label's name, the `repository_id` that tells
//! its labels backups apart).

use std::future::Future;

use chrono::NaiveDate;

use serde_json::{Map, Value};

use super::{GitCode, labels, mapping};
use crate::mapping::dates::DateError;
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    number::WholeNumber,
    owner::OwnerKind,
    transport::Transport,
};
use crate::protocols::v5::{
    Answer, LabelChange, LabelFields, StateAsked, V5, WireMilestone, paging::PAGE_SIZE,
};
use crate::provider::RepoRef;
use crate::providers::gitcode::client::{
    Client,
    types::{
        CreateLabelBody, CreateMilestoneBody, Error, Label, Milestone, OrgRepoType, Repository,
        StateFilter, UpdateLabelBody, UpdateMilestoneBody, UserRepoType,
    },
};
use crate::record::State;

impl V5 for GitCode {
    type Client = Client;
    type Error = Error;
    type Label = Label;
    type Repository = Repository;
    type CreateMilestone = CreateMilestoneBody;
    type UpdateMilestone = UpdateMilestoneBody;

    const LABEL_STATUS_ADVICE: &'static [(u16, &'static str)] = &[(
        418,
        "GitCode refused the content as unsafe (418): check the name of this label for words its filter rejects",
    )];
    const A_LABEL: &'static str = "a GitCode label";
    const EVERY_LABEL_NAMED: &'static str = "filled in: every GitCode label has one";
    const LABEL_HINTS: &'static [&'static str] = &["repository_id"];

    fn claims_label_columns(has: &dyn Fn(&str) -> bool) -> bool {
        labels::claims_columns(has)
    }

    fn missing_label_column(has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        labels::missing_column(has)
    }

    fn client(connection: &Connection, options: &ClientOptions) -> Result<Client, ConnectionError> {
        let http = connection.http_client(options.timeout)?;
        let transport = Transport::for_connection(connection, options);
        Ok(Client::new_with_client(&connection.base(), http, transport))
    }

    async fn repos_page(
        client: &Client,
        owner: &str,
        kind: OwnerKind,
        page: u64,
    ) -> Answer<Vec<Repository>, Self> {
        match kind {
            OwnerKind::Organisation => {
                client
                    .list_org_repos()
                    .org(owner)
                    .type_(OrgRepoType::All)
                    .page(page)
                    .per_page(PAGE_SIZE as u64)
                    .send()
                    .await
            }
            OwnerKind::User => {
                client
                    .list_user_repos()
                    .username(owner)
                    .type_(UserRepoType::Owner)
                    .page(page)
                    .per_page(PAGE_SIZE as u64)
                    .send()
                    .await
            }
        }
    }

    fn parse_state(value: Option<&str>) -> Result<State, String> {
        mapping::parse_state(value)
    }

    fn parse_due_on(value: &str) -> Result<NaiveDate, DateError> {
        crate::mapping::dates::parse_due_date(value)
    }

    fn create_title(body: &CreateMilestoneBody) -> &str {
        &body.title
    }

    fn update_title(body: &UpdateMilestoneBody) -> &str {
        &body.title
    }

    fn update_state(body: &UpdateMilestoneBody) -> Option<&str> {
        body.state.as_deref()
    }

    fn milestone_page(
        client: &Client,
        repo: &RepoRef,
        state: StateAsked,
        page: u64,
    ) -> impl Future<Output = Answer<Vec<Value>, Self>> + Send {
        let state = match state {
            StateAsked::All => StateFilter::All,
            StateAsked::Closed => StateFilter::Closed,
        };
        client
            .list_milestones()
            .owner(&repo.owner)
            .repo(&repo.name)
            .state(state)
            .page(page)
            .per_page(PAGE_SIZE as u64)
            .send()
    }

    fn label_page(
        client: &Client,
        repo: &RepoRef,
        page: u64,
    ) -> impl Future<Output = Answer<Vec<Value>, Self>> + Send {
        client
            .list_labels()
            .owner(&repo.owner)
            .repo(&repo.name)
            .page(page)
            .per_page(PAGE_SIZE as u64)
            .send()
    }

    fn get_milestone(
        client: &Client,
        repo: &RepoRef,
        number: &WholeNumber,
    ) -> impl Future<Output = Answer<Milestone, Self>> + Send {
        client
            .get_milestone()
            .owner(&repo.owner)
            .repo(&repo.name)
            .number(number.clone())
            .send()
    }

    fn create_milestone(
        client: &Client,
        repo: &RepoRef,
        body: &CreateMilestoneBody,
    ) -> impl Future<Output = Answer<Milestone, Self>> + Send {
        client
            .create_milestone()
            .owner(&repo.owner)
            .repo(&repo.name)
            .body(body.clone())
            .send()
    }

    fn update_milestone(
        client: &Client,
        repo: &RepoRef,
        number: &WholeNumber,
        body: &UpdateMilestoneBody,
    ) -> impl Future<Output = Answer<Milestone, Self>> + Send {
        client
            .update_milestone()
            .owner(&repo.owner)
            .repo(&repo.name)
            .number(number.clone())
            .body(body.clone())
            .send()
    }

    fn delete_milestone(
        client: &Client,
        repo: &RepoRef,
        number: &WholeNumber,
    ) -> impl Future<Output = Answer<(), Self>> + Send {
        client
            .delete_milestone()
            .owner(&repo.owner)
            .repo(&repo.name)
            .number(number.clone())
            .send()
    }

    fn create_label(
        client: &Client,
        repo: &RepoRef,
        fields: &LabelFields,
    ) -> impl Future<Output = Answer<Label, Self>> + Send {
        let body = CreateLabelBody {
            name: fields.name.clone(),
            color: fields.color.clone(),
        };
        client
            .create_label()
            .owner(&repo.owner)
            .repo(&repo.name)
            .body(body)
            .send()
    }

    fn update_label(
        client: &Client,
        repo: &RepoRef,
        name: &str,
        change: &LabelChange,
    ) -> impl Future<Output = Answer<Label, Self>> + Send {
        let body = UpdateLabelBody {
            name: change.name.clone(),
            color: change.color.clone(),
        };
        client
            .update_label()
            .owner(&repo.owner)
            .repo(&repo.name)
            .name(name)
            .body(body)
            .send()
    }

    fn delete_label(
        client: &Client,
        repo: &RepoRef,
        name: &str,
    ) -> impl Future<Output = Answer<(), Self>> + Send {
        client
            .delete_label()
            .owner(&repo.owner)
            .repo(&repo.name)
            .name(name)
            .send()
    }
}

impl WireMilestone for Milestone {
    fn number(&self) -> &WholeNumber {
        &self.number
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    fn due_on(&self) -> Option<&str> {
        self.due_on.as_deref()
    }

    fn state(&self) -> Option<&str> {
        self.state.as_deref()
    }

    fn present(&self) -> Vec<(&'static str, bool)> {
        vec![
            ("number", true),
            ("id", self.id.is_some()),
            ("url", self.url.is_some()),
            ("open_issues", self.open_issues.is_some()),
            ("closed_issues", self.closed_issues.is_some()),
            ("repository_id", self.repository_id.is_some()),
            ("created_at", self.created_at.is_some()),
            ("updated_at", self.updated_at.is_some()),
        ]
    }

    fn extra(&self) -> &Map<String, Value> {
        &self.extra
    }
}
