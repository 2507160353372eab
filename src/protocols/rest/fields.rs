//! What a migration writes to a milestone of a member whose milestone has
//! a title, a description, a `due_on` date and a state (Gitea's, GitHub's).

use chrono::NaiveDate;
use serde::Serialize;

use crate::record::State;

/// A milestone's written fields, its due date as the calendar date
/// `due_on` is sent for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DueOnFields {
    pub title: String,
    pub description: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub state: State,
}
