//! Deciding what to do: each source milestone, mapped for the target, is
//! matched with what the target already holds (by the provider's match
//! key: a slug, a title) and becomes a create, an update or nothing. This
//! is what makes a re-run safe: what is there and equal is left alone.

use std::{
    borrow::Cow,
    collections::{HashMap, HashSet},
};

use super::endpoint::Listing;
use crate::{
    forge::{Forge, Mapped},
    mapping::{FieldChange, Refused, one_by_one},
    record::State,
};

/// What to do with one milestone; `Id` is the target's key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action<Id> {
    Create,
    Update {
        target_id: Id,
        changes: Vec<FieldChange>,
    },
    Unchanged {
        target_id: Id,
    },
}

impl<Id> Action<Id> {
    pub fn name(&self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update { .. } => "update",
            Action::Unchanged { .. } => "unchanged",
        }
    }

    /// The target milestone matched, if any.
    pub fn target_id(&self) -> Option<&Id> {
        match self {
            Action::Update { target_id, .. } | Action::Unchanged { target_id } => Some(target_id),
            Action::Create => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanItem<F: Forge> {
    /// Boxed: a plan of many milestones then moves pointers, not records,
    /// and holds one copy of each while it is built.
    pub mapped: Box<Mapped<F>>,
    pub action: Action<F::Id>,
}

/// Every source milestone with its action, and the target's milestones that
/// no source milestone matched (left alone, but worth knowing about).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan<F: Forge> {
    pub items: Vec<PlanItem<F>>,
    /// Target milestones matched by no source milestone.
    pub only_on_target: Vec<TargetOnly>,
    /// Source milestones the target cannot hold (a dry run's prediction;
    /// a run refuses the source before planning).
    pub refused: Vec<Refused>,
    /// Why the token cannot write to the target, where the provider says.
    pub cannot_write: Option<String>,
}

/// A milestone only the target holds: its key (a number, a slug) and its
/// title, so a person can tell which one it is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TargetOnly {
    pub id: String,
    pub title: String,
}

/// How many milestones each action applies to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PlanCounts {
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
    /// The updates that overwrite what someone may have made: all but
    /// those that only finish a create a stopped run left open (see
    /// [`finishes_a_close`]). These are what a run asks about.
    #[serde(skip)]
    pub overwrite: usize,
    /// Source milestones the target cannot hold: predicted failures.
    #[serde(skip_serializing_if = "is_zero")]
    pub cannot: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

impl<F: Forge> Plan<F> {
    pub fn counts(&self) -> PlanCounts {
        let mut counts = PlanCounts {
            cannot: self.refused.len(),
            ..PlanCounts::default()
        };
        for item in &self.items {
            match &item.action {
                Action::Create => counts.create += 1,
                Action::Update { changes, .. } => {
                    counts.update += 1;
                    if !finishes_a_close::<F>(item, changes) {
                        counts.overwrite += 1;
                    }
                }
                Action::Unchanged { .. } => counts.unchanged += 1,
            }
        }
        counts
    }

    /// How many requests applying the plan sends at least: one per create
    /// and update, and one more to close each milestone created closed
    /// where the provider cannot create it closed.
    pub fn requests_needed(&self) -> u64 {
        self.items
            .iter()
            .map(|item| match item.action {
                Action::Create
                    if !F::CREATES_CLOSED
                        && F::fields_state(&item.mapped.target) == State::Closed =>
                {
                    2
                }
                Action::Create | Action::Update { .. } => 1,
                Action::Unchanged { .. } => 0,
            })
            .sum()
    }

    /// The target milestones matched by the plan, so that a later look-up
    /// for a lost create does not mistake one of them for it.
    pub fn matched_ids(&self) -> impl Iterator<Item = &F::Id> {
        self.items.iter().filter_map(|item| item.action.target_id())
    }
}

fn decide<Id>(changes: Vec<FieldChange>, target_id: Id) -> Action<Id> {
    if changes.is_empty() {
        Action::Unchanged { target_id }
    } else {
        Action::Update { target_id, changes }
    }
}

/// Matches the mapped source milestones with the target's current ones.
///
/// Keys may repeat (GitCode titles): then the k-th source milestone of a
/// key takes the k-th target milestone of that key, oldest first. Two
/// passes, so that a target milestone already equal to a source one is
/// never updated into a copy of another: first every source milestone
/// takes an identical target milestone of its key, if one is free; then
/// the rest take the free ones of their key in order.
pub fn plan<F: Forge>(mapped: Vec<Mapped<F>>, existing: &Listing<F>) -> Plan<F> {
    let mut by_key: HashMap<Cow<'_, str>, Vec<(usize, &F::Object)>> = HashMap::new();
    let mut sorted: Vec<(usize, &F::Object)> = existing.items.iter().enumerate().collect();
    sorted.sort_by_key(|(position, m)| F::age(m, *position));
    for (position, milestone) in sorted {
        if let Some(key) = F::match_key(milestone) {
            by_key.entry(key).or_default().push((position, milestone));
        }
    }
    let mut matched: HashSet<usize> = HashSet::new();
    let mut actions: Vec<Option<Action<F::Id>>> = vec![None; mapped.len()];
    for (action, item) in actions.iter_mut().zip(&mapped) {
        let identical = by_key
            .get(&F::fields_match_key(&item.target))
            .and_then(|candidates| {
                candidates.iter().find(|(position, found)| {
                    !matched.contains(position) && F::changes(found, &item.target).is_empty()
                })
            });
        if let Some((position, found)) = identical
            && let Some(id) = F::id(found)
        {
            matched.insert(*position);
            *action = Some(Action::Unchanged { target_id: id });
        }
    }
    for (action, item) in actions.iter_mut().zip(&mapped) {
        if action.is_some() {
            continue;
        }
        let free = by_key
            .get(&F::fields_match_key(&item.target))
            .and_then(|candidates| {
                candidates.iter().find_map(|(position, found)| {
                    let id = F::id(found).filter(|_| !matched.contains(position))?;
                    Some((*position, *found, id))
                })
            });
        *action = Some(match free {
            Some((position, found, id)) => {
                matched.insert(position);
                decide(F::changes(found, &item.target), id)
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
        .items
        .iter()
        .enumerate()
        .filter(|(position, _)| !matched.contains(position))
        .map(|(_, m)| TargetOnly {
            id: F::shown_id(m),
            title: F::title(m).to_owned(),
        })
        .collect();
    Plan {
        items,
        only_on_target,
        refused: Vec::new(),
        cannot_write: None,
    }
}

/// Whether an update only closes a milestone that is otherwise what the
/// source holds, on a provider where a closed milestone is created open
/// and then closed: a create a stopped run left half done. Finishing it is
/// what running the same command again promises, not an overwrite.
pub fn finishes_a_close<F: Forge>(item: &PlanItem<F>, changes: &[FieldChange]) -> bool {
    !F::CREATES_CLOSED
        && matches!(changes, [only] if only.field == crate::mapping::Field::State)
        && F::fields_state(&item.mapped.target) == State::Closed
}
