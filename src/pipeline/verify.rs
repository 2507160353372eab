//! After writing, the target is read again (pages only) to confirm that
//! every milestone the plan wrote is there exactly once. A copy of one of
//! ours that should not be there (a late create from a killed run, a run
//! on another machine) is named; with `--remove-duplicates` the copies
//! identical to the source milestone are deleted, the oldest kept.
//! `check` uses the same search.

use std::collections::{BTreeMap, HashSet};

use chrono::DateTime;

use super::{
    apply::Outcome,
    endpoint::{Endpoint, Listing},
    plan::Plan,
};
use crate::{
    mapping::{TargetMilestone, gitcode as gitcode_map, sourcecraft as sourcecraft_map},
    providers::{error::ApiError, number::WholeNumber},
};

/// A source milestone found more often on the target than the source has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub title: String,
    /// The target ids kept, as many as the source has: the oldest copies
    /// (on SourceCraft, those under the slugs written first).
    pub kept: Vec<String>,
    /// The other copies, oldest first.
    pub extra: Vec<String>,
    /// Those of `extra` identical to the source milestone in every field
    /// written (state included): the only ones `--remove-duplicates` deletes.
    pub removable: Vec<String>,
}

impl std::fmt::Display for Duplicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is on the target {} times: keep {}, extra {}",
            self.title,
            self.kept.len() + self.extra.len(),
            self.kept.join(", "),
            self.extra.join(", ")
        )
    }
}

/// A milestone the run wrote (or found unchanged) that is not on the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub title: String,
    pub target_id: String,
}

/// What reading the target after writing showed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verification {
    pub duplicates: Vec<Duplicate>,
    pub missing: Vec<Missing>,
    /// Ids deleted by `--remove-duplicates`.
    pub removed: Vec<String>,
}

impl Verification {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty()
            && self
                .duplicates
                .iter()
                .all(|d| d.extra.iter().all(|id| self.removed.contains(id)))
    }
}

/// A target milestone reduced to what a create sets, for spotting copies.
/// Dates are compared as instants.
fn instant(text: Option<&str>) -> String {
    match text {
        None | Some("") => String::new(),
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map(|t| t.to_utc().to_rfc3339())
            .unwrap_or_else(|_| text.to_owned()),
    }
}

type ContentKey = (String, String, String, String);

fn wanted_key(target: &TargetMilestone) -> ContentKey {
    match target {
        TargetMilestone::GitCode(f) => (
            f.title.clone(),
            f.description.clone().unwrap_or_default(),
            f.due_on.format("%Y-%m-%d").to_string(),
            String::new(),
        ),
        TargetMilestone::SourceCraft(f) => (
            f.name.clone(),
            f.description.clone().unwrap_or_default(),
            instant(f.deadline.as_deref()),
            instant(f.start_date.as_deref()),
        ),
    }
}

/// One target milestone: its id, its age (oldest first) and content key.
struct Found {
    id: String,
    age: (String, WholeNumber),
    key: ContentKey,
}

fn copies(listing: &Listing, start_dates_matter: bool) -> Vec<Found> {
    match listing {
        Listing::GitCode(items) => items
            .iter()
            .map(|m| Found {
                id: m.number.to_string(),
                age: (String::new(), m.number.clone()),
                key: (
                    m.title.clone(),
                    m.description.clone().unwrap_or_default(),
                    m.due_on.clone().unwrap_or_default(),
                    String::new(),
                ),
            })
            .collect(),
        Listing::SourceCraft(items) => items
            .iter()
            .enumerate()
            .map(|(at, m)| Found {
                id: m.slug.clone().or_else(|| m.id.clone()).unwrap_or_default(),
                age: (
                    instant(m.created_at.as_deref()),
                    WholeNumber::from(at as i64),
                ),
                key: (
                    m.name.clone().unwrap_or_default(),
                    m.description.clone().unwrap_or_default(),
                    instant(m.deadline.as_deref()),
                    if start_dates_matter {
                        instant(m.start_date.as_deref())
                    } else {
                        String::new()
                    },
                ),
            })
            .collect(),
    }
}

/// Whether the target milestone `id` holds every field `wanted` writes.
fn identical(listing: &Listing, id: &str, wanted: &TargetMilestone) -> bool {
    match (listing, wanted) {
        (Listing::GitCode(items), TargetMilestone::GitCode(fields)) => items
            .iter()
            .find(|m| m.number.to_string() == id)
            .is_some_and(|m| gitcode_map::changes(m, fields).is_empty()),
        (Listing::SourceCraft(items), TargetMilestone::SourceCraft(fields)) => items
            .iter()
            .find(|m| m.slug.as_deref() == Some(id))
            .is_some_and(|m| sourcecraft_map::changes(m, fields).is_empty()),
        _ => false,
    }
}

