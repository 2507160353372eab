//! Progress on the terminal: indicatif bars on stderr, a spinner while a
//! total is unknown, nothing at all with `--quiet` or when stderr is not a
//! terminal. The pipeline only reports events; this file draws them.

use std::{io::IsTerminal, time::Duration};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::pipeline::{
    apply::{ApplyObserver, Outcome},
    plan::{Plan, PlanItem},
    run::RunObserver,
};

/// Makes bars, or hidden ones. Bars shown at the same time (reading two
/// repositories at once) share one set of terminal lines.
#[derive(Clone, Debug)]
pub struct Progress {
    lines: Option<MultiProgress>,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let visible = !quiet && std::io::stderr().is_terminal();
        Progress {
            lines: visible.then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
        }
    }

    pub fn hidden() -> Progress {
        Progress { lines: None }
    }

    fn add(&self, bar: ProgressBar) -> ProgressBar {
        match &self.lines {
            Some(lines) => lines.add(bar),
            None => {
                bar.set_draw_target(ProgressDrawTarget::hidden());
                bar
            }
        }
    }

    /// A spinner counting items while the total is unknown.
    pub fn spinner(&self, message: impl Into<String>) -> ProgressBar {
        let bar = self.add(ProgressBar::no_length());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}: {pos} milestones ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(message.into());
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    }

    /// A bar over a known number of milestones.
    pub fn bar(&self, total: u64, message: impl Into<String>) -> ProgressBar {
        let bar = self.add(ProgressBar::new(total));
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(message.into());
        bar
    }

    /// Progress for a migration's target listing and writes.
    pub fn migration(&self) -> MigrationProgress {
        MigrationProgress {
            progress: self.clone(),
            listing: std::sync::OnceLock::new(),
            writing: std::sync::OnceLock::new(),
        }
    }
}

/// Draws a migration's progress from the pipeline's events.
pub struct MigrationProgress {
    progress: Progress,
    /// Made on the first page of the target, if this run lists it.
    listing: std::sync::OnceLock<ProgressBar>,
    writing: std::sync::OnceLock<ProgressBar>,
}

impl MigrationProgress {
    pub fn finish(&self) {
        if let Some(bar) = self.listing.get() {
            bar.finish_and_clear();
        }
        if let Some(bar) = self.writing.get() {
            bar.finish_and_clear();
        }
    }
}

impl ApplyObserver for MigrationProgress {
    fn finished(&self, _item: &PlanItem, _outcome: &Outcome) {
        if let Some(bar) = self.writing.get() {
            bar.inc(1);
        }
    }
}

impl RunObserver for MigrationProgress {
    fn target_listed(&self, count: usize) {
        self.listing
            .get_or_init(|| self.progress.spinner("reading the target"))
            .set_position(count as u64);
    }

    fn warning(&self, text: &str) {
        eprintln!("warning: {}", crate::redact::clean(text));
    }

    fn planned(&self, plan: &Plan) {
        if let Some(bar) = self.listing.get() {
            bar.finish_and_clear();
        }
        let bar = self.progress.bar(plan.items.len() as u64, "writing");
        let _ = self.writing.set(bar);
    }
}
