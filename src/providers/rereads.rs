//! A listing that changed while it was read (an item seen twice, a total
//! that moved, pages that loop) is read again: up to [`READS`] readings in
//! all, then an error saying what gave each reading away — never a part of
//! the listing. Every provider's milestone and repository listings use it.

use super::{
    Provider,
    error::{ApiError, Failure},
};

/// How many times a listing that changed while it was read is read in all.
pub const READS: usize = 3;

/// What one reading of a listing found.
pub enum Pass<T> {
    Complete(T),
    /// The listing changed while it was read: what gave it away.
    Changed(String),
}

/// What is listed, for the advice when every reading changed.
#[derive(Clone, Copy, Debug)]
pub enum Listed {
    Milestones,
    Repositories,
}

/// What the readings of one listing have given away so far.
#[derive(Debug, Default)]
pub struct Rereads {
    problems: Vec<String>,
}

impl Rereads {
    /// The listing, when this reading completed it; else the change is
    /// noted and the listing must be read again.
    pub fn complete<T>(&mut self, pass: Pass<T>) -> Option<T> {
        match pass {
            Pass::Complete(listing) => Some(listing),
            Pass::Changed(problem) => {
                self.changed(problem);
                None
            }
        }
    }

    /// Notes what gave a reading away.
    pub fn changed(&mut self, problem: String) {
        self.problems.push(problem);
    }

    /// What gave the earlier readings away, in order.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The error once every reading changed while it was read.
    pub fn exhausted(
        self,
        provider: Provider,
        operation: impl Into<String>,
        listed: Listed,
    ) -> ApiError {
        let advice = match listed {
            Listed::Milestones => "the repository is not being changed",
            Listed::Repositories => "no repository is being created or removed",
        };
        ApiError::new(
            provider,
            operation,
            Failure::Incomplete(format!(
                "the listing did not add up in {READS} readings ({}); try again when {advice}",
                self.problems.join("; ")
            )),
        )
    }
}
