//! The question before overwriting: a run's observer that draws its
//! progress and, when the plan updates milestones that already exist on
//! the target, shows the plan and asks on the terminal before anything is
//! written. `--yes` or a dry run: no question. No terminal to ask on and
//! no `--yes`: the plan is shown and the run refuses (exit 2).

use super::common::WriteArgs;
use crate::{
    forge::Forge,
    pipeline::{
        apply::{ApplyObserver, Outcome},
        plan::{Plan, PlanItem},
        run::{RunError, RunObserver},
    },
    printer::{Line, Printer},
    progress::MigrationProgress,
    views::{self, plan::PlanLook},
};

/// Asks before a plan that updates existing milestones is applied, when
/// there is a terminal to ask on and `--yes` was not given.
pub struct Approval<'a> {
    pub progress: MigrationProgress,
    pub printer: &'a Printer,
    pub write: &'a WriteArgs,
    pub look: PlanLook,
}

impl<F: Forge> ApplyObserver<F> for Approval<'_> {
    fn finished(&self, item: &PlanItem<F>, outcome: &Outcome<F::Id>) {
        self.progress.finished(item, outcome);
    }
}

impl<F: Forge> RunObserver<F> for Approval<'_> {
    fn target_listed(&self, count: usize) {
        RunObserver::<F>::target_listed(&self.progress, count);
    }

    fn planned(&self, plan: &Plan<F>) {
        self.progress.planned(plan);
    }

    fn approve(&self, plan: &Plan<F>) -> Result<(), RunError> {
        let updates = plan.counts().overwrite;
        if !needs_approval(self.write, updates) {
            return Ok(());
        }
        self.progress.finish();
        let lines = views::plan::plan_lines(plan, &self.look);
        ask(self.printer, self.write, lines, updates)
    }
}

/// Whether a run that would overwrite `updates` existing milestones must
/// be approved first: not on a dry run, nor with `--yes`.
pub fn needs_approval(write: &WriteArgs, updates: usize) -> bool {
    updates > 0 && !write.dry_run && !write.yes
}

/// Shows the plan and asks whether to apply it, on a terminal; without
/// one, shows it and refuses (`RunError::NeedsYes`). A "no", or a question
/// that cannot be asked, is `RunError::Declined`.
pub fn ask(
    printer: &Printer,
    write: &WriteArgs,
    lines: impl IntoIterator<Item = Line>,
    updates: usize,
) -> Result<(), RunError> {
    // With --json, stdout holds the JSON document alone.
    let shown = if write.json {
        lines.into_iter().for_each(|line| printer.err(line));
        Ok(())
    } else {
        printer.out_lines(lines)
    };
    if !printer.can_ask() {
        return Err(RunError::NeedsYes(updates));
    }
    let approved = shown.is_ok()
        && printer
            .confirm(&format!(
                "{updates} existing milestone(s) will be overwritten. Apply this plan?"
            ))
            .unwrap_or(false);
    match approved {
        true => Ok(()),
        false => Err(RunError::Declined),
    }
}
