//! GitHub's primary rate limit, read rather than hit: every answer says how
//! many requests are left until when (`x-ratelimit-remaining`, `-reset`).
//! Requests are counted against that budget as they are sent; what is left
//! goes at once, and when it is spent nothing is sent before the reset (a
//! window holds as many requests either way, and spreading its last ones
//! only delayed the work they carry: the last pages of a run most of all). While nothing is known of the budget (the first
//! request of a run), one request goes alone and the others wait for its
//! answer; a new window is taken to hold what the last one did until an
//! answer says otherwise. So even a budget smaller than the requests in
//! flight is never overrun. Refusals by a limit (see `limits.rs`) become
//! waits, never permission errors. Every moment here is on GitHub's clock,
//! as its answers' `Date` tell it (`clock.rs`): the reset is GitHub's.

use std::{
    sync::{Mutex, PoisonError},
    time::{Duration, SystemTime},
};

use reqwest::header::HeaderMap;

use super::{
    clock::ServerClock,
    limits::{Limited, RateLimit, classify},
};
use crate::net::transport::{Gauge, Hold, Throttle};

/// How often a request waiting for the budget to be known asks again.
const ASK_AGAIN: Duration = Duration::from_millis(20);

/// How long a request sent alone to learn the budget may go unanswered
/// before another is let through in its place.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// How close to its window's reset a request is sent that may reach GitHub
/// after it, and so be counted in the next window: the `Date` header's
/// resolution, and far more than an answer's delay.
const BOUNDARY: Duration = Duration::from_secs(1);

/// The most of a window held back for requests of the last one: one in
/// this many.
const CARRIED_SHARE: u64 = 10;

#[derive(Debug, Default)]
struct State {
    /// Requests left in the window, as the answers and our own sends count.
    remaining: Option<u64>,
    /// The window's size, as the last answer said.
    limit: Option<u64>,
    /// When the window resets.
    reset: Option<SystemTime>,
    /// Requests counted in this window, sent within [`BOUNDARY`] of its
    /// reset and not answered since: GitHub may count them in the next,
    /// which then holds that many fewer.
    carried: u64,
    /// Of this window's requests, how many were held back for such
    /// requests of the last one: each late answer naming the last window
    /// gives one back.
    carried_over: u64,
    /// No request before this moment.
    hold_until: Option<SystemTime>,
    /// `hold_until` is a reset: the budget is spent until then.
    held_for_reset: bool,
    /// When the request sent alone to learn the budget left, while its
    /// answer is awaited; or since when requests have waited for an answer
    /// to say when a spent window ends.
    probe: Option<SystemTime>,
    /// The end of the last window left behind: answers that name it (sent
    /// in it, arriving late) say nothing of the window now counted.
    passed: Option<SystemTime>,
    /// The server's answers carry no budget (a GitHub Enterprise Server
    /// with rate limiting off): nothing to read, nothing to hold back.
    unmetered: bool,
    /// GitHub's time, from our clock and its answers' `Date`.
    clock: ServerClock,
}

impl State {
    /// A new window, which holds what the last one did as far as is known,
    /// less `sending` requests about to go in it and those the last one
    /// sent so close to its reset that they may land in it.
    fn next_window(&mut self, sending: u64) {
        self.passed = self.reset.take();
        // At most a tenth of a window is held back: in a window as short as
        // an answer's delay, most requests are sent near its reset.
        let carried = self
            .carried
            .min(self.limit.map_or(0, |limit| limit / CARRIED_SHARE));
        self.remaining = self
            .limit
            .map(|limit| limit.saturating_sub(sending + carried));
        self.carried_over = carried;
        self.carried = 0;
    }

    /// No request before `until`, the reset of a spent window when `reset`.
    fn hold(&mut self, until: SystemTime, reset: bool) {
        if self.hold_until.is_none_or(|held| until >= held) {
            self.held_for_reset = reset || (self.held_for_reset && self.hold_until == Some(until));
            self.hold_until = Some(until);
        }
    }
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

