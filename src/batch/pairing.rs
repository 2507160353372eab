//! Pairs a source owner's repositories with a target owner's by name: each
//! source repository goes into the target repository of the same name, as
//! the providers address them (GitCode's path, SourceCraft's slug), compared
//! exactly; where owners nest, a repository below a sub-owner pairs by the
//! last part of its path, and two of one side sharing it pair nothing. Source repositories without a namesake are reported, with a
//! name that differs only in case when there is one, since a user who sees
//! `Site` missing beside `site` wants to know why.

use std::collections::{BTreeMap, HashMap};

use super::RepoPair;
use crate::net::owner::OwnerRepos;
use crate::provider::RepoRef;

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
    /// Repositories of one side that share the name they are paired by
    /// (projects of one path in different subgroups, where owners nest),
    /// each said with every holder: nothing can be paired until a
    /// `--repos` file says which goes where.
    pub clashing: Vec<String>,
}

/// The name a repository is paired by: its own, the last part of a path
/// below nested owners (`sub/site` pairs as `site`).
fn key(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Each name held by several repositories of `side`, said with its holders.
fn clashes(side: &OwnerRepos) -> Vec<String> {
    let mut holders: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for name in &side.names {
        holders
            .entry(key(name))
            .or_default()
            .push(side.owner.repo(name).to_string());
    }
    holders
        .into_iter()
        .filter(|(_, held)| held.len() > 1)
        .map(|(name, held)| format!("`{name}` is the name of {}", held.join(" and ")))
        .collect()
}

/// Pairs every repository of `source` with the one of the same name in
/// `target` (where owners nest, the last part of its path).
pub fn pair_owners(source: &OwnerRepos, target: &OwnerRepos) -> OwnerPairing {
    let mut clashing = clashes(source);
    clashing.extend(clashes(target));
    if !clashing.is_empty() {
        return OwnerPairing {
            clashing,
            ..OwnerPairing::default()
        };
    }
    let names: HashMap<&str, &str> = target
        .names
        .iter()
        .map(|name| (key(name), name.as_str()))
        .collect();
    let mut folded: HashMap<String, &str> = HashMap::new();
    for name in &target.names {
        folded.entry(key(name).to_ascii_lowercase()).or_insert(name);
    }
    let mut pairing = OwnerPairing::default();
    for name in &source.names {
        if let Some(found) = names.get(key(name)) {
            pairing.pairs.push(RepoPair {
                source: source.owner.repo(name),
                target: target.owner.repo(found),
            });
        } else {
            pairing.missing.push(Missing {
                source: source.owner.repo(name),
                similar: folded
                    .get(&key(name).to_ascii_lowercase())
                    .map(|similar| (*similar).to_owned()),
            });
        }
    }
    pairing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::OwnerRef;
    use crate::net::owner::{OwnerKind, OwnerRepos};
    use crate::provider::Provider;

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
        Provider::all().iter().copied().flat_map(|from| {
            Provider::all()
                .iter()
                .copied()
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
    fn nested_paths_pair_by_their_last_part_and_two_of_one_name_pair_nothing() {
        for (from, to) in pairs() {
            let source = owner(from, "acme", &["a/site", "b/api"]);
            let target = owner(to, "corp", &["api", "site"]);
            let pairing = pair_owners(&source, &target);
            let pairs: Vec<String> = pairing.pairs.iter().map(ToString::to_string).collect();
            let (a, b) = (from.id(), to.id());
            assert_eq!(
                pairs,
                [
                    format!("{a}:acme/a/site -> {b}:corp/site"),
                    format!("{a}:acme/b/api -> {b}:corp/api"),
                ]
            );
            let twice = owner(from, "acme", &["a/site", "b/site"]);
            let pairing = pair_owners(&twice, &target);
            assert!(pairing.pairs.is_empty());
            assert_eq!(
                pairing.clashing,
                [format!(
                    "`site` is the name of {a}:acme/a/site and {a}:acme/b/site"
                )]
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
