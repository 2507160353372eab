//! The records of a run mapped for the target `F`: the user's time zone
//! applied to deadlines first, then the provider's mapping; every record
//! mapped or every reason one cannot be, and what the target cannot carry.

use std::borrow::Cow;

use crate::{
    forge::{Forge, Mapped, Mapping},
    mapping::{MappingError, MappingOptions, dates},
    record::Neutral,
};

/// Maps every record for `target`, or lists every record that cannot be
/// mapped: nothing is written unless all of them can.
pub fn map_records<F: Forge>(
    records: Vec<F::Record>,
    options: &MappingOptions,
) -> Result<Vec<Box<Mapped<F>>>, Vec<MappingError>> {
    map_each::<F>(records, options).into_result()
}

/// Maps what can be mapped and names what cannot: for a dry run, which
/// shows both.
pub fn map_each<F: Forge>(mut records: Vec<F::Record>, options: &MappingOptions) -> Mapping<F> {
    if let Some(zone) = &options.timezone {
        for due in records.iter_mut().filter_map(|r| r.due_mut()) {
            if let Some(deadline) = &due.original_deadline
                && let Ok(date) = dates::deadline_date_in(deadline, Some(zone))
            {
                due.date = date;
                due.midnight = dates::deadline_is_midnight(deadline, Some(zone));
            }
        }
    }
    F::map_records(records, options)
}

/// The fields of a record that the target `F` has no place for: the
/// source's read-only fields, and what only the source provider knows.
pub fn not_carried<F: Forge>(record: &F::Record) -> Vec<Cow<'static, str>> {
    let mut fields = record.read_only().to_vec();
    fields.extend(F::not_carried(record).into_iter().map(Cow::Borrowed));
    fields
}
