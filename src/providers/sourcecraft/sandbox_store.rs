//! The SourceCraft imitation's state: per repository, its milestones and
//! its labels in creation order, the counter that gives them UUID-shaped
//! ids, and the slugs someone else already took mid-run.
//!
//! A repository exists only when seeded or declared (empty): any other
//! answers 404, as SourceCraft does, so a mistyped name is an error.

use std::collections::BTreeSet;

use crate::providers::sourcecraft::client::types::{Label, Milestone};
use crate::sandbox::{ProviderSeed, imitation::Holding, store::Held};

/// A SourceCraft repository: its milestones and its labels in creation order.
#[derive(Debug, Default)]
pub(crate) struct Repo {
    pub milestones: Vec<Milestone>,
    pub labels: Vec<Label>,
}

impl Repo {
    pub fn label_position(&self, slug: &str) -> Option<usize> {
        self.labels
            .iter()
            .position(|l| l.slug.as_deref() == Some(slug))
    }

    pub fn position(&self, slug: &str) -> Option<usize> {
        self.milestones
            .iter()
            .position(|m| m.slug.as_deref() == Some(slug))
    }

    pub fn slug_taken(&self, slug: &str) -> bool {
        self.position(slug).is_some()
    }
}

#[derive(Debug)]
pub struct Store {
    held: Held<Repo>,
    next_id: u64,
    /// Slugs of `slugs_taken_mid_run` already taken, as `org/repo/slug`.
    pub taken_slugs: BTreeSet<String>,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            held: Held::default(),
            next_id: 1,
            taken_slugs: BTreeSet::new(),
        }
    }
}

impl Store {
    /// The repository `org/repo`; `None` when the sandbox does not hold it
    /// or it is marked missing.
    pub fn repo(&mut self, repo: &str) -> Option<&mut Repo> {
        self.held.repo(repo)
    }

    /// The repository slugs of `org`, sorted; repositories marked missing
    /// are left out.
    pub fn org_repos(&self, org: &str) -> Vec<String> {
        self.held
            .of_owner(|held_by| held_by == org)
            .map(|(_, slug, _)| slug.to_owned())
            .collect()
    }

    pub fn next_id(&mut self) -> String {
        let id = sourcecraft_id(self.next_id);
        self.next_id += 1;
        id
    }

    /// Every label of a repository, in creation order.
    pub fn labels(&self, repo: &str) -> Vec<Label> {
        self.held.read(repo, |r| r.labels.clone())
    }

    pub fn milestones(&self, repo: &str) -> Vec<Milestone> {
        self.held.read(repo, |r| r.milestones.clone())
    }
}

impl Holding<Milestone, Label> for Store {
    /// Loads seed data. Seeded milestones and labels keep their ids and
    /// slugs (replacing one with the same slug); the counter continues
    /// above the highest seeded id.
    fn seed(&mut self, data: ProviderSeed<Milestone, Label>) {
        self.held.missing.extend(data.missing);
        for (repo, labels) in data.labels {
            self.seed_labels(&repo, labels);
        }
        for (repo, milestones) in data.milestones {
            // Seeded with no milestone, the repository still exists, empty.
            self.held.repos.entry(repo.clone()).or_default();
            for mut milestone in milestones {
                milestone.id = Some(self.seeded_id(milestone.id.take()));
                if milestone.status.is_none() {
                    milestone.status = Some("open".to_owned());
                }
                let entry = self.held.repos.entry(repo.clone()).or_default();
                let slug = match milestone.slug.clone() {
                    Some(slug) => slug,
                    None => unique_slug(entry, milestone.name.as_deref().unwrap_or_default()),
                };
                milestone.slug = Some(slug.clone());
                match entry.position(&slug) {
                    Some(at) => entry.milestones[at] = milestone,
                    None => entry.milestones.push(milestone),
                }
            }
        }
    }

    /// Every repository held, as `org/repo` with its milestone count.
    fn repositories(&self) -> Vec<(String, usize)> {
        self.held.repositories(|repo| repo.milestones.len())
    }
}

impl Store {
    /// The id of a seeded item: its own (the counter continuing above it),
    /// or a new one.
    fn seeded_id(&mut self, id: Option<String>) -> String {
        match id {
            Some(id) => {
                if let Some(n) = parse_sourcecraft_id(&id) {
                    self.next_id = self.next_id.max(n + 1);
                }
                id
            }
            None => self.next_id(),
        }
    }

    /// Loads the labels of `repo`, declaring it; a label without a slug
    /// gets one from its name, as a create would.
    fn seed_labels(&mut self, repo: &str, labels: Vec<Label>) {
        self.held.repos.entry(repo.to_owned()).or_default();
        for mut label in labels {
            label.id = Some(self.seeded_id(label.id.take()));
            let entry = self.held.repos.entry(repo.to_owned()).or_default();
            let slug = match label.slug.clone() {
                Some(slug) => slug,
                None => unique_label_slug(entry, label.name.as_deref().unwrap_or_default()),
            };
            label.slug = Some(slug.clone());
            match entry.label_position(&slug) {
                Some(at) => entry.labels[at] = label,
                None => entry.labels.push(label),
            }
        }
    }
}

/// SourceCraft ids are UUIDs; the sandbox's are UUID-shaped and sequential.
fn sourcecraft_id(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn parse_sourcecraft_id(id: &str) -> Option<u64> {
    let tail = id.strip_prefix("00000000-0000-4000-8000-")?;
    u64::from_str_radix(tail, 16).ok()
}

/// The generated slug for a milestone's `name`, with `-2`, `-3`, ...
/// appended when taken.
pub(crate) fn unique_slug(repo: &Repo, name: &str) -> String {
    free_slug(name, |slug| repo.slug_taken(slug))
}

/// The generated slug for a label's `name`, with `-2`, `-3`, ... appended
/// when another label has it (labels and milestones have slugs apart).
pub(crate) fn unique_label_slug(repo: &Repo, name: &str) -> String {
    free_slug(name, |slug| repo.label_position(slug).is_some())
}

/// The slug `name` gives, or the first of its suffixed forms not `taken`.
fn free_slug(name: &str, taken: impl Fn(&str) -> bool) -> String {
    // The same derivation the tool uses for its own slugs.
    let base = crate::mapping::slug::slug_from_title(name);
    if !taken(&base) {
        return base;
    }
    (2u64..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_slugs_get_a_suffix() {
        let mut repo = Repo::default();
        for _ in 0..3 {
            let slug = unique_slug(&repo, "Beta");
            repo.milestones.push(Milestone {
                slug: Some(slug),
                ..serde_json::from_str("{}").unwrap()
            });
        }
        let slugs: Vec<_> = repo
            .milestones
            .iter()
            .filter_map(|m| m.slug.clone())
            .collect();
        assert_eq!(slugs, ["beta", "beta-2", "beta-3"]);
    }

    #[test]
    fn sourcecraft_ids_round_trip() {
        assert_eq!(parse_sourcecraft_id(&sourcecraft_id(42)), Some(42));
    }
}
