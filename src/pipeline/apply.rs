//! Carrying out a plan against the target, several milestones at a time.
//!
//! Each create and update goes to the target provider's `write.rs`, which
//! makes it happen exactly once whatever fails (see `write.rs` here for
//! what they share). Milestones whose match key may repeat on the target
//! (GitCode titles) go one after another, never side by side, so that a
//! lost create is found by its key. A requested stop sends nothing new,
//! nor does a failure that every further write would meet (`streak.rs`).

use std::{borrow::Cow, collections::BTreeMap, sync::Mutex, time::Duration};

use futures::{StreamExt, stream};
use serde::Serialize;

use super::{
    endpoint::Endpoint,
    plan::{Action, Plan, PlanItem},
    streak::Streak,
    write::lock,
};
use crate::{
    forge::{Forge, WriteContext},
    interrupt::{Cause, Stop},
    net::error::ApiError,
    state::journal::Journal,
};

/// What was done to one milestone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Done {
    Created,
    Updated,
    Unchanged,
}

impl Done {
    pub fn name(&self) -> &'static str {
        match self {
            Done::Created => "created",
            Done::Updated => "updated",
            Done::Unchanged => "unchanged",
        }
    }
}

/// The outcome for one plan item, with the target's key of the
/// milestone. Items not started because the run was stopped have none.
/// The error is boxed: a run of many milestones keeps an outcome for
/// each, and most of them succeed.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome<Id> {
    pub index: usize,
    pub result: Result<(Done, Id), Box<ApiError>>,
}

/// Told about each milestone as it is finished, for progress display.
pub trait ApplyObserver<F: Forge>: Send + Sync {
    fn finished(&self, _item: &PlanItem<F>, _outcome: &Outcome<F::Id>) {}
}

impl<F: Forge> ApplyObserver<F> for () {}

/// What steers a run from outside the plan: the journal of creates, and
/// the user's request to stop with how long requests under way may take.
#[derive(Clone, Debug, Default)]
pub struct Controls {
    pub journal: Option<std::sync::Arc<Journal>>,
    pub stop: Stop,
    /// After a stop is requested, how long requests under way may finish.
    pub stop_grace: Duration,
}

/// What applying a plan did: the outcomes in plan order, and the failure
/// that stopped the run before its end, if one did.
pub struct Applied<Id> {
    pub outcomes: Vec<Outcome<Id>>,
    pub halted_by: Option<ApiError>,
}

/// Applies the plan with at most `concurrency` milestones under way.
/// Milestones that fail for good do not stop the others, unless the
/// failure is one every further write would meet (see `streak.rs`): then,
/// as once a stop is requested, no milestone is started, and those under
/// way get `controls.stop_grace` to finish.
pub async fn apply<F: Forge>(
    plan: &Plan<F>,
    target: &Endpoint<F>,
    concurrency: usize,
    controls: &Controls,
    observer: &dyn ApplyObserver<F>,
) -> Applied<F::Id> {
    let context = WriteContext::<F>::new(controls.journal.as_deref(), plan.matched_ids().cloned());
    // Milestones that share a match key go one after another.
    let mut groups: BTreeMap<Cow<'_, str>, Vec<usize>> = BTreeMap::new();
    for (index, item) in plan.items.iter().enumerate() {
        groups
            .entry(F::fields_match_key(&item.mapped.target))
            .or_default()
            .push(index);
    }
    let finished: Mutex<Vec<Outcome<F::Id>>> = Mutex::new(Vec::with_capacity(plan.items.len()));
    let streak = Mutex::new((Streak::default(), None::<ApiError>));
    let work =
        stream::iter(groups.into_values()).for_each_concurrent(concurrency.max(1), |indices| {
            let context = &context;
            let finished = &finished;
            let streak = &streak;
            async move {
                for index in indices {
                    if controls.stop.requested() {
                        break;
                    }
                    let item = &plan.items[index];
                    let result = apply_one(item, target, context).await.map_err(Box::new);
                    let mut counted = lock(streak);
                    let error = result.as_ref().err().map(|error| &**error);
                    if counted.0.count(error) && counted.1.is_none() {
                        counted.1 = error.cloned();
                        controls.stop.request(Cause::Failure);
                    }
                    drop(counted);
                    let outcome = Outcome { index, result };
                    observer.finished(item, &outcome);
                    lock(finished).push(outcome);
                }
            }
        });
    let cut_off = async {
        controls.stop.wait().await;
        tokio::time::sleep(controls.stop_grace).await;
    };
    tokio::select! {
        () = work => {}
        () = cut_off => {}
    }
    let mut outcomes = finished.into_inner().unwrap_or_else(|e| e.into_inner());
    outcomes.sort_by_key(|o| o.index);
    let halted_by = streak.into_inner().unwrap_or_else(|e| e.into_inner()).1;
    Applied {
        outcomes,
        halted_by,
    }
}

async fn apply_one<F: Forge>(
    item: &PlanItem<F>,
    target: &Endpoint<F>,
    context: &WriteContext<'_, F>,
) -> Result<(Done, F::Id), ApiError> {
    let fields = &item.mapped.target;
    match &item.action {
        Action::Unchanged { target_id } => Ok((Done::Unchanged, target_id.clone())),
        Action::Update { target_id, changes } => {
            F::update(target.client(), target_id, fields, changes, context).await?;
            Ok((Done::Updated, target_id.clone()))
        }
        Action::Create => {
            let id = F::create(target.client(), fields, context).await?;
            Ok((Done::Created, id))
        }
    }
}
