//! How a provider's objects of one kind map to and from their neutral
//! record, and how one on the target differs from what it should hold.
//! Implemented in the provider's `mapping.rs` (milestones) and
//! `labels/mapping.rs` (labels).

use super::{Forge, Identity, Mapping};
use crate::{
    mapping::{FieldChange, MappingError, MappingOptions},
    net::number::WholeNumber,
    record::{Content, Neutral},
};

/// A provider's mapping of milestones to records and records to `Fields`.
pub trait Mapper: Identity {
    /// The neutral record of this kind of object.
    type Record: Neutral;

    /// A milestone as a neutral record, with every problem it has;
    /// `location` names the file and line when it was read from a file.
    fn to_record(
        milestone: &Self::Object,
        location: Option<String>,
    ) -> Result<Self::Record, Vec<MappingError>>;
    /// Every record made into what this provider stores, and every record
    /// that cannot be, with why (nothing is written unless all can).
    fn map_records(records: Vec<Self::Record>, options: &MappingOptions) -> Mapping<Self>
    where
        Self: Forge;
    /// What a record holds that this provider cannot, beyond the source's
    /// read-only fields.
    fn not_carried(record: &Self::Record) -> Vec<&'static str>;
    /// Where a milestone on the target differs from what it should hold.
    fn changes(found: &Self::Object, wanted: &Self::Fields) -> Vec<FieldChange>;
    /// What a create sets, compared to find copies of one milestone
    /// (dates as instants or dates; the start date only when it matters).
    fn content(milestone: &Self::Object, start_dates_matter: bool) -> Content;
    fn wanted_content(fields: &Self::Fields) -> Content;
    /// What orders copies of one milestone oldest first: a creation time
    /// and a number (`position` is its place in the listing).
    fn age(milestone: &Self::Object, position: usize) -> (String, WholeNumber);
}
