//! What a sandbox starts with: per provider (keyed by [`Provider`]), the
//! milestones and the labels of each repository in the provider's own wire
//! types, the repositories that answer 404 and the owners that are users. Each part
//! is read and loaded by the provider's imitation (see `imitation.rs`).

use std::collections::{BTreeMap, BTreeSet};

use super::imitation::Imitation;
use super::keyed::Keyed;
use super::side::{side, sides};
use crate::provider::{Provider, RepoRef};

/// One provider's part of the seed. A repository exists only when it has
/// an entry in `milestones` or in `labels` (an empty list declares an empty
/// one); any other answers 404, as on the real providers.
#[derive(Clone, Debug, PartialEq)]
pub struct ProviderSeed<M, L> {
    /// Milestones keyed by `"owner/repo"`.
    pub milestones: BTreeMap<String, Vec<M>>,
    /// Labels keyed by `"owner/repo"`.
    pub labels: BTreeMap<String, Vec<L>>,
    /// Repositories that answer 404, held or not.
    pub missing: BTreeSet<String>,
    /// Owners that are users: their repositories are listed under
    /// `/users/NAME/repos` and `/orgs/NAME/repos` answers 404. Every other
    /// owner of a held repository is an organisation.
    pub users: BTreeSet<String>,
}

impl<M, L> Default for ProviderSeed<M, L> {
    fn default() -> Self {
        ProviderSeed {
            milestones: BTreeMap::new(),
            labels: BTreeMap::new(),
            missing: BTreeSet::new(),
            users: BTreeSet::new(),
        }
    }
}

/// Every provider's part of the seed; see [`ProviderSeed`]. A part not
/// set is empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeedData {
    parts: Keyed,
}

impl SeedData {
    /// The part of the provider `I`.
    pub(crate) fn part<I: Imitation>(&mut self) -> &mut ProviderSeed<I::Object, I::Label> {
        self.parts.get_mut(I::PROVIDER)
    }

    /// Takes the part of the provider `I` out, leaving it empty.
    pub(crate) fn take<I: Imitation>(&mut self) -> ProviderSeed<I::Object, I::Label> {
        std::mem::take(self.part::<I>())
    }

    /// Declares an empty repository (`provider:owner/repo`) unless it is
    /// already held.
    pub fn with_repo(mut self, repo: &RepoRef) -> SeedData {
        (side(repo.provider).declare)(&mut self, repo.path());
        self
    }

    /// Marks `repo` as answering 404, seeded or not.
    pub fn with_missing_repo(mut self, repo: &RepoRef) -> SeedData {
        (side(repo.provider).missing)(&mut self, repo.path());
        self
    }

    /// Marks the owner `name` of `provider` as a user, not an organisation.
    pub fn with_user(mut self, provider: Provider, name: &str) -> SeedData {
        (side(provider).user)(&mut self, name.to_owned());
        self
    }

    /// The owners of `provider` marked as users, sorted.
    pub fn users_of(&mut self, provider: Provider) -> Vec<String> {
        let mut users = (side(provider).users_of)(self);
        users.sort();
        users
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
        for side in sides() {
            (side.sample)(&mut seed);
        }
        seed
    }
}
