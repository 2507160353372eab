//! Deciding what to do: each source milestone, mapped for the target, is
//! matched with what the target already holds (by the provider's match
//! key: a slug, a title) and becomes a create, an update or nothing. This
//! is what makes a re-run safe: what is there and equal is left alone.

use super::{
    endpoint::Listing,
    index::{Indexed, TargetIndex},
};
use crate::{
    forge::{Forge, Mapped, Sink},
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
    /// Boxed since it was mapped: a plan of many milestones moves
    /// pointers, not records, and holds one copy of each while it is built.
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
pub fn plan<F: Forge>(mapped: Vec<Box<Mapped<F>>>, existing: &Listing<F>) -> Plan<F> {
    let mut index = TargetIndex::new(&mapped);
    existing.items.iter().for_each(|m| index.take(m));
    let indexed = index.finish();
    plan_indexed(mapped, indexed)
}

/// Matches the mapped source milestones with the target's milestones as
/// `indexed` keeps them (see [`TargetIndex`]).
///
/// Keys may repeat (GitCode titles): then the k-th source milestone of a
/// key takes the k-th target milestone of that key, oldest first. Two
/// passes, so that a target milestone already equal to a source one is
/// never updated into a copy of another: first every source milestone
/// takes an identical target milestone of its key, if one is free; then
/// the rest take the free ones of their key in order.
pub fn plan_indexed<F: Forge>(mapped: Vec<Box<Mapped<F>>>, indexed: Indexed<F>) -> Plan<F> {
    let Indexed {
        entries,
        starts,
        groups,
        others,
        found: _,
    } = indexed;
    let group_of = |source: usize| {
        let group = groups.of_source[source];
        &entries[starts[group]..starts[group + 1]]
    };
    let place = |source: usize, offset: usize| starts[groups.of_source[source]] + offset;
    let mut matched = vec![false; entries.len()];
    let mut actions: Vec<Option<Action<F::Id>>> = vec![None; mapped.len()];
    for (source, (action, item)) in actions.iter_mut().zip(&mapped).enumerate() {
        let identical = group_of(source).iter().enumerate().find(|(offset, found)| {
            !matched[place(source, *offset)] && found.changes(&item.target).is_empty()
        });
        if let Some((offset, found)) = identical
            && let Some(id) = &found.id
        {
            matched[place(source, offset)] = true;
            *action = Some(Action::Unchanged {
                target_id: id.clone(),
            });
        }
    }
    for (source, (action, item)) in actions.iter_mut().zip(&mapped).enumerate() {
        if action.is_some() {
            continue;
        }
        let free = group_of(source)
            .iter()
            .enumerate()
            .find_map(|(offset, found)| {
                let id = found
                    .id
                    .as_ref()
                    .filter(|_| !matched[place(source, offset)])?;
                Some((place(source, offset), found, id.clone()))
            });
        *action = Some(match free {
            Some((at, found, id)) => {
                matched[at] = true;
                decide(found.changes(&item.target), id)
            }
            None => Action::Create,
        });
    }
    let mut only_on_target: Vec<(usize, TargetOnly)> = entries
        .iter()
        .zip(&matched)
        .filter(|(_, matched)| !**matched)
        .map(|(entry, _)| {
            let first = groups.members(entry.group)[0];
            (entry.position, entry.target_only(&mapped[first].target))
        })
        .chain(others)
        .collect();
    only_on_target.sort_by_key(|(position, _)| *position);
    // Let go before the plan's items are made.
    drop((entries, matched, groups));
    let items = one_by_one(mapped)
        .zip(actions)
        .map(|(mapped, action)| PlanItem {
            mapped,
            action: action.unwrap_or(Action::Create),
        })
        .collect();
    Plan {
        items,
        only_on_target: only_on_target.into_iter().map(|(_, shown)| shown).collect(),
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
