//! The built-in sample: `demo/roadmap` on every provider, chosen to exercise
//! what breaks migrators (each provider's milestones live in its folder,
//! `providers/<name>/sandbox_sample.rs`), plus `demo/missing` on every
//! side, which answers 404.

use std::collections::{BTreeMap, BTreeSet};

use super::imitation::Imitation;
use super::seed::ProviderSeed;

/// The repository the sample fills on every provider.
pub(crate) const REPO: &str = "demo/roadmap";
/// The repository the sample marks missing on every provider.
const MISSING: &str = "demo/missing";

/// The sample's part for the provider `I`.
pub(crate) fn part<I: Imitation>() -> ProviderSeed<I::Object> {
    ProviderSeed {
        milestones: BTreeMap::from([(REPO.to_owned(), I::sample())]),
        missing: BTreeSet::from([MISSING.to_owned()]),
        users: BTreeSet::new(),
    }
}
