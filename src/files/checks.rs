//! Checks across the rows of a backup, made before anything is written:
//! two milestones with one number (GitCode) or one slug (SourceCraft)
//! would land on the target as one, the second overwriting the first; and
//! a control character in a title (a NUL, an escape) is never what a
//! person meant and breaks what shows it.

use std::collections::HashMap;

use super::{Entry, Location};
use crate::{mapping::MappingError, providers::number::WholeNumber};

/// Remembers the numbers and slugs seen so far in one file.
#[derive(Debug, Default)]
pub struct RowChecks {
    numbers: HashMap<WholeNumber, Location>,
    slugs: HashMap<String, Location>,
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
                if let Some(first) = self.numbers.get(&item.milestone.number) {
                    problems.push(MappingError::new(
                        origin,
                        "number",
                        format!(
                            "is `{}`, the number of the milestone at {first} too: each milestone needs its own number; remove or renumber one of them",
                            item.milestone.number
                        ),
                    ));
                } else {
                    self.numbers
                        .insert(item.milestone.number.clone(), origin.clone());
                }
            }
            Entry::SourceCraft(item) => {
                let origin = &item.location;
                if let Some(name) = &item.milestone.name {
                    title_problem(origin, "name", name, &mut problems);
                }
                if let Some(slug) = item.milestone.slug.as_deref().filter(|s| !s.is_empty()) {
                    if let Some(first) = self.slugs.get(slug) {
                        problems.push(MappingError::new(
                            origin,
                            "slug",
                            format!(
                                "is `{slug}`, the slug of the milestone at {first} too: each milestone needs its own slug; remove or rename one of them"
                            ),
                        ));
                    } else {
                        self.slugs.insert(slug.to_owned(), origin.clone());
                    }
                }
            }
        }
        problems
    }
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
