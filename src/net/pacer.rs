//! How fast one provider is spoken to. Every request of a provider takes a
//! permit here first. The number of requests in flight adapts (additive
//! increase, multiplicative decrease on a 429), a `Retry-After` pauses every
//! worker at once (up to `--max-wait`; a 429 that says nothing pauses for
//! the shortest known window, a minute if none is known), an optional
//! `--max-rate N` spaces request starts so a known limit is never hit, and
//! published windows (`--max-rate 50/min,4000/h`) keep every stretch of
//! time of a window's length under its count.
//!
//! A limit that is not known is learned: when a 429 starts a new episode,
//! the rate the provider actually admitted since the last one (pauses
//! included) becomes the pace, a little below it, and the pace then creeps
//! up again with every answer, probing for more. Under a rate limit that
//! keeps the run at the limit's pace with few 429s, where a window of
//! requests in flight alone would overrun it again after every pause.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, MutexGuard, OnceLock},
    time::Duration,
};

use crate::net::waits::{self, WaitEvent, WaitReason};
use crate::provider::rate::{RateLimits, Window};

use tokio::{sync::Notify, time::Instant};

/// Pacing settings of one provider.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PaceSettings {
    /// The most requests in flight at once.
    pub max_in_flight: usize,
    /// Requests per minute never to exceed, spaced evenly; `None` for no
    /// fixed limit.
    pub max_per_minute: Option<u32>,
    /// Windows never to overrun (a provider's published limits).
    pub windows: RateLimits,
    /// The longest pause a `Retry-After` may impose on every worker.
    pub max_wait: Duration,
}

/// Which requests a pace holds back: all of them, or creates alone
/// (GitHub's limits on content creation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holds {
    Requests,
    Creates,
}

/// The least time added to a window before its count starts afresh.
const WINDOW_MARGIN: Duration = Duration::from_millis(250);

/// How long a 429 without `Retry-After` pauses when no window is known:
/// rate limits are counted per minute at the finest.
pub const UNKNOWN_WINDOW: Duration = Duration::from_secs(60);

impl PaceSettings {
    /// How long to pause after a 429 that did not say how long.
    pub fn quiet_throttle_pause(&self) -> Duration {
        self.windows.shortest().unwrap_or(UNKNOWN_WINDOW)
    }

    /// How many requests an hour these settings allow, when limited.
    pub fn hourly_budget(&self) -> Option<u64> {
        let even = self.max_per_minute.map(|n| u64::from(n) * 60);
        match (even, self.windows.hourly_budget()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// How long `requests` requests take at best under these settings.
    pub fn time_for(&self, requests: u64) -> Duration {
        let even = self.max_per_minute.map_or(Duration::ZERO, |n| {
            Duration::from_secs_f64(60.0 / f64::from(n.max(1)) * requests.saturating_sub(1) as f64)
        });
        even.max(self.windows.time_for(requests))
    }

    /// The limits as shown to a person.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.max_per_minute {
            parts.push(format!("{n}/min"));
        }
        if !self.windows.is_empty() {
            parts.push(self.windows.to_string());
        }
        parts.join(", ")
    }
}

impl Default for PaceSettings {
    fn default() -> Self {
        PaceSettings {
            max_in_flight: 8,
            max_per_minute: None,
            windows: RateLimits::default(),
            max_wait: Duration::from_secs(15 * 60),
        }
    }
}

#[derive(Debug)]
struct State {
    /// The current window: how many requests may be in flight.
    window: f64,
    in_flight: usize,
    paused_until: Option<Instant>,
    next_start: Option<Instant>,
    throttled: u64,
    /// The spacing between request starts learned from 429s.
    learned_gap: Option<Duration>,
    /// Since when, and how many requests were admitted since, the last
    /// episode of 429s began.
    episode_start: Option<Instant>,
    admitted_since: u64,
    /// The latest request starts, as many as the largest window counts.
    starts: VecDeque<Instant>,
}

/// What fraction of the admitted rate to settle at after a 429.
const SETTLE: f64 = 0.9;
/// How much faster each admitted request lets the learned pace become.
const PROBE: f64 = 1.002;

/// Shared by every worker that talks to one provider.
#[derive(Debug)]
pub struct Pacer {
    settings: PaceSettings,
    state: Mutex<State>,
    changed: Notify,
}

/// Why a request is held back before it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// A 429 paused every worker.
    Paused,
    /// `--max-rate N` or a learned pace spaces starts out.
    Spaced,
    /// This window of a known limit is full.
    Window(Window),
}