/// The source milestones found on the target more often than the source
/// has them (same title, description and dates).
pub fn find_duplicates(plan: &Plan, listing: &Listing) -> Vec<Duplicate> {
    let mut wanted: BTreeMap<ContentKey, Vec<&TargetMilestone>> = BTreeMap::new();
    let mut start_dates_matter = false;
    for item in &plan.items {
        if let TargetMilestone::SourceCraft(f) = &item.mapped.target {
            start_dates_matter |= f.start_date.is_some();
        }
        wanted
            .entry(wanted_key(&item.mapped.target))
            .or_default()
            .push(&item.mapped.target);
    }
    let mut found: BTreeMap<ContentKey, Vec<Found>> = BTreeMap::new();
    for copy in copies(listing, start_dates_matter) {
        if wanted.contains_key(&copy.key) {
            found.entry(copy.key.clone()).or_default().push(copy);
        }
    }
    let mut duplicates = Vec::new();
    for (key, mut copies) in found {
        let sources = &wanted[&key];
        if copies.len() <= sources.len() {
            continue;
        }
        // A SourceCraft milestone under the slug we write is the one that
        // stays (slugs are its identity); otherwise the oldest.
        let slugs: HashSet<&str> = sources
            .iter()
            .filter_map(|s| match s {
                TargetMilestone::SourceCraft(f) => Some(f.slug.as_str()),
                TargetMilestone::GitCode(_) => None,
            })
            .collect();
        copies.sort_by(|a, b| {
            (!slugs.contains(a.id.as_str()), &a.age).cmp(&(!slugs.contains(b.id.as_str()), &b.age))
        });
        let extra: Vec<String> = copies[sources.len()..]
            .iter()
            .map(|c| c.id.clone())
            .collect();
        let removable = extra
            .iter()
            .filter(|id| sources.iter().any(|s| identical(listing, id, s)))
            .cloned()
            .collect();
        duplicates.push(Duplicate {
            title: key.0.clone(),
            kept: copies[..sources.len()]
                .iter()
                .map(|c| c.id.clone())
                .collect(),
            extra,
            removable,
        });
    }
    duplicates
}

/// Every milestone the run says it wrote or found must be on the target.
pub fn find_missing(plan: &Plan, outcomes: &[Outcome], listing: &Listing) -> Vec<Missing> {
    let present: HashSet<String> = copies(listing, false).into_iter().map(|c| c.id).collect();
    outcomes
        .iter()
        .filter_map(|outcome| match &outcome.result {
            Ok((_, id)) if !present.contains(id) => Some(Missing {
                title: plan.items[outcome.index].mapped.target.title().to_owned(),
                target_id: id.clone(),
            }),
            _ => None,
        })
        .collect()
}

/// Reads the target again and checks the run's work; deletes the
/// removable copies when asked to, and points outcomes that named a
/// deleted copy at the kept one. `unchanged_since` is the listing the plan
/// was made from, when the run wrote nothing: it is still what the target
/// holds, as far as this run knows, and reading it again would cost pages.
pub async fn verify(
    plan: &Plan,
    outcomes: &mut [Outcome],
    target: &Endpoint,
    remove_duplicates: bool,
    unchanged_since: Option<Listing>,
) -> Result<Verification, ApiError> {
    let listing = match unchanged_since {
        Some(listing) => listing,
        None => target.list_pages(|_| {}).await?,
    };
    let duplicates = find_duplicates(plan, &listing);
    let missing = find_missing(plan, outcomes, &listing);
    let mut removed = Vec::new();
    if remove_duplicates {
        for duplicate in &duplicates {
            for id in &duplicate.removable {
                match target {
                    Endpoint::GitCode(repo) => match id.parse::<WholeNumber>() {
                        Ok(number) => repo.delete(&number).await?,
                        Err(_) => continue,
                    },
                    Endpoint::SourceCraft(repo) => repo.delete(id).await?,
                }
                removed.push(id.clone());
            }
            let claimed: HashSet<String> = outcomes
                .iter()
                .filter_map(|o| o.result.as_ref().ok().map(|(_, id)| id.clone()))
                .collect();
            let mut free = duplicate.kept.iter().filter(|id| !claimed.contains(*id));
            for outcome in outcomes.iter_mut() {
                if let Ok((_, id)) = &mut outcome.result
                    && removed.contains(id)
                    && let Some(kept) = free.next()
                {
                    *id = kept.clone();
                }
            }
        }
    }
    Ok(Verification {
        duplicates,
        missing,
        removed,
    })
}
