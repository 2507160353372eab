//! Saying why a run stands still. Whoever makes a request wait (the retry
//! loop, the pacer) calls [`announce`] with the cause and how long; the
//! command line registers one listener that puts it on the progress line.
//! Every wait is also a `tracing` event, whatever its length.

use std::{
    sync::{Arc, RwLock},
    time::{Duration, SystemTime},
};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use super::rate::human;

/// Why a request waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitReason {
    /// The provider answered 429 (or the pacer holds requests back after one).
    RateLimited,
    /// A request failed in a passing way and will be sent again: try
    /// `attempt` of `max_attempts`, after `cause`.
    Retrying {
        attempt: u32,
        max_attempts: u32,
        cause: String,
    },
    /// `--max-rate` (or a learned rate) spaces requests out.
    Paced,
    /// The provider's own account of its rate budget says it is spent
    /// until `until`, a moment of the provider's clock.
    BudgetSpent { until: SystemTime },
    /// A create may have been stored although its answer was lost or said
    /// nothing: the target is asked again after the wait, never the create
    /// sent blindly. `what` names the milestone.
    LookingForCreate { what: String },
}

/// One wait: who, why and how long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitEvent {
    /// The provider's name, as people know it (`SourceCraft`).
    pub provider: &'static str,
    pub reason: WaitReason,
    pub wait: Duration,
}

impl WaitEvent {
    /// Groups notices of the same cause, so one line stands for all the
    /// requests a single 429 holds back.
    pub fn kind(&self) -> String {
        match &self.reason {
            WaitReason::RateLimited => {
                format!("{}: rate limit", self.provider.to_ascii_lowercase())
            }
            WaitReason::Retrying { attempt, .. } => {
                format!("{}: retry {attempt}", self.provider.to_ascii_lowercase())
            }
            WaitReason::Paced => format!("{}: pace", self.provider.to_ascii_lowercase()),
            WaitReason::BudgetSpent { .. } => {
                format!("{}: budget", self.provider.to_ascii_lowercase())
            }
            WaitReason::LookingForCreate { what } => {
                format!("{}: look for {what}", self.provider.to_ascii_lowercase())
            }
        }
    }
}

impl std::fmt::Display for WaitEvent {
    /// "rate-limited by SourceCraft, resuming in 12 s",
    /// "retrying 3/8 in 2 s: cannot connect to 127.0.0.1:9: connection refused".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.wait.as_secs_f64().ceil() as u64;
        match &self.reason {
            WaitReason::RateLimited => write!(
                f,
                "rate-limited by {}, resuming in {seconds} s",
                self.provider
            ),
            WaitReason::Retrying {
                attempt,
                max_attempts,
                cause,
            } => write!(
                f,
                "retrying {attempt}/{max_attempts} in {seconds} s ({}): {cause}",
                self.provider
            ),
            WaitReason::Paced => write!(
                f,
                "pacing requests to {}, next in {seconds} s",
                self.provider
            ),
            WaitReason::BudgetSpent { until } => {
                f.write_str(&budget_spent(self.provider, *until, self.wait))
            }
            WaitReason::LookingForCreate { what } => write!(
                f,
                "a create's answer was lost; looking on {} again in {seconds} s for {what}",
                self.provider
            ),
        }
    }
}

/// "GitHub's rate budget is spent until 14:05 UTC (12 min)": `until` is
/// the provider's reset on its own clock, shown in UTC to the minute (the
/// next one when it falls between two, so that a run started then finds the
/// budget back), and `wait` is how long that is from now on the same clock.
pub fn budget_spent(provider: &str, until: SystemTime, wait: Duration) -> String {
    let until = DateTime::<Utc>::from(until);
    let minute = until.duration_trunc(TimeDelta::minutes(1)).unwrap_or(until);
    let shown = if minute < until {
        minute + TimeDelta::minutes(1)
    } else {
        minute
    };
    let wait = Duration::from_secs(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
    format!(
        "{provider}'s rate budget is spent until {} UTC ({})",
        shown.format("%H:%M"),
        human(wait)
    )
}

type Listener = Arc<dyn Fn(&WaitEvent) + Send + Sync>;

struct Hook {
    listener: Option<Listener>,
    /// Waits shorter than this are only logged.
    threshold: Duration,
}

fn hook() -> &'static RwLock<Hook> {
    static HOOK: RwLock<Hook> = RwLock::new(Hook {
        listener: None,
        threshold: Duration::from_secs(2),
    });
    &HOOK
}

/// Registers the one listener told about every wait of at least
/// `threshold` (two seconds unless a test wants to see shorter ones).
pub fn listen(threshold: Duration, listener: impl Fn(&WaitEvent) + Send + Sync + 'static) {
    let mut hook = hook().write().unwrap_or_else(|e| e.into_inner());
    hook.listener = Some(Arc::new(listener));
    hook.threshold = threshold;
}

/// Tells the listener (and the log) that a request is about to wait.
/// Short waits are only logged, at debug level.
pub fn announce(event: WaitEvent) {
    let listener = {
        let hook = hook().read().unwrap_or_else(|e| e.into_inner());
        if event.wait < hook.threshold {
            tracing::debug!(target: "mileport::wait", provider = %event.provider, "{event}");
            return;
        }
        hook.listener.clone()
    };
    tracing::info!(target: "mileport::wait", provider = %event.provider, "{event}");
    if let Some(listener) = listener {
        listener(&event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_why_and_how_long() {
        let event = |reason| WaitEvent {
            provider: "SourceCraft",
            reason,
            wait: Duration::from_millis(11_200),
        };
        assert_eq!(
            event(WaitReason::RateLimited).to_string(),
            "rate-limited by SourceCraft, resuming in 12 s"
        );
        assert_eq!(
            event(WaitReason::Retrying {
                attempt: 3,
                max_attempts: 8,
                cause: "HTTP 503 Service Unavailable".into()
            })
            .to_string(),
            "retrying 3/8 in 12 s (SourceCraft): HTTP 503 Service Unavailable"
        );
        assert_eq!(
            event(WaitReason::LookingForCreate {
                what: "sourcecraft:acme/site slug \"v1\"".into()
            })
            .to_string(),
            "a create's answer was lost; looking on SourceCraft again in 12 s for sourcecraft:acme/site slug \"v1\""
        );
    }

    #[test]
    fn a_spent_budget_names_its_reset_in_utc_and_the_time_left() {
        let reset = |text: &str| SystemTime::from(DateTime::parse_from_rfc3339(text).unwrap());
        let spent = |until, seconds| WaitEvent {
            provider: "GitHub",
            reason: WaitReason::BudgetSpent { until },
            wait: Duration::from_secs_f64(seconds),
        };
        assert_eq!(
            spent(reset("2026-12-07T14:05:00Z"), 719.2).to_string(),
            "GitHub's rate budget is spent until 14:05 UTC (12 min)"
        );
        // Between two minutes: the later one, when the budget is surely back.
        assert_eq!(
            spent(reset("2026-12-07T23:59:30+00:00"), 44.5).to_string(),
            "GitHub's rate budget is spent until 00:00 UTC (45 s)"
        );
        assert_eq!(
            spent(reset("2026-12-07T16:05:00+02:00"), 3000.0).kind(),
            "github: budget"
        );
        assert_eq!(
            spent(reset("2026-12-07T16:05:00+02:00"), 3000.0).to_string(),
            "GitHub's rate budget is spent until 14:05 UTC (50 min)"
        );
    }
}
