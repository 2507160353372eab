//! Fault injection: the configuration (each provider's own faults kept by
//! provider, see `keyed.rs`), the deterministic draws that decide whether
//! a request fails, and the per-provider rate limiter.
//!
//! A draw is a pure function of (fault seed, fault kind, method, path and
//! query, body, how many times this exact request was seen before). Outcomes
//! therefore do not depend on how concurrent requests interleave, and a
//! retried request gets a fresh draw because its occurrence number grows.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::encoding::Coding;
use super::keyed::Keyed;
use super::quirks::ErrorShape;
use crate::provider::Provider;
use crate::provider::rate::Window;

/// The faults the sandbox injects. `Default` injects none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// Every request waits this long before it is handled.
    pub latency_ms: u64,
    /// Probability (0..=1) that a request answers 503 without touching the state.
    pub fail_rate: f64,
    /// Requests per minute per provider; 0 turns the limiter off.
    pub rate_limit_per_minute: u32,
    /// Probability (0..=1) that a successful create is stored and the
    /// connection is then closed before any response byte is written.
    pub drop_after_commit: f64,
    /// Seed of every draw: the same seed and request sequence give the same outcomes.
    pub seed: u64,
    /// At most N requests per window per provider, counted in fixed
    /// windows; beyond them 429 without `Retry-After`, as GitCode documents.
    pub rate_window: Option<Window>,
    /// How many listings (of any provider) see their repository's first
    /// milestone deleted between page 1 and page 2.
    pub delete_while_listing: u32,
    /// The shape of every error body.
    pub error_shape: ErrorShape,
    /// Error bodies repeat the token the request carried.
    pub echo_token: bool,
    /// Writes (POST, PATCH, DELETE) take this much longer than reads, and
    /// are carried out even when the client goes away meanwhile, as a real
    /// server does with a request it has received.
    pub write_latency_ms: u64,
    /// Creates are stored but answered `202 Accepted` without the milestone.
    pub create_accepted: bool,
    /// The first request waits this long before it is handled (once), so
    /// that a client's timeout runs out and its next try is answered.
    pub stall_once_ms: u64,
    /// Every answer with a body is compressed with this coding, whatever
    /// the request accepts.
    pub compress: Option<Coding>,
    /// A web application firewall in front of the API refuses every
    /// request with its own HTML page and a 403.
    pub firewall: bool,
    /// Each provider's own faults, of its own type (in its folder), read
    /// and set through accessors defined there (`faults.github()`).
    pub by_provider: Keyed,
}

/// The kinds of fault that take a draw; each kind draws independently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FaultKind {
    Fail,
    DropAfterCommit,
}

impl FaultKind {
    fn tag(self) -> &'static [u8] {
        match self {
            FaultKind::Fail => b"fail",
            FaultKind::DropAfterCommit => b"drop-after-commit",
        }
    }
}

/// What identifies "the same request" for the draws.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RequestKey {
    pub method: String,
    pub target: String,
    pub body: Vec<u8>,
}

/// The draw in [0, 1) for one fault kind and one request occurrence.
pub(crate) fn draw(seed: u64, kind: FaultKind, key: &RequestKey, occurrence: u64) -> f64 {
    let mut hash = Fnv::new();
    hash.write(&seed.to_le_bytes());
    // Lengths separate the fields so that ("ab","c") and ("a","bc") differ.
    for field in [
        kind.tag(),
        key.method.as_bytes(),
        key.target.as_bytes(),
        &key.body,
    ] {
        hash.write(&(field.len() as u64).to_le_bytes());
        hash.write(field);
    }
    hash.write(&occurrence.to_le_bytes());
    let mixed = splitmix64(hash.0);
    // 53 bits fill an f64 mantissa exactly.
    (mixed >> 11) as f64 / (1u64 << 53) as f64
}

/// Whether a fault of probability `rate` happens for this draw.
pub(crate) fn happens(rate: f64, seed: u64, kind: FaultKind, key: &RequestKey, n: u64) -> bool {
    rate > 0.0 && draw(seed, kind, key, n) < rate
}

/// FNV-1a: tiny, stable across Rust releases (unlike `DefaultHasher`).
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A finaliser that spreads FNV's weak low bits over the whole word.
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A token bucket of capacity N refilled continuously at N per minute.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

/// The mutable fault state: configuration, occurrence counts, buckets.
#[derive(Debug)]
pub(crate) struct FaultState {
    faults: Faults,
    seen: HashMap<RequestKey, u64>,
    buckets: HashMap<Provider, Bucket>,
    /// Per provider: when the current fixed window began, and its count.
    windows: HashMap<Provider, (Instant, u32)>,
    /// Listings that already saw a milestone deleted.
    pub deletions: u32,
    /// Whether the one stall of `Faults::stall_once_ms` has happened.
    stalled: bool,
}

