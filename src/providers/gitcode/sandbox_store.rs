//! The GitCode imitation's state: per repository, its id and milestones,
//! and the one counter that numbers milestones for the whole side, as on
//! the real service, so numbers are never reused even across repositories.
//!
//! A repository exists only when seeded or declared (empty): any other
//! answers 404, as GitCode does, so a mistyped name is an error.

use std::collections::{BTreeMap, BTreeSet};

use crate::providers::generated::gitcode::types::Milestone;
use crate::sandbox::{ProviderSeed, store::repository_id};

/// The first number the side hands out when nothing seeded is higher.
const FIRST_NUMBER: i64 = 4914;

/// A GitCode repository: its id and its milestones by number.
#[derive(Debug, Default)]
pub(crate) struct Repo {
    pub repository_id: i64,
    pub milestones: BTreeMap<i64, Milestone>,
}

#[derive(Debug)]
pub struct Store {
    repos: BTreeMap<String, Repo>,
    missing: BTreeSet<String>,
    users: BTreeSet<String>,
    next_number: i64,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            repos: BTreeMap::new(),
            missing: BTreeSet::new(),
            users: BTreeSet::new(),
            next_number: FIRST_NUMBER,
        }
    }
}

impl Store {
    /// The repository `owner/repo`; `None` when the sandbox does not hold
    /// it or it is marked missing.
    pub fn repo(&mut self, repo: &str) -> Option<&mut Repo> {
        if self.missing.contains(repo) {
            return None;
        }
        self.repos.get_mut(repo)
    }

    /// Every repository held, as `owner/repo` with its milestone count.
    pub fn repositories(&self) -> Vec<(String, usize)> {
        self.repos
            .iter()
            .filter(|(name, _)| !self.missing.contains(*name))
            .map(|(name, repo)| (name.clone(), repo.milestones.len()))
            .collect()
    }

    /// Whether the owner `name` is a user (else an organisation).
    pub fn is_user(&self, name: &str) -> bool {
        self.users.contains(name)
    }

    /// The repositories of `owner`, as (path, repository id), sorted by
    /// path; repositories marked missing are left out.
    pub fn owner_repos(&self, owner: &str) -> Vec<(String, i64)> {
        self.repos
            .iter()
            .filter(|(name, _)| !self.missing.contains(*name))
            .filter_map(|(name, repo)| {
                let (held_by, path) = name.split_once('/')?;
                (held_by == owner).then(|| (path.to_owned(), repo.repository_id))
            })
            .collect()
    }

    pub fn next_number(&mut self) -> i64 {
        let number = self.next_number;
        self.next_number += 1;
        number
    }

    pub fn milestones(&self, repo: &str) -> Vec<Milestone> {
        self.repos
            .get(repo)
            .map(|r| r.milestones.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Loads seed data. Seeded milestones keep their numbers (replacing a
    /// milestone with the same number); the counter continues above the
    /// highest seeded one.
    pub fn seed(&mut self, data: ProviderSeed<Milestone>) {
        self.missing.extend(data.missing);
        self.users.extend(data.users);
        for (repo, milestones) in data.milestones {
            let entry = self.repos.entry(repo.clone()).or_insert_with(|| Repo {
                repository_id: milestones
                    .iter()
                    .find_map(|m| m.repository_id.as_ref().and_then(|id| id.as_i64()))
                    .unwrap_or_else(|| repository_id(&repo)),
                milestones: BTreeMap::new(),
            });
            for mut milestone in milestones {
                // "open" and "active" both mean open; the API answers "active".
                milestone.state = match milestone.state.as_deref() {
                    None | Some("open") => Some("active".to_owned()),
                    Some(_) => milestone.state,
                };
                // The sandbox keys milestones by a 64-bit number; a larger
                // one cannot be addressed and is left out.
                let Some(number) = milestone.number.as_i64() else {
                    continue;
                };
                self.next_number = self.next_number.max(number + 1);
                entry.milestones.insert(number, milestone);
            }
        }
    }
}
