//! How fast one provider is spoken to. Every request of a provider takes a
//! permit here first. The number of requests in flight adapts (additive
//! increase, multiplicative decrease on a 429), a `Retry-After` pauses every
//! worker at once, and an optional `--max-rate` spaces request starts so a
//! known limit is never hit.
//!
//! A limit that is not known is learned: when a 429 starts a new episode,
//! the rate the provider actually admitted since the last one (pauses
//! included) becomes the pace, a little below it, and the pace then creeps
//! up again with every answer, probing for more. Under a rate limit that
//! keeps the run at the limit's pace with few 429s, where a window of
//! requests in flight alone would overrun it again after every pause.

use std::{
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use tokio::{sync::Notify, time::Instant};

/// Pacing settings of one provider.
#[derive(Clone, Copy, Debug)]
pub struct PaceSettings {
    /// The most requests in flight at once.
    pub max_in_flight: usize,
    /// Requests per minute never to exceed; `None` for no fixed limit.
    pub max_per_minute: Option<u32>,
}

impl Default for PaceSettings {
    fn default() -> Self {
        PaceSettings {
            max_in_flight: 8,
            max_per_minute: None,
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
            }),
            changed: Notify::new(),
        })
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
                match (state.paused_until, state.next_start) {
                    (Some(until), _) if until > now => Some(until),
                    _ if state.in_flight >= state.window.floor().max(1.0) as usize => None,
                    (_, Some(next)) if next > now => Some(next),
                    _ => {
                        state.in_flight += 1;
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
        let pause = retry_after.unwrap_or(Duration::from_millis(500));
        let until = now + pause;
        state.paused_until = Some(state.paused_until.map_or(until, |u| u.max(until)));
        drop(state);
        self.changed.notify_waiters();
    }

    /// How long a request asking now would wait before it may start, and
    /// whether because of a 429's pause (else the spacing of `--max-rate` or
    /// a learned pace): for saying why a run stands still.
    pub fn pending_wait(&self) -> Option<(Duration, bool)> {
        let state = self.lock();
        let now = Instant::now();
        match (state.paused_until, state.next_start) {
            (Some(until), _) if until > now => Some((until - now, true)),
            (_, Some(next)) if next > now => Some((next - now, false)),
            _ => None,
        }
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
            max_per_minute: None,
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
            max_per_minute: None,
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
            max_per_minute: None,
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
        });
        let start = Instant::now();
        for _ in 0..11 {
            drop(pacer.acquire().await);
        }
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(1000), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(1100), "{elapsed:?}");
    }
}
