//! The Gitea imitation's state: per repository, its id, milestones (in id
//! order) and labels, and the counters that give milestone and label ids
//! for the whole instance, as Gitea's are global. Times are kept as UTC
//! instants (Gitea keeps Unix seconds) and shown in the server's timezone
//! when answered.
//!
//! A repository exists only when seeded or declared (empty): any other
//! answers 404, as Gitea does.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, SecondsFormat, Utc};

use crate::providers::gitea::client::types::{Label, Milestone};
use crate::sandbox::{
    ProviderSeed,
    imitation::Holding,
    store::{Counter, Held, repository_id},
};

/// The first milestone id the instance hands out when nothing seeded is higher.
const FIRST_ID: i64 = 1201;
/// The first label id the instance hands out when nothing seeded is higher.
const FIRST_LABEL_ID: i64 = 501;

/// A Gitea repository: its id, its milestones by id, its labels in
/// creation order.
#[derive(Debug, Default)]
pub(crate) struct Repo {
    pub id: i64,
    pub milestones: BTreeMap<i64, Milestone>,
    pub labels: Vec<Label>,
}

#[derive(Debug)]
pub struct Store {
    held: Held<Repo>,
    users: BTreeSet<String>,
    pub(crate) next_id: Counter,
    pub(crate) next_label_id: Counter,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            held: Held::default(),
            users: BTreeSet::new(),
            next_id: Counter(FIRST_ID),
            next_label_id: Counter(FIRST_LABEL_ID),
        }
    }
}

/// A time as the store keeps it: the instant in UTC, whole seconds (a time
/// that does not read as one is kept as it came).
pub(crate) fn instant(text: &str) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(moment) => moment
            .with_timezone(&Utc)
            .to_rfc3339_opts(SecondsFormat::Secs, true),
        Err(_) => text.to_owned(),
    }
}

impl Store {
    /// The repository `owner/repo`; `None` when it is not held or marked
    /// missing.
    pub fn repo(&mut self, repo: &str) -> Option<&mut Repo> {
        self.held.repo(repo)
    }

    /// Whether the owner `name` is a user (else an organisation).
    pub fn is_user(&self, name: &str) -> bool {
        self.users.contains(name)
    }

    /// The repositories of `owner`, as (name, id), sorted by name;
    /// repositories marked missing are left out.
    pub fn owner_repos(&self, owner: &str) -> Vec<(String, i64)> {
        self.held
            .of_owner(|held_by| held_by == owner)
            .map(|(_, name, repo)| (name.to_owned(), repo.id))
            .collect()
    }

    /// Every milestone of a repository, by id, as stored.
    pub fn milestones(&self, repo: &str) -> Vec<Milestone> {
        self.held
            .read(repo, |r| r.milestones.values().cloned().collect())
    }

    /// Every label of a repository, in creation order, as stored.
    pub fn labels(&self, repo: &str) -> Vec<Label> {
        self.held.read(repo, |r| r.labels.clone())
    }

    fn declare(&mut self, repo: &str) -> &mut Repo {
        self.held
            .repos
            .entry(repo.to_owned())
            .or_insert_with(|| Repo {
                id: repository_id(repo),
                ..Repo::default()
            })
    }
}

impl Holding<Milestone, Label> for Store {
    /// Loads seed data. Seeded milestones keep their ids (replacing one
    /// with the same id) and labels theirs; the counters continue above
    /// the highest seeded ones. Times are kept as UTC instants; a due date
    /// in year 9999 is none.
    fn seed(&mut self, data: ProviderSeed<Milestone, Label>) {
        self.held.missing.extend(data.missing);
        self.users.extend(data.users);
        for (repo, labels) in data.labels {
            for mut label in labels {
                if label.id <= 0 {
                    label.id = self.next_label_id.next();
                }
                self.next_label_id.above(label.id);
                let entry = self.declare(&repo);
                match entry.labels.iter().position(|l| l.id == label.id) {
                    Some(at) => entry.labels[at] = label,
                    None => entry.labels.push(label),
                }
            }
        }
        for (repo, milestones) in data.milestones {
            self.declare(&repo);
            for mut milestone in milestones {
                if milestone.id <= 0 {
                    milestone.id = self.next_id.next();
                }
                self.next_id.above(milestone.id);
                normalise(&mut milestone);
                self.declare(&repo)
                    .milestones
                    .insert(milestone.id, milestone);
            }
        }
    }

    /// Every repository held, as `owner/repo` with its milestone count.
    fn repositories(&self) -> Vec<(String, usize)> {
        self.held.repositories(|repo| repo.milestones.len())
    }
}

/// A seeded milestone as the store keeps it: open unless closed, times in
/// UTC, year 9999 as no due date.
fn normalise(milestone: &mut Milestone) {
    if milestone.state.is_none() {
        milestone.state = Some("open".to_owned());
    }
    for time in [
        &mut milestone.created_at,
        &mut milestone.updated_at,
        &mut milestone.closed_at,
        &mut milestone.due_on,
    ] {
        *time = time.as_deref().map(instant);
    }
    if milestone
        .due_on
        .as_deref()
        .is_some_and(|due| due.starts_with("9999-") || due.starts_with("+10000-"))
    {
        milestone.due_on = None;
    }
}
