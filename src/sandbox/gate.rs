//! What every request passes through around its handler, in this order:
//! firewall → latency → stall → rate limit → fail rate → auth → handler →
//! drop after commit; and every answer, last, compression.
//!
//! Faults come before auth on purpose: a real gateway throttles and fails
//! before it looks at credentials, and a migrator must survive a 429 or a
//! 503 on any request, authenticated or not. Every request is counted by
//! route and by outcome.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::encoding;
use super::faults::{FaultKind, RequestKey, happens, retry_after_secs};
use super::firewall;
use super::imitation::{Imitation, Refusal};
use super::quirks::{Quirks, reshape};
use super::server::DropConnection;
use super::stats::Outcome;
use super::{Shared, lock};

/// The largest request body the sandbox reads; milestones are small.
const MAX_BODY_BYTES: usize = 1 << 20;

/// The gate's state: the imitation it guards.
pub(crate) struct Gate<I: Imitation> {
    shared: Arc<Shared>,
    imitation: PhantomData<I>,
}

impl<I: Imitation> Clone for Gate<I> {
    fn clone(&self) -> Self {
        Gate::new(self.shared.clone())
    }
}

impl<I: Imitation> Gate<I> {
    pub fn new(shared: Arc<Shared>) -> Self {
        Gate {
            shared,
            imitation: PhantomData,
        }
    }

    fn count(&self, outcome: Outcome) {
        lock(&self.shared.stats).count(outcome);
    }

    fn refuse(&self, refusal: Refusal, message: &str) -> Response {
        I::refuse(&self.shared, refusal, message)
    }
}

/// Every request, then every answer as the configured quirks shape it.
pub(crate) async fn gate<I: Imitation>(
    State(gate): State<Gate<I>>,
    request: Request,
    next: Next,
) -> Response {
    let faults = lock(&gate.shared.faults).faults().clone();
    let echo = faults.echo_token.then(|| {
        request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim_start_matches("Bearer ").to_owned())
            .unwrap_or_default()
    });
    let numbers = I::number_quirks(&faults);
    let quirks = Quirks {
        string_ids: numbers.string_ids,
        duplicate_numbers: numbers.duplicate_numbers,
        error_shape: faults.error_shape,
        echo,
    };
    let id = gate.shared.next_request_id();
    let mut response = reshape(I::PROVIDER, &quirks, guard(gate, request, next).await).await;
    // Every answer carries an `x-request-id`, as gateways' answers do, so
    // a client can log which request it got.
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    match faults.compress {
        Some(coding) => encoding::compress(coding, response).await,
        None => response,
    }
}

async fn guard<I: Imitation>(gate: Gate<I>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    count_route::<I>(&gate, &parts);
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return gate.refuse(
            Refusal::PayloadTooLarge,
            "the request body is larger than 1 MiB",
        );
    };
    // Inside the provider's router the URI has lost its prefix; put it back
    // so that the same request to two providers draws differently.
    let target = format!(
        "{}{}",
        I::PREFIX,
        parts.uri.path_and_query().map_or("/", |pq| pq.as_str())
    );
    let key = RequestKey {
        method: parts.method.to_string(),
        target,
        body: body.to_vec(),
    };
    let (faults, occurrence) = {
        let mut state = lock(&gate.shared.faults);
        let occurrence = state.observe(&key);
        (state.faults().clone(), occurrence)
    };
    if let Some(refusal) = turned_away(&gate, &parts, &faults, (&key, occurrence)).await {
        return refusal;
    }
    let drop_connection = parts.extensions.get::<DropConnection>().cloned();
    let is_create = parts.method == Method::POST;
    let is_write = is_create || parts.method == Method::PATCH || parts.method == Method::DELETE;
    let write_latency = Duration::from_millis(if is_write { faults.write_latency_ms } else { 0 });
    // A request that arrived is carried out to the end, even if the client
    // goes away meanwhile: the handler runs on its own task.
    let request = Request::from_parts(parts, Body::from(body));
    let handled = tokio::spawn(async move {
        if !write_latency.is_zero() {
            tokio::time::sleep(write_latency).await;
        }
        next.run(request).await
    });
    let response = match handled.await {
        Ok(response) => response,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if is_create
        && response.status().is_success()
        && happens(
            faults.drop_after_commit,
            faults.seed,
            FaultKind::DropAfterCommit,
            &key,
            occurrence,
        )
        && let Some(drop_connection) = drop_connection
    {
        gate.count(Outcome::Dropped);
        drop_connection.trigger();
        // Never answer: the connection is closed under this future, which
        // is dropped with it.
        return std::future::pending().await;
    }
    gate.count(Outcome::Served);
    response
}

/// Counts the request under its route (`github POST /repos/{owner}/…`).
fn count_route<I: Imitation>(gate: &Gate<I>, parts: &axum::http::request::Parts) {
    let route = parts
        .extensions
        .get::<MatchedPath>()
        .map(|matched| {
            let path = matched.as_str();
            path.strip_prefix(I::PREFIX).unwrap_or(path).to_owned()
        })
        .unwrap_or_else(|| parts.uri.path().to_owned());
    lock(&gate.shared.stats).count_route(format!("{} {} {route}", I::PROVIDER.id(), parts.method));
}

/// What answers a request before its handler does, in the order a real
/// provider's front meets it: a firewall, the delays, the rate limits, an
/// injected failure, a missing token. `None` lets it through.
async fn turned_away<I: Imitation>(
    gate: &Gate<I>,
    parts: &axum::http::request::Parts,
    faults: &super::Faults,
    (key, occurrence): (&RequestKey, u64),
) -> Option<Response> {
    if faults.firewall {
        gate.count(Outcome::Blocked);
        return Some(firewall::refusal());
    }
    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let stall = lock(&gate.shared.faults).take_stall();
    if let Some(stall) = stall {
        tokio::time::sleep(stall).await;
    }
    if !lock(&gate.shared.faults).take_window(I::PROVIDER, Instant::now()) {
        gate.count(Outcome::RateLimited);
        // GitCode documents no Retry-After: the client must know the window.
        return Some(gate.refuse(Refusal::TooManyRequests, "rate limit exceeded"));
    }
    let token = lock(&gate.shared.faults).take_token(I::PROVIDER, Instant::now());
    if let Err(wait) = token {
        gate.count(Outcome::RateLimited);
        let seconds = retry_after_secs(wait);
        let message = format!(
            "rate limit of {} requests per minute exceeded; retry after {seconds} s",
            faults.rate_limit_per_minute
        );
        let mut response = gate.refuse(Refusal::TooManyRequests, &message);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return Some(response);
    }
    if happens(
        faults.fail_rate,
        faults.seed,
        FaultKind::Fail,
        key,
        occurrence,
    ) {
        gate.count(Outcome::Failed);
        return Some(gate.refuse(
            Refusal::Unavailable,
            "the service is temporarily unavailable (injected fault)",
        ));
    }
    if !I::authorized(&gate.shared, parts) {
        gate.count(Outcome::Unauthorized);
        return Some(I::unauthorized(&gate.shared));
    }
    None
}
