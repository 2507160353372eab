//! Progress on stderr. On a terminal: indicatif bars, a spinner while a
//! total is unknown, and a line that says why the run is waiting. Without a
//! terminal (a CI log): the same news as plain timestamped lines, at a calm
//! pace. Nothing at all with `--quiet`. The pipeline only reports events;
//! this file draws them.

use std::{
    sync::{Arc, Mutex, MutexGuard},
    time::{Duration, Instant},
};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::{
    pipeline::{
        apply::{ApplyObserver, Outcome},
        plan::{Plan, PlanItem},
        run::RunObserver,
    },
    providers::{forge::Forge, waits::WaitEvent},
};

/// Where progress goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressMode {
    /// Bars redrawn in place on a terminal.
    Bars,
    /// Timestamped lines, one every `interval` at most per bar.
    Lines { interval: Duration },
    /// Nothing.
    Hidden,
}

/// Makes bars, or their plain-line stand-ins. Bars shown at the same time
/// (reading two repositories at once) share one set of terminal lines.
#[derive(Clone, Debug)]
pub struct Progress {
    mode: ProgressMode,
    lines: Option<MultiProgress>,
    /// Bars followed in line mode, with when each was last printed.
    followed: Arc<Mutex<Vec<Followed>>>,
    /// Wait notices already shown, by kind, with when they stop applying,
    /// so a dozen workers held by one 429 make one line.
    waits: Arc<Mutex<Vec<(String, Instant)>>>,
    /// Every unfinished bar, to say how far the run is while it waits.
    bars: Arc<Mutex<Vec<ProgressBar>>>,
}

/// A wait that ends no more than this after one already said is not said
/// again: a run held back request after request says so every few seconds,
/// not once a request.
const NOTICE_GAP: Duration = Duration::from_secs(5);

