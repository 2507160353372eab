//! Checks across the rows of a backup, made before anything is written:
//! two milestones with one number (GitCode) or one slug (SourceCraft)
//! would land on the target as one, the second overwriting the first.
//!
//! What a title or description holds is not checked: a backup holds what
//! the provider held (a tab, a line break, an escape), and restoring it
//! must give that back. Only the target can refuse a value, and its answer
//! says which; what reaches a terminal is escaped where it is printed
//! (`redact.rs`).
//!
//! A file of a million rows keeps a million keys, so each is kept small:
//! a number that fits 64 bits as itself, a longer one or a slug as a
//! 128-bit hash of it (two different ones sharing a hash is not a thing
//! that happens), and where it was first seen as one integer.

use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
};

use crate::{
    files::{Located, Location},
    forge::Forge,
    mapping::MappingError,
    record::Neutral,
};

/// Remembers the keys (numbers, slugs) seen so far in one file.
#[derive(Debug, Default)]
pub struct RowChecks {
    /// Numbers that fit 64 bits, as themselves, with where each was first seen.
    numbers: HashMap<i64, u64>,
    /// Other keys (longer numbers, slugs) as 128-bit hashes.
    keys: HashMap<u128, u64>,
}

impl RowChecks {
    /// The problems of one row that only show against the file's other
    /// rows; empty when there are none.
    pub fn check<F: Forge>(&mut self, item: &Located<F::Object>) -> Vec<MappingError> {
        let mut problems = Vec::new();
        let origin = &item.location;
        if let Some(key) = F::id(&item.milestone) {
            let small = F::small_id(&key);
            let hash = small.map_or_else(|| hash128(&key), |_| 0);
            let seen = match small {
                Some(number) => self.numbers.get(&number),
                None => self.keys.get(&hash),
            };
            if let Some(&first) = seen {
                let first = seen_at(origin, first);
                let field = F::ID_FIELD;
                let kind = <F::Record as Neutral>::KIND.one();
                let problem = MappingError::new(
                    origin,
                    field,
                    format!(
                        "is `{key}`, the {field} of the {kind} at {first} too: each {kind} needs its own {field}; remove or {} one of them",
                        F::ID_FIX
                    ),
                );
                problems.push(problem.with_value(key.to_string()).of(origin.kind));
            } else if let Some(number) = small {
                self.numbers.insert(number, mark(origin));
            } else {
                self.keys.insert(hash, mark(origin));
            }
        }
        problems
    }
}

/// Where a row is, as one integer: its line where the file has lines
/// (CSV), else its place in the list (JSON). Every row of a file has the
/// same kind of location, so [`seen_at`] can tell which it is.
fn mark(location: &Location) -> u64 {
    location.line.unwrap_or(location.index as u64)
}

/// The location `mark` was made from, in the file `origin` is in.
fn seen_at(origin: &Location, mark: u64) -> Location {
    match origin.line {
        Some(_) => Location {
            file: origin.file.clone(),
            kind: origin.kind,
            line: Some(mark),
            // Not shown where there is a line.
            index: 0,
        },
        None => Location {
            file: origin.file.clone(),
            kind: origin.kind,
            line: None,
            index: usize::try_from(mark).unwrap_or(usize::MAX),
        },
    }
}

/// A value as 128 bits: two hashes, told apart by what comes first.
fn hash128(value: &(impl Hash + ?Sized)) -> u128 {
    let half = |seed: u8| {
        let mut hasher = DefaultHasher::new();
        seed.hash(&mut hasher);
        value.hash(&mut hasher);
        hasher.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}
