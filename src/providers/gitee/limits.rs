//! Gitee's rate limit, read rather than hit. Gitee publishes no figure; its
//! answers carry `X-RateLimit-Limit` and `X-RateLimit-Remaining` (no reset),
//! and a spent limit answers 403 "Rate Limit Exceeded". Requests are counted
//! against what the answers say is left (never raised by one: they arrive
//! in any order); while nothing is known one request goes alone to learn
//! it. When the count is spent, every request
//! waits a pause (Gitee does not say when its window refills), in a window
//! then taken to hold the limit again; a refusal all the same doubles the
//! pause (up to [`MAX_PAUSE`]) and is a wait, never a permission error.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, OnceLock, PoisonError},
    time::{Duration, Instant},
};

use reqwest::header::HeaderMap;

use crate::net::transport::{Gauge, Hold, Throttle};

/// How long a spent limit holds requests at first.
pub const FIRST_PAUSE: Duration = Duration::from_secs(1);

/// The longest pause: Gitee's limits are not known to count longer
/// windows than a minute.
pub const MAX_PAUSE: Duration = Duration::from_secs(60);

/// How often a request waiting for the limit to be known asks again.
const ASK_AGAIN: Duration = Duration::from_millis(20);

/// How long the request sent alone to learn the limit may go unanswered
/// before another is let through.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request counts as on its way at most: one never answered (a
/// dropped connection) stops counting then.
const ON_ITS_WAY: Duration = Duration::from_secs(60);

/// The headers Gitee's limit is read from.
pub const LIMIT_HEADER: &str = "x-ratelimit-limit";
pub const REMAINING_HEADER: &str = "x-ratelimit-remaining";

#[derive(Debug)]
struct State {
    /// Requests left, as the answers and our own sends count them.
    remaining: Option<u64>,
    /// The limit per window, as the last answer said.
    limit: Option<u64>,
    /// No request before this moment.
    hold_until: Option<Instant>,
    /// How long a spent limit holds requests.
    pause: Duration,
    /// Since when the request sent alone to learn the limit is awaited.
    probe: Option<Instant>,
    /// An answer came without the headers: nothing to count.
    unmetered: bool,
    /// When the requests sent and not yet answered left, oldest first.
    in_flight: VecDeque<Instant>,
}

impl Default for State {
    fn default() -> Self {
        State {
            remaining: None,
            limit: None,
            hold_until: None,
            pause: FIRST_PAUSE,
            probe: None,
            unmetered: false,
            in_flight: VecDeque::new(),
        }
    }
}

impl State {
    /// How many requests are on their way at `now`.
    fn on_their_way(&mut self, now: Instant) -> u64 {
        while self
            .in_flight
            .front()
            .is_some_and(|sent| now.duration_since(*sent) >= ON_ITS_WAY)
        {
            self.in_flight.pop_front();
        }
        self.in_flight.len() as u64
    }
}

/// The limit of one token, shared by every request made with it.
#[derive(Debug, Default)]
pub struct GiteeLimit {
    state: Mutex<State>,
}

/// A header's number, when there is one.
fn number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

impl GiteeLimit {
    /// Whether a request about to be sent at `now` may go, and when; one
    /// that goes is counted.
    pub fn reserve(&self, now: Instant) -> Hold {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.unmetered {
            return Hold::Go;
        }
        let held = state.hold_until.filter(|until| *until > now);
        state.in_flight.push_back(now);
        match state.remaining {
            None if state.limit.is_none() => {
                let waited_long = state
                    .probe
                    .is_some_and(|since| now.duration_since(since) >= PROBE_TIMEOUT);
                if state.probe.is_some() && !waited_long {
                    state.in_flight.pop_back();
                    return Hold::AskAgain(ASK_AGAIN);
                }
                state.probe = Some(now);
            }
            None => {}
            Some(0) => {
                // Spent: wait a pause past any hold, in a window taken to
                // hold the limit again, less this request and those still
                // on their way (they may arrive in it).
                let until = held.unwrap_or(now) + state.pause;
                state.hold_until = Some(until);
                let in_flight = state.on_their_way(now);
                state.remaining = state.limit.map(|limit| limit.saturating_sub(in_flight));
                return Hold::Wait(until - now);
            }
            Some(left) => state.remaining = Some(left - 1),
        }
        match held {
            Some(until) => Hold::Wait(until - now),
            None => Hold::Go,
        }
    }

    /// Reads an answer received at `now`; the wait a refusal by the limit
    /// asks for.
    pub fn observe(&self, status: u16, headers: &HeaderMap, now: Instant) -> Option<Throttle> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.probe = None;
        state.in_flight.pop_front();
        let said = number(headers, REMAINING_HEADER);
        let limit = number(headers, LIMIT_HEADER);
        state.unmetered = said.is_none() && limit.is_none() && status < 400;
        state.limit = limit.or(state.limit);
        if let Some(said) = said {
            // What is left once the requests still in flight are counted
            // too (some may be in `said` already: counting them again only
            // holds back early).
            // What is left once the requests still on their way are
            // counted too (some may be in `said` already: counting them
            // again only holds back early). Answers arrive in any order, a
            // later one saying more is left than an earlier one did, so an
            // answer never raises the count: a new window is taken to
            // begin only once a spent count's pause is over.
            let left = said.saturating_sub(state.on_their_way(now));
            state.remaining = Some(state.remaining.map_or(left, |counted| counted.min(left)));
            if said > 0 && status != 403 {
                state.pause = FIRST_PAUSE;
            }
        }
        if status != 403 || said != Some(0) {
            return None;
        }
        // Refused although the pause was waited: the window is longer.
        let wait = state.pause;
        state.pause = (state.pause * 2).min(MAX_PAUSE);
        state.hold_until = Some(state.hold_until.map_or(now, |held| held.max(now)) + wait);
        let in_flight = state.on_their_way(now);
        state.remaining = state.limit.map(|limit| limit.saturating_sub(in_flight));
        Some(Throttle {
            wait,
            spent_until: None,
        })
    }
}

