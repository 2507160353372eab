//! Failures that hit everything: when requests keep failing for one reason
//! no retry can fix (the token refused, the token not allowed to write, the
//! provider out of reach), each further request would only fail the same
//! way, so the run stops after a few in a row rather than fail them all.

use crate::net::error::{ApiError, Hopeless};

/// How many failures of one such kind in a row, with no success between,
/// stop a run.
pub const STREAK_LIMIT: usize = 3;

/// The failures in a row of one kind that no retry can fix.
#[derive(Debug, Default)]
pub struct Streak {
    kind: Option<Hopeless>,
    count: usize,
}

impl Streak {
    /// Counts one outcome (`None`: it succeeded). True once the failure is
    /// one that stops the run at once, or the [`STREAK_LIMIT`]-th in a row
    /// of the same kind.
    pub fn count(&mut self, failure: Option<&ApiError>) -> bool {
        let Some(error) = failure else {
            *self = Streak::default();
            return false;
        };
        if error.stops_the_run() {
            return true;
        }
        match error.hopeless() {
            Some(kind) if self.kind == Some(kind) => self.count += 1,
            Some(kind) => {
                self.kind = Some(kind);
                self.count = 1;
            }
            None => *self = Streak::default(),
        }
        self.count >= STREAK_LIMIT
    }
}

/// Whether two failures are of the same kind, for saying the reason once
/// rather than once per milestone.
pub fn same_kind(error: &ApiError, other: &ApiError) -> bool {
    match (error.hopeless(), other.hopeless()) {
        (Some(one), Some(two)) => one == two,
        _ => std::mem::discriminant(&error.failure) == std::mem::discriminant(&other.failure),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::error::Failure;
    use crate::provider::Provider;

    /// Streaks are counted alike for every provider.
    fn any() -> Provider {
        Provider::all()[0]
    }

    fn status(status: u16, retry_after: Option<u64>) -> ApiError {
        ApiError::new(
            any(),
            "create milestone",
            Failure::Status {
                status,
                message: None,
                request_id: None,
                retry_after: retry_after.map(std::time::Duration::from_secs),
            },
        )
    }

    #[test]
    fn three_refusals_in_a_row_stop_a_success_between_starts_again() {
        let mut streak = Streak::default();
        let refused = status(401, None);
        assert!(!streak.count(Some(&refused)));
        assert!(!streak.count(Some(&refused)));
        assert!(!streak.count(None));
        assert!(!streak.count(Some(&refused)));
        assert!(!streak.count(Some(&status(403, None))));
        assert!(!streak.count(Some(&status(403, None))));
        assert!(streak.count(Some(&status(403, None))));
    }

    #[test]
    fn a_firewall_refusing_every_write_stops_the_run_too() {
        let blocked = ApiError::new(
            any(),
            "create milestone",
            Failure::NotFromApi {
                status: 403,
                what: "a text/html page titled \"Access Denied\"".to_owned(),
                retry_after: None,
            },
        );
        let mut streak = Streak::default();
        assert!(!streak.count(Some(&blocked)));
        assert!(!streak.count(Some(&blocked)));
        assert!(streak.count(Some(&blocked)));
    }

    #[test]
    fn rate_limits_and_single_milestone_failures_never_add_up() {
        let mut streak = Streak::default();
        for _ in 0..10 {
            assert!(!streak.count(Some(&status(403, Some(60)))));
            assert!(!streak.count(Some(&status(422, None))));
        }
        assert!(Streak::default().count(Some(&status(307, None))));
    }

    #[test]
    fn a_provider_out_of_reach_stops_the_run_too() {
        let unreachable = ApiError::new(
            any(),
            "create milestone",
            Failure::Transport {
                message: "cannot connect to 127.0.0.1:9: Connection refused".into(),
                timeout: false,
            },
        );
        let mut streak = Streak::default();
        let stopped: Vec<bool> = (0..3).map(|_| streak.count(Some(&unreachable))).collect();
        assert_eq!(stopped, [false, false, true]);
    }
}
