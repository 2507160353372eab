//! GitHub's clock, as its answers tell it. `x-ratelimit-reset` is a moment
//! on GitHub's clock; the `Date` header of the same answer says what that
//! clock read, so the two together say how long is left until the reset
//! whatever our own clock says. A local clock off by an hour then neither
//! waits that hour for nothing nor sends a spent window's requests early.
//!
//! `Date` has a resolution of one second. An answer received at local time
//! `r`, saying `Date: D`, was written while GitHub's clock read a moment in
//! `[D, D + 1 s)`, at a local moment no later than `r`: GitHub's clock is
//! therefore at least `D - r` ahead of ours (a negative amount when behind).
//! Every answer gives such a lower bound and the largest one is kept: it
//! never overstates GitHub's time, so a request sent when the estimate
//! reaches a reset arrives after it, and it tightens with every answer, from
//! under a second after the first to about the network's delay once answers
//! have arrived at many fractions of a second. That error is the only margin
//! waited after a reset.

use std::time::{Duration, SystemTime};

/// How far our clock may be ahead of GitHub's when no answer has told yet
/// (a server that sends no `Date`): GitHub's clocks and ours are both kept
/// by NTP, and this was the margin waited after a reset before `Date` was read.
const UNTOLD_BEHIND: Duration = Duration::from_secs(1);

/// How far GitHub's clock is ahead of ours, at least, in nanoseconds; from
/// the answers read so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerClock {
    ahead_nanos: Option<i128>,
}

impl ServerClock {
    /// Reads one answer's `Date`, received at local time `received`.
    pub fn observe(&mut self, date: SystemTime, received: SystemTime) {
        let bound = nanos(date) - nanos(received);
        self.ahead_nanos = Some(self.ahead_nanos.map_or(bound, |known| known.max(bound)));
    }

    /// GitHub's time at local time `local`, never later than it really is.
    pub fn now(&self, local: SystemTime) -> SystemTime {
        let ahead = self
            .ahead_nanos
            .unwrap_or(-(UNTOLD_BEHIND.as_nanos() as i128));
        shift(local, ahead)
    }

    /// Whether any answer has told GitHub's time yet.
    pub fn is_known(&self) -> bool {
        self.ahead_nanos.is_some()
    }
}

fn nanos(time: SystemTime) -> i128 {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

fn shift(time: SystemTime, by_nanos: i128) -> SystemTime {
    let magnitude =
        Duration::from_nanos(u64::try_from(by_nanos.unsigned_abs()).unwrap_or(u64::MAX));
    if by_nanos >= 0 {
        time + magnitude
    } else {
        time - magnitude
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The moment the clock tests (and the budget's) count from.
    pub(in crate::providers::github) const START: u64 = 1_700_000_000;

    /// `seconds` after (before, when negative) `START`.
    pub(in crate::providers::github) fn at(seconds: f64) -> SystemTime {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(START);
        if seconds >= 0.0 {
            start + Duration::from_secs_f64(seconds)
        } else {
            start - Duration::from_secs_f64(-seconds)
        }
    }

    #[test]
    fn untold_it_takes_our_clock_to_be_up_to_a_second_ahead() {
        let clock = ServerClock::default();
        assert!(!clock.is_known());
        assert_eq!(clock.now(at(10.0)), at(9.0));
    }

    #[test]
    fn a_clock_an_hour_off_either_way_is_measured_from_date() {
        for skew in [3600.0, -3600.0] {
            let mut clock = ServerClock::default();
            // Written at 100 s by our clock, when GitHub's read 0.7 s past
            // `Date`, and received 50 ms later.
            clock.observe(at(skew + 100.0), at(100.05));
            let estimate = clock.now(at(200.0));
            let truth = at(200.0 + skew + 0.7);
            assert!(estimate <= truth, "{skew}: ahead of the truth");
            assert!(
                truth.duration_since(estimate).unwrap() < Duration::from_secs(1),
                "{skew}: more than a second behind"
            );
        }
    }

    #[test]
    fn the_bound_tightens_with_every_answer_and_never_overshoots() {
        // GitHub's clock is 2.37 s ahead; answers take 20 ms to come back.
        let ahead = 2.37;
        let mut clock = ServerClock::default();
        for step in 0..50 {
            let written = 100.0 + f64::from(step) * 0.13;
            let date = (written + ahead).floor() - ahead;
            clock.observe(at(date + ahead), at(written + 0.02));
            let estimate = clock.now(at(500.0));
            assert!(estimate <= at(500.0 + ahead), "overshot at step {step}");
        }
        let behind = at(500.0 + ahead)
            .duration_since(clock.now(at(500.0)))
            .unwrap();
        assert!(behind < Duration::from_millis(200), "{behind:?}");
    }
}
