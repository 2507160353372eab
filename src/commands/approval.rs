//! The question before overwriting: a run's observer that draws its
//! progress and, when the plan updates milestones that already exist on
//! the target, shows the plan and asks on the terminal before anything is
//! written. `--yes`, a dry run, or no terminal to ask on: no question.

use super::common::WriteArgs;
use crate::{
    pipeline::{
        apply::{ApplyObserver, Outcome},
        plan::{Plan, PlanItem},
        run::RunObserver,
    },
    printer::Printer,
    progress::MigrationProgress,
    providers::forge::Forge,
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

    fn approve(&self, plan: &Plan<F>) -> bool {
        let updates = plan.counts().update;
        if self.write.dry_run || self.write.yes || updates == 0 || !self.printer.can_ask() {
            return true;
        }
        self.progress.finish();
        let lines = views::plan::plan_lines(plan, &self.look);
        // With --json, stdout holds the JSON document alone.
        let shown = if self.write.json {
            lines.into_iter().for_each(|line| self.printer.err(line));
            Ok(())
        } else {
            self.printer.out_lines(lines)
        };
        shown.is_ok()
            && self
                .printer
                .confirm(&format!(
                    "{updates} existing milestone(s) will be overwritten. Apply this plan?"
                ))
                .unwrap_or(false)
    }
}