impl Gauge for GiteeLimit {
    fn before_send(&self) -> Hold {
        self.reserve(Instant::now())
    }

    fn on_answer(&self, status: u16, headers: &HeaderMap) -> Option<Throttle> {
        self.observe(status, headers, Instant::now())
    }

    fn why(&self) -> String {
        "Gitee's rate limit holds requests back (X-RateLimit-Remaining is spent, and Gitee does \
         not say when it refills: mileport waits a pause that doubles while it stays spent)"
            .into()
    }

    fn refused_by(&self, _: u16, _: &HeaderMap) -> String {
        "Gitee's rate limit is spent (403 \"Rate Limit Exceeded\")".into()
    }
}

/// The limit of a connection (provider, URL and token), shared by every
/// client of it for the whole process, as Gitee counts per token.
pub fn shared_limit(key: &str) -> Arc<GiteeLimit> {
    static SHARED: OnceLock<Mutex<HashMap<String, Arc<GiteeLimit>>>> = OnceLock::new();
    let mut limits = SHARED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    limits.entry(key.to_owned()).or_default().clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(limit: u64, remaining: u64) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(LIMIT_HEADER, limit.into());
        headers.insert(REMAINING_HEADER, remaining.into());
        headers
    }

    #[test]
    fn one_request_learns_the_limit_then_the_count_holds_the_rest() {
        let limit = GiteeLimit::default();
        let start = Instant::now();
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.reserve(start), Hold::AskAgain(ASK_AGAIN));
        assert_eq!(limit.observe(200, &answer(3, 2), start), None);
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.observe(200, &answer(3, 1), start), None);
        assert_eq!(limit.observe(200, &answer(3, 0), start), None);
        // Spent: a pause, then a window taken to hold the limit again.
        assert_eq!(limit.reserve(start), Hold::Wait(FIRST_PAUSE));
        assert_eq!(limit.reserve(start), Hold::Wait(FIRST_PAUSE));
        assert_eq!(limit.reserve(start), Hold::Wait(FIRST_PAUSE));
        // A fourth is one too many for the new window: the one after.
        assert_eq!(limit.reserve(start), Hold::Wait(FIRST_PAUSE * 2));
    }

    #[test]
    fn requests_still_on_their_way_count_against_the_next_window() {
        let limit = GiteeLimit::default();
        let start = Instant::now();
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.observe(200, &answer(3, 2), start), None);
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.reserve(start), Hold::Go);
        // Two unanswered may land in the next window: only one more fits.
        assert_eq!(limit.reserve(start), Hold::Wait(FIRST_PAUSE));
        assert_eq!(limit.reserve(start), Hold::Wait(FIRST_PAUSE * 2));
    }

    #[test]
    fn a_refusal_is_a_wait_that_doubles_while_it_lasts() {
        let limit = GiteeLimit::default();
        let start = Instant::now();
        let first = limit.observe(403, &answer(3, 0), start).unwrap();
        assert_eq!(first.wait, FIRST_PAUSE);
        let second = limit.observe(403, &answer(3, 0), start).unwrap();
        assert_eq!(second.wait, FIRST_PAUSE * 2);
        assert_eq!(limit.observe(200, &answer(3, 2), start), None);
        assert_eq!(
            limit.observe(403, &answer(3, 0), start).unwrap().wait,
            FIRST_PAUSE
        );
        assert_eq!(limit.observe(403, &HeaderMap::new(), start), None);
    }

    #[test]
    fn answers_out_of_order_are_no_new_window() {
        let limit = GiteeLimit::default();
        let start = Instant::now();
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.observe(200, &answer(6, 5), start), None);
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.reserve(start), Hold::Go);
        // The second's answer (3 left) comes before the first's (4 left).
        assert_eq!(limit.observe(200, &answer(6, 3), start), None);
        assert_eq!(limit.observe(200, &answer(6, 4), start), None);
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.reserve(start), Hold::Wait(FIRST_PAUSE));
    }

    #[test]
    fn a_request_never_answered_stops_counting_after_a_while() {
        let limit = GiteeLimit::default();
        let start = Instant::now();
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.observe(200, &answer(2, 1), start), None);
        // Sent, never answered (its connection dropped).
        assert_eq!(limit.reserve(start), Hold::Go);
        let later = start + ON_ITS_WAY;
        assert_eq!(limit.reserve(later), Hold::Wait(FIRST_PAUSE));
        // The lost one no longer counts: the new window holds this one and one more.
        assert_eq!(limit.reserve(later), Hold::Wait(FIRST_PAUSE));
    }

    #[test]
    fn answers_without_the_headers_hold_nothing_back() {
        let limit = GiteeLimit::default();
        let start = Instant::now();
        assert_eq!(limit.reserve(start), Hold::Go);
        assert_eq!(limit.observe(200, &HeaderMap::new(), start), None);
        for _ in 0..10 {
            assert_eq!(limit.reserve(start), Hold::Go);
        }
    }
}
