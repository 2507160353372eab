//! The GitLab imitation's state: projects by full path (`group/sub/name`)
//! and groups by full path, each with its milestones (by global id) and
//! labels; the counters that give milestone and label ids for the whole
//! instance, and each project's and group's `iid`s. Every namespace above a
//! held project is a group (its ancestors too) unless its owner is
//! declared a user.
//!
//! Seeding: milestones and labels are keyed by the project's full path; a
//! seeded milestone with a `group_id` (a label with `is_project_label`
//! false) belongs to the project's parent group instead.

use std::collections::{BTreeMap, BTreeSet};

use crate::providers::gitlab::client::types::{Label, Milestone};
use crate::sandbox::{
    ProviderSeed,
    imitation::Holding,
    store::{Counter, repository_id},
};

/// The first milestone id the instance hands out when nothing seeded is higher.
const FIRST_ID: i64 = 4001;
/// The first label id the instance hands out when nothing seeded is higher.
const FIRST_LABEL_ID: i64 = 9001;

/// A project or a group: its id, milestones by id, labels in creation
/// order, and the next `iid`.
#[derive(Debug, Default)]
pub(crate) struct Space {
    pub id: i64,
    pub milestones: BTreeMap<i64, Milestone>,
    pub labels: Vec<Label>,
    pub next_iid: i64,
}

/// The rate limit's current window: when it began (Unix seconds) and the
/// requests counted in it.
#[derive(Debug, Default)]
pub(crate) struct Window {
    pub started: u64,
    pub used: u32,
    /// Requests refused by the limit.
    pub refused: u64,
}

#[derive(Debug)]
pub struct Store {
    pub(crate) window: Window,
    /// Closes whose answers were lost (see `sandbox_lost.rs`).
    pub(crate) closes_lost: u32,
    projects: BTreeMap<String, Space>,
    groups: BTreeMap<String, Space>,
    missing: BTreeSet<String>,
    users: BTreeSet<String>,
    pub(crate) next_id: Counter,
    pub(crate) next_label_id: Counter,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            window: Window::default(),
            closes_lost: 0,
            projects: BTreeMap::new(),
            groups: BTreeMap::new(),
            missing: BTreeSet::new(),
            users: BTreeSet::new(),
            next_id: Counter(FIRST_ID),
            next_label_id: Counter(FIRST_LABEL_ID),
        }
    }
}

/// The namespaces above `path`, nearest first (`a/b/c` → `a/b`, `a`).
pub(crate) fn ancestors(path: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = path;
    while let Some((parent, _)) = rest.rsplit_once('/') {
        found.push(parent.to_owned());
        rest = parent;
    }
    found
}

impl Store {
    /// The project at `key` (its full path or numeric id, as the path
    /// segment came); `None` when it is not held or marked missing.
    pub fn project_path(&self, key: &str) -> Option<String> {
        let path = match key.parse::<i64>() {
            Ok(id) => self.projects.iter().find(|(_, p)| p.id == id)?.0.clone(),
            Err(_) => self
                .projects
                .keys()
                .find(|name| name.eq_ignore_ascii_case(key))?
                .clone(),
        };
        (!self.missing.contains(&path)).then_some(path)
    }

    /// The id of the project at `path` (0 when not held).
    pub fn project_id(&self, path: &str) -> i64 {
        self.projects.get(path).map_or(0, |p| p.id)
    }

    pub fn project(&mut self, path: &str) -> Option<&mut Space> {
        self.projects.get_mut(path)
    }

    /// The group at `key` (full path or numeric id), when there is one.
    pub fn group_path(&self, key: &str) -> Option<String> {
        match key.parse::<i64>() {
            Ok(id) => Some(self.groups.iter().find(|(_, g)| g.id == id)?.0.clone()),
            Err(_) => Some(
                self.groups
                    .keys()
                    .find(|name| name.eq_ignore_ascii_case(key))?
                    .clone(),
            ),
        }
    }

    pub fn group(&mut self, path: &str) -> Option<&mut Space> {
        self.groups.get_mut(path)
    }

    /// The groups above a project, nearest first, with their ids.
    pub fn ancestor_groups(&self, path: &str) -> Vec<(String, i64)> {
        ancestors(path)
            .into_iter()
            .filter_map(|g| self.groups.get(&g).map(|space| (g.clone(), space.id)))
            .collect()
    }

    /// Every milestone a project sees: its own, then its ancestor groups'.
    pub fn seen_milestones(&self, path: &str) -> Vec<Milestone> {
        let mut seen: Vec<Milestone> = self
            .projects
            .get(path)
            .map(|p| p.milestones.values().cloned().collect())
            .unwrap_or_default();
        for (group, _) in self.ancestor_groups(path) {
            seen.extend(self.groups[&group].milestones.values().cloned());
        }
        seen
    }