#[derive(Debug)]
struct Followed {
    bar: ProgressBar,
    printed: Option<(Instant, u64)>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The time at the start of a plain progress line.
pub fn timestamp() -> String {
    chrono::Utc::now()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        .to_string()
}

impl Progress {
    pub fn new(mode: ProgressMode) -> Progress {
        let progress = Progress {
            mode,
            lines: (mode == ProgressMode::Bars)
                .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr())),
            followed: Arc::new(Mutex::new(Vec::new())),
            waits: Arc::new(Mutex::new(Vec::new())),
            bars: Arc::new(Mutex::new(Vec::new())),
        };
        if let ProgressMode::Lines { interval } = mode {
            progress.start_ticker(interval);
        }
        progress
    }

    pub fn hidden() -> Progress {
        Progress::new(ProgressMode::Hidden)
    }

    pub fn mode(&self) -> ProgressMode {
        self.mode
    }

    /// Runs `print` with the bars out of the way, so a line written to
    /// stderr is not torn by a redraw.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.lines {
            Some(lines) => lines.suspend(print),
            None => print(),
        }
    }

    /// In line mode, a thread that prints the state of every unfinished bar
    /// whose count moved, once per `interval`. It ends with the process.
    fn start_ticker(&self, interval: Duration) {
        let followed = Arc::downgrade(&self.followed);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(interval);
                let Some(followed) = followed.upgrade() else {
                    return;
                };
                let mut bars = lock(&followed);
                bars.retain(|f| !f.bar.is_finished());
                for item in bars.iter_mut() {
                    let position = item.bar.position();
                    if item.printed.is_some_and(|(_, at)| at == position) {
                        continue;
                    }
                    item.printed = Some((Instant::now(), position));
                    let count = match item.bar.length() {
                        Some(total) => format!("{position}/{total}"),
                        None => format!("{position} milestones"),
                    };
                    eprintln!(
                        "{} {}: {count}",
                        timestamp(),
                        crate::redact::clean(&item.bar.message())
                    );
                }
            }
        });
    }

    fn add(&self, bar: ProgressBar) -> ProgressBar {
        {
            let mut bars = lock(&self.bars);
            bars.retain(|b| !b.is_finished());
            bars.push(bar.clone());
        }
        match &self.lines {
            Some(lines) => lines.add(bar),
            None => {
                bar.set_draw_target(ProgressDrawTarget::hidden());
                if matches!(self.mode, ProgressMode::Lines { .. }) {
                    lock(&self.followed).push(Followed {
                        bar: bar.clone(),
                        printed: None,
                    });
                }
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
        if self.lines.is_some() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
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

    /// Says why the run waits: a line among the bars that counts down on
    /// a terminal, one timestamped line otherwise, with how far the run is.
    /// A notice of one kind (a provider's rate limit, say) is not said
    /// again while an earlier one still covers it (see [`NOTICE_GAP`]), so
    /// a dozen workers held by one 429 make one line.
    pub fn waiting(&self, event: &WaitEvent) {
        if !self.first_notice(event) {
            return;
        }
        let done = self.how_far();
        let text = crate::redact::clean(&format!("{event}{done}"));
        match self.mode {
            ProgressMode::Hidden => {}
            ProgressMode::Lines { .. } => eprintln!("{} {text}", timestamp()),
            ProgressMode::Bars => self.count_down(event, text),
        }
    }

    /// Whether `event` is news: no notice of its kind covers its end yet.
    /// Records it when it is.
    fn first_notice(&self, event: &WaitEvent) -> bool {
        let now = Instant::now();
        let kind = event.kind();
        let until = now + event.wait;
        let mut shown = lock(&self.waits);
        shown.retain(|(_, end)| *end + NOTICE_GAP > now);
        if shown
            .iter()
            .any(|(k, end)| *k == kind && until <= *end + NOTICE_GAP)
        {
            return false;
        }
        shown.retain(|(k, _)| *k != kind);
        shown.push((kind, until));
        true
    }

    /// "; 340 of 400 done", from the latest unfinished bar with a total.
    fn how_far(&self) -> String {
        lock(&self.bars)
            .iter()
            .rev()
            .find(|bar| !bar.is_finished() && bar.length().is_some())
            .map(|bar| {
                let total = bar.length().unwrap_or_default();
                format!("; {} of {total} done", bar.position())
            })
            .unwrap_or_default()
    }

    /// A spinner line among the bars that counts the wait down, then goes.
    fn count_down(&self, event: &WaitEvent, text: String) {
        let bar = self.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(text);
        bar.enable_steady_tick(Duration::from_millis(120));
        let event = event.clone();
        let progress = self.clone();
        std::thread::spawn(move || {
            let end = Instant::now() + event.wait;
            while let Some(left) = end.checked_duration_since(Instant::now()) {
                let shown = WaitEvent {
                    wait: left,
                    ..event.clone()
                };
                let done = progress.how_far();
                bar.set_message(crate::redact::clean(&format!("{shown}{done}")));
                std::thread::sleep(left.min(Duration::from_secs(1)));
            }
            bar.finish_and_clear();
        });
    }

    /// Progress for a migration's target listing and writes.
    pub fn migration(&self, dry_run: bool) -> MigrationProgress {
        MigrationProgress {
            progress: self.clone(),
            dry_run,
            listing: std::sync::OnceLock::new(),
            writing: std::sync::OnceLock::new(),
        }
    }
}

impl Progress {
    /// One bar for a batch of `total` repositories: how many are done and
    /// how many milestones were written overall. Per-repository bars would
    /// crowd each other with several repositories in flight.
    pub fn batch(&self, total: usize, verb: &'static str) -> BatchProgress {
        let bar = self.bar(total as u64, format!("{verb} repositories"));
        BatchProgress {
            bar,
            verb,
            written: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

/// Draws a batch's progress: repositories done of the total, milestones
/// written overall.
pub struct BatchProgress {
    bar: ProgressBar,
    verb: &'static str,
    written: std::sync::atomic::AtomicU64,
}

impl BatchProgress {
    /// A milestone was created or updated (or, for an export, written).
    pub fn milestones_written(&self, count: u64) {
        use std::sync::atomic::Ordering;
        let written = self.written.fetch_add(count, Ordering::Relaxed) + count;
        self.bar.set_message(format!(
            "{} repositories, {written} milestones written",
            self.verb
        ));
    }

    /// One repository finished, whatever became of it.
    pub fn repository_done(&self) {
        self.bar.inc(1);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl<F: Forge> ApplyObserver<F> for BatchProgress {
    fn finished(&self, _item: &PlanItem<F>, outcome: &Outcome<F::Id>) {
        use crate::pipeline::apply::Done;
        if matches!(&outcome.result, Ok((Done::Created | Done::Updated, _))) {
            self.milestones_written(1);
        }
    }
}

impl<F: Forge> RunObserver<F> for BatchProgress {
    fn warning(&self, text: &str) {
        eprintln!("warning: {}", crate::redact::clean(text));
    }
}

/// Draws a migration's progress from the pipeline's events.
pub struct MigrationProgress {
    progress: Progress,
    /// A dry run writes nothing, so it shows no writing bar.
    dry_run: bool,
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

impl<F: Forge> ApplyObserver<F> for MigrationProgress {
    fn finished(&self, _item: &PlanItem<F>, _outcome: &Outcome<F::Id>) {
        if let Some(bar) = self.writing.get() {
            bar.inc(1);
        }
    }
}

impl<F: Forge> RunObserver<F> for MigrationProgress {
    fn target_listed(&self, count: usize) {
        self.listing
            .get_or_init(|| self.progress.spinner("reading the target"))
            .set_position(count as u64);
    }

    fn warning(&self, text: &str) {
        eprintln!("warning: {}", crate::redact::clean(text));
    }

    fn planned(&self, plan: &Plan<F>) {
        if let Some(bar) = self.listing.get() {
            bar.finish_and_clear();
        }
        if self.dry_run {
            return;
        }
        let bar = self.progress.bar(plan.items.len() as u64, "writing");
        let _ = self.writing.set(bar);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_plan() -> Plan<crate::providers::gitcode::GitCode> {
        Plan {
            items: Vec::new(),
            only_on_target: Vec::new(),
            refused: Vec::new(),
            cannot_write: None,
        }
    }

    #[test]
    fn a_dry_run_shows_no_writing_bar() {
        let progress = Progress::new(ProgressMode::Lines {
            interval: Duration::from_secs(60),
        });
        let dry = progress.migration(true);
        RunObserver::planned(&dry, &empty_plan());
        assert!(dry.writing.get().is_none());
        let real = progress.migration(false);
        RunObserver::planned(&real, &empty_plan());
        assert!(real.writing.get().is_some());
    }

    #[test]
    fn one_notice_stands_for_every_request_one_wait_holds() {
        use crate::providers::waits::WaitReason;
        let progress = Progress::hidden();
        let limited = |provider| WaitEvent {
            provider,
            reason: WaitReason::RateLimited,
            wait: Duration::from_secs(5),
        };
        progress.waiting(&limited("GitCode"));
        progress.waiting(&limited("GitCode"));
        progress.waiting(&limited("SourceCraft"));
        assert_eq!(lock(&progress.waits).len(), 2);
    }

    #[test]
    fn a_wait_that_goes_on_is_said_again_only_every_few_seconds() {
        use crate::providers::waits::WaitReason;
        let progress = Progress::hidden();
        let limited = |seconds| WaitEvent {
            provider: "SourceCraft",
            reason: WaitReason::RateLimited,
            wait: Duration::from_secs(seconds),
        };
        assert!(progress.first_notice(&limited(2)));
        // Ends within a few seconds of the one said: covered by it.
        assert!(!progress.first_notice(&limited(6)));
        // Ends well after it: news.
        assert!(progress.first_notice(&limited(30)));
        assert!(!progress.first_notice(&limited(3)));
    }
}
