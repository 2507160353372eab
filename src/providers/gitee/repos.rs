//! Every repository of a Gitee owner: the family's listing
//! ([`V5Owners`]) over Gitee's client, its generated repository read through
//! [`WireRepository`].

use crate::net::number::WholeNumber;
use crate::protocols::v5::{V5Owners, WireRepository};
use crate::providers::gitee::client::types::Repository;

/// The owner-level operations of Gitee.
pub type GiteeOwners = V5Owners<super::Gitee>;

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
