//! Sending a request again when the failure was passing: exponential
//! backoff with jitter, `Retry-After` honoured, a bounded number of tries.
//! Writes that may already have been stored (a create that timed out) are
//! never blindly repeated here: the caller looks first.

use std::{future::Future, time::Duration};

use rand::Rng;

use progenitor_client::ResponseValue;

use crate::net::{
    error::{ApiError, ErrorBody, Failure, from_progenitor},
    transport::TryContext,
    waits::{self, WaitEvent, WaitReason},
};
use crate::provider::{Provider, rate::human};

/// How often and how patiently to try.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub max_attempts: u32,
    /// The pause before the second try; it doubles with each further one.
    pub base_delay: Duration,
    /// The longest pause between two tries.
    pub max_delay: Duration,
    /// The longest `Retry-After` worth waiting for; a longer one stops the run.
    pub max_wait: Duration,
    /// The pause after a 429 that does not say how long to wait: the
    /// provider's window, so the next try does not meet the same count.
    pub quiet_throttle_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 8,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(30),
            max_wait: Duration::from_secs(15 * 60),
            quiet_throttle_wait: crate::net::pacer::UNKNOWN_WINDOW,
        }
    }
}

/// Whether repeating a request is harmless.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotence {
    /// Reads, updates and deletes: the same request twice has the same effect.
    Idempotent,
    /// Creates: a second request can make a second milestone.
    NotIdempotent,
}

impl RetryPolicy {
    /// Runs `call` until it succeeds, fails for good, or runs out of tries.
    /// The error returned says how many tries were made.
    pub async fn run<T, F, Fut>(&self, idempotence: Idempotence, mut call: F) -> Result<T, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let mut attempt = 1;
        loop {
            let context = TryContext::new(attempt);
            match context.clone().scope(call()).await {
                Ok(value) => return Ok(value),
                Err(mut error) => {
                    if let Some(limit) = context.timed_out() {
                        self.say_timed_out(&mut error, attempt, limit);
                    }
                    if let Some(asked) = error.retry_after()
                        && asked > self.max_wait
                        && let Some(status) = error.status()
                    {
                        error.attempts = attempt;
                        error.failure = Failure::WaitTooLong {
                            status,
                            asked,
                            limit: self.max_wait,
                            spent_until: context.spent_until(),
                        };
                        return Err(error);
                    }
                    let safe =
                        idempotence == Idempotence::Idempotent || !error.may_have_committed();
                    // A host that never answered is a wrong address or name,
                    // not a passing fault: say so now, not after minutes.
                    if !(error.is_transient() && safe)
                        || attempt >= self.max_attempts
                        || context.never_reached()
                    {
                        error.attempts = attempt;
                        return Err(error);
                    }
                    let pause = match (error.status(), error.retry_after()) {
                        (Some(429), None) => self.quiet_throttle_wait,
                        (_, retry_after) => self.delay(attempt, retry_after),
                    };
                    waits::announce(WaitEvent {
                        provider: error.provider.name(),
                        reason: wait_reason(&error, &context, attempt + 1, self.max_attempts),
                        wait: pause,
                    });
                    tokio::time::sleep(pause).await;
                    attempt += 1;
                }
            }
        }
    }

    /// A try that got no answer within `limit` says so: the failure names
    /// the limit, and `-v` shows a line with the operation and the try.
    fn say_timed_out(&self, error: &mut ApiError, attempt: u32, limit: Duration) {
        let message = format!("no answer within {} (--timeout)", human(limit));
        tracing::info!(
            target: "mileport::http",
            provider = %error.provider.name(),
            "{}: try {attempt} of {}: {message}",
            error.operation,
            self.max_attempts
        );
        error.failure = Failure::Transport {
            message,
            timeout: true,
        };
    }

    /// Sends a generated client's request, built afresh by `request` for
    /// each try, and returns its body. `operation` names it in errors.
    pub async fn send<T, E, F, Fut>(
        &self,
        idempotence: Idempotence,
        provider: Provider,
        operation: &str,
        request: F,
    ) -> Result<T, ApiError>
    where
        E: ErrorBody,
        F: Fn() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    {
        self.send_response(idempotence, provider, operation, request)
            .await
            .map(ResponseValue::into_inner)
    }

    /// Like `send`, but returns the whole answer, headers included.
    pub async fn send_response<T, E, F, Fut>(
        &self,
        idempotence: Idempotence,
        provider: Provider,
        operation: &str,
        request: F,
    ) -> Result<ResponseValue<T>, ApiError>
    where
        E: ErrorBody,
        F: Fn() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    {
        self.run(idempotence, || {
            let sent = request();
            async move {
                sent.await
                    .map_err(|e| ApiError::new(provider, operation, from_progenitor(e)))
            }
        })
        .await
    }

    /// The pause after failed try number `attempt`: what the provider asked
    /// for, else a random point in the upper half of an exponential window.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_wait);
        }
        let window = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.max_delay);
        let half = window / 2;
        half + half.mul_f64(rand::rng().random::<f64>())
    }
}

