//! The SourceCraft imitation's state: per repository, its milestones in
//! creation order, the counter that gives them UUID-shaped ids, and the
//! slugs someone else already took mid-run.
//!
//! A repository exists only when seeded or declared (empty): any other
//! answers 404, as SourceCraft does, so a mistyped name is an error.

use std::collections::{BTreeMap, BTreeSet};

use crate::providers::generated::sourcecraft::types::Milestone;
use crate::sandbox::ProviderSeed;

/// A SourceCraft repository: its milestones in creation order.
#[derive(Debug, Default)]
pub(crate) struct Repo {
    pub milestones: Vec<Milestone>,
}

impl Repo {
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
    repos: BTreeMap<String, Repo>,
    missing: BTreeSet<String>,
    next_id: u64,
    /// Slugs of `slugs_taken_mid_run` already taken, as `org/repo/slug`.
    pub taken_slugs: BTreeSet<String>,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            repos: BTreeMap::new(),
            missing: BTreeSet::new(),
            next_id: 1,
            taken_slugs: BTreeSet::new(),
        }
    }
}

impl Store {
    /// The repository `org/repo`; `None` when the sandbox does not hold it
    /// or it is marked missing.
    pub fn repo(&mut self, repo: &str) -> Option<&mut Repo> {
        if self.missing.contains(repo) {
            return None;
        }
        self.repos.get_mut(repo)
    }

    /// Every repository held, as `org/repo` with its milestone count.
    pub fn repositories(&self) -> Vec<(String, usize)> {
        self.repos
            .iter()
            .filter(|(name, _)| !self.missing.contains(*name))
            .map(|(name, repo)| (name.clone(), repo.milestones.len()))
            .collect()
    }

    /// The repository slugs of `org`, sorted; repositories marked missing
    /// are left out.
    pub fn org_repos(&self, org: &str) -> Vec<String> {
        self.repos
            .keys()
            .filter(|name| !self.missing.contains(*name))
            .filter_map(|name| {
                let (held_by, slug) = name.split_once('/')?;
                (held_by == org).then(|| slug.to_owned())
            })
            .collect()
    }

    pub fn next_id(&mut self) -> String {
        let id = sourcecraft_id(self.next_id);
        self.next_id += 1;
        id
    }

    pub fn milestones(&self, repo: &str) -> Vec<Milestone> {
        self.repos
            .get(repo)
            .map(|r| r.milestones.clone())
            .unwrap_or_default()
    }

    /// Loads seed data. Seeded milestones keep their ids and slugs
    /// (replacing a milestone with the same slug); the counter continues
    /// above the highest seeded id.
    pub fn seed(&mut self, data: ProviderSeed<Milestone>) {
        self.missing.extend(data.missing);
        for (repo, milestones) in data.milestones {
            // Seeded with no milestone, the repository still exists, empty.
            self.repos.entry(repo.clone()).or_default();
            for mut milestone in milestones {
                if let Some(n) = milestone.id.as_deref().and_then(parse_sourcecraft_id) {
                    self.next_id = self.next_id.max(n + 1);
                }
                if milestone.id.is_none() {
                    milestone.id = Some(self.next_id());
                }
                if milestone.status.is_none() {
                    milestone.status = Some("open".to_owned());
                }
                let entry = self.repos.entry(repo.clone()).or_default();
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
}

/// SourceCraft ids are UUIDs; the sandbox's are UUID-shaped and sequential.
fn sourcecraft_id(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

fn parse_sourcecraft_id(id: &str) -> Option<u64> {
    let tail = id.strip_prefix("00000000-0000-4000-8000-")?;
    u64::from_str_radix(tail, 16).ok()
}

/// The generated slug for `name`, with `-2`, `-3`, ... appended when taken.
pub(crate) fn unique_slug(repo: &Repo, name: &str) -> String {
    // The same derivation the tool uses for its own slugs.
    let base = crate::mapping::slug::slug_from_title(name);
    if !repo.slug_taken(&base) {
        return base;
    }
    (2u64..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !repo.slug_taken(candidate))
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
