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
    sandbox::{
        ProviderSeed,
        imitation::Holding,
        store::{Counter, Held, repository_id},
    },
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
    held: Held<Repo<M, L>>,
    users: BTreeSet<String>,
    pub(crate) next_number: Counter,
    pub(crate) next_label_id: Counter,
    /// What the member keeps beyond the family's state.
    pub extra: X,
}

impl<M, L, X: Default> Default for Store<M, L, X> {
    fn default() -> Self {
        Store {
            held: Held::default(),
            users: BTreeSet::new(),
            next_number: Counter(FIRST_NUMBER),
            next_label_id: Counter(FIRST_LABEL_ID),
            extra: X::default(),
        }
    }
}

impl<M: Clone, L: WireLabel, X> Store<M, L, X> {
    /// The repository `owner/repo`; `None` when the sandbox does not hold
    /// it or it is marked missing.
    pub fn repo(&mut self, repo: &str) -> Option<&mut Repo<M, L>> {
        self.held.repo(repo)
    }

    /// Whether the owner `name` is a user (else an organisation).
    pub fn is_user(&self, name: &str) -> bool {
        self.users.contains(name)
    }

    /// The repositories of `owner`, as (path, repository id), sorted by
    /// path; repositories marked missing are left out.
    pub fn owner_repos(&self, owner: &str) -> Vec<(String, i64)> {
        self.held
            .of_owner(|held_by| held_by == owner)
            .map(|(_, path, repo)| (path.to_owned(), repo.repository_id))
            .collect()
    }

    /// Every label of a repository, in creation order.
    pub fn labels(&self, repo: &str) -> Vec<L> {
        self.held.read(repo, |r| r.labels.clone())
    }

    pub fn milestones(&self, repo: &str) -> Vec<M> {
        self.held
            .read(repo, |r| r.milestones.values().cloned().collect())
    }
}

impl<M: StoredMilestone + Clone, L: WireLabel, X> Store<M, L, X> {
    /// Loads the labels of `repo`, declaring it; labels without an id get one.
    fn seed_labels(&mut self, repo: &str, labels: Vec<L>) {
        let seeded_id = labels
            .iter()
            .find_map(|l| l.repository_id().and_then(|id| id.as_i64()));
        if !self.held.repos.contains_key(repo) {
            let repository = Repo::new(seeded_id.unwrap_or_else(|| repository_id(repo)));
            self.held.repos.insert(repo.to_owned(), repository);
        }
        for mut label in labels {
            match label.id().and_then(|id| id.as_i64()) {
                Some(id) => self.next_label_id.above(id),
                None => *label.parts_mut().id = Some(self.next_label_id.next().into()),
            }
            let Some(entry) = self.held.repos.get_mut(repo) else {
                return;
            };
            match entry.labels.iter().position(|l| l.name() == label.name()) {
                Some(at) => entry.labels[at] = label,
                None => entry.labels.push(label),
            }
        }
    }
}

impl<M, L, X> Holding<M, L> for Store<M, L, X>
where
    M: StoredMilestone + Clone + std::fmt::Debug,
    L: WireLabel,
    X: Default + std::fmt::Debug + Send + 'static,
{
    /// Loads seed data. Seeded milestones keep their numbers (replacing a
    /// milestone with the same number) and labels their ids (replacing a
    /// label of the same name); the counters continue above the highest
    /// seeded ones. A seeded milestone's state is stored as
    /// [`StoredMilestone::seeded_state`] says.
    fn seed(&mut self, data: ProviderSeed<M, L>) {
        self.held.missing.extend(data.missing);
        self.users.extend(data.users);
        for (repo, labels) in data.labels {
            self.seed_labels(&repo, labels);
        }
        for (repo, milestones) in data.milestones {
            let entry = self.held.repos.entry(repo.clone()).or_insert_with(|| {
                Repo::new(
                    milestones
                        .iter()
                        .find_map(|m| m.repository_id().and_then(|id| id.as_i64()))
                        .unwrap_or_else(|| repository_id(&repo)),
                )
            });
            for mut milestone in milestones {
                let state = milestone.parts_mut().state;
                *state = M::seeded_state(state.as_deref());
                // The sandbox keys milestones by a 64-bit number; a larger
                // one cannot be addressed and is left out.
                let Some(number) = milestone.number().as_i64() else {
                    continue;
                };
                self.next_number.above(number);
                entry.milestones.insert(number, milestone);
            }
        }
    }

    /// Every repository held, as `owner/repo` with its milestone count.
    fn repositories(&self) -> Vec<(String, usize)> {
        self.held.repositories(|repo| repo.milestones.len())
    }
}
