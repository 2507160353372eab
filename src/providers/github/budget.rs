//! GitHub's primary rate limit, read rather than hit: every answer says how
//! many requests are left until when (`x-ratelimit-remaining`, `-reset`).
//! Requests are counted against that budget as they are sent; when it runs
//! low the rest is spread until the reset, and when it is spent nothing is
//! sent before the reset. Refusals by a limit (see `limits.rs`) become
//! waits, never permission errors.

use std::{
    sync::{Mutex, PoisonError},
    time::{Duration, SystemTime},
};

use reqwest::header::HeaderMap;

use super::limits::{Limited, RESET_MARGIN, RateLimit, classify};
use crate::providers::transport::Gauge;

/// Below this share of the window's limit, the requests left are spread
/// evenly until the reset.
const LOW_SHARE: u64 = 10;

#[derive(Debug, Default)]
struct State {
    /// Requests left in the window, as the answers and our own sends count.
    remaining: Option<u64>,
    /// The window's size, as the last answer said.
    limit: Option<u64>,
    /// When the window resets.
    reset: Option<SystemTime>,
    /// No request before this moment.
    hold_until: Option<SystemTime>,
    /// The earliest moment of the next request while the budget is spread.
    next_slot: Option<SystemTime>,
}

/// The primary budget of one token, shared by every request made with it.
#[derive(Debug, Default)]
pub struct Budget {
    state: Mutex<State>,
}

impl Budget {
    pub fn new() -> Budget {
        Budget::default()
    }

    /// How long a request about to be sent at `now` waits; it is counted
    /// against the budget.
    pub fn reserve(&self, now: SystemTime) -> Option<Duration> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let mut at = now;
        if let Some(hold) = state.hold_until {
            at = at.max(hold);
        }
        let in_window = state.reset.is_some_and(|reset| at < reset);
        if !in_window {
            // A new window: the next answer says what it holds.
            state.remaining = None;
            state.next_slot = None;
        }
        if let Some(slot) = state.next_slot {
            at = at.max(slot);
        }
        if let (Some(remaining), Some(reset)) = (state.remaining, state.reset)
            && in_window
        {
            match remaining {
                0 => {
                    at = at.max(reset + RESET_MARGIN);
                    state.remaining = None;
                    state.next_slot = None;
                }
                left => {
                    state.remaining = Some(left - 1);
                    let low = state
                        .limit
                        .is_some_and(|limit| left.saturating_mul(LOW_SHARE) <= limit);
                    if low {
                        let until_reset = reset.duration_since(at).unwrap_or(Duration::ZERO);
                        let spacing = until_reset / u32::try_from(left).unwrap_or(u32::MAX);
                        state.next_slot = Some(at + spacing);
                    }
                    if left == 1 {
                        state.hold_until = Some(reset + RESET_MARGIN);
                    }
                }
            }
        }
        let wait = at.duration_since(now).unwrap_or(Duration::ZERO);
        (!wait.is_zero()).then_some(wait)
    }

    /// Reads an answer given at `now`; the wait a refusal by a limit asks for.
    pub fn observe(&self, status: u16, headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
        let limits = RateLimit::from_headers(headers, now);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let (Some(remaining), Some(reset)) = (limits.remaining, limits.reset) {
            if state.reset == Some(reset) {
                // Answers to requests sent together arrive in any order:
                // the lowest count is the latest.
                state.remaining = Some(state.remaining.map_or(remaining, |r| r.min(remaining)));
            } else if state.reset.is_none_or(|known| reset > known) {
                state.reset = Some(reset);
                state.remaining = Some(remaining);
                state.next_slot = None;
            }
            state.limit = limits.limit.or(state.limit);
            if remaining == 0 {
                let hold = reset + RESET_MARGIN;
                state.hold_until = Some(state.hold_until.map_or(hold, |h| h.max(hold)));
            }
        }
        let wait = match classify(status, &limits, None, now) {
            Limited::Primary { wait, .. } | Limited::Secondary { wait }
                if matches!(status, 403 | 429) =>
            {
                wait
            }
            _ => return None,
        };
        let hold = now + wait;
        state.hold_until = Some(state.hold_until.map_or(hold, |h| h.max(hold)));
        Some(wait)
    }
}