    /// Whether a request about to be sent at `local` (our clock) may go,
    /// and when; one that goes (now or after a wait) is counted against
    /// the budget.
    pub fn reserve(&self, local: SystemTime) -> Hold {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.unmetered {
            return Hold::Go;
        }
        let now = state.clock.now(local);
        let waited_long = |state: &State| {
            state
                .probe
                .is_some_and(|since| now.duration_since(since).unwrap_or_default() >= PROBE_TIMEOUT)
        };
        let mut at = now;
        if let Some(hold) = state.hold_until {
            at = at.max(hold);
        }
        if state.reset.is_some_and(|reset| at >= reset) {
            // A new window: it holds what the last one did, as far as is
            // known, until an answer says.
            state.next_window(0);
        }
        match (state.remaining, state.reset) {
            // Nothing known: one request goes alone to learn the budget.
            (None, _) => {
                if state.probe.is_some() && !waited_long(&state) {
                    return Hold::AskAgain(ASK_AGAIN);
                }
                state.probe = Some(now);
            }
            // Spent, in a window whose end no answer has told yet: wait
            // for one, but not for ever.
            (Some(0), None) => {
                if !waited_long(&state) {
                    state.probe.get_or_insert(now);
                    return Hold::AskAgain(ASK_AGAIN);
                }
                state.probe = Some(now);
            }
            (Some(left), None) => state.remaining = Some(left - 1),
            (Some(0), Some(reset)) => {
                // Spent: this request and every later one wait for the
                // reset, in a new window that holds what this one did.
                at = at.max(reset);
                state.hold(reset, true);
                state.next_window(1);
            }
            (Some(left), Some(reset)) => {
                state.remaining = Some(left - 1);
                if reset.duration_since(at).unwrap_or_default() < BOUNDARY {
                    state.carried += 1;
                }
                if left == 1 {
                    state.hold(reset, true);
                }
            }
        }
        match at.duration_since(now).unwrap_or(Duration::ZERO) {
            wait if wait.is_zero() => Hold::Go,
            wait if state.held_for_reset && state.hold_until == Some(at) => {
                Hold::Spent { wait, until: at }
            }
            wait => Hold::Wait(wait),
        }
    }

    /// Reads an answer received at `local` (our clock); the wait a refusal
    /// by a limit asks for.
    pub fn observe(&self, status: u16, headers: &HeaderMap, local: SystemTime) -> Option<Throttle> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        // Only the `Date` of an answer that names a reset: the two are
        // read together, from the same server.
        if let Some(date) = RateLimit::from_headers(headers, local)
            .date
            .filter(|_| headers.contains_key("x-ratelimit-reset"))
        {
            state.clock.observe(date, local);
        }
        let now = state.clock.now(local);
        let limits = RateLimit::from_headers(headers, now);
        state.probe = None;
        state.unmetered = limits.remaining.is_none() && limits.reset.is_none() && status < 400;
        match limits.reset {
            // A request sent near the reset was answered in the window it
            // was counted in: the next need not hold its place.
            Some(reset) if state.reset == Some(reset) => {
                state.carried = state.carried.saturating_sub(1);
            }
            Some(reset) if state.passed == Some(reset) && state.carried_over > 0 => {
                state.carried_over -= 1;
                state.remaining = state.remaining.map(|left| left + 1);
            }
            _ => {}
        }
        if let (Some(remaining), Some(reset)) = (limits.remaining, limits.reset)
            && state.passed.is_none_or(|passed| reset > passed)
        {
            if state.reset == Some(reset) || (state.reset.is_none() && state.remaining.is_some()) {
                // Answers to requests sent together arrive in any order,
                // and requests sent since are counted here: the lowest
                // count is the latest.
                state.reset = Some(reset);
                state.remaining = Some(state.remaining.map_or(remaining, |r| r.min(remaining)));
            } else if state.reset.is_none_or(|known| reset > known) {
                state.reset = Some(reset);
                state.remaining = Some(remaining);
            }
            state.limit = limits.limit.or(state.limit);
            if remaining == 0 {
                state.hold(reset, true);
            }
        }
        if !matches!(status, 403 | 429) {
            return None;
        }
        let throttle = match classify(status, &limits, None, now) {
            Limited::Primary { wait, .. } => Throttle {
                wait,
                spent_until: limits.reset,
            },
            Limited::Secondary { wait } => Throttle {
                wait,
                spent_until: None,
            },
            Limited::No | Limited::Forbidden => return None,
        };
        state.hold(now + throttle.wait, throttle.spent_until.is_some());
        Some(throttle)
    }
}

impl Gauge for Budget {
    fn before_send(&self) -> Hold {
        self.reserve(SystemTime::now())
    }

    fn on_answer(&self, status: u16, headers: &HeaderMap) -> Option<Throttle> {
        self.observe(status, headers, SystemTime::now())
    }

    fn why(&self) -> String {
        "GitHub's rate limit holds requests back (its budget is spent or low until \
         its reset, or a refusal asked to wait)"
            .into()
    }

