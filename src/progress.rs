//! Progress on stderr. On a terminal: indicatif bars, a spinner while a
//! total is unknown, and a line that says why the run is waiting. Without a
//! terminal (a CI log): the same news as plain timestamped lines, at a calm
//! pace. Nothing at all with `--quiet`. The pipeline only reports events;
//! this file draws them.

use std::{
    sync::{Arc, Mutex, MutexGuard},
    time::{Duration, Instant},
};

use indicatif::{
    HumanDuration, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle,
};

use crate::{
    forge::Forge,
    net::{
        pacer::{Holds, PaceSettings},
        waits::WaitEvent,
    },
    pipeline::plan::Action,
    pipeline::{
        apply::{ApplyObserver, Outcome},
        plan::{Plan, PlanItem},
        run::RunObserver,
    },
};

/// The least time the rest of a run can take, for so many milestones left,
/// under the limits known before it starts.
pub type Floor = Arc<dyn Fn(u64) -> Duration + Send + Sync>;

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
        self.bar_with_floor(total, message, None)
    }

    /// A bar whose estimate of the time left is never less than `floor`
    /// says the known limits allow: a burst the limits let through first
    /// does not promise the rest at its speed.
    pub fn bar_with_floor(
        &self,
        total: u64,
        message: impl Into<String>,
        floor: Option<Floor>,
    ) -> ProgressBar {
        let bar = self.add(ProgressBar::new(total));
        let left = move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{}", HumanDuration(time_left(state, floor.as_ref())));
        };
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({left} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .with_key("left", left)
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
            limits: Vec::new(),
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

/// The time left by the bar's own rate, or by the known limits if they
/// allow no faster.
fn time_left(state: &ProgressState, floor: Option<&Floor>) -> Duration {
    let remaining = state.len().unwrap_or(0).saturating_sub(state.pos());
    let known = floor.map_or(Duration::ZERO, |floor| floor(remaining));
    state.eta().max(known)
}

/// The least time `remaining` of a plan's milestones take under `limits`:
/// each limit counts the requests it holds back, in the plan's proportion.
fn floor_of<F: Forge>(plan: &Plan<F>, limits: &[(PaceSettings, Holds)]) -> Option<Floor> {
    let items = plan.items.len().max(1) as f64;
    let creates = plan
        .items
        .iter()
        .filter(|item| matches!(item.action, Action::Create))
        .count() as f64;
    let requests = plan.requests_needed() as f64;
    let shares: Vec<(PaceSettings, f64)> = limits
        .iter()
        .map(|(pace, holds)| match holds {
            Holds::Requests => (*pace, requests / items),
            Holds::Creates => (*pace, creates / items),
        })
        .filter(|(pace, share)| *share > 0.0 && !pace.time_for(1_000).is_zero())
        .collect();
    if shares.is_empty() {
        return None;
    }
    Some(Arc::new(move |remaining: u64| {
        shares
            .iter()
            .map(|(pace, share)| pace.time_for((remaining as f64 * share).ceil() as u64))
            .max()
            .unwrap_or_default()
    }))
}

/// Draws a migration's progress from the pipeline's events.
pub struct MigrationProgress {
    progress: Progress,
    /// A dry run writes nothing, so it shows no writing bar.
    dry_run: bool,
    /// The target's limits known before the run, for the time left.
    limits: Vec<(PaceSettings, Holds)>,
    /// Made on the first page of the target, if this run lists it.
    listing: std::sync::OnceLock<ProgressBar>,
    writing: std::sync::OnceLock<ProgressBar>,
}

impl MigrationProgress {
    /// The target's limits known before the run: the estimate of the time
    /// left never promises faster.
    pub fn limited_by(mut self, limits: Vec<(PaceSettings, Holds)>) -> MigrationProgress {
        self.limits = limits;
        self
    }

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
        let floor = floor_of(plan, &self.limits);
        let bar = self
            .progress
            .bar_with_floor(plan.items.len() as u64, "writing", floor);
        let _ = self.writing.set(bar);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_plan<F: crate::forge::Forge>() -> Plan<F> {
        Plan {
            items: Vec::new(),
            only_on_target: Vec::new(),
            refused: Vec::new(),
            cannot_write: None,
        }
    }

    /// A forge that lets 80 creates through at once, then 80 a minute:
    /// 400 left take four minutes at least, whatever the first burst's
    /// speed, whichever provider it is.
    #[test]
    fn the_time_left_is_never_less_than_the_known_limits_allow() {
        for provider in crate::provider::Provider::all().iter().copied() {
            crate::with_forge!(provider, F => time_left_floor::<F>());
        }
    }

    fn time_left_floor<F>()
    where
        F: crate::forge::Forge + crate::forge::Mapper<Record = crate::record::MilestoneRecord>,
    {
        use crate::{
            mapping::MappingOptions,
            pipeline::{endpoint::Listing, map::map_records, plan::plan},
            record::{MilestoneRecord, Origin, State},
        };
        let records: Vec<MilestoneRecord> = (1..=400)
            .map(|n| MilestoneRecord {
                origin: Origin {
                    kind: crate::record::Kind::Milestones,
                    provider: crate::provider::Provider::all()[0],
                    key: n.to_string(),
                    location: None,
                },
                title: format!("m{n}"),
                description: None,
                // Every provider takes a due date; not every one goes without.
                due: Some(crate::record::Due {
                    date: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
                    original_deadline: None,
                    midnight: true,
                }),
                state: State::Open,
                slug: None,
                start_date: None,
                read_only: crate::record::ReadOnly::default(),
            })
            .collect();
        let mapped = map_records::<F>(records, &MappingOptions::default()).unwrap();
        let planned = plan(mapped, &Listing::new(Vec::new()));
        let creates = PaceSettings {
            windows: "80/min,500/h".parse().unwrap(),
            ..PaceSettings::default()
        };
        let limits = [
            (PaceSettings::default(), Holds::Requests),
            (creates, Holds::Creates),
        ];
        let floor = floor_of(&planned, &limits).expect("a limit is known");
        assert_eq!(floor(400), Duration::from_secs(4 * 60));
        assert_eq!(floor(80), Duration::ZERO);
        assert_eq!(floor(0), Duration::ZERO);
        // Without a known limit, the bar's own rate is all there is.
        assert!(floor_of(&planned, &[(PaceSettings::default(), Holds::Requests)]).is_none());
    }

    #[test]
    fn a_dry_run_shows_no_writing_bar() {
        let progress = Progress::new(ProgressMode::Lines {
            interval: Duration::from_secs(60),
        });
        let dry = progress.migration(true);
        crate::with_forge!(crate::provider::Provider::all()[0], F => {
            RunObserver::planned(&dry, &empty_plan::<F>());
        });
        assert!(dry.writing.get().is_none());
        let real = progress.migration(false);
        crate::with_forge!(crate::provider::Provider::all()[0], F => {
            RunObserver::planned(&real, &empty_plan::<F>());
        });
        assert!(real.writing.get().is_some());
    }

    #[test]
    fn one_notice_stands_for_every_request_one_wait_holds() {
        use crate::net::waits::WaitReason;
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
        use crate::net::waits::WaitReason;
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
