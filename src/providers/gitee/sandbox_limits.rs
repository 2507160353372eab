//! What the Gitee side does around every request, as its faults say: the
//! rate limit (a window of N requests; every answer carries
//! `X-RateLimit-Limit`/`X-RateLimit-Remaining`, and once it is spent a 403
//! `{"message":"Rate Limit Exceeded"}` until the window ends), server
//! errors, and error answers that echo the request's URL, its
//! `access_token` included, as a careless server would.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Gitee;
use super::sandbox_faults::GiteeFaults;
use crate::protocols::v5::sandbox::wire::message;
use crate::sandbox::{Shared, lock};

/// What the Gitee side keeps beyond the family's state: its rate limit's
/// window and what it refused.
#[derive(Debug, Default)]
pub struct LimitState {
    window: LimitWindow,
    /// Requests refused by the rate limit (403 "Rate Limit Exceeded").
    pub(crate) rate_refusals: u64,
    /// Requests answered 500 by the `server_errors` fault.
    server_errors: u32,
}

/// The rate limit's current window: when it began and what it has served.
#[derive(Debug, Default)]
struct LimitWindow {
    started: Option<Instant>,
    used: u32,
}

/// Whether the rate limit lets a request through now, and what is left.
fn take(shared: &Shared, faults: &GiteeFaults) -> Option<(bool, u32, u32)> {
    let window = faults.rate_limit?;
    let mut store = shared.stores.of::<Gitee>();
    let now = Instant::now();
    let state = &mut store.extra.window;
    if state
        .started
        .is_none_or(|started| now.duration_since(started) >= window.length)
    {
        state.started = Some(now);
        state.used = 0;
    }
    let allowed = state.used < window.requests;
    if allowed {
        state.used += 1;
    }
    let left = window.requests - state.used;
    if !allowed {
        store.extra.rate_refusals += 1;
    }
    Some((allowed, window.requests, left))
}

/// Whether this request is one of the first that answer 500.
fn fails(shared: &Shared, faults: &GiteeFaults) -> bool {
    let mut store = shared.stores.of::<Gitee>();
    if store.extra.server_errors >= faults.server_errors {
        return false;
    }
    store.extra.server_errors += 1;
    true
}

pub(crate) async fn limits(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let faults = lock(&shared.faults).faults().gitee();
    let asked = request.uri().to_string();
    let limit = take(&shared, &faults);
    let response = match limit {
        Some((false, _, _)) => message(StatusCode::FORBIDDEN, super::adapter::RATE_LIMIT_EXCEEDED),
        _ if fails(&shared, &faults) => message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error",
        ),
        _ => next.run(request).await,
    };
    let mut response = if faults.echo_token && !response.status().is_success() {
        echoed(response, &asked).await
    } else {
        response
    };
    if let Some((_, limit, left)) = limit.filter(|_| !faults.no_rate_headers) {
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
        headers.insert("x-ratelimit-remaining", HeaderValue::from(left));
    }
    response
}

/// An error answer with the request's URL (token and all) added to its
/// JSON body as `request_url`, and said in its message.
async fn echoed(response: Response, asked: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let mut body = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let said = body
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("error")
        .to_owned();
    body.insert("message".into(), json!(format!("{said} ({asked})")));
    body.insert("request_url".into(), json!(asked));
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let text = Value::Object(body).to_string();
    (parts, text).into_response()
}