    /// Every label a project sees: its own, then its ancestor groups'.
    pub fn seen_labels(&self, path: &str) -> Vec<Label> {
        let mut seen: Vec<Label> = self
            .projects
            .get(path)
            .map(|p| p.labels.clone())
            .unwrap_or_default();
        for (group, _) in self.ancestor_groups(path) {
            seen.extend(self.groups[&group].labels.iter().cloned());
        }
        seen
    }

    /// Whether the namespace `name` is a user's.
    pub fn is_user(&self, name: &str) -> bool {
        self.users.contains(name)
    }

    /// The projects under the namespace `owner` (its subgroups' too when
    /// `deep`), as (full path, id), sorted by path.
    pub fn owner_projects(&self, owner: &str, deep: bool) -> Vec<(String, i64)> {
        let prefix = format!("{owner}/");
        self.projects
            .iter()
            .filter(|(name, _)| !self.missing.contains(*name))
            .filter(|(name, _)| {
                name.strip_prefix(&prefix)
                    .is_some_and(|rest| deep || !rest.contains('/'))
            })
            .map(|(name, p)| (name.clone(), p.id))
            .collect()
    }

    /// Every milestone of a project, by id, as stored (its groups' apart).
    pub fn milestones(&self, repo: &str) -> Vec<Milestone> {
        self.projects
            .get(repo)
            .map(|r| r.milestones.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Every milestone of a group, by id, as stored.
    pub fn group_milestones(&self, group: &str) -> Vec<Milestone> {
        self.groups
            .get(group)
            .map(|g| g.milestones.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Every label of a project, in creation order, as stored.
    pub fn labels(&self, repo: &str) -> Vec<Label> {
        self.projects
            .get(repo)
            .map(|r| r.labels.clone())
            .unwrap_or_default()
    }

    /// Declares a project and the groups above it (not a user's namespace).
    fn declare(&mut self, repo: &str) {
        for group in ancestors(repo) {
            if !self.users.contains(&group) {
                self.groups.entry(group.clone()).or_insert_with(|| Space {
                    id: repository_id(&format!("group:{group}")),
                    next_iid: 1,
                    ..Space::default()
                });
            }
        }
        self.projects
            .entry(repo.to_owned())
            .or_insert_with(|| Space {
                id: repository_id(repo),
                next_iid: 1,
                ..Space::default()
            });
    }

    fn seed_milestone(&mut self, repo: &str, mut milestone: Milestone) {
        if milestone.id <= 0 {
            milestone.id = self.next_id.next();
        }
        self.next_id.above(milestone.id);
        let group = milestone.group_id.is_some();
        let Some(space) = self.seeded_space(repo, group) else {
            return;
        };
        let iid = milestone.iid.unwrap_or(space.next_iid);
        space.next_iid = space.next_iid.max(iid + 1);
        milestone.iid = Some(iid);
        if group {
            milestone.group_id = Some(space.id);
            milestone.project_id = None;
        } else {
            milestone.project_id = Some(space.id);
        }
        if milestone.state.is_none() {
            milestone.state = Some("active".to_owned());
        }
        space.milestones.insert(milestone.id, milestone);
    }

    /// Where a seeded object of `repo` goes: the project, or its parent group.
    fn seeded_space(&mut self, repo: &str, group: bool) -> Option<&mut Space> {
        if group {
            let parent = ancestors(repo).into_iter().next()?;
            self.groups.get_mut(&parent)
        } else {
            self.projects.get_mut(repo)
        }
    }
}

impl Holding<Milestone, Label> for Store {
    /// Loads seed data (see the module doc). Seeded milestones keep their
    /// ids and iids; the counters continue above them.
    fn seed(&mut self, data: ProviderSeed<Milestone, Label>) {
        self.missing.extend(data.missing);
        self.users.extend(data.users);
        for (repo, labels) in data.labels {
            self.declare(&repo);
            for mut label in labels {
                if label.id <= 0 {
                    label.id = self.next_label_id.next();
                }
                self.next_label_id.above(label.id);
                let group = label.is_project_label == Some(false);
                let Some(space) = self.seeded_space(&repo, group) else {
                    continue;
                };
                match space.labels.iter().position(|l| l.id == label.id) {
                    Some(at) => space.labels[at] = label,
                    None => space.labels.push(label),
                }
            }
        }
        for (repo, milestones) in data.milestones {
            self.declare(&repo);
            for milestone in milestones {
                self.seed_milestone(&repo, milestone);
            }
        }
    }

    /// Every project held, as its full path with its milestone count.
    fn repositories(&self) -> Vec<(String, usize)> {
        self.projects
            .iter()
            .filter(|(name, _)| !self.missing.contains(*name))
            .map(|(name, project)| (name.clone(), project.milestones.len()))
            .collect()
    }
}
