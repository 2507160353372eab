//! GitCode as a member of the v5 family ([`V5`]): its generated types, the
//! calls of its generated client (`v5/glue.rs`), and what sets it apart (the
//! content filter's 418 on a label's name, the `repository_id` that tells
//! its labels backups apart).

use chrono::NaiveDate;

use super::{GitCode, labels, mapping};
use crate::mapping::dates::DateError;
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    transport::Transport,
};
use crate::protocols::v5::{V5, glue};
use crate::providers::gitcode::client::{
    self, Client,
    types::{CreateMilestoneBody, Error, Label, Repository, UpdateMilestoneBody},
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

    fn parse_state(value: Option<&str>) -> Result<State, String> {
        mapping::parse_state(value)
    }

    fn parse_due_on(value: &str) -> Result<NaiveDate, DateError> {
        crate::mapping::dates::parse_due_date(value)
    }

    glue::calls!(client);
}

glue::wire_milestone!(client, present: [id, url, open_issues, closed_issues, repository_id, created_at, updated_at]);
