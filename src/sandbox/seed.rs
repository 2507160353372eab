//! What a sandbox starts with: per provider (keyed by [`Provider`]), the
//! milestones of each repository in the provider's own wire type, the
//! repositories that answer 404 and the owners that are users. Each part
//! is read and loaded by the provider's imitation (see `imitation.rs`).

use std::any::Any;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::imitation::Imitation;
use crate::providers::{Provider, RepoRef};
use crate::with_forge;

/// One provider's part of the seed. A repository exists only when it has
/// an entry in `milestones` (an empty list declares an empty one); any
/// other answers 404, as on the real providers.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderSeed<M> {
    /// Milestones keyed by `"owner/repo"`.
    pub milestones: BTreeMap<String, Vec<M>>,
    /// Repositories that answer 404, held or not.
    pub missing: BTreeSet<String>,
    /// Owners that are users: their repositories are listed under
    /// `/users/NAME/repos` and `/orgs/NAME/repos` answers 404. Every other
    /// owner of a held repository is an organisation.
    pub users: BTreeSet<String>,
}

impl<M> Default for ProviderSeed<M> {
    fn default() -> Self {
        ProviderSeed {
            milestones: BTreeMap::new(),
            missing: BTreeSet::new(),
            users: BTreeSet::new(),
        }
    }
}

/// A provider's part, whatever its milestone type.
trait Part: Any + fmt::Debug + Send + Sync {
    fn clone_part(&self) -> Box<dyn Part>;
    fn same(&self, other: &dyn Part) -> bool;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any + Clone + fmt::Debug + PartialEq + Send + Sync> Part for T {
    fn clone_part(&self) -> Box<dyn Part> {
        Box::new(self.clone())
    }

    fn same(&self, other: &dyn Part) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Every provider's part of the seed; see [`ProviderSeed`].
pub struct SeedData {
    parts: BTreeMap<Provider, Box<dyn Part>>,
}

impl Default for SeedData {
    fn default() -> Self {
        let parts = Provider::ALL
            .into_iter()
            .map(|provider| (provider, with_forge!(provider, F => empty_part::<F>())))
            .collect();
        SeedData { parts }
    }
}

fn empty_part<I: Imitation>() -> Box<dyn Part> {
    Box::new(ProviderSeed::<I::Milestone>::default())
}

impl Clone for SeedData {
    fn clone(&self) -> Self {
        let parts = self.parts.iter().map(|(p, part)| (*p, part.clone_part()));
        SeedData {
            parts: parts.collect(),
        }
    }
}

impl PartialEq for SeedData {
    fn eq(&self, other: &Self) -> bool {
        self.parts.len() == other.parts.len()
            && self
                .parts
                .iter()
                .zip(&other.parts)
                .all(|((p, a), (q, b))| p == q && a.same(b.as_ref()))
    }
}

impl fmt::Debug for SeedData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.parts.iter()).finish()
    }
}

impl SeedData {
    /// The part of the provider `I`.
    pub(crate) fn part<I: Imitation>(&mut self) -> &mut ProviderSeed<I::Milestone> {
        let part = self
            .parts
            .entry(I::PROVIDER)
            .or_insert_with(empty_part::<I>);
        // Each part is made for its provider, of its type (see `Default`),
        // so the downcast holds; were it ever wrong, start that part afresh.
        if !part.as_any().is::<ProviderSeed<I::Milestone>>() {
            *part = empty_part::<I>();
        }
        part.as_any_mut()
            .downcast_mut::<ProviderSeed<I::Milestone>>()
            .expect("the part was just made of this type")
    }

    /// Takes the part of the provider `I` out, leaving it empty.
    pub(crate) fn take<I: Imitation>(&mut self) -> ProviderSeed<I::Milestone> {
        std::mem::take(self.part::<I>())
    }

    /// Declares an empty repository (`provider:owner/repo`) unless it is
    /// already held.
    pub fn with_repo(mut self, repo: &RepoRef) -> SeedData {
        with_forge!(repo.provider, F => {
            self.part::<F>().milestones.entry(repo.path()).or_default();
        });
        self
    }

    /// Marks `repo` as answering 404, seeded or not.
    pub fn with_missing_repo(mut self, repo: &RepoRef) -> SeedData {
        with_forge!(repo.provider, F => self.part::<F>().missing.insert(repo.path()));
        self
    }

    /// Marks the owner `name` of `provider` as a user, not an organisation.
    pub fn with_user(mut self, provider: Provider, name: &str) -> SeedData {
        with_forge!(provider, F => self.part::<F>().users.insert(name.to_owned()));
        self
    }

    /// `with_repo` for each of `repos`, written `provider:owner/repo`.
    /// Panics on a malformed name: for tests and built-in data only.
    pub fn with_repos(self, repos: &[&str]) -> SeedData {
        repos.iter().fold(self, |seed, repo| {
            let repo: RepoRef = repo
                .parse()
                .unwrap_or_else(|e| panic!("bad built-in repository name: {e}"));
            seed.with_repo(&repo)
        })
    }

    /// The built-in, realistic sample: `demo/roadmap` on every provider,
    /// and `demo/missing` marked missing on every provider.
    pub fn sample() -> SeedData {
        let mut seed = SeedData::default();
        for provider in Provider::ALL {
            with_forge!(provider, F => *seed.part::<F>() = super::sample::part::<F>());
        }
        seed
    }
}