/// Why the next try waits: a spent rate budget, another rate limit, or a
/// passing failure.
fn wait_reason(
    error: &ApiError,
    context: &TryContext,
    attempt: u32,
    max_attempts: u32,
) -> WaitReason {
    if error.status() == Some(429) {
        return match context.spent_until() {
            Some(until) => WaitReason::BudgetSpent { until },
            None => WaitReason::RateLimited,
        };
    }
    let cause = match &error.failure {
        Failure::Status { status, .. } | Failure::NotFromApi { status, .. } => {
            let reason = reqwest::StatusCode::from_u16(*status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("");
            format!("HTTP {status} {reason}").trim_end().to_owned()
        }
        Failure::Transport { message, .. } => message.clone(),
        other => format!("{other:?}"),
    };
    WaitReason::Retrying {
        attempt,
        max_attempts,
        cause,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;
    use crate::provider::Provider;

    fn failing(status: u16) -> ApiError {
        // Any provider: retries are the same for all.
        ApiError::new(
            Provider::all()[0],
            "test",
            Failure::Status {
                status,
                message: None,
                request_id: None,
                retry_after: None,
            },
        )
    }

    fn quick() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(4),
            quiet_throttle_wait: Duration::from_millis(2),
            ..RetryPolicy::default()
        }
    }

    #[tokio::test]
    async fn a_wait_longer_than_allowed_stops_at_once() {
        let calls = AtomicU32::new(0);
        let error = quick()
            .run(Idempotence::Idempotent, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                let mut error = failing(429);
                if let Failure::Status { retry_after, .. } = &mut error.failure {
                    *retry_after = Some(Duration::from_secs(86_400));
                }
                Err::<(), _>(error)
            })
            .await
            .unwrap_err();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(error.stops_the_run());
        let shown = error.to_string();
        assert!(
            shown.contains("86400 s") && shown.contains("--max-wait"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn retries_transient_failures_until_the_limit() {
        let calls = AtomicU32::new(0);
        let error = quick()
            .run(Idempotence::Idempotent, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err::<(), _>(failing(503))
            })
            .await
            .unwrap_err();
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        assert_eq!(error.attempts, 4);
    }

    #[tokio::test]
    async fn never_repeats_a_permanent_failure_or_an_ambiguous_create() {
        for (status, idempotence) in [
            (404, Idempotence::Idempotent),
            (409, Idempotence::NotIdempotent),
            (503, Idempotence::NotIdempotent),
        ] {
            let calls = AtomicU32::new(0);
            let _ = quick()
                .run(idempotence, || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Err::<(), _>(failing(status))
                })
                .await;
            assert_eq!(calls.load(Ordering::SeqCst), 1, "{status}");
        }
    }

    #[tokio::test]
    async fn a_rate_limited_create_is_retried() {
        let calls = AtomicU32::new(0);
        let value = quick()
            .run(Idempotence::NotIdempotent, || async {
                match calls.fetch_add(1, Ordering::SeqCst) {
                    0 => Err(failing(429)),
                    _ => Ok(7),
                }
            })
            .await
            .unwrap();
        assert_eq!(value, 7);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default();
        for attempt in 1..10 {
            let delay = policy.delay(attempt, None);
            assert!(delay <= policy.max_delay);
            assert!(delay >= (policy.base_delay * (1 << (attempt - 1))).min(policy.max_delay) / 2);
        }
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(5))),
            Duration::from_secs(5)
        );
    }
}
