//! What every request passes through around its handler, in this order:
//! latency → rate limit → fail rate → auth → handler → drop after commit.
//!
//! Faults come before auth on purpose: a real gateway throttles and fails
//! before it looks at credentials, and a migrator must survive a 429 or a
//! 503 on any request, authenticated or not. Every request is counted by
//! route and by outcome.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Map;

use super::faults::{FaultKind, RequestKey, happens, retry_after_secs};
use super::quirks::{Quirks, reshape};
use super::server::DropConnection;
use super::stats::Outcome;
use super::{Provider, Shared, gitcode, lock, sourcecraft};
use crate::providers::github::sandbox as github_sandbox;

/// The largest request body the sandbox reads; milestones are small.
const MAX_BODY_BYTES: usize = 1 << 20;

/// The gate's state: which provider it guards.
#[derive(Clone, Debug)]
pub(crate) struct Gate {
    shared: Arc<Shared>,
    provider: Provider,
}

impl Gate {
    pub fn new(shared: Arc<Shared>, provider: Provider) -> Self {
        Gate { shared, provider }
    }

    fn count(&self, outcome: Outcome) {
        lock(&self.shared.stats).count(outcome);
    }

    fn unauthorized(&self) -> Response {
        match self.provider {
            Provider::GitCode => gitcode::message(StatusCode::UNAUTHORIZED, "401 Unauthorized"),
            Provider::SourceCraft => sourcecraft::error(
                &self.shared,
                StatusCode::UNAUTHORIZED,
                "Unauthenticated",
                "a valid bearer token is required",
                Map::new(),
            ),
            Provider::GitHub => github_sandbox::bad_credentials(),
        }
    }

    fn fault(
        &self,
        status: StatusCode,
        gitcode_name: &str,
        sourcecraft_code: &str,
        message: &str,
    ) -> Response {
        match self.provider {
            Provider::GitCode => gitcode::coded(status, gitcode_name, message),
            Provider::SourceCraft => {
                sourcecraft::error(&self.shared, status, sourcecraft_code, message, Map::new())
            }
            Provider::GitHub => github_sandbox::message(status, message),
        }
    }

    fn authorized(&self, parts: &Parts) -> bool {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let bearer = header(header::AUTHORIZATION.as_str()).and_then(|v| v.strip_prefix("Bearer "));
        match self.provider {
            Provider::SourceCraft => bearer == Some(self.shared.sourcecraft_token.as_str()),
            Provider::GitHub => {
                github_sandbox::authorized(&parts.headers, &self.shared.github_token)
            }
            Provider::GitCode => {
                // GitCode accepts the token in any of three places.
                let expected = self.shared.gitcode_token.as_str();
                let in_query =
                    url::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes())
                        .any(|(k, v)| k == "access_token" && v == expected);
                bearer == Some(expected) || header("private-token") == Some(expected) || in_query
            }
        }
    }
}

/// Every request, then every answer as the configured quirks shape it.
pub(crate) async fn gate(State(gate): State<Gate>, request: Request, next: Next) -> Response {
    let faults = lock(&gate.shared.faults).faults().clone();
    let echo = faults.echo_token.then(|| {
        request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim_start_matches("Bearer ").to_owned())
            .unwrap_or_default()
    });
    let quirks = Quirks {
        string_ids: faults.string_ids,
        duplicate_numbers: faults.duplicate_numbers,
        error_shape: faults.error_shape,
        echo,
    };
    let provider = gate.provider;
    let id = gate.shared.next_request_id();
    let mut response = reshape(provider, &quirks, guard(gate, request, next).await).await;
    // Every answer carries an `x-request-id`, as gateways' answers do, so
    // a client can log which request it got.
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

async fn guard(gate: Gate, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let route = parts
        .extensions
        .get::<MatchedPath>()
        .map(|matched| {
            let path = matched.as_str();
            path.strip_prefix(gate.provider.prefix())
                .unwrap_or(path)
                .to_owned()
        })
        .unwrap_or_else(|| parts.uri.path().to_owned());
    lock(&gate.shared.stats).count_route(format!(
        "{} {} {route}",
        gate.provider.name(),
        parts.method
    ));

    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return gate.fault(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            "PayloadTooLarge",
            "the request body is larger than 1 MiB",
        );
    };
    // Inside the provider's router the URI has lost its prefix; put it back
    // so that the same request to either provider draws differently.
    let target = format!(
        "{}{}",
        gate.provider.prefix(),
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

    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    if !lock(&gate.shared.faults).take_window(gate.provider, Instant::now()) {
        gate.count(Outcome::RateLimited);
        // GitCode documents no Retry-After: the client must know the window.
        return gate.fault(
            StatusCode::TOO_MANY_REQUESTS,
            "TOO_MANY_REQUESTS",
            "TooManyRequests",
            "rate limit exceeded",
        );
    }
    let token = lock(&gate.shared.faults).take_token(gate.provider, Instant::now());
    if let Err(wait) = token {
        gate.count(Outcome::RateLimited);
        let seconds = retry_after_secs(wait);
        let message = format!(
            "rate limit of {} requests per minute exceeded; retry after {seconds} s",
            faults.rate_limit_per_minute
        );
        let mut response = gate.fault(
            StatusCode::TOO_MANY_REQUESTS,
            "TOO_MANY_REQUESTS",
            "TooManyRequests",
            &message,
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return response;
    }
    if happens(
        faults.fail_rate,
        faults.seed,
        FaultKind::Fail,
        &key,
        occurrence,
    ) {
        gate.count(Outcome::Failed);
        return gate.fault(
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
            "Unavailable",
            "the service is temporarily unavailable (injected fault)",
        );
    }
    if !gate.authorized(&parts) {
        gate.count(Outcome::Unauthorized);
        return gate.unauthorized();
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
