//! Deciding what to do: each source milestone, mapped for the target, is
//! matched with what the target already holds (SourceCraft by slug, GitCode
//! by title) and becomes a create, an update or nothing. This is what makes
//! a re-run safe: what is there and equal is left alone.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::endpoint::Listing;
use crate::mapping::{FieldChange, Mapped, TargetMilestone, gitcode, one_by_one, sourcecraft};

/// What to do with one milestone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum Action {
    Create,
    Update {
        target_id: String,
        changes: Vec<FieldChange>,
    },
    Unchanged {
        target_id: String,
    },
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update { .. } => "update",
            Action::Unchanged { .. } => "unchanged",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    /// Boxed: a plan of many milestones then moves pointers, not records,
    /// and holds one copy of each while it is built.
    pub mapped: Box<Mapped>,
    pub action: Action,
}

/// Every source milestone with its action, and the target's milestones that
/// no source milestone matched (left alone, but worth knowing about).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub items: Vec<PlanItem>,
    /// Target milestones matched by no source milestone.
    pub only_on_target: Vec<TargetOnly>,
}

/// A milestone only the target holds: its id (GitCode number, SourceCraft
/// slug) and its title, so a person can tell which one it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TargetOnly {
    pub id: String,
    pub title: String,
}

/// How many milestones each action applies to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PlanCounts {
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
}

impl Plan {
    pub fn counts(&self) -> PlanCounts {
        let mut counts = PlanCounts::default();
        for item in &self.items {
            match item.action {
                Action::Create => counts.create += 1,
                Action::Update { .. } => counts.update += 1,
                Action::Unchanged { .. } => counts.unchanged += 1,
            }
        }
        counts
    }

    /// How many requests applying the plan sends at least: one per create
    /// and update, and one more to close each milestone created closed.
    pub fn requests_needed(&self) -> u64 {
        self.items
            .iter()
            .map(|item| match item.action {
                Action::Create if item.mapped.target.state() == crate::record::State::Closed => 2,
                Action::Create | Action::Update { .. } => 1,
                Action::Unchanged { .. } => 0,
            })
            .sum()
    }

    /// The target ids matched by the plan (GitCode numbers), so that a
    /// later look-up for a lost create does not mistake one of them for it.
    pub fn matched_ids(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|item| match &item.action {
            Action::Update { target_id, .. } | Action::Unchanged { target_id } => {
                Some(target_id.as_str())
            }
            Action::Create => None,
        })
    }
}

/// Matches the mapped source milestones with the target's current ones.
pub fn plan(mapped: Vec<Mapped>, existing: &Listing) -> Plan {
    match existing {
        Listing::GitCode(milestones) => plan_gitcode(mapped, milestones),
        Listing::SourceCraft(milestones) => plan_sourcecraft(mapped, milestones),
    }
}

fn decide(changes: Vec<FieldChange>, target_id: String) -> Action {
    if changes.is_empty() {
        Action::Unchanged { target_id }
    } else {
        Action::Update { target_id, changes }
    }
}

/// GitCode has no unique key: titles are matched in order, the k-th source
/// milestone of a title with the k-th target milestone of that title (by number).
fn plan_gitcode(
    mapped: Vec<Mapped>,
    existing: &[crate::providers::generated::gitcode::types::Milestone],
) -> Plan {
    let mut by_title: HashMap<&str, Vec<&_>> = HashMap::new();
    let mut sorted: Vec<_> = existing.iter().collect();
    sorted.sort_by(|a, b| a.number.cmp(&b.number));
    for milestone in sorted {
        by_title
            .entry(milestone.title.as_str())
            .or_default()
            .push(milestone);
    }
    // Two passes, so that a target milestone already equal to a source one
    // is never updated into a copy of another: first every source milestone
    // takes an identical target milestone of its title, if one is free;
    // then the rest take the free ones of their title in order of number.
    fn fields_of(mapped: &Mapped) -> Option<&gitcode::GitCodeFields> {
        match &mapped.target {
            TargetMilestone::GitCode(fields) => Some(fields),
            TargetMilestone::SourceCraft(_) => None,
        }
    }
    let mut matched = std::collections::HashSet::new();
    let mut actions: Vec<Option<Action>> = vec![None; mapped.len()];
    for (action, item) in actions.iter_mut().zip(&mapped) {
        let Some(fields) = fields_of(item) else {
            continue;
        };
        let identical = by_title.get(fields.title.as_str()).and_then(|candidates| {
            candidates.iter().find(|found| {
                !matched.contains(&found.number) && gitcode::changes(found, fields).is_empty()
            })
        });
        if let Some(found) = identical {
            matched.insert(&found.number);
            *action = Some(Action::Unchanged {
                target_id: found.number.to_string(),
            });
        }
    }
    for (action, item) in actions.iter_mut().zip(&mapped) {
        let Some(fields) = fields_of(item).filter(|_| action.is_none()) else {
            continue;
        };
        let free = by_title
            .get(fields.title.as_str())
            .and_then(|candidates| candidates.iter().find(|f| !matched.contains(&f.number)));
        *action = Some(match free {
            Some(found) => {
                matched.insert(&found.number);
                decide(gitcode::changes(found, fields), found.number.to_string())
            }
            None => Action::Create,
        });
    }
    let items = one_by_one(mapped)
        .zip(actions)
        .map(|(mapped, action)| PlanItem {
            mapped: Box::new(mapped),
            action: action.unwrap_or(Action::Create),
        })
        .collect();
    let only_on_target = existing
        .iter()
        .filter(|m| !matched.contains(&m.number))
        .map(|m| TargetOnly {
            id: m.number.to_string(),
            title: m.title.clone(),
        })
        .collect();
    Plan {
        items,
        only_on_target,
    }
}

fn plan_sourcecraft(
    mapped: Vec<Mapped>,
    existing: &[crate::providers::generated::sourcecraft::types::Milestone],
) -> Plan {
    let by_slug: BTreeMap<&str, &_> = existing
        .iter()
        .filter_map(|m| m.slug.as_deref().map(|slug| (slug, m)))
        .collect();
    let mut matched = std::collections::HashSet::new();
    let items = one_by_one(mapped)
        .map(|mapped| {
            let TargetMilestone::SourceCraft(fields) = &mapped.target else {
                unreachable!("mapped for SourceCraft")
            };
            let action = match by_slug.get(fields.slug.as_str()) {
                Some(found) => {
                    matched.insert(fields.slug.clone());
                    decide(sourcecraft::changes(found, fields), fields.slug.clone())
                }
                None => Action::Create,
            };
            PlanItem {
                mapped: Box::new(mapped),
                action,
            }
        })
        .collect();
    let only_on_target = existing
        .iter()
        .filter_map(|m| {
            let id = m.slug.clone().or_else(|| m.id.clone())?;
            Some(TargetOnly {
                id,
                title: m.name.clone().unwrap_or_default(),
            })
        })
        .filter(|only| !matched.contains(&only.id))
        .collect();
    Plan {
        items,
        only_on_target,
    }
}