impl FaultState {
    pub fn new(faults: Faults) -> Self {
        FaultState {
            faults,
            seen: HashMap::new(),
            buckets: HashMap::new(),
            windows: HashMap::new(),
            deletions: 0,
            stalled: false,
        }
    }

    /// How long this request stalls: the first one asked for, no other.
    pub fn take_stall(&mut self) -> Option<Duration> {
        if self.faults.stall_once_ms == 0 || self.stalled {
            return None;
        }
        self.stalled = true;
        Some(Duration::from_millis(self.faults.stall_once_ms))
    }

    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Whether someone deletes a milestone before page `page` of a listing
    /// is answered: before page 2, for the first `delete_while_listing`
    /// listings.
    pub fn deletes_before(&mut self, page: usize) -> bool {
        if page != 2 || self.deletions >= self.faults.delete_while_listing {
            return false;
        }
        self.deletions += 1;
        true
    }

    /// A new configuration starts afresh: occurrence counts and buckets are
    /// reset, so that replaying a request sequence replays its outcomes.
    pub fn replace(&mut self, faults: Faults) {
        *self = FaultState::new(faults);
    }

    /// Records one arrival of `key` and returns how many times it was seen before.
    pub fn observe(&mut self, key: &RequestKey) -> u64 {
        let count = self.seen.entry(key.clone()).or_insert(0);
        let before = *count;
        *count += 1;
        before
    }

    /// Counts a request in `provider`'s fixed window; `false` when the
    /// window is full (the request is refused and not counted).
    pub fn take_window(&mut self, provider: Provider, now: Instant) -> bool {
        let Some(window) = self.faults.rate_window else {
            return true;
        };
        let (start, count) = self.windows.entry(provider).or_insert((now, 0));
        if now.saturating_duration_since(*start) >= window.length {
            *start = now;
            *count = 0;
        }
        if *count >= window.requests {
            return false;
        }
        *count += 1;
        true
    }

    /// Takes a token for `provider`, or says how long until one is available.
    /// A rejected request does not consume a token.
    pub fn take_token(&mut self, provider: Provider, now: Instant) -> Result<(), Duration> {
        let capacity = self.faults.rate_limit_per_minute;
        if capacity == 0 {
            return Ok(());
        }
        let capacity = f64::from(capacity);
        let per_second = capacity / 60.0;
        let bucket = self.buckets.entry(provider).or_insert(Bucket {
            tokens: capacity,
            refilled_at: now,
        });
        let elapsed = now
            .saturating_duration_since(bucket.refilled_at)
            .as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

/// The `Retry-After` value for a wait: whole seconds, rounded up, at least 1.
pub(crate) fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs_f64().ceil() as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(target: &str) -> RequestKey {
        RequestKey {
            method: "POST".into(),
            target: target.into(),
            body: b"{}".to_vec(),
        }
    }

    #[test]
    fn draws_are_pure_and_spread() {
        let k = key("/a");
        assert_eq!(
            draw(1, FaultKind::Fail, &k, 0),
            draw(1, FaultKind::Fail, &k, 0)
        );
        assert_ne!(
            draw(1, FaultKind::Fail, &k, 0),
            draw(2, FaultKind::Fail, &k, 0)
        );
        assert_ne!(
            draw(1, FaultKind::Fail, &k, 0),
            draw(1, FaultKind::Fail, &k, 1)
        );
        let hits = (0..10_000)
            .filter(|n| happens(0.3, 7, FaultKind::Fail, &k, *n))
            .count();
        assert!((2_700..3_300).contains(&hits), "{hits}");
    }

    #[test]
    fn bucket_refills_continuously_and_rejections_are_free() {
        let mut state = FaultState::new(Faults {
            rate_limit_per_minute: 2,
            ..Faults::default()
        });
        let [one, other, ..] = *Provider::all() else {
            panic!("two providers at least")
        };
        let start = Instant::now();
        assert!(state.take_token(one, start).is_ok());
        assert!(state.take_token(one, start).is_ok());
        let wait = state.take_token(one, start).unwrap_err();
        assert_eq!(retry_after_secs(wait), 30);
        // The other provider has its own bucket.
        assert!(state.take_token(other, start).is_ok());
        let later = start + Duration::from_secs(30);
        assert!(state.take_token(one, later).is_ok());
    }
}
