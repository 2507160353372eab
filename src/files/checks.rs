//! Checks across the rows of a backup, made before anything is written:
//! two milestones with one number (GitCode) or one slug (SourceCraft)
//! would land on the target as one, the second overwriting the first; and
//! a control character in a title (a NUL, an escape) is never what a
//! person meant and breaks what shows it.
//!
//! A file of a million rows keeps a million keys, so each is kept small:
//! a number that fits 64 bits as itself, a longer one or a slug as a
//! 128-bit hash of it (two different ones sharing a hash is not a thing
//! that happens), and where it was first seen as one integer.

use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
};

use super::{Entry, Location};
use crate::mapping::MappingError;

/// Remembers the numbers and slugs seen so far in one file.
#[derive(Debug, Default)]
pub struct RowChecks {
    /// Numbers that fit 64 bits, as themselves.
    numbers: HashMap<i64, u64>,
    /// Longer numbers, and slugs, as 128-bit hashes.
    long_numbers: HashMap<u128, u64>,
    slugs: HashMap<u128, u64>,
}

impl RowChecks {
    /// The problems of one row that only show against the file's other rows
    /// or in its title's characters; empty when there are none.
    pub fn check(&mut self, entry: &Entry) -> Vec<MappingError> {
        let mut problems = Vec::new();
        match entry {
            Entry::GitCode(item) => {
                let origin = &item.location;
                title_problem(origin, "title", &item.milestone.title, &mut problems);
                let number = &item.milestone.number;
                let seen = match number.as_i64() {
                    Some(small) => self.numbers.get(&small),
                    None => self.long_numbers.get(&hash128(number)),
                };
                if let Some(&first) = seen {
                    let first = seen_at(origin, first);
                    problems.push(MappingError::new(
                        origin,
                        "number",
                        format!(
                            "is `{number}`, the number of the milestone at {first} too: each milestone needs its own number; remove or renumber one of them"
                        ),
                    ));
                } else if let Some(small) = number.as_i64() {
                    self.numbers.insert(small, mark(origin));
                } else {
                    self.long_numbers.insert(hash128(number), mark(origin));
                }
            }
            Entry::SourceCraft(item) => {
                let origin = &item.location;
                if let Some(name) = &item.milestone.name {
                    title_problem(origin, "name", name, &mut problems);
                }
                if let Some(slug) = item.milestone.slug.as_deref().filter(|s| !s.is_empty()) {
                    if let Some(&first) = self.slugs.get(&hash128(slug)) {
                        let first = seen_at(origin, first);
                        problems.push(MappingError::new(
                            origin,
                            "slug",
                            format!(
                                "is `{slug}`, the slug of the milestone at {first} too: each milestone needs its own slug; remove or rename one of them"
                            ),
                        ));
                    } else {
                        self.slugs.insert(hash128(slug), mark(origin));
                    }
                }
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
            line: Some(mark),
            // Not shown where there is a line.
            index: 0,
        },
        None => Location {
            file: origin.file.clone(),
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

/// A control character in a title: named by its code point and position.
fn title_problem(origin: &Location, field: &str, title: &str, problems: &mut Vec<MappingError>) {
    if let Some((at, c)) = title.chars().enumerate().find(|(_, c)| c.is_control()) {
        let name = match c {
            '\0' => " (NUL)".to_owned(),
            '\t' => " (tab)".to_owned(),
            '\n' => " (line break)".to_owned(),
            '\r' => " (carriage return)".to_owned(),
            '\u{1b}' => " (escape)".to_owned(),
            _ => String::new(),
        };
        problems.push(MappingError::new(
            origin,
            field,
            format!(
                "contains the control character U+{:04X}{name} at character {}: remove it from the title",
                u32::from(c),
                at + 1
            ),
        ));
    }
}