    fn refused_by(&self, status: u16, headers: &HeaderMap) -> String {
        let now = SystemTime::now();
        match classify(status, &RateLimit::from_headers(headers, now), None, now) {
            Limited::Primary { .. } => "GitHub's request budget is spent until its reset".into(),
            _ => format!(
                "GitHub's secondary rate limit refused a request (on creates: at most {})",
                super::adapter::CREATE_LIMITS
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::providers::github::clock::tests::{START, at};

    /// An answer without `Date`: GitHub's clock is then taken to be up to
    /// a second behind ours, the margin waited after a reset.
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
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        assert_eq!(budget.observe(200, &answer(5000, 0, 60), at(0.0)), None);
        let held = budget.reserve(at(10.0));
        assert_eq!(
            held,
            Hold::Spent {
                wait: Duration::from_secs(51),
                until: at(60.0)
            }
        );
        // Another request at the same time waits as long.
        assert_eq!(budget.reserve(at(10.0)), held);
    }

    #[test]
    fn the_last_request_of_a_window_is_counted_before_its_answer() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        budget.observe(200, &answer(5000, 2, 60), at(0.0));
        // Two of 5000 are left: both go at once, none spread out.
        assert_eq!(budget.reserve(at(1.0)), Hold::Go);
        assert_eq!(budget.reserve(at(1.0)), Hold::Go);
        // Two were left and two are under way: the third waits for the reset.
        assert_eq!(
            budget.reserve(at(1.0)),
            Hold::Spent {
                wait: Duration::from_secs(60),
                until: at(60.0)
            }
        );
    }

    #[test]
    fn a_low_budget_goes_at_once_and_then_waits_for_the_reset() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        // 3 of 200 left, 100 s to go: three go now, the fourth at the reset.
        budget.observe(200, &answer(200, 3, 100), at(0.0));
        for _ in 0..3 {
            assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        }
        assert!(matches!(
            budget.reserve(at(0.0)),
            Hold::Spent { until, .. } if until == at(100.0)
        ));
    }

    #[test]
    fn refusals_by_a_limit_are_waits_and_a_plain_403_is_not() {
        let budget = Budget::new();
        let mut secondary = answer(5000, 4000, 600);
        secondary.insert("retry-after", 7.into());
        assert_eq!(
            budget.observe(403, &secondary, at(0.0)),
            Some(Throttle {
                wait: Duration::from_secs(7),
                spent_until: None
            })
        );
        assert_eq!(budget.reserve(at(1.0)), Hold::Wait(Duration::from_secs(6)));
        assert_eq!(budget.observe(403, &answer(5000, 3999, 600), at(8.0)), None);
        let spent = answer(5000, 0, 30);
        assert_eq!(
            Budget::new().observe(429, &spent, at(0.0)),
            Some(Throttle {
                wait: Duration::from_secs(31),
                spent_until: Some(at(30.0))
            })
        );
        assert_eq!(Budget::new().observe(403, &HeaderMap::new(), at(0.0)), None);
    }

