//! What a provider's mapping makes of the records it is given: each record
//! it can hold paired with what it writes for it, each it cannot named
//! with why, and the errors that say what to do.

use super::Forge;
use crate::mapping::{MappingError, Refused};

/// A milestone in the source, mapped for the target `F`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapped<F: Forge> {
    pub record: F::Record,
    pub target: F::Fields,
}

/// What a provider made of the records: those it can hold, mapped; those
/// it cannot, each named; and the errors that say what to do (one error
/// may stand for several refused records, as a repeated title does).
pub struct Mapping<F: Forge> {
    /// Boxed: a plan of many milestones then moves pointers, and the
    /// records are never held twice while they are mapped and planned.
    pub mapped: Vec<Box<Mapped<F>>>,
    pub refused: Vec<Refused>,
    pub errors: Vec<MappingError>,
}

impl<F: Forge> Mapping<F> {
    /// Every record mapped, none refused.
    pub fn all(mapped: Vec<Box<Mapped<F>>>) -> Mapping<F> {
        Mapping {
            mapped,
            refused: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// What a plan of records made: each record it can hold paired with
    /// what it writes for it, those refused, and the errors.
    pub fn from_pairs(
        pairs: Vec<(F::Record, F::Fields)>,
        refused: Vec<Refused>,
        errors: Vec<MappingError>,
    ) -> Mapping<F> {
        Mapping {
            mapped: pairs
                .into_iter()
                .map(|(record, target)| Box::new(Mapped { record, target }))
                .collect(),
            refused,
            errors,
        }
    }

    /// All of them mapped, or every error: nothing is written unless all
    /// can be.
    pub fn into_result(self) -> Result<Vec<Box<Mapped<F>>>, Vec<MappingError>> {
        if self.errors.is_empty() {
            Ok(self.mapped)
        } else {
            Err(self.errors)
        }
    }
}
