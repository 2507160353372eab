//! A family member's imitated state: per repository, its id, milestones
//! and labels, and the counters that number milestones and give label ids
//! for the whole side, as on the real service, so numbers are never reused
//! even across repositories; and what a member keeps beyond that
//! (`extra`).
//!
//! A repository exists only when seeded or declared (empty): any other
//! answers 404, as the family does, so a mistyped name is an error.

use std::collections::{BTreeMap, BTreeSet};

use super::StoredMilestone;
use crate::{
    protocols::v5::WireLabel,
    sandbox::{ProviderSeed, store::repository_id},
};

/// The first number the side hands out when nothing seeded is higher.
const FIRST_NUMBER: i64 = 4914;
/// The first label id the side hands out when nothing seeded is higher.
const FIRST_LABEL_ID: i64 = 311_002;

/// A repository: its id, its milestones by number and its labels in
/// creation order.
#[derive(Debug)]
pub struct Repo<M, L> {
    pub repository_id: i64,
    pub milestones: BTreeMap<i64, M>,
    pub labels: Vec<L>,
}

impl<M, L> Repo<M, L> {
    fn new(repository_id: i64) -> Self {
        Repo {
            repository_id,
            milestones: BTreeMap::new(),
            labels: Vec::new(),
        }
    }
}

#[derive(Debug)]
pub struct Store<M, L, X> {
    repos: BTreeMap<String, Repo<M, L>>,
    missing: BTreeSet<String>,
    users: BTreeSet<String>,
    next_number: i64,
    next_label_id: i64,
    /// What the member keeps beyond the family's state.
    pub extra: X,
}

impl<M, L, X: Default> Default for Store<M, L, X> {
    fn default() -> Self {
        Store {
            repos: BTreeMap::new(),
            missing: BTreeSet::new(),
            users: BTreeSet::new(),
            next_number: FIRST_NUMBER,
            next_label_id: FIRST_LABEL_ID,
            extra: X::default(),
        }
    }
}

impl<M: Clone, L: WireLabel, X> Store<M, L, X> {
    /// The repository `owner/repo`; `None` when the sandbox does not hold
    /// it or it is marked missing.
    pub fn repo(&mut self, repo: &str) -> Option<&mut Repo<M, L>> {
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

    pub fn next_label_id(&mut self) -> i64 {
        let id = self.next_label_id;
        self.next_label_id += 1;
        id
    }

    /// Every label of a repository, in creation order.
    pub fn labels(&self, repo: &str) -> Vec<L> {
        self.repos
            .get(repo)
            .map(|r| r.labels.clone())
            .unwrap_or_default()
    }

    pub fn milestones(&self, repo: &str) -> Vec<M> {
        self.repos
            .get(repo)
            .map(|r| r.milestones.values().cloned().collect())
            .unwrap_or_default()
    }
}

impl<M: StoredMilestone + Clone, L: WireLabel, X> Store<M, L, X> {
    /// Loads seed data. Seeded milestones keep their numbers (replacing a
    /// milestone with the same number) and labels their ids (replacing a
    /// label of the same name); the counters continue above the highest
    /// seeded ones. `state` says how a seeded milestone's state is stored.
    pub fn seed(
        &mut self,
        data: ProviderSeed<M, L>,
        state: impl Fn(Option<&str>) -> Option<String>,
    ) {
        self.missing.extend(data.missing);
        self.users.extend(data.users);
        for (repo, labels) in data.labels {
            self.seed_labels(&repo, labels);
        }
        for (repo, milestones) in data.milestones {
            let entry = self.repos.entry(repo.clone()).or_insert_with(|| {
                Repo::new(
                    milestones
                        .iter()
                        .find_map(|m| m.repository_id().and_then(|id| id.as_i64()))
                        .unwrap_or_else(|| repository_id(&repo)),
                )
            });
            for mut milestone in milestones {
                let stored = state(milestone.state_mut().as_deref());
                *milestone.state_mut() = stored;
                // The sandbox keys milestones by a 64-bit number; a larger
                // one cannot be addressed and is left out.
                let Some(number) = milestone.number().as_i64() else {
                    continue;
                };
                self.next_number = self.next_number.max(number + 1);
                entry.milestones.insert(number, milestone);
            }
        }
    }

    /// Loads the labels of `repo`, declaring it; labels without an id get one.
    fn seed_labels(&mut self, repo: &str, labels: Vec<L>) {
        let seeded_id = labels
            .iter()
            .find_map(|l| l.repository_id().and_then(|id| id.as_i64()));
        if !self.repos.contains_key(repo) {
            let repository = Repo::new(seeded_id.unwrap_or_else(|| repository_id(repo)));
            self.repos.insert(repo.to_owned(), repository);
        }
        for mut label in labels {
            match label.id().and_then(|id| id.as_i64()) {
                Some(id) => self.next_label_id = self.next_label_id.max(id + 1),
                None => *label.parts_mut().id = Some(self.next_label_id().into()),
            }
            let Some(entry) = self.repos.get_mut(repo) else {
                return;
            };
            match entry.labels.iter().position(|l| l.name() == label.name()) {
                Some(at) => entry.labels[at] = label,
                None => entry.labels.push(label),
            }
        }
    }
}
