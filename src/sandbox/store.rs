//! The sandbox's state: per provider, per repository, the milestones, and
//! the counters that assign GitCode numbers and SourceCraft ids.
//!
//! A repository exists only when seeded or declared (empty): any other
//! answers 404, as the providers do, so a mistyped name is an error.
//! GitCode numbers come from one counter for the whole GitCode side, as on
//! the real service, so numbers are never reused even across repositories.

use std::collections::{BTreeMap, BTreeSet};

use crate::providers::generated::{gitcode, sourcecraft};

use super::SeedData;

/// The first number the GitCode side hands out when nothing seeded is higher.
const FIRST_GITCODE_NUMBER: i64 = 4914;

/// A GitCode repository: its id and its milestones by number.
#[derive(Debug, Default)]
pub(crate) struct GitCodeRepo {
    pub repository_id: i64,
    pub milestones: BTreeMap<i64, gitcode::types::Milestone>,
}

/// A SourceCraft repository: its milestones in creation order.
#[derive(Debug, Default)]
pub(crate) struct SourceCraftRepo {
    pub milestones: Vec<sourcecraft::types::Milestone>,
}

impl SourceCraftRepo {
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
pub(crate) struct Store {
    gitcode: BTreeMap<String, GitCodeRepo>,
    sourcecraft: BTreeMap<String, SourceCraftRepo>,
    missing_gitcode: BTreeSet<String>,
    missing_sourcecraft: BTreeSet<String>,
    gitcode_users: BTreeSet<String>,
    next_number: i64,
    next_sourcecraft_id: u64,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            gitcode: BTreeMap::new(),
            sourcecraft: BTreeMap::new(),
            missing_gitcode: BTreeSet::new(),
            missing_sourcecraft: BTreeSet::new(),
            gitcode_users: BTreeSet::new(),
            next_number: FIRST_GITCODE_NUMBER,
            next_sourcecraft_id: 1,
        }
    }
}

impl Store {
    /// The GitCode repository `owner/repo`; `None` when the sandbox does
    /// not hold it or it is marked missing.
    pub fn gitcode_repo(&mut self, repo: &str) -> Option<&mut GitCodeRepo> {
        if self.missing_gitcode.contains(repo) {
            return None;
        }
        self.gitcode.get_mut(repo)
    }

    /// The SourceCraft repository `org/repo`; `None` when the sandbox does
    /// not hold it or it is marked missing.
    pub fn sourcecraft_repo(&mut self, repo: &str) -> Option<&mut SourceCraftRepo> {
        if self.missing_sourcecraft.contains(repo) {
            return None;
        }
        self.sourcecraft.get_mut(repo)
    }

    /// Every repository held, as `provider:owner/repo` with its milestone
    /// count, for the sandbox to name on start.
    pub fn repositories(&self) -> Vec<(String, usize)> {
        let gitcode = self
            .gitcode
            .iter()
            .filter(|(name, _)| !self.missing_gitcode.contains(*name))
            .map(|(name, repo)| (format!("gitcode:{name}"), repo.milestones.len()));
        let sourcecraft = self
            .sourcecraft
            .iter()
            .filter(|(name, _)| !self.missing_sourcecraft.contains(*name))
            .map(|(name, repo)| (format!("sourcecraft:{name}"), repo.milestones.len()));
        gitcode.chain(sourcecraft).collect()
    }

    /// Whether the GitCode owner `name` is a user (else an organisation).
    pub fn is_gitcode_user(&self, name: &str) -> bool {
        self.gitcode_users.contains(name)
    }

    /// The GitCode repositories of `owner`, as (path, repository id),
    /// sorted by path; repositories marked missing are left out.
    pub fn gitcode_owner_repos(&self, owner: &str) -> Vec<(String, i64)> {
        self.gitcode
            .iter()
            .filter(|(name, _)| !self.missing_gitcode.contains(*name))
            .filter_map(|(name, repo)| {
                let (held_by, path) = name.split_once('/')?;
                (held_by == owner).then(|| (path.to_owned(), repo.repository_id))
            })
            .collect()
    }

    /// The SourceCraft repository slugs of `org`, sorted; repositories
    /// marked missing are left out.
    pub fn sourcecraft_org_repos(&self, org: &str) -> Vec<String> {
        self.sourcecraft
            .keys()
            .filter(|name| !self.missing_sourcecraft.contains(*name))
            .filter_map(|name| {
                let (held_by, slug) = name.split_once('/')?;
                (held_by == org).then(|| slug.to_owned())
            })
            .collect()
    }

    pub fn next_gitcode_number(&mut self) -> i64 {
        let number = self.next_number;
        self.next_number += 1;
        number
    }

    pub fn next_sourcecraft_id(&mut self) -> String {
        let id = sourcecraft_id(self.next_sourcecraft_id);
        self.next_sourcecraft_id += 1;
        id
    }

    pub fn gitcode_milestones(&self, repo: &str) -> Vec<gitcode::types::Milestone> {
        self.gitcode
            .get(repo)
            .map(|r| r.milestones.values().cloned().collect())
            .unwrap_or_default()
    }

    pub fn sourcecraft_milestones(&self, repo: &str) -> Vec<sourcecraft::types::Milestone> {
        self.sourcecraft
            .get(repo)
            .map(|r| r.milestones.clone())
            .unwrap_or_default()
    }

    /// Loads seed data. Seeded milestones keep their numbers, ids and slugs
    /// (replacing a milestone with the same number or slug); the counters
    /// continue above the highest seeded value.
    pub fn seed(&mut self, data: SeedData) {
        self.missing_gitcode.extend(data.missing_gitcode);
        self.missing_sourcecraft.extend(data.missing_sourcecraft);
        self.gitcode_users.extend(data.gitcode_users);
        for (repo, milestones) in data.gitcode {
            let entry = self
                .gitcode
                .entry(repo.clone())
                .or_insert_with(|| GitCodeRepo {
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
        for (repo, milestones) in data.sourcecraft {
            // Seeded with no milestone, the repository still exists, empty.
            self.sourcecraft.entry(repo.clone()).or_default();
            for mut milestone in milestones {
                if let Some(n) = milestone.id.as_deref().and_then(parse_sourcecraft_id) {
                    self.next_sourcecraft_id = self.next_sourcecraft_id.max(n + 1);
                }
                if milestone.id.is_none() {
                    milestone.id = Some(self.next_sourcecraft_id());
                }
                if milestone.status.is_none() {
                    milestone.status = Some("open".to_owned());
                }
                let entry = self.sourcecraft.entry(repo.clone()).or_default();
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

/// A stable repository id derived from the name, so that it is the same on
/// every run and in every snapshot.
pub(crate) fn repository_id(repo: &str) -> i64 {
    let hash = repo.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    // Seven-digit ids, like the real service's.
    1_000_000 + (hash % 9_000_000) as i64
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
pub(crate) fn unique_slug(repo: &SourceCraftRepo, name: &str) -> String {
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
        let mut repo = SourceCraftRepo::default();
        for _ in 0..3 {
            let slug = unique_slug(&repo, "Beta");
            repo.milestones.push(sourcecraft::types::Milestone {
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
