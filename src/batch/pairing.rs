//! Pairs a source owner's repositories with a target owner's by name: each
//! source repository goes into the target repository of the same name, as
//! the providers address them (GitCode's path, SourceCraft's slug), compared
//! exactly. Source repositories without a namesake are reported, with a
//! name that differs only in case when there is one, since a user who sees
//! `Site` missing beside `site` wants to know why.

use std::collections::{BTreeSet, HashMap};

use super::RepoPair;
use crate::providers::{RepoRef, owner::OwnerRepos};

/// A source repository with no target repository of its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub source: RepoRef,
    /// A target repository whose name differs only in letter case.
    pub similar: Option<String>,
}

/// What two owners' listings pair up to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnerPairing {
    /// In the source listing's order (sorted by name).
    pub pairs: Vec<RepoPair>,
    /// Source repositories the target owner lacks, in the same order.
    pub missing: Vec<Missing>,
}

/// Pairs every repository of `source` with the one of the same name in
/// `target`.
pub fn pair_owners(source: &OwnerRepos, target: &OwnerRepos) -> OwnerPairing {
    let names: BTreeSet<&str> = target.names.iter().map(String::as_str).collect();
    let mut folded: HashMap<String, &str> = HashMap::new();
    for name in &target.names {
        folded.entry(name.to_ascii_lowercase()).or_insert(name);
    }
    let mut pairing = OwnerPairing::default();
    for name in &source.names {
        if names.contains(name.as_str()) {
            pairing.pairs.push(RepoPair {
                source: source.owner.repo(name),
                target: target.owner.repo(name),
            });
        } else {
            pairing.missing.push(Missing {
                source: source.owner.repo(name),
                similar: folded
                    .get(&name.to_ascii_lowercase())
                    .map(|similar| (*similar).to_owned()),
            });
        }
    }
    pairing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{
        Provider,
        address::OwnerRef,
        owner::{OwnerKind, OwnerRepos},
    };

    fn owner(provider: Provider, name: &str, repos: &[&str]) -> OwnerRepos {
        OwnerRepos::new(
            OwnerRef::new(provider, name),
            OwnerKind::Organisation,
            repos.iter().map(|r| (*r).to_owned()).collect(),
            Vec::new(),
        )
    }

    /// Every ordered pair of two different providers.
    fn pairs() -> impl Iterator<Item = (Provider, Provider)> {
        Provider::ALL.into_iter().flat_map(|from| {
            Provider::ALL
                .into_iter()
                .filter(move |to| *to != from)
                .map(move |to| (from, to))
        })
    }

    #[test]
    fn pairs_by_exact_name_and_reports_the_rest() {
        for (from, to) in pairs() {
            let source = owner(from, "acme", &["site", "api", "Docs", "tools", "web.v2"]);
            let target = owner(to, "acme-corp", &["api", "docs", "site", "extra", "web.v2"]);
            let pairing = pair_owners(&source, &target);
            let pairs: Vec<String> = pairing.pairs.iter().map(ToString::to_string).collect();
            let (a, b) = (from.id(), to.id());
            assert_eq!(
                pairs,
                [
                    format!("{a}:acme/api -> {b}:acme-corp/api"),
                    format!("{a}:acme/site -> {b}:acme-corp/site"),
                    format!("{a}:acme/web.v2 -> {b}:acme-corp/web.v2"),
                ]
            );
            let missing: Vec<(String, Option<String>)> = pairing
                .missing
                .iter()
                .map(|m| (m.source.to_string(), m.similar.clone()))
                .collect();
            assert_eq!(
                missing,
                [
                    (format!("{a}:acme/Docs"), Some("docs".into())),
                    (format!("{a}:acme/tools"), None),
                ]
            );
        }
    }

    #[test]
    fn an_empty_side_pairs_nothing() {
        for (from, to) in pairs() {
            let empty = owner(to, "acme", &[]);
            let full = owner(from, "acme", &["a", "b"]);
            let pairing = pair_owners(&full, &empty);
            assert!(pairing.pairs.is_empty());
            assert_eq!(pairing.missing.len(), 2);
            assert_eq!(pair_owners(&empty, &full), OwnerPairing::default());
        }
    }
}
