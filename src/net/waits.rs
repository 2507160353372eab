//! Saying why a run stands still. Whoever makes a request wait (the retry
//! loop, the pacer, a provider's budget) calls [`announce`] with the cause
//! and how long; the command line registers one listener that says it on
//! the progress line, or as a plain line when stderr is no terminal.
//! Every wait is also a `tracing` event, whatever its length.

use std::{
    sync::{Arc, RwLock},
    time::{Duration, SystemTime},
};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

use crate::provider::rate::human;

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
    /// `--max-rate N` (or a pace learned from 429s) spaces requests out.
    Paced,
    /// The provider's own account of its rate budget says it is spent
    /// until `until`, a moment of the provider's clock.
    BudgetSpent { until: SystemTime },
    /// A known limit (`--max-rate 50/min`, GitHub's limits on creates)
    /// would be overrun: at most `requests` `what` in any `length`.
    Window {
        requests: u32,
        length: Duration,
        what: &'static str,
    },
    /// The provider's own account of its budget (GitHub's
    /// `x-ratelimit-*`) holds requests back: `why` says how.
    Budget { why: String },
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
        let provider = self.provider.to_ascii_lowercase();
        match &self.reason {
            // A refusal the budget reads is the same wait as the 429 it
            // becomes: one notice.
            WaitReason::RateLimited
            | WaitReason::Budget { .. }
            | WaitReason::BudgetSpent { .. } => {
                format!("{provider}: rate limit")
            }
            WaitReason::Retrying { attempt, .. } => format!("{provider}: retry {attempt}"),
            WaitReason::Paced => format!("{provider}: pace"),
            WaitReason::Window { what, .. } => format!("{provider}: window of {what}"),
            WaitReason::LookingForCreate { what } => format!("{provider}: look for {what}"),
        }
    }

    /// The cause alone, without the time: "SourceCraft answered 429 (too
    /// many requests)", "GitHub allows 80 creates a minute".
    pub fn cause(&self) -> String {
        let provider = self.provider;
        match &self.reason {
            WaitReason::RateLimited => format!("{provider} answered 429 (too many requests)"),
            WaitReason::Retrying {
                attempt,
                max_attempts,
                cause,
            } => format!("try {attempt} of {max_attempts} of a {provider} request, after {cause}"),
            WaitReason::Paced => format!(
                "requests to {provider} are spaced out (--max-rate, or the pace its 429s allowed)"
            ),
            WaitReason::Window {
                requests,
                length,
                what,
            } => format!("{provider} allows {requests} {what} {}", per(*length)),
            WaitReason::Budget { why } => why.clone(),
            WaitReason::BudgetSpent { until } => budget_spent(self.provider, *until, self.wait),
            WaitReason::LookingForCreate { what } => {
                format!("a create's answer was lost; then looking on {provider} for {what}")
            }
        }
    }
}

/// A window's length as "a minute", "an hour", "every 2 s".
fn per(length: Duration) -> String {
    match length.as_secs() {
        1 => "a second".to_owned(),
        60 => "a minute".to_owned(),
        3600 => "an hour".to_owned(),
        _ => format!("every {}", crate::provider::rate::human(length)),
    }
}

impl std::fmt::Display for WaitEvent {
    /// "waiting 12 s: SourceCraft answered 429 (too many requests)",
    /// "waiting 2 s: try 3 of 8 of a GitCode request, after HTTP 503 Service Unavailable".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.wait.as_secs_f64().ceil() as u64;
        write!(f, "waiting {seconds} s: {}", self.cause())
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
    /// Waits this long or shorter are only logged.
    threshold: Duration,
}

fn hook() -> &'static RwLock<Hook> {
    static HOOK: RwLock<Hook> = RwLock::new(Hook {
        listener: None,
        threshold: Duration::from_secs(1),
    });
    &HOOK
}

/// Registers the one listener told about every wait longer than
/// `threshold` (a second unless a test wants to see shorter ones).
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
        if event.wait <= hook.threshold {
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
            "waiting 12 s: SourceCraft answered 429 (too many requests)"
        );
        assert_eq!(
            event(WaitReason::Retrying {
                attempt: 3,
                max_attempts: 8,
                cause: "HTTP 503 Service Unavailable".into()
            })
            .to_string(),
            "waiting 12 s: try 3 of 8 of a SourceCraft request, after HTTP 503 Service Unavailable"
        );
        assert_eq!(
            event(WaitReason::LookingForCreate {
                what: "sourcecraft:acme/site slug \"v1\"".into()
            })
            .to_string(),
            "waiting 12 s: a create's answer was lost; then looking on SourceCraft for sourcecraft:acme/site slug \"v1\""
        );
        let creates = WaitEvent {
            provider: "GitHub",
            reason: WaitReason::Window {
                requests: 80,
                length: Duration::from_secs(60),
                what: "creates",
            },
            wait: Duration::from_secs(48),
        };
        assert_eq!(
            creates.to_string(),
            "waiting 48 s: GitHub allows 80 creates a minute"
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
            spent(reset("2026-12-07T14:05:00Z"), 719.2).cause(),
            "GitHub's rate budget is spent until 14:05 UTC (12 min)"
        );
        assert_eq!(
            spent(reset("2026-12-07T14:05:00Z"), 719.2).to_string(),
            "waiting 720 s: GitHub's rate budget is spent until 14:05 UTC (12 min)"
        );
        // Between two minutes: the later one, when the budget is surely back.
        assert_eq!(
            spent(reset("2026-12-07T23:59:30+00:00"), 44.5).cause(),
            "GitHub's rate budget is spent until 00:00 UTC (45 s)"
        );
        assert_eq!(
            spent(reset("2026-12-07T16:05:00+02:00"), 3000.0).kind(),
            "github: rate limit"
        );
        assert_eq!(
            spent(reset("2026-12-07T16:05:00+02:00"), 3000.0).cause(),
            "GitHub's rate budget is spent until 14:05 UTC (50 min)"
        );
    }
}