impl Gauge for Budget {
    fn before_send(&self) -> Option<Duration> {
        self.reserve(SystemTime::now())
    }

    fn on_answer(&self, status: u16, headers: &HeaderMap) -> Option<Duration> {
        self.observe(status, headers, SystemTime::now())
    }
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;

    const START: u64 = 1_700_000_000;

    fn at(seconds: f64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(START) + Duration::from_secs_f64(seconds)
    }

    fn answer(limit: u64, remaining: u64, reset_in: u64) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("x-ratelimit-limit", limit),
            ("x-ratelimit-remaining", remaining),
            ("x-ratelimit-reset", START + reset_in),
        ] {
            headers.insert(name, value.into());
        }
        headers
    }

    #[test]
    fn a_spent_budget_holds_every_request_until_the_reset() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), None);
        assert_eq!(budget.observe(200, &answer(5000, 0, 60), at(0.0)), None);
        let wait = budget.reserve(at(10.0)).unwrap();
        assert_eq!(wait, Duration::from_secs(50) + RESET_MARGIN);
        // Another request at the same time waits as long.
        assert_eq!(budget.reserve(at(10.0)), Some(wait));
    }

    #[test]
    fn the_last_request_of_a_window_is_counted_before_its_answer() {
        let budget = Budget::new();
        budget.reserve(at(0.0));
        budget.observe(200, &answer(5000, 2, 60), at(0.0));
        assert_eq!(budget.reserve(at(1.0)), None);
        // Two of 5000 is low: the second is spread to half the time left.
        assert_eq!(budget.reserve(at(1.0)), Some(Duration::from_secs_f64(29.5)));
        // Two were left and two are under way: the third waits for the reset.
        assert_eq!(
            budget.reserve(at(1.0)),
            Some(Duration::from_secs(59) + RESET_MARGIN)
        );
    }

    #[test]
    fn a_low_budget_is_spread_until_the_reset() {
        let budget = Budget::new();
        budget.reserve(at(0.0));
        // 10 of 200 left, 100 s to go: one request every 10 s or so.
        budget.observe(200, &answer(200, 10, 100), at(0.0));
        assert_eq!(budget.reserve(at(0.0)), None);
        let second = budget.reserve(at(0.0)).unwrap();
        assert!(
            second >= Duration::from_secs(9) && second <= Duration::from_secs(11),
            "{second:?}"
        );
        // Plenty left: no spreading.
        let roomy = Budget::new();
        roomy.reserve(at(0.0));
        roomy.observe(200, &answer(5000, 4000, 100), at(0.0));
        assert_eq!(roomy.reserve(at(0.0)), None);
        assert_eq!(roomy.reserve(at(0.0)), None);
    }

    #[test]
    fn refusals_by_a_limit_are_waits_and_a_plain_403_is_not() {
        let budget = Budget::new();
        let mut secondary = answer(5000, 4000, 600);
        secondary.insert("retry-after", 7.into());
        assert_eq!(
            budget.observe(403, &secondary, at(0.0)),
            Some(Duration::from_secs(7))
        );
        assert_eq!(budget.reserve(at(1.0)), Some(Duration::from_secs(6)));
        assert_eq!(budget.observe(403, &answer(5000, 3999, 600), at(8.0)), None);
        let spent = answer(5000, 0, 30);
        assert_eq!(
            Budget::new().observe(429, &spent, at(0.0)),
            Some(Duration::from_secs(30) + RESET_MARGIN)
        );
        assert_eq!(Budget::new().observe(403, &HeaderMap::new(), at(0.0)), None);
    }
}
