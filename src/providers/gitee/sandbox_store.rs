//! The Gitee imitation's state: per repository, its id, milestones and
//! labels; the counters that number milestones and give label ids for
//! the whole side, as on the real service, so numbers are never reused
//! even across repositories; and its rate limit's window.
//!
//! A repository exists only when seeded or declared (empty): any other
//! answers 404, as Gitee does, so a mistyped name is an error.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use crate::providers::generated::gitee::types::{Label, Milestone};
use crate::sandbox::{ProviderSeed, store::repository_id};

/// The first number the side hands out when nothing seeded is higher.
const FIRST_NUMBER: i64 = 4914;
/// The first label id the side hands out when nothing seeded is higher.
const FIRST_LABEL_ID: i64 = 311_002;

/// A Gitee repository: its id, its milestones by number and its labels
/// in creation order.
#[derive(Debug, Default)]
pub(crate) struct Repo {
    pub repository_id: i64,
    pub milestones: BTreeMap<i64, Milestone>,
    pub labels: Vec<Label>,
}

/// The rate limit's current window: when it began and what it has served.
#[derive(Debug, Default)]
pub(crate) struct LimitWindow {
    pub started: Option<Instant>,
    pub used: u32,
}

#[derive(Debug)]
pub struct Store {
    repos: BTreeMap<String, Repo>,
    missing: BTreeSet<String>,
    users: BTreeSet<String>,
    next_number: i64,
    next_label_id: i64,
    pub(crate) window: LimitWindow,
    /// Requests refused by the rate limit (403 "Rate Limit Exceeded").
    pub(crate) rate_refusals: u64,
    /// Requests answered 500 by the `server_errors` fault.
    pub(crate) server_errors: u32,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            repos: BTreeMap::new(),
            missing: BTreeSet::new(),
            users: BTreeSet::new(),
            next_number: FIRST_NUMBER,
            next_label_id: FIRST_LABEL_ID,
            window: LimitWindow::default(),
            rate_refusals: 0,
            server_errors: 0,
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

    pub fn next_label_id(&mut self) -> i64 {
        let id = self.next_label_id;
        self.next_label_id += 1;
        id
    }

    /// Every label of a repository, in creation order.
    pub fn labels(&self, repo: &str) -> Vec<Label> {
        self.repos
            .get(repo)
            .map(|r| r.labels.clone())
            .unwrap_or_default()
    }

    pub fn milestones(&self, repo: &str) -> Vec<Milestone> {
        self.repos
            .get(repo)
            .map(|r| r.milestones.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Loads seed data. Seeded milestones keep their numbers (replacing a
    /// milestone with the same number) and labels their ids (replacing a
    /// label of the same name); the counters continue above the highest
    /// seeded ones.
    pub fn seed(&mut self, data: ProviderSeed<Milestone, Label>) {
        self.missing.extend(data.missing);
        self.users.extend(data.users);
        for (repo, labels) in data.labels {
            self.seed_labels(&repo, labels);
        }
        for (repo, milestones) in data.milestones {
            let entry = self.repos.entry(repo.clone()).or_insert_with(|| Repo {
                repository_id: milestones
                    .iter()
                    .find_map(|m| m.repository_id.as_ref().and_then(|id| id.as_i64()))
                    .unwrap_or_else(|| repository_id(&repo)),
                ..Repo::default()
            });
            for mut milestone in milestones {
                // "open" and "active" both mean open; Gitee answers "open".
                milestone.state = match milestone.state.as_deref() {
                    None | Some("open" | "active") => Some("open".to_owned()),
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

impl Store {
    /// Loads the labels of `repo`, declaring it; labels without an id get one.
    fn seed_labels(&mut self, repo: &str, labels: Vec<Label>) {
        let seeded_id = labels
            .iter()
            .find_map(|l| l.repository_id.as_ref().and_then(|id| id.as_i64()));
        if !self.repos.contains_key(repo) {
            let repository = Repo {
                repository_id: seeded_id.unwrap_or_else(|| repository_id(repo)),
                ..Repo::default()
            };
            self.repos.insert(repo.to_owned(), repository);
        }
        for mut label in labels {
            match label.id.as_ref().and_then(|id| id.as_i64()) {
                Some(id) => self.next_label_id = self.next_label_id.max(id + 1),
                None => label.id = Some(self.next_label_id().into()),
            }
            let Some(entry) = self.repos.get_mut(repo) else {
                return;
            };
            match entry.labels.iter().position(|l| l.name == label.name) {
                Some(at) => entry.labels[at] = label,
                None => entry.labels.push(label),
            }
        }
    }
}
