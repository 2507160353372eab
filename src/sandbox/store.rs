//! What the providers' stores (`providers/<name>/sandbox_store.rs`) share:
//! the repositories they hold and those marked missing ([`Held`]), counters
//! that hand out ids, stable repository ids, and addresses with a name in
//! them.

use std::collections::{BTreeMap, BTreeSet};

/// The repositories an imitation holds, by `owner/repo`, and those marked
/// missing, which answer as if they were not held (seeded as `missing`).
#[derive(Debug)]
pub(crate) struct Held<R> {
    /// Every repository, missing ones included.
    pub repos: BTreeMap<String, R>,
    pub missing: BTreeSet<String>,
}

impl<R> Default for Held<R> {
    fn default() -> Self {
        Held {
            repos: BTreeMap::new(),
            missing: BTreeSet::new(),
        }
    }
}

impl<R> Held<R> {
    /// The repository `name`; `None` when it is not held or marked missing.
    pub fn repo(&mut self, name: &str) -> Option<&mut R> {
        if self.missing.contains(name) {
            return None;
        }
        self.repos.get_mut(name)
    }

    /// What `read` takes from the repository `name`, marked missing or
    /// not; the default when it is not held.
    pub fn read<T: Default>(&self, name: &str, read: impl FnOnce(&R) -> T) -> T {
        self.repos.get(name).map(read).unwrap_or_default()
    }

    /// Every repository held and not marked missing, by name.
    pub fn present(&self) -> impl Iterator<Item = (&String, &R)> {
        self.repos
            .iter()
            .filter(|(name, _)| !self.missing.contains(*name))
    }

    /// The repositories of `owner` (the part of `owner/repo` before the
    /// `/`, as `matches` compares it), as (owner as held, the rest, the
    /// repository), sorted by name; those marked missing are left out.
    pub fn of_owner<'a>(
        &'a self,
        matches: impl Fn(&str) -> bool + 'a,
    ) -> impl Iterator<Item = (&'a str, &'a str, &'a R)> {
        self.present().filter_map(move |(name, repo)| {
            let (held_by, rest) = name.split_once('/')?;
            matches(held_by).then_some((held_by, rest, repo))
        })
    }

    /// Every repository held, as `owner/repo` with the count `count` gives
    /// (its milestones).
    pub fn repositories(&self, count: impl Fn(&R) -> usize) -> Vec<(String, usize)> {
        self.present()
            .map(|(name, repo)| (name.clone(), count(repo)))
            .collect()
    }
}

/// A counter that hands out ids, each once, from where it starts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Counter(pub i64);

impl Counter {
    /// The next id.
    pub fn next(&mut self) -> i64 {
        let id = self.0;
        self.0 += 1;
        id
    }

    /// Continues above `seen`, a seeded id.
    pub fn above(&mut self, seen: i64) {
        self.0 = self.0.max(seen + 1);
    }
}

/// A stable repository id derived from the name, so that it is the same on
/// every run and in every snapshot.
pub(crate) fn repository_id(repo: &str) -> i64 {
    let hash = repo.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    // Seven-digit ids, like the real service's.
    1_000_000 + (hash % 9_000_000) as i64
}

/// `base` (a URL) with `segment` appended as one percent-encoded path
/// segment, as a label's name is in its URL; `base/segment` as it is when
/// `base` is no URL.
pub(crate) fn with_segment(base: &str, segment: &str) -> String {
    match url::Url::parse(base) {
        Ok(mut url) => {
            if let Ok(mut segments) = url.path_segments_mut() {
                segments.pop_if_empty().push(segment);
            }
            url.to_string()
        }
        Err(_) => format!("{base}/{segment}"),
    }
}
