//! The one road every request of a generated client takes: a pacing permit
//! first, then the HTTP exchange, then bookkeeping (429s slow the provider
//! down, requests are counted) and a clean-up of error bodies that are not
//! JSON, so a proxy's HTML page still surfaces as a readable message with
//! its status instead of a parse error. Each exchange is one `tracing`
//! event: method, path (never the query), status, duration, attempt and
//! the provider's request id; the token travels in a sensitive header and
//! never reaches the log.

use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Instant,
};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{Request, Response, StatusCode};

use super::{
    Provider,
    error::{preview, retry_after},
    generated::{gitcode, github, sourcecraft},
    pacer::{PaceSettings, Pacer},
    waits::{self, WaitEvent, WaitReason},
};

tokio::task_local! {
    static TRY: TryContext;
}

/// What the retry loop tells the transport about the try under way, and
/// what the transport tells back: the try's number, and whether the host
/// could not be reached before it ever answered.
#[derive(Clone, Debug)]
pub struct TryContext {
    attempt: u32,
    never_reached: Arc<AtomicBool>,
}

impl TryContext {
    pub fn new(attempt: u32) -> TryContext {
        TryContext {
            attempt,
            never_reached: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Runs one try with this context visible to the transport.
    pub async fn scope<F: Future>(self, call: F) -> F::Output {
        TRY.scope(self, call).await
    }

    /// The connection could not be made, and this host has not answered
    /// any request of this run: a wrong address, a name that does not
    /// resolve, or nothing listening.
    pub fn never_reached(&self) -> bool {
        self.never_reached.load(Ordering::Relaxed)
    }
}

/// Response headers that carry a provider's request id.
const REQUEST_ID_HEADERS: [&str; 4] = ["x-request-id", "x-trace-id", "trace-id", "x-req-id"];

/// Carried inside each generated client; cheap to clone, shared state inside.
#[derive(Clone, Debug)]
pub struct Transport {
    pacer: Arc<Pacer>,
    requests: Arc<AtomicU64>,
    retries: Arc<AtomicU64>,
    /// Whether the host has answered anything yet.
    answered: Arc<AtomicBool>,
}

impl Transport {
    pub fn new(pace: PaceSettings) -> Transport {
        Transport {
            pacer: Pacer::new(pace),
            requests: Arc::new(AtomicU64::new(0)),
            retries: Arc::new(AtomicU64::new(0)),
            answered: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Requests sent so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Requests that were a second or later try.
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    /// 429 answers met so far.
    pub fn throttled(&self) -> u64 {
        self.pacer.throttled()
    }

    async fn execute(
        &self,
        provider: &'static str,
        http: &reqwest::Client,
        request: Request,
    ) -> reqwest::Result<Response> {
        if let Some((wait, paused)) = self.pacer.pending_wait() {
            waits::announce(WaitEvent {
                provider,
                reason: if paused {
                    WaitReason::RateLimited
                } else {
                    WaitReason::Paced
                },
                wait,
            });
        }
        let permit = self.pacer.acquire().await;
        self.requests.fetch_add(1, Ordering::Relaxed);
        let method = request.method().clone();
        let path = request.url().path().to_owned();
        let attempt = TRY.try_with(|c| c.attempt).unwrap_or(1);
        // The names of the query's parameters, never their values.
        let query: Vec<String> = request
            .url()
            .query_pairs()
            .map(|(k, _)| k.into_owned())
            .collect();
        tracing::debug!(
            target: "mileport::http",
            provider = %provider, %method, %path, attempt,
            query = %query.join(","),
            "send"
        );
        if attempt > 1 {
            self.retries.fetch_add(1, Ordering::Relaxed);
        }
        let started = Instant::now();
        let response = match http.execute(request).await {
            Ok(response) => response,
            Err(error) => {
                tracing::info!(
                    target: "mileport::http",
                    provider = %provider, %method, %path, attempt,
                    ms = started.elapsed().as_millis() as u64,
                    error = %super::error::describe_reqwest_ref(&error),
                    "no answer"
                );
                if error.is_connect() && !self.answered.load(Ordering::Relaxed) {
                    let _ = TRY.try_with(|c| c.never_reached.store(true, Ordering::Relaxed));
                }
                return Err(error);
            }
        };
        self.answered.store(true, Ordering::Relaxed);
        let status = response.status();
        let request_id = REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| response.headers().get(*name)?.to_str().ok())
            .unwrap_or("-");
        tracing::info!(
            target: "mileport::http",
            provider = %provider, %method, %path, status = status.as_u16(), attempt,
            ms = started.elapsed().as_millis() as u64,
            request_id,
            "answer"
        );
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.pacer.on_throttled(retry_after(response.headers()));
        } else if !status.is_server_error() {
            self.pacer.on_success();
        }
        drop(permit);
        if status.is_success() {
            return Ok(response);
        }
        normalise_error_body(response).await
    }
}

/// Error bodies that are not a JSON object become `{"message": "..."}`,
/// keeping status and headers, so the generated client reports them as the
/// provider's error rather than as an unreadable payload.
async fn normalise_error_body(response: Response) -> reqwest::Result<Response> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    let is_object =
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&body).is_ok();
    let body = if is_object {
        body
    } else {
        let message = if body.iter().all(u8::is_ascii_whitespace) {
            status.canonical_reason().unwrap_or("no message").to_owned()
        } else {
            preview(&body)
        };
        serde_json::to_vec(&serde_json::json!({ "message": message }))
            .unwrap_or_default()
            .into()
    };
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    rebuilt.headers_mut().remove(http::header::CONTENT_LENGTH);
    rebuilt.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    Ok(Response::from(rebuilt))
}

impl ClientHooks<Transport> for gitcode::Client {
    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        self.inner()
            .execute(Provider::GitCode.name(), self.client(), request)
            .await
    }
}

impl ClientHooks<Transport> for sourcecraft::Client {
    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        self.inner()
            .execute(Provider::SourceCraft.name(), self.client(), request)
            .await
    }
}

impl ClientHooks<Transport> for github::Client {
    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        self.inner().execute("GitHub", self.client(), request).await
    }
}
