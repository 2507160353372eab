//! The GitLab side's rate limit, as its faults say: a budget of N requests
//! in fixed windows; every answer carries `RateLimit-Limit`,
//! `RateLimit-Remaining`, `RateLimit-Reset` (Unix seconds) and
//! `RateLimit-Observed`, and a request beyond the budget is refused with
//! 429 and `Retry-After` (its `RateLimit-*` headers left out when the
//! quirk says so, as some 429s do).

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header::RETRY_AFTER};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::GitLab;
use crate::sandbox::{Shared, lock};

fn epoch_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The limit around every request.
pub(crate) async fn limits(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let faults = lock(&shared.faults).faults().gitlab();
    if faults.rate_limit == 0 {
        return next.run(request).await;
    }
    let now = epoch_now();
    let (allowed, used, reset) = {
        let mut store = shared.stores.of::<GitLab>();
        let window = &mut store.window;
        if now >= window.started + faults.rate_window_secs {
            window.started = now;
            window.used = 0;
        }
        let allowed = window.used < faults.rate_limit;
        if allowed {
            window.used += 1;
        } else {
            window.refused += 1;
        }
        (
            allowed,
            window.used,
            window.started + faults.rate_window_secs,
        )
    };
    let mut response = if allowed {
        next.run(request).await
    } else {
        let mut refused = (StatusCode::TOO_MANY_REQUESTS, "Retry later\n").into_response();
        refused.headers_mut().insert(
            RETRY_AFTER,
            HeaderValue::from(reset.saturating_sub(now).max(1)),
        );
        if faults.bare_429 {
            return refused;
        }
        refused
    };
    let headers = response.headers_mut();
    for (name, value) in [
        ("ratelimit-limit", u64::from(faults.rate_limit)),
        ("ratelimit-observed", u64::from(used)),
        (
            "ratelimit-remaining",
            u64::from(faults.rate_limit - used.min(faults.rate_limit)),
        ),
        ("ratelimit-reset", reset),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
    response
}
