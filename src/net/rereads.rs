//! A listing that changed while it was read (an item seen twice, a total
//! that moved, pages that loop) is read again: up to [`READS`] readings in
//! all, then an error saying what gave each reading away — never a part of
//! the listing. Every provider's milestone and repository listings use it.
//!
//! A listing of several pages that no total can check (a bare array, or
//! GitHub's `Link` paging) may lose an item silently when another one is
//! deleted between pages (offset paging shifts the rest): it is kept only
//! once two readings in a row agree on the same set of ids.

use std::collections::BTreeSet;

use crate::net::error::{ApiError, Failure};
use crate::provider::Provider;

/// How many times a listing that changed while it was read is read in all.
pub const READS: usize = 3;

/// What one reading of a listing found.
pub enum Pass<T> {
    Complete(T),
    /// Every page was read, but nothing counted them: kept once another
    /// reading finds the same ids (the second field).
    Unconfirmed(T, BTreeSet<String>),
    /// The listing changed while it was read: what gave it away.
    Changed(String),
}

/// A whole reading made into a [`Pass`]: checked against the server's count
/// when it gave one; with no count and more than one page, it stands only
/// once another reading finds the same keys; else complete. `what` names
/// the objects ("milestones") in what gave a changed listing away.
pub fn tally<T, K: ToString>(
    objects: Vec<T>,
    total: Option<u64>,
    pages: usize,
    what: &str,
    key: impl Fn(&T) -> K,
) -> Pass<Vec<T>> {
    match total {
        Some(count) if count != objects.len() as u64 => Pass::Changed(format!(
            "read {} {what} where the server counts {count}",
            objects.len()
        )),
        None if pages > 1 => {
            let keys = objects.iter().map(|o| key(o).to_string()).collect();
            Pass::Unconfirmed(objects, keys)
        }
        _ => Pass::Complete(objects),
    }
}

/// What is listed, for the advice when every reading changed.
#[derive(Clone, Copy, Debug)]
pub enum Listed {
    Milestones,
    Labels,
    Repositories,
}

/// What the readings of one listing have given away so far.
#[derive(Debug, Default)]
pub struct Rereads {
    problems: Vec<String>,
    /// The ids of the last reading that nothing counted.
    unconfirmed: Option<BTreeSet<String>>,
    /// The ids two readings in a row agreed on, once they did.
    agreed: Option<BTreeSet<String>>,
}

impl Rereads {
    /// The listing, when this reading completed it; else the change is
    /// noted and the listing must be read again.
    pub fn complete<T>(&mut self, pass: Pass<T>) -> Option<T> {
        match pass {
            Pass::Complete(listing) => Some(listing),
            Pass::Unconfirmed(listing, ids) => match self.unconfirmed.take() {
                Some(earlier) if earlier == ids => {
                    self.agreed = Some(ids);
                    Some(listing)
                }
                earlier => {
                    if let Some(earlier) = earlier {
                        self.changed(disagreement(&earlier, &ids));
                    }
                    self.unconfirmed = Some(ids);
                    None
                }
            },
            Pass::Changed(problem) => {
                self.changed(problem);
                None
            }
        }
    }

    /// Notes what gave a reading away. Agreement is between readings in a
    /// row: the next reading without a total agrees with none.
    pub fn changed(&mut self, problem: String) {
        self.unconfirmed = None;
        self.problems.push(problem);
    }

    /// The ids two readings in a row agreed on, when a reading completed
    /// so; taken once.
    pub fn take_agreed(&mut self) -> Option<BTreeSet<String>> {
        self.agreed.take()
    }

    /// What gave the earlier readings away, in order.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The error once every reading changed while it was read.
    pub fn exhausted(
        self,
        provider: Provider,
        operation: impl Into<String>,
        listed: Listed,
    ) -> ApiError {
        let advice = match listed {
            Listed::Milestones | Listed::Labels => "the repository is not being changed",
            Listed::Repositories => "no repository is being created or removed",
        };
        ApiError::new(
            provider,
            operation,
            Failure::Incomplete(format!(
                "the listing did not add up in {READS} readings ({}); try again when {advice}",
                self.problems.join("; ")
            )),
        )
    }
}

/// What two readings without a total disagreed on.
fn disagreement(earlier: &BTreeSet<String>, later: &BTreeSet<String>) -> String {
    let shown = |ids: Vec<&String>| match ids.len() {
        0 => "none".to_owned(),
        n if n > 5 => format!("{} and {} more", join(&ids[..5]), n - 5),
        _ => join(&ids),
    };
    format!(
        "two readings with no total to check them disagreed: only the earlier listed {}, only the later {}",
        shown(earlier.difference(later).collect()),
        shown(later.difference(earlier).collect())
    )
}

fn join(ids: &[&String]) -> String {
    ids.iter()
        .map(|id| id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> BTreeSet<String> {
        list.iter().map(|id| (*id).to_owned()).collect()
    }

    fn reading(list: &[&str]) -> Pass<Vec<String>> {
        Pass::Unconfirmed(list.iter().map(|id| (*id).to_owned()).collect(), ids(list))
    }

    #[test]
    fn a_listing_without_a_total_is_kept_once_two_readings_agree() {
        let mut rereads = Rereads::default();
        assert!(rereads.complete(reading(&["1", "2", "4"])).is_none());
        assert!(rereads.complete(reading(&["2", "3", "4"])).is_none());
        let kept = rereads.complete(reading(&["2", "3", "4"])).unwrap();
        assert_eq!(kept, ["2", "3", "4"]);
        assert_eq!(
            rereads.problems(),
            [
                "two readings with no total to check them disagreed: only the earlier listed 1, only the later 3"
            ]
        );
    }

    #[test]
    fn a_reading_that_changed_is_not_one_to_agree_with() {
        let mut rereads = Rereads::default();
        assert!(rereads.complete(reading(&["1"])).is_none());
        assert!(
            rereads
                .complete::<Vec<String>>(Pass::Changed("listed twice".into()))
                .is_none()
        );
        assert!(rereads.complete(reading(&["1"])).is_none());
        assert!(rereads.complete(reading(&["1"])).is_some());
    }
}
