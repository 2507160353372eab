//! The built-in sample: `demo/roadmap` on every provider, chosen to exercise
//! what breaks migrators (each provider's milestones and labels live in its folder,
//! `providers/<name>/sandbox_sample.rs`), plus `demo/missing` on every
//! side, which answers 404.

use std::collections::{BTreeMap, BTreeSet};

use super::imitation::Imitation;
use super::seed::ProviderSeed;

/// The repository the sample fills on every provider.
pub(crate) const REPO: &str = "demo/roadmap";
/// The sample's labels on every provider, as (name, colour as six hex
/// digits): names that break a careless client, with a space, `/`, `#`,
/// `%`, `?`, an emoji, Chinese and right-to-left Hebrew.
pub(crate) const LABELS: &[(&str, &str)] = &[
    ("help wanted", "008672"),
    ("area/ui", "1D76DB"),
    ("#needs-triage", "fbca04"),
    ("100% done", "0e8a16"),
    ("why?", "c5def5"),
    ("🐛 regression", "b60205"),
    ("优先级: 高", "d93f0b"),
    ("עדיפות גבוהה", "5319e7"),
];

/// The repository the sample marks missing on every provider.
const MISSING: &str = "demo/missing";

/// The sample's part for the provider `I`.
pub(crate) fn part<I: Imitation>() -> ProviderSeed<I::Object, I::Label> {
    ProviderSeed {
        milestones: BTreeMap::from([(REPO.to_owned(), I::sample())]),
        labels: BTreeMap::from([(REPO.to_owned(), I::sample_labels())]),
        missing: BTreeSet::from([MISSING.to_owned()]),
        users: BTreeSet::new(),
    }
}
