//! Every repository of a GitCode owner: the family's listing
//! ([`V5Owners`]) over GitCode's client, its generated repository read through
//! [`WireRepository`].

use crate::net::number::WholeNumber;
use crate::protocols::v5::{V5Owners, WireRepository};
use crate::providers::gitcode::client::types::Repository;

/// The owner-level operations of GitCode.
pub type GitCodeOwners = V5Owners<super::GitCode>;

impl WireRepository for Repository {
    fn id(&self) -> Option<&WholeNumber> {
        self.id.as_ref()
    }

    fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    fn full_name(&self) -> Option<&str> {
        self.full_name.as_deref()
    }

    fn namespace_path(&self) -> Option<&str> {
        self.namespace.as_ref()?.path.as_deref()
    }
}
