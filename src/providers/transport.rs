//! The one road every request of a generated client takes: a pacing permit
//! first, then the HTTP exchange, then bookkeeping (429s slow the provider
//! down, requests are counted) and a clean-up of error bodies that are not
//! JSON, so a proxy's HTML page still surfaces as a readable message with
//! its status instead of a parse error.

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{Request, Response, StatusCode};

use super::{
    error::{preview, retry_after},
    generated::{gitcode, github, sourcecraft},
    pacer::{PaceSettings, Pacer},
};

/// Carried inside each generated client; cheap to clone, shared state inside.
#[derive(Clone, Debug)]
pub struct Transport {
    pacer: Arc<Pacer>,
    requests: Arc<AtomicU64>,
}

impl Transport {
    pub fn new(pace: PaceSettings) -> Transport {
        Transport {
            pacer: Pacer::new(pace),
            requests: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Requests sent so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// 429 answers met so far.
    pub fn throttled(&self) -> u64 {
        self.pacer.throttled()
    }

    async fn execute(&self, http: &reqwest::Client, request: Request) -> reqwest::Result<Response> {
        let permit = self.pacer.acquire().await;
        self.requests.fetch_add(1, Ordering::Relaxed);
        let response = http.execute(request).await?;
        let status = response.status();
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
        self.inner().execute(self.client(), request).await
    }
}

impl ClientHooks<Transport> for sourcecraft::Client {
    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        self.inner().execute(self.client(), request).await
    }
}

impl ClientHooks<Transport> for github::Client {
    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        self.inner().execute(self.client(), request).await
    }
}
