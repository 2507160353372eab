//! The question before a batch overwrites existing milestones: every pair
//! is planned first (nothing written), then the plans of the pairs that
//! would update are shown and one question is asked for the whole batch
//! (or, without a terminal and `--yes`, the batch refuses). Each pair's
//! run then writes only what was approved.

use super::{
    MigrateArgs,
    batch::{PairDone, Shared, plan_section, run_all},
};
use crate::driver::{
    approval::{ask, needs_approval},
    batch::Batch,
    common::invalid,
};
use crate::{
    forge::Forge,
    pipeline::{
        apply::{ApplyObserver, Outcome},
        plan::{Plan, PlanItem},
        run::{RunError, RunObserver},
    },
    printer::Printer,
    progress::BatchProgress,
};

/// Plans every pair and, when the batch would overwrite existing
/// milestones, asks once. Returns how many milestones each pair (in listed
/// order) may overwrite, or `None` when the user said no (already told
/// "cancelled"); an error when there is no terminal to ask on.
pub(super) async fn approve(
    batch: &Batch,
    args: &MigrateArgs,
    printer: &Printer,
) -> anyhow::Result<Option<Vec<usize>>> {
    let mut planning = args.clone();
    planning.write.dry_run = true;
    planning.write.json = false;
    planning.write.report = None;
    let shared = Shared::new(&planning, printer, batch.pairs.len(), None);
    let mut plans = Vec::with_capacity(batch.pairs.len());
    run_all(batch, &shared, |done| {
        plans.push(done);
        Ok(())
    })
    .await?;
    let allowed: Vec<usize> = plans.iter().map(updates_of).collect();
    let updates = allowed.iter().sum();
    if !needs_approval(&args.write, updates) {
        return Ok(Some(allowed));
    }
    let lines = plans
        .iter()
        .filter(|done| updates_of(done) > 0)
        .flat_map(plan_section);
    match ask(printer, &args.write, lines, updates) {
        Ok(()) => Ok(Some(allowed)),
        Err(RunError::Declined) => {
            printer.err("cancelled: nothing written.");
            crate::driver::kinds::declined();
            Ok(None)
        }
        Err(error) => Err(invalid(error.to_string())),
    }
}

/// How many existing milestones a pair's plan overwrites (none when it
/// could not be planned).
fn updates_of(done: &PairDone) -> usize {
    done.entry
        .planned
        .as_ref()
        .map_or(0, |counts| counts.overwrite)
}

/// A pair's observer in a batch: draws the batch's progress, and refuses a
/// plan that overwrites more milestones than were approved for the pair
/// (the target changed since it was planned).
pub(super) struct Allowed<'a> {
    pub progress: &'a BatchProgress,
    /// None: no approval needed (`--yes`, a dry run).
    pub updates: Option<usize>,
}

impl<F: Forge> ApplyObserver<F> for Allowed<'_> {
    fn finished(&self, item: &PlanItem<F>, outcome: &Outcome<F::Id>) {
        self.progress.finished(item, outcome);
    }
}

impl<F: Forge> RunObserver<F> for Allowed<'_> {
    fn warning(&self, text: &str) {
        RunObserver::<F>::warning(self.progress, text);
    }

    fn approve(&self, plan: &Plan<F>) -> Result<(), RunError> {
        match self.updates {
            Some(allowed) if plan.counts().overwrite > allowed => Err(RunError::Declined),
            _ => Ok(()),
        }
    }
}
