//! Many repositories in one run: the pairs a `--repos FILE` lists, and the
//! pairs two owners' repository listings make by name. Both end as
//! [`RepoPair`]s, one source repository each into one target repository.

pub mod in_order;
pub mod pairing;
pub mod pairs;
pub mod report;

use std::fmt;

use crate::provider::RepoRef;

/// One source repository and the target repository it goes into.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RepoPair {
    pub source: RepoRef,
    pub target: RepoRef,
}

impl fmt::Display for RepoPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> {}", self.source, self.target)
    }
}