impl Held {
    /// The reason a wait notice gives, for requests called `what`.
    pub fn reason(self, what: &'static str) -> WaitReason {
        match self {
            Held::Paused => WaitReason::RateLimited,
            Held::Spaced => WaitReason::Paced,
            Held::Window(w) => WaitReason::Window {
                requests: w.requests,
                length: w.length,
                what,
            },
        }
    }
}

/// Held while a request is in flight.
#[derive(Debug)]
pub struct Permit {
    pacer: Arc<Pacer>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.pacer.lock().in_flight -= 1;
        self.pacer.changed.notify_waiters();
    }
}

impl Pacer {
    pub fn new(settings: PaceSettings) -> Arc<Pacer> {
        let max = settings.max_in_flight.max(1);
        Arc::new(Pacer {
            settings: PaceSettings {
                max_in_flight: max,
                ..settings
            },
            state: Mutex::new(State {
                window: max as f64,
                in_flight: 0,
                paused_until: None,
                next_start: None,
                throttled: 0,
                learned_gap: None,
                episode_start: None,
                admitted_since: 0,
                starts: VecDeque::new(),
            }),
            changed: Notify::new(),
        })
    }

    /// The pacer of everyone talking to the same provider with the same
    /// token (`key`): limits are counted per token, so a migration between
    /// two repositories of one provider shares one budget. The first
    /// settings given for a key hold while any of its users lives.
    pub fn shared(key: &str, settings: PaceSettings) -> Arc<Pacer> {
        // Kept for the whole process, not only while a client holds it: a
        // run of several kinds (milestones, then labels) connects anew for
        // each, and the windows count every request of the run.
        static SHARED: OnceLock<Mutex<HashMap<String, Arc<Pacer>>>> = OnceLock::new();
        let mut pacers = SHARED
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(pacer) = pacers.get(key).filter(|p| *p.settings() == settings) {
            return pacer.clone();
        }
        let pacer = Pacer::new(settings);
        pacers.insert(key.to_owned(), pacer.clone());
        pacer
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means another worker panicked; the counters stay usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until a request may start.
    pub async fn acquire(self: &Arc<Self>) -> Permit {
        loop {
            let notified = self.changed.notified();
            let wait = {
                let mut state = self.lock();
                let now = Instant::now();
                let window_free = self.window_free(&state, now);
                match (state.paused_until, state.next_start) {
                    (Some(until), _) if until > now => Some(until),
                    _ if state.in_flight >= state.window.floor().max(1.0) as usize => None,
                    (_, Some(next)) if next > now => Some(next),
                    _ if window_free > now => Some(window_free),
                    _ => {
                        state.in_flight += 1;
                        self.record_start(&mut state, now);
                        state.episode_start.get_or_insert(now);
                        if let Some(gap) = self.gap(&state) {
                            let base = state.next_start.map_or(now, |next| next.max(now - gap));
                            state.next_start = Some(base + gap);
                        }
                        return Permit {
                            pacer: Arc::clone(self),
                        };
                    }
                }
            };
            match wait {
                Some(until) => tokio::time::sleep_until(until).await,
                None => notified.await,
            }
        }
    }

    /// When the next request may start without overrunning a window: the
    /// start `requests` starts ago, plus the window's length and a margin,
    /// because the provider counts arrivals, which travel takes apart
    /// unevenly. A second a minute (a quarter of a second at least) is far
    /// more than that unevenness, and also covers a provider whose minute
    /// runs 1.6% long; a larger margin is time lost in every window.
    fn window_free(&self, state: &State, now: Instant) -> Instant {
        self.binding_window(state).map_or(now, |(at, _)| at)
    }

    /// The window that holds the next request back longest, and until when.
    fn binding_window(&self, state: &State) -> Option<(Instant, Window)> {
        self.settings
            .windows
            .windows()
            .filter_map(|w| {
                let count = w.requests as usize;
                let at = state.starts.len().checked_sub(count)?;
                let margin = (w.length / 60).max(WINDOW_MARGIN);
                Some((state.starts[at] + w.length + margin, w))
            })
            .max_by_key(|(at, _)| *at)
    }

    fn record_start(&self, state: &mut State, now: Instant) {
        let keep = self
            .settings
            .windows
            .windows()
            .map(|w| w.requests as usize)
            .max()
            .unwrap_or(0);
        if keep == 0 {
            return;
        }
        state.starts.push_back(now);
        while state.starts.len() > keep {
            state.starts.pop_front();
        }
    }

    /// The spacing between request starts: the larger of `--max-rate`'s and
    /// the learned one.
    fn gap(&self, state: &State) -> Option<Duration> {
        let fixed = self
            .settings
            .max_per_minute
            .filter(|n| *n > 0)
            .map(|per_minute| Duration::from_secs_f64(60.0 / f64::from(per_minute)));
        match (fixed, state.learned_gap) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// A request went through: widen the window by about one per round
    /// trip, and let a learned pace creep up.
    pub fn on_success(&self) {
        let mut state = self.lock();
        let max = self.settings.max_in_flight as f64;
        state.window = (state.window + 1.0 / state.window).min(max);
        state.admitted_since += 1;
        state.learned_gap = state.learned_gap.map(|gap| gap.div_f64(PROBE));
    }

    /// The provider said "too many requests": halve the window, learn the
    /// pace it admitted, and, when it said how long to wait, hold every
    /// worker back that long.
    pub fn on_throttled(&self, retry_after: Option<Duration>) {
        let mut state = self.lock();
        let now = Instant::now();
        state.throttled += 1;
        state.window = (state.window / 2.0).max(1.0);
        let new_episode = state.paused_until.is_none_or(|until| until <= now);
        if new_episode {
            let elapsed = state
                .episode_start
                .map_or(Duration::ZERO, |start| now - start);
            if state.admitted_since > 0 && !elapsed.is_zero() {
                let admitted_per_second = state.admitted_since as f64 / elapsed.as_secs_f64();
                state.learned_gap = Some(Duration::from_secs_f64(
                    1.0 / (admitted_per_second * SETTLE),
                ));
            }
            state.episode_start = Some(now);
            state.admitted_since = 0;
        }
        // A wait longer than --max-wait stops the run instead (see
        // retry.rs): holding the other workers back would only delay that.
        let pause = retry_after.unwrap_or_else(|| self.settings.quiet_throttle_pause());
        if pause <= self.settings.max_wait {
            let until = now + pause;
            state.paused_until = Some(state.paused_until.map_or(until, |u| u.max(until)));
        }
        drop(state);
        self.changed.notify_waiters();
    }

    /// How long a request asking now would wait before it may start, and
    /// why: for saying why a run stands still.
    pub fn pending_wait(&self) -> Option<(Duration, Held)> {
        let state = self.lock();
        let now = Instant::now();
        if let Some(until) = state.paused_until.filter(|until| *until > now) {
            return Some((until - now, Held::Paused));
        }
        let spaced = state
            .next_start
            .filter(|next| *next > now)
            .map(|next| (next - now, Held::Spaced));
        let window = self
            .binding_window(&state)
            .filter(|(at, _)| *at > now)
            .map(|(at, w)| (at - now, Held::Window(w)));
        match (spaced, window) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    /// Waits until a request may start, as [`Pacer::acquire`], and first
    /// says how long and why when it must wait: `provider` names who is
    /// waited for, `what` what the requests are ("requests", "creates").
    pub async fn acquire_saying(
        self: &Arc<Self>,
        provider: &'static str,
        what: &'static str,
    ) -> Permit {
        if let Some((wait, held)) = self.pending_wait() {
            waits::announce(WaitEvent {
                provider,
                reason: held.reason(what),
                wait,
            });
        }
        self.acquire().await
    }

    pub fn settings(&self) -> &PaceSettings {
        &self.settings
    }

    /// How many 429 answers this provider gave.
    pub fn throttled(&self) -> u64 {
        self.lock().throttled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn bounds_requests_in_flight() {
        let pacer = Pacer::new(PaceSettings {
            max_in_flight: 2,
            ..PaceSettings::default()
        });
        let a = pacer.acquire().await;
        let _b = pacer.acquire().await;
        let third = tokio::time::timeout(Duration::from_millis(10), pacer.acquire()).await;
        assert!(third.is_err(), "a third request started");
        drop(a);
        tokio::time::timeout(Duration::from_millis(10), pacer.acquire())
            .await
            .expect("a slot freed up");
    }

    #[tokio::test(start_paused = true)]
    async fn pauses_everyone_after_a_429_and_halves_the_window() {
        let pacer = Pacer::new(PaceSettings {
            max_in_flight: 8,
            ..PaceSettings::default()
        });
        pacer.on_throttled(Some(Duration::from_secs(3)));
        assert_eq!(pacer.lock().window, 4.0);
        let start = Instant::now();
        drop(pacer.acquire().await);
        assert!(start.elapsed() >= Duration::from_secs(3));
        assert_eq!(pacer.throttled(), 1);
    }

    /// A provider that admits a minute's burst of 600 and then 10 requests
    /// a second, answering 429 with `Retry-After: 1` beyond that: the run
    /// keeps close to its pace and meets few 429s (a window alone met 80).
    #[tokio::test(start_paused = true)]
    async fn learns_an_unknown_rate_limit() {
        let pacer = Pacer::new(PaceSettings {
            max_in_flight: 16,
            ..PaceSettings::default()
        });
        let start = Instant::now();
        let mut tokens = 600.0_f64;
        let mut refilled = start;
        let (mut admitted, mut throttled) = (0_u32, 0_u32);
        while admitted < 1400 {
            let permit = pacer.acquire().await;
            let now = Instant::now();
            tokens = (tokens + (now - refilled).as_secs_f64() * 10.0).min(600.0);
            refilled = now;
            if tokens >= 1.0 {
                tokens -= 1.0;
                admitted += 1;
                pacer.on_success();
            } else {
                throttled += 1;
                pacer.on_throttled(Some(Duration::from_secs(1)));
            }
            drop(permit);
        }
        let ideal = (1400.0 - 600.0) / 10.0;
        let took = start.elapsed().as_secs_f64();
        assert!(
            took < ideal * 1.2,
            "{took:.1} s against an ideal of {ideal:.1} s"
        );
        assert!(throttled <= 20, "{throttled} answers of 429");
    }

    #[tokio::test(start_paused = true)]
    async fn spaces_starts_under_a_fixed_rate() {
        let pacer = Pacer::new(PaceSettings {
            max_in_flight: 8,
            max_per_minute: Some(600),
            ..PaceSettings::default()
        });
        let start = Instant::now();
        for _ in 0..11 {
            drop(pacer.acquire().await);
        }
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(1000), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(1100), "{elapsed:?}");
    }

    /// GitCode's published limits: a burst of 50, then never more than 50
    /// in any minute, and 4000 in any hour.
    #[tokio::test(start_paused = true)]
    async fn keeps_every_window_under_its_count() {
        let pacer = Pacer::new(PaceSettings {
            max_in_flight: 16,
            windows: "50/min,4000/h".parse().unwrap(),
            ..PaceSettings::default()
        });
        let start = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..120 {
            drop(pacer.acquire().await);
            starts.push(Instant::now() - start);
        }
        for (i, at) in starts.iter().enumerate().skip(50) {
            assert!(
                *at >= starts[i - 50] + Duration::from_secs(60),
                "{i}: {at:?}"
            );
        }
        assert_eq!(starts[49], Duration::ZERO);
        // Two windows of a minute, each with a margin of 1 s.
        assert_eq!(starts[119], Duration::from_secs(122));
    }

    /// A 429 without `Retry-After` pauses everyone for the shortest window;
    /// a `Retry-After` beyond `--max-wait` pauses no one: the run stops.
    #[tokio::test(start_paused = true)]
    async fn a_silent_429_waits_for_the_window() {
        let pacer = Pacer::new(PaceSettings {
            windows: "5/2s".parse().unwrap(),
            max_wait: Duration::from_secs(10),
            ..PaceSettings::default()
        });
        let start = Instant::now();
        pacer.on_throttled(None);
        drop(pacer.acquire().await);
        assert_eq!(start.elapsed(), Duration::from_secs(2));
        pacer.on_throttled(Some(Duration::from_secs(86_400)));
        drop(pacer.acquire().await);
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn says_what_holds_a_request_back() {
        let pacer = Pacer::new(PaceSettings {
            windows: "2/min".parse().unwrap(),
            ..PaceSettings::default()
        });
        assert_eq!(pacer.pending_wait(), None);
        drop(pacer.acquire().await);
        drop(pacer.acquire().await);
        let minute = Window {
            requests: 2,
            length: Duration::from_secs(60),
        };
        // The window, plus its margin of a second a minute.
        assert_eq!(
            pacer.pending_wait(),
            Some((Duration::from_secs(61), Held::Window(minute)))
        );
        pacer.on_throttled(Some(Duration::from_secs(5)));
        assert_eq!(
            pacer.pending_wait(),
            Some((Duration::from_secs(5), Held::Paused))
        );
    }

    #[test]
    fn one_token_shares_one_pacer() {
        let a = Pacer::shared("gitcode|https://h|1", PaceSettings::default());
        let b = Pacer::shared("gitcode|https://h|1", PaceSettings::default());
        let c = Pacer::shared("gitcode|https://h|2", PaceSettings::default());
        assert!(Arc::ptr_eq(&a, &b) && !Arc::ptr_eq(&a, &c));
    }
}
