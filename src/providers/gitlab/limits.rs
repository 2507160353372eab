//! GitLab's rate limit, read rather than hit. Answers carry
//! `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (Unix
//! seconds; gitlab.com allows about 2,000 authenticated requests a minute).
//! Requests are counted against what the answers say is left, less those
//! still on their way; once it is spent every request waits for the reset
//! and the new window is counted from the limit. A 429 is a wait: its
//! `Retry-After`, else the reset, else (headers missing, as on some 429s)
//! left to the shared pacer. Answers without the headers hold nothing back.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, OnceLock, PoisonError},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use reqwest::header::HeaderMap;

use crate::net::{
    error::retry_after,
    transport::{Gauge, Hold, Throttle},
};

/// The headers GitLab's limit is read from.
pub const LIMIT_HEADER: &str = "ratelimit-limit";
pub const REMAINING_HEADER: &str = "ratelimit-remaining";
pub const RESET_HEADER: &str = "ratelimit-reset";

/// How long after the reset a held request is sent: the server's clock
/// and ours may disagree by a little.
const MARGIN: Duration = Duration::from_millis(100);

/// How long a request counts as on its way at most: one never answered (a
/// dropped connection) stops counting then.
const ON_ITS_WAY: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
struct State {
    /// The limit per window, as the last answer said.
    limit: Option<u64>,
    /// Requests left in the window, as the answers and our own sends count.
    remaining: Option<u64>,
    /// When the window ends, as the last answer said.
    reset: Option<SystemTime>,
    /// Requests held for the next window.
    queued: u64,
    /// When the requests sent and not yet answered left, oldest first.
    in_flight: VecDeque<Instant>,
}

impl State {
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
pub struct GitLabLimit {
    state: Mutex<State>,
}

fn number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

fn epoch(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

impl GitLabLimit {
    /// Whether a request about to be sent (`now`, `clock`) may go, and
    /// when; one that goes is counted.
    pub fn reserve(&self, now: Instant, clock: SystemTime) -> Hold {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.reset.is_some_and(|reset| clock >= reset) {
            // The window is over: the next counts from the limit.
            state.reset = None;
            let queued = std::mem::take(&mut state.queued);
            state.remaining = state.limit.map(|limit| limit.saturating_sub(queued));
        }
        state.in_flight.push_back(now);
        match (state.remaining, state.reset) {
            (Some(0), Some(reset)) => {
                state.queued += 1;
                let wait = reset.duration_since(clock).unwrap_or_default() + MARGIN;
                Hold::Spent { wait, until: reset }
            }
            (Some(left), _) => {
                state.remaining = Some(left.saturating_sub(1));
                Hold::Go
            }
            (None, _) => Hold::Go,
        }
    }

    /// Reads an answer received at `now` (`clock`); the wait a refusal by
    /// the limit asks for.
    pub fn observe(
        &self,
        status: u16,
        headers: &HeaderMap,
        now: Instant,
        clock: SystemTime,
    ) -> Option<Throttle> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.in_flight.pop_front();
        let said = number(headers, REMAINING_HEADER);
        let reset = number(headers, RESET_HEADER).map(epoch);
        state.limit = number(headers, LIMIT_HEADER).or(state.limit);
        if let (Some(said), Some(reset)) = (said, reset) {
            let left = said.saturating_sub(state.on_their_way(now));
            let new_window = state.reset.is_none_or(|known| reset > known);
            state.remaining = Some(match state.remaining {
                Some(counted) if !new_window => counted.min(left),
                _ => left.saturating_sub(state.queued),
            });
            if new_window {
                state.queued = 0;
            }
            state.reset = Some(reset);
        }
        if status != 429 {
            return None;
        }
        let wait = retry_after(headers)
            .or_else(|| reset.map(|r| r.duration_since(clock).unwrap_or_default() + MARGIN))?;
        Some(Throttle {
            wait,
            spent_until: reset,
        })
    }
}

impl Gauge for GitLabLimit {
    fn before_send(&self) -> Hold {
        self.reserve(Instant::now(), SystemTime::now())
    }

    fn on_answer(&self, status: u16, headers: &HeaderMap) -> Option<Throttle> {
        self.observe(status, headers, Instant::now(), SystemTime::now())
    }

    fn why(&self) -> String {
        "GitLab's rate limit holds requests back (RateLimit-Remaining is spent until RateLimit-Reset)"
            .into()
    }

    fn refused_by(&self, _: u16, _: &HeaderMap) -> String {
        "GitLab's rate limit is spent (429)".into()
    }
}

/// The limit of a connection (provider, URL and token), shared by every
/// client of it for the whole process, as GitLab counts per user.
pub fn shared_limit(key: &str) -> Arc<GitLabLimit> {
    static SHARED: OnceLock<Mutex<HashMap<String, Arc<GitLabLimit>>>> = OnceLock::new();
    let mut limits = SHARED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    limits.entry(key.to_owned()).or_default().clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(limit: u64, remaining: u64, reset: u64) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(LIMIT_HEADER, limit.into());
        headers.insert(REMAINING_HEADER, remaining.into());
        headers.insert(RESET_HEADER, reset.into());
        headers
    }

    #[test]
    fn a_spent_window_holds_requests_until_its_reset_then_counts_the_next() {
        let limit = GitLabLimit::default();
        let start = Instant::now();
        let clock = epoch(1000);
        assert_eq!(limit.reserve(start, clock), Hold::Go);
        assert_eq!(limit.observe(200, &answer(3, 2, 1001), start, clock), None);
        assert_eq!(limit.reserve(start, clock), Hold::Go);
        assert_eq!(limit.reserve(start, clock), Hold::Go);
        let held = limit.reserve(start, clock);
        assert_eq!(
            held,
            Hold::Spent {
                wait: Duration::from_secs(1) + MARGIN,
                until: epoch(1001)
            }
        );
        // After the reset: the held one counts in the new window.
        let later = epoch(1001);
        assert_eq!(limit.reserve(start, later), Hold::Go);
        assert_eq!(limit.reserve(start, later), Hold::Go);
        assert!(matches!(
            limit.reserve(start, later),
            Hold::Go | Hold::Spent { .. }
        ));
    }

    #[test]
    fn a_429_waits_its_retry_after_else_the_reset_else_is_left_to_the_pacer() {
        let limit = GitLabLimit::default();
        let start = Instant::now();
        let clock = epoch(1000);
        let mut headers = answer(3, 0, 1005);
        let throttle = limit.observe(429, &headers, start, clock).unwrap();
        assert_eq!(throttle.wait, Duration::from_secs(5) + MARGIN);
        headers.insert("retry-after", 2.into());
        assert_eq!(
            limit.observe(429, &headers, start, clock).unwrap().wait,
            Duration::from_secs(2)
        );
        assert_eq!(limit.observe(429, &HeaderMap::new(), start, clock), None);
    }

    #[test]
    fn answers_without_the_headers_hold_nothing_back() {
        let limit = GitLabLimit::default();
        let start = Instant::now();
        for _ in 0..10 {
            assert_eq!(limit.reserve(start, epoch(1000)), Hold::Go);
        }
    }
}
