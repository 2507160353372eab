//! How a provider's milestones map to and from the neutral record, and how
//! one on the target differs from what it should hold. Implemented in the
//! provider's `mapping.rs`.

use super::{Forge, Identity};
use crate::{
    mapping::{FieldChange, Mapping, MappingError, MappingOptions},
    pipeline::verify::Content,
    providers::number::WholeNumber,
    record::MilestoneRecord,
};

/// A provider's mapping of milestones to records and records to `Fields`.
pub trait Mapper: Identity {
    /// A milestone as a neutral record, with every problem it has;
    /// `location` names the file and line when it was read from a file.
    fn to_record(
        milestone: &Self::Milestone,
        location: Option<String>,
    ) -> Result<MilestoneRecord, Vec<MappingError>>;
    /// Every record made into what this provider stores, and every record
    /// that cannot be, with why (nothing is written unless all can).
    fn map_records(records: Vec<MilestoneRecord>, options: &MappingOptions) -> Mapping<Self>
    where
        Self: Forge;
    /// What a record holds that this provider cannot, beyond the source's
    /// read-only fields.
    fn not_carried(record: &MilestoneRecord) -> Vec<&'static str>;
    /// Where a milestone on the target differs from what it should hold.
    fn changes(found: &Self::Milestone, wanted: &Self::Fields) -> Vec<FieldChange>;
    /// What a create sets, compared to find copies of one milestone
    /// (dates as instants or dates; the start date only when it matters).
    fn content(milestone: &Self::Milestone, start_dates_matter: bool) -> Content;
    fn wanted_content(fields: &Self::Fields) -> Content;
    /// What orders copies of one milestone oldest first: a creation time
    /// and a number (`position` is its place in the listing).
    fn age(milestone: &Self::Milestone, position: usize) -> (String, WholeNumber);
}