    #[test]
    fn the_first_request_goes_alone_until_the_budget_is_known() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        // Sixteen requests at once: the others wait for the first answer.
        for _ in 0..15 {
            assert_eq!(budget.reserve(at(0.0)), Hold::AskAgain(ASK_AGAIN));
        }
        // Three left until the reset at 1 s: three go before it, the
        // fourth after it.
        budget.observe(200, &answer(15, 3, 1), at(0.1));
        let sent_at = |hold: Hold| match hold {
            Hold::Go => 0.1,
            Hold::Wait(wait) | Hold::Spent { wait, .. } => 0.1 + wait.as_secs_f64(),
            Hold::AskAgain(_) => panic!("the budget is known"),
        };
        for _ in 0..3 {
            assert!(sent_at(budget.reserve(at(0.1))) < 1.0);
        }
        assert!(sent_at(budget.reserve(at(0.1))) >= 1.0);
    }

    #[test]
    fn a_new_window_holds_what_the_last_one_did_until_an_answer_says() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        budget.observe(200, &answer(4, 3, 1), at(0.0));
        // The window ends at 1 s (2 s by our clock, a second ahead at
        // most): in the next, four may go before any answer.
        for _ in 0..4 {
            assert_eq!(budget.reserve(at(2.5)), Hold::Go);
        }
        assert_eq!(budget.reserve(at(2.5)), Hold::AskAgain(ASK_AGAIN));
        // An answer names the window's end: the fifth waits for it.
        budget.observe(200, &answer(4, 0, 2), at(2.6));
        assert!(matches!(budget.reserve(at(2.6)), Hold::Spent { .. }));
    }

    #[test]
    fn a_request_sent_just_before_the_reset_may_count_in_the_next_window() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        // Three of forty left until 10 s on GitHub's clock (11 s on ours at
        // most); two go early, one a moment before the reset.
        budget.observe(200, &answer(40, 3, 10), at(0.0));
        assert_eq!(budget.reserve(at(1.0)), Hold::Go);
        assert_eq!(budget.reserve(at(1.0)), Hold::Go);
        assert_eq!(budget.reserve(at(10.8)), Hold::Go);
        // It may reach GitHub after the reset: the next window is taken to
        // hold one fewer until an answer says.
        for _ in 0..39 {
            assert_eq!(budget.reserve(at(11.0)), Hold::Go);
        }
        assert_eq!(budget.reserve(at(11.0)), Hold::AskAgain(ASK_AGAIN));
        // Its answer names the window it was sent in: the place comes back.
        budget.observe(201, &answer(40, 0, 10), at(11.1));
        assert_eq!(budget.reserve(at(11.1)), Hold::Go);
    }

    #[test]
    fn a_request_near_the_reset_answered_before_it_holds_no_place() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        budget.observe(200, &answer(40, 3, 10), at(0.0));
        assert_eq!(budget.reserve(at(10.5)), Hold::Go);
        budget.observe(201, &answer(40, 2, 10), at(10.55));
        // Answered in its own window: the next holds all forty.
        for _ in 0..40 {
            assert_eq!(budget.reserve(at(11.0)), Hold::Go);
        }
        assert_eq!(budget.reserve(at(11.0)), Hold::AskAgain(ASK_AGAIN));
    }

    #[test]
    fn a_server_without_a_budget_is_not_held_back() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        budget.observe(200, &HeaderMap::new(), at(0.0));
        for _ in 0..32 {
            assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        }
    }

    #[test]
    fn a_lost_answer_does_not_hold_the_others_for_ever() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        assert_eq!(budget.reserve(at(1.0)), Hold::AskAgain(ASK_AGAIN));
        assert_eq!(budget.reserve(at(11.0)), Hold::Go);
    }

    #[test]
    fn late_answers_from_a_window_left_behind_change_nothing() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        budget.observe(200, &answer(2, 1, 1), at(0.0));
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        // Spent: the next two are counted in the window after the reset.
        let after =
            |hold: Hold| matches!(hold, Hold::Spent { wait, .. } if wait >= Duration::from_secs(1));
        assert!(after(budget.reserve(at(0.0))));
        assert!(after(budget.reserve(at(0.0))));
        // The answer to the second request of the first window arrives late.
        budget.observe(201, &answer(2, 0, 1), at(0.1));
        // The window after the reset is still full.
        assert_eq!(budget.reserve(at(0.1)), Hold::AskAgain(ASK_AGAIN));
    }

    /// An answer whose `Date` says GitHub's clock read `server` seconds
    /// (after `START`) when it wrote.
    fn dated(limit: u64, remaining: u64, reset_in: u64, server: u64) -> HeaderMap {
        let mut headers = answer(limit, remaining, reset_in);
        let date = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(START + server));
        headers.insert("date", date.parse().expect("a date"));
        headers
    }

    /// GitHub's clock an hour ahead of ours, or behind: the wait for the
    /// reset is what its own clock says is left, not an hour more or less.
    #[test]
    fn the_reset_is_read_on_githubs_clock() {
        for skew in [3600.0, -3600.0] {
            let budget = Budget::new();
            assert_eq!(budget.reserve(at(0.0)), Hold::Go);
            // Written 0.4 s past GitHub's 100th second, read 50 ms later by
            // our clock, which is `skew` behind; the reset 20 s on.
            let received = at(100.45 - skew);
            budget.observe(200, &dated(60, 0, 120, 100), received);
            let Hold::Spent { wait, until } = budget.reserve(received) else {
                panic!("not held for the reset")
            };
            assert_eq!(until, at(120.0));
            // 19.6 s are left; one second of `Date` at most is added.
            assert!(
                wait >= Duration::from_secs_f64(19.6) && wait <= Duration::from_secs_f64(20.5),
                "{skew}: {wait:?}"
            );
        }
    }

    /// A server whose clock lags: a reset that our clock has passed is
    /// still ahead on GitHub's, and nothing is sent before it.
    #[test]
    fn a_reset_past_on_our_clock_but_not_on_githubs_still_holds() {
        let budget = Budget::new();
        assert_eq!(budget.reserve(at(0.0)), Hold::Go);
        budget.observe(200, &dated(60, 1, 30, 10), at(3610.0));
        assert_eq!(budget.reserve(at(3610.0)), Hold::Go);
        assert!(matches!(
            budget.reserve(at(3612.0)),
            Hold::Spent { wait, .. } if wait >= Duration::from_secs(17)
        ));
    }
}
