//! What a provider is to the rest of mileport: [`Forge`], a few traits cut
//! by responsibility, each implemented in the provider's folder
//! (`providers/<name>/`) in the file where that logic lives. The pipeline,
//! the backup files and the commands are written against `F: Forge` and
//! never name a provider; the command line picks the implementation once,
//! at the top, with [`with_forge!`](crate::with_forge).
//!
//! A provider supplies:
//! - [`Identity`] (`mod.rs`): its names, environment variables, wire types
//!   (`Milestone`, from the client generated from its spec in `openapi/`),
//!   its key for a milestone (`Id`: a number, a slug) and what a milestone
//!   is matched by;
//! - [`Reading`] (`adapter.rs`): connect, list every milestone, delete, and
//!   what it says about its limits and its errors;
//! - [`RepoListing`] (`repos.rs`): an owner's repositories, once per
//!   provider (not per kind of object, so not part of [`Forge`]);
//! - [`Mapper`] (`mapping.rs`): to and from the neutral
//!   [`MilestoneRecord`](crate::record::MilestoneRecord), what a migration
//!   writes (`Fields`) and how it differs from what is there;
//! - [`Writing`] (`write.rs`): create and update, each exactly once;
//! - [`BackupFormat`] (`backup.rs`): its CSV columns and the checks on its
//!   JSON objects.
//!
//! The types those traits hand back and forth live beside them: what a
//! mapping made of the records ([`Mapping`], [`Mapped`]) and what the
//! writes to one target share during a run ([`WriteContext`]).
//!
//! A kind of object other than milestones (labels, in `labels/`) is read
//! over the milestones' connection: it implements [`SharesConnection`] (its
//! listing and delete) and gets the rest of [`Reading`] from it.

mod backup;
mod describe;
mod identity;
mod mapped;
mod mapper;
mod reading;
mod repos;
mod shared;
mod write_context;
mod writing;

pub use self::describe::describe;
pub use self::{
    backup::BackupFormat,
    identity::Identity,
    mapped::{Mapped, Mapping},
    mapper::Mapper,
    reading::Reading,
    reading::Sink,
    repos::RepoListing,
    shared::SharesConnection,
    write_context::WriteContext,
    writing::Writing,
};

/// A code-hosting provider's protocol for one kind of object (its
/// milestones, its labels), as the rest of mileport sees it: every part of
/// it at once. Implemented by every type that implements the parts.
pub trait Forge: Identity + Reading + Mapper + Writing + BackupFormat {}

impl<T> Forge for T where T: Identity + Reading + Mapper + Writing + BackupFormat {}
