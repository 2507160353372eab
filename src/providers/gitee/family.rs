//! Gitee as a member of the v5 family ([`V5`]): its generated types, the
//! calls of its generated client (`v5/glue.rs`; its transport carries the
//! token in the query), and what sets it apart (no labels backup header
//! of its own).

use std::borrow::Cow;

use chrono::NaiveDate;

use super::{Gitee, labels, mapping};
use crate::mapping::dates::DateError;
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
};
use crate::protocols::v5::{V5, glue};
use crate::providers::gitee::client::{
    self, Client,
    types::{CreateMilestoneBody, Error, Label, Repository, UpdateMilestoneBody},
};
use crate::record::State;

impl V5 for Gitee {
    type Client = Client;
    type Error = Error;
    type Label = Label;
    type Repository = Repository;
    type CreateMilestone = CreateMilestoneBody;
    type UpdateMilestone = UpdateMilestoneBody;

    const A_LABEL: &'static str = "a Gitee label";
    const EVERY_LABEL_NAMED: &'static str = "filled in: every Gitee label has one";
    /// None: the family's labels header is never claimed as Gitee's.
    const LABEL_HINTS: &'static [&'static str] = &[];

    fn claims_label_columns(has: &dyn Fn(&str) -> bool) -> bool {
        labels::claims_columns(has)
    }

    fn missing_label_column(_: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        None
    }

    fn client(connection: &Connection, options: &ClientOptions) -> Result<Client, ConnectionError> {
        let http = connection.http_client(options.timeout)?;
        let transport = super::adapter::transport(connection, options);
        Ok(Client::new_with_client(&connection.base(), http, transport))
    }

    fn parse_state(value: Option<&str>) -> Result<State, String> {
        mapping::parse_state(value)
    }

    fn parse_due_on(value: &str) -> Result<NaiveDate, DateError> {
        mapping::parse_due_on(value)
    }

    /// A date-time's date part as sent.
    fn due_on_date(value: &str) -> Cow<'_, str> {
        mapping::due_on_date(value)
    }

    glue::calls!(client);
}

glue::wire_milestone!(client, present: [id, url, html_url, open_issues, closed_issues, repository_id, created_at, updated_at]);
