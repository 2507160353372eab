//! GitCode's side of the mapping: its milestones read into records
//! (`active`/`open`/`closed`, `due_on` as a calendar date) and records made
//! into GitCode milestones (`due_on` required, so a record without a due
//! date needs the user's `--default-due-on`).

use crate::protocols::v5::mapping::{MilestoneFields, date_text};
use crate::{
    providers::gitcode::client::types::{CreateMilestoneBody, UpdateMilestoneBody},
    record::State,
};

/// What a GitCode milestone holds that a migration writes: the family's.
pub type GitCodeFields = MilestoneFields;

/// Reads GitCode's `state`: `active` and `open` mean open.
pub fn parse_state(value: Option<&str>) -> Result<State, String> {
    match value {
        Some("active" | "open") => Ok(State::Open),
        Some("closed") => Ok(State::Closed),
        Some(other) => Err(format!(
            "has the unknown state `{}`: expected `active`, `open` or `closed`",
            crate::files::excerpt(other)
        )),
        None => Err("is missing: expected `active`, `open` or `closed`".to_owned()),
    }
}

pub fn create_body(fields: &GitCodeFields) -> CreateMilestoneBody {
    CreateMilestoneBody {
        title: fields.title.clone(),
        due_on: date_text(fields.due_on),
        description: fields.description.clone(),
    }
}

/// GitCode's PATCH needs `title` and `due_on` every time; the state goes with them.
pub fn update_body(fields: &GitCodeFields) -> UpdateMilestoneBody {
    UpdateMilestoneBody {
        title: fields.title.clone(),
        due_on: date_text(fields.due_on),
        description: Some(fields.description.clone().unwrap_or_default()),
        state: Some(fields.state.to_string()),
    }
}
