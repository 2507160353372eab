//! The one road every request of a generated client takes: a pacing permit
//! first, then the HTTP exchange, then bookkeeping (429s slow the provider
//! down, requests are counted), a size limit on answers, and a clean-up of
//! error bodies of any shape, so that a proxy's HTML page or a gateway's
//! own JSON still surfaces as a readable message with its status instead of
//! a parse error (and one that did not come from the API is marked so). An
//! answer in an encoding the client could not decode is refused. Each exchange is one `tracing` event: method, path (never the
//! query), status, duration, attempt and the provider's request id; the
//! token travels in a sensitive header and never reaches the log.

use std::{
    future::Future,
    sync::{
        Arc, Mutex, OnceLock, PoisonError,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant, SystemTime},
};

use reqwest::{Request, Response, StatusCode, header::HeaderMap};

use crate::net::{
    ClientOptions,
    connection::Connection,
    error::{preview, retry_after},
    not_api,
    pacer::{PaceSettings, Pacer},
    waits::{self, WaitEvent, WaitReason},
};

tokio::task_local! {
    static TRY: TryContext;
}

/// What the retry loop tells the transport about the try under way, and
/// what the transport tells back: the try's number, whether the host could
/// not be reached before it ever answered, the time limit that ran out, if
/// one did, and until when a provider's rate budget is spent when that is
/// why the try was refused.
#[derive(Clone, Debug)]
pub struct TryContext {
    attempt: u32,
    never_reached: Arc<AtomicBool>,
    timed_out: Arc<OnceLock<Duration>>,
    spent_until: Arc<Mutex<Option<SystemTime>>>,
}

impl TryContext {
    pub fn new(attempt: u32) -> TryContext {
        TryContext {
            attempt,
            never_reached: Arc::new(AtomicBool::new(false)),
            timed_out: Arc::new(OnceLock::new()),
            spent_until: Arc::new(Mutex::new(None)),
        }
    }

    /// The time limit (`--timeout`) within which no answer came.
    pub fn timed_out(&self) -> Option<Duration> {
        self.timed_out.get().copied()
    }

    /// The try was refused (or held back) because the provider's rate
    /// budget is spent until this moment of the provider's clock.
    pub fn spent_until(&self) -> Option<SystemTime> {
        *self
            .spent_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn note_spent_until(until: Option<SystemTime>) {
        let _ = TRY.try_with(|c| {
            *c.spent_until.lock().unwrap_or_else(PoisonError::into_inner) = until;
        });
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
const REQUEST_ID_HEADERS: [&str; 5] = [
    "x-request-id",
    "x-github-request-id",
    "x-trace-id",
    "trace-id",
    "x-req-id",
];

/// A provider's own account of its rate limits, read from every answer
/// (GitHub's `x-ratelimit-*` headers): how long the next request waits, and
/// whether a refusal was a limit rather than what its status says.
pub trait Gauge: Send + Sync + std::fmt::Debug {
    /// Whether the next request may go, and when.
    fn before_send(&self) -> Hold;
    /// Reads an answer's status and headers. A refusal by a rate limit
    /// returns the wait it asks for: the answer then goes on as a `429`
    /// with that `Retry-After`, which the retries and `--max-wait` know.
    fn on_answer(&self, status: u16, headers: &HeaderMap) -> Option<Throttle>;
    /// Why a [`Hold::Wait`] waits, as a wait notice says it.
    fn why(&self) -> String;
    /// Which limit refused an answer `on_answer` made a wait of.
    fn refused_by(&self, status: u16, headers: &HeaderMap) -> String;
}

/// A refusal by a rate limit, as a [`Gauge`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttle {
    /// How long to wait before asking again.
    pub wait: Duration,
    /// When the refusal is a spent budget: its reset, on the provider's clock.
    pub spent_until: Option<SystemTime>,
}

/// What a [`Gauge`] says of a request about to be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Send it now; it is counted.
    Go,
    /// Send it after this wait; it is counted from now on.
    Wait(Duration),
    /// The budget is spent until `until` (the provider's clock): send it
    /// after `wait`, in the next window; it is counted from now on.
    Spent { wait: Duration, until: SystemTime },
    /// Not yet: ask again after this wait (an answer is awaited that will
    /// say what the budget holds). It is not counted.
    AskAgain(Duration),
}

/// Carried inside each generated client; cheap to clone, shared state inside.
#[derive(Clone, Debug)]
pub struct Transport {
    pacer: Arc<Pacer>,
    requests: Arc<AtomicU64>,
    retries: Arc<AtomicU64>,
    /// Whether the host has answered anything yet.
    answered: Arc<AtomicBool>,
    /// The largest answer read; a larger one fails.
    max_answer_bytes: usize,
    /// The provider's own account of its limits, when it gives one.
    gauge: Option<Arc<dyn Gauge>>,
    /// The client's time limit for one exchange, to say which ran out.
    timeout: Duration,
    /// Where the repository moved, as redirects said.
    moves: Arc<crate::net::redirect::Moves>,
    /// The pace creates (POST) alone are also held to, taken as the
    /// request leaves: GitHub counts its limits on content creation by what
    /// arrives, so a create held back by another limit first is counted
    /// when it really goes, not when it was first let through.
    creates: Option<Arc<Pacer>>,
    /// A query parameter (name, value) every request of this transport
    /// carries, for a provider whose API takes its token only in the URL.
    /// The value is a secret: `redact` hides it, the log names only the
    /// parameter.
    url_secret: Option<Arc<(String, crate::provider::Token)>>,
}

impl Transport {
    pub fn new(pace: PaceSettings, max_answer_bytes: usize) -> Transport {
        let timeout = ClientOptions::default().timeout;
        Transport::with_pacer(Pacer::new(pace), max_answer_bytes, timeout)
    }

    /// A transport that shares its pacing with every other one of the same
    /// connection (provider, URL and token): see `Pacer::shared`.
    pub fn for_connection(connection: &Connection, options: &ClientOptions) -> Transport {
        Transport::with_pacer(
            Pacer::shared(&connection.pacing_key(), options.pace),
            options.max_answer_bytes,
            options.timeout,
        )
    }

    fn with_pacer(pacer: Arc<Pacer>, max_answer_bytes: usize, timeout: Duration) -> Transport {
        Transport {
            pacer,
            requests: Arc::new(AtomicU64::new(0)),
            retries: Arc::new(AtomicU64::new(0)),
            answered: Arc::new(AtomicBool::new(false)),
            max_answer_bytes,
            gauge: None,
            creates: None,
            url_secret: None,
            timeout,
            moves: Arc::default(),
        }
    }

    /// This transport, reading every answer with `gauge` and holding
    /// requests back as it says.
    pub fn with_gauge(mut self, gauge: Arc<dyn Gauge>) -> Transport {
        self.gauge = Some(gauge);
        self
    }

    /// This transport, for a client that adds `name=value` to the query of
    /// every request (see [`url_secret`](Self::url_secret)). The value is
    /// registered with `redact`, so that no URL shown carries it.
    pub fn with_url_secret(mut self, name: &str, value: &str) -> Transport {
        crate::redact::register_secret(value);
        self.url_secret = Some(Arc::new((
            name.to_owned(),
            crate::provider::Token::new(value),
        )));
        self
    }

    /// The query parameter every request carries, if any: the client's hook
    /// adds it to each request's URL.
    pub fn url_secret(&self) -> Option<(&str, &str)> {
        self.url_secret
            .as_deref()
            .map(|(name, value)| (name.as_str(), value.expose()))
    }

    /// Holds creates to `pacer` too, as they leave.
    pub fn with_create_pacer(mut self, pacer: Arc<Pacer>) -> Transport {
        self.creates = Some(pacer);
        self
    }

    /// Where the repository moved, if a redirect said so.
    pub fn moved_to(&self) -> Option<String> {
        self.moves.moved_to()
    }

    /// Requests sent so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Requests that were a second or later try.
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    /// The pacing this provider is held to.
    pub fn pace(&self) -> &PaceSettings {
        self.pacer.settings()
    }

    /// 429 answers met so far.
    pub fn throttled(&self) -> u64 {
        self.pacer.throttled()
    }

    /// Waits as long as the provider's own account of its budget says;
    /// the refusal the provider would give, when that wait is beyond
    /// `--max-wait` and the request is not sent.
    async fn hold_for_gauge(&self, provider: &'static str) -> Option<Response> {
        let gauge = self.gauge.as_ref()?;
        loop {
            let (wait, reason) = match gauge.before_send() {
                Hold::Go => return None,
                Hold::AskAgain(wait) => {
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Hold::Wait(wait) => (wait, WaitReason::Budget { why: gauge.why() }),
                Hold::Spent { wait, until } => (wait, WaitReason::BudgetSpent { until }),
            };
            if let WaitReason::BudgetSpent { until } = reason {
                TryContext::note_spent_until(Some(until));
            }
            if wait > self.pacer.settings().max_wait {
                // Answered as the refusal would be, so that `--max-wait`
                // decides as usual.
                return Some(budget_spent(wait));
            }
            waits::announce(WaitEvent {
                provider,
                reason,
                wait,
            });
            tokio::time::sleep(wait).await;
            return None;
        }
    }

    /// Sends one request on the road described above; for requests the
    /// generated clients cannot make (a page URL a provider hands out).
    pub(crate) async fn execute(
        &self,
        provider: &'static str,
        http: &reqwest::Client,
        request: Request,
    ) -> reqwest::Result<Response> {
        let answer = self.exchange(provider, http, request).await;
        if let Err(error) = &answer
            && error.is_timeout()
        {
            let _ = TRY.try_with(|c| c.timed_out.set(self.timeout));
        }
        answer
    }

    async fn exchange(
        &self,
        provider: &'static str,
        http: &reqwest::Client,
        request: Request,
    ) -> reqwest::Result<Response> {
        if let Some(refusal) = self.hold_for_gauge(provider).await {
            return Ok(refusal);
        }
        let permit = self.pacer.acquire_saying(provider, "requests").await;
        let create_permit = match &self.creates {
            Some(creates) if request.method() == reqwest::Method::POST => {
                Some(creates.acquire_saying(provider, "creates").await)
            }
            _ => None,
        };
        crate::net::sending::leaving();
        self.requests.fetch_add(1, Ordering::Relaxed);
        let method = request.method().clone();
        let path = request.url().path().to_owned();
        let attempt = TRY.try_with(|c| c.attempt).unwrap_or(1);
        log_send(provider, &request, attempt);
        if attempt > 1 {
            self.retries.fetch_add(1, Ordering::Relaxed);
        }
        let started = Instant::now();
        // Only a read may be sent again, to where a redirect points.
        let replay = (method == reqwest::Method::GET)
            .then(|| request.try_clone())
            .flatten();
        let answer = http.execute(request).await;
        let answer = match answer {
            Ok(response) if response.status().is_redirection() => {
                let id = provider.to_ascii_lowercase();
                crate::net::redirect::follow(http, response, replay, &id, &self.moves).await
            }
            other => other,
        };
        let mut response = match answer {
            Ok(response) => response,
            Err(error) => {
                tracing::info!(
                    target: "mileport::http",
                    provider = %provider, %method, %path, attempt,
                    ms = started.elapsed().as_millis() as u64,
                    error = %crate::net::error::describe_reqwest_ref(&error),
                    "no answer"
                );
                if error.is_connect() && !self.answered.load(Ordering::Relaxed) {
                    let _ = TRY.try_with(|c| c.never_reached.store(true, Ordering::Relaxed));
                }
                return Err(error);
            }
        };
        self.answered.store(true, Ordering::Relaxed);
        response = self.gauge_answer(provider, response).await;
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
        drop(create_permit);
        drop(permit);
        self.read(response).await
    }

    /// Tells the gauge (a provider's budget) of an answer; an answer that
    /// spends it is said as a wait and read as throttled.
    async fn gauge_answer(&self, provider: &'static str, response: Response) -> Response {
        let Some(gauge) = &self.gauge else {
            return response;
        };
        let status = response.status().as_u16();
        let Some(throttle) = gauge.on_answer(status, response.headers()) else {
            return response;
        };
        TryContext::note_spent_until(throttle.spent_until);
        let reason = match throttle.spent_until {
            Some(until) => WaitReason::BudgetSpent { until },
            None => WaitReason::Budget {
                why: gauge.refused_by(status, response.headers()),
            },
        };
        waits::announce(WaitEvent {
            provider,
            reason,
            wait: throttle.wait,
        });
        as_throttled(response, throttle.wait).await
    }

    /// An answer as the generated clients read it: a success's body whole
    /// but bounded, an error's as JSON, and one in an encoding that cannot
    /// be decoded refused with the reason.
    async fn read(&self, response: Response) -> reqwest::Result<Response> {
        if let Some(coding) = undecoded(response.headers()) {
            return Ok(undecodable(response, &coding));
        }
        if response.status().is_success() {
            return bounded(response, self.max_answer_bytes).await;
        }
        normalise_error_body(response).await
    }
}

/// The `send` event of `-vv`: the query's parameters by name, never their
/// values.
fn log_send(provider: &str, request: &Request, attempt: u32) {
    let query: Vec<String> = request
        .url()
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .collect();
    tracing::debug!(
        target: "mileport::http",
        provider = %provider, method = %request.method(), path = %request.url().path(), attempt,
        query = %query.join(","),
        "send"
    );
}

/// The `Content-Encoding` an answer still carries once the client has
/// decoded what it can (gzip, deflate, br): one it cannot decode.
fn undecoded(headers: &HeaderMap) -> Option<String> {
    let coding = headers
        .get(http::header::CONTENT_ENCODING)?
        .to_str()
        .map_or_else(|_| "?".to_owned(), |value| value.trim().to_owned());
    (!coding.is_empty() && !coding.eq_ignore_ascii_case("identity")).then_some(coding)
}

/// What the body of an answer in an encoding mileport cannot decode
/// becomes, after this and the reason: the generated client then fails to
/// read it, and `error.rs` shows the reason.
pub const UNDECODABLE: &str = "mileport: answer in an unknown encoding:";

/// An answer in `coding`, which cannot be read: a success becomes an
/// unreadable answer that says why, an error keeps its status with that
/// reason as its message.
fn undecodable(response: Response, coding: &str) -> Response {
    let status = response.status();
    let mut headers = response.headers().clone();
    headers.remove(http::header::CONTENT_ENCODING);
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    let reason = format!(
        "encoded as `{}`, which mileport cannot decode (it accepts gzip, deflate and br); a proxy or server between mileport and the provider may have changed it",
        crate::redact::escape_inline(coding)
    );
    if status.is_success() {
        return rebuild(status, headers, format!("{UNDECODABLE} {reason}").into());
    }
    let body = serde_json::json!({ "message": reason });
    normalised_error(
        status,
        headers,
        &serde_json::to_vec(&body).unwrap_or_default(),
    )
}

/// The most of an error body that is read: it is shown in short anyway.
const ERROR_BODY_BYTES: usize = 64 * 1024;

/// What the answer's body becomes when it is larger than the limit (this,
/// a space and the limit in bytes): the generated client then fails to
/// read it, and `error.rs` recognises it.
pub const TOO_LARGE: &str = "mileport: answer over the size limit";

/// Reads at most `limit` bytes of a body; `None` when there were more.
async fn read_at_most(response: &mut Response, limit: usize) -> reqwest::Result<Option<Vec<u8>>> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// The first `limit` bytes of a body, or what arrived before it broke off.
async fn read_prefix(response: &mut Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) | Err(_) => break,
        }
    }
    body
}

/// A successful answer read whole but never beyond `limit` bytes, so that
/// memory stays bounded whatever the server sends. Beyond it, the body is
/// replaced by a marker the error mapping turns into a clear failure.
async fn bounded(mut response: Response, limit: usize) -> reqwest::Result<Response> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = match read_at_most(&mut response, limit).await? {
        Some(body) => bytes::Bytes::from(body),
        None => bytes::Bytes::from(format!("{TOO_LARGE} {limit}")),
    };
    Ok(rebuild(status, headers, body))
}

/// A refusal by a rate limit as a `429` whose `Retry-After` is `wait`
/// (whole seconds, rounded up), its headers and the start of its body kept.
async fn as_throttled(mut response: Response, wait: Duration) -> Response {
    let mut headers = response.headers().clone();
    let body = read_prefix(&mut response, ERROR_BODY_BYTES).await;
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    headers.insert(
        reqwest::header::RETRY_AFTER,
        http::HeaderValue::from(seconds),
    );
    rebuild(StatusCode::TOO_MANY_REQUESTS, headers, body.into())
}

/// The answer a request held back by the provider's own account of its
/// budget gets instead of being sent: a `429` whose `Retry-After` is `wait`.
fn budget_spent(wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut headers = HeaderMap::new();
    headers.insert(
        reqwest::header::RETRY_AFTER,
        http::HeaderValue::from(seconds),
    );
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    let body = serde_json::json!({
        "message": "the rate limit's budget is spent until its reset; the request was not sent"
    });
    rebuild(
        StatusCode::TOO_MANY_REQUESTS,
        headers,
        serde_json::to_vec(&body).unwrap_or_default().into(),
    )
}

fn rebuild(status: StatusCode, mut headers: http::HeaderMap, body: bytes::Bytes) -> Response {
    headers.remove(http::header::CONTENT_LENGTH);
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    Response::from(rebuilt)
}

/// The fields the providers' error types read as text.
const TEXT_FIELDS: [&str; 6] = [
    "message",
    "error_message",
    "error_code_name",
    "error_code",
    "trace_id",
    "request_id",
];

/// Every error body, whatever its shape (JSON of any kind, HTML, text,
/// nothing), becomes a JSON object the generated client can read as the
/// provider's error, keeping status and headers: the status alone decides
/// what happens next. The object keeps the body's own fields, with a
/// `message` in text and the request id as `request_id` and `trace_id`.
async fn normalise_error_body(mut response: Response) -> reqwest::Result<Response> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = read_prefix(&mut response, ERROR_BODY_BYTES).await;
    Ok(normalised_error(status, headers, &body))
}

/// An error answer with `body` as the JSON object described above. One
/// that did not come from the API (see `not_api.rs`) says so in a header
/// and in its message.
fn normalised_error(status: StatusCode, mut headers: HeaderMap, body: &[u8]) -> Response {
    let not_from_api = not_api::judge(&headers, body);
    let (message, id) = read_error_body(body);
    let message = message.unwrap_or_else(|| {
        if let Some(what) = &not_from_api {
            format!("not from the API but {what}")
        } else if body.iter().all(u8::is_ascii_whitespace) {
            status.canonical_reason().unwrap_or("no message").to_owned()
        } else {
            preview(body)
        }
    });
    let id = id.or_else(|| {
        ["x-request-id", "x-github-request-id", "x-trace-id"]
            .iter()
            .find_map(|name| headers.get(*name)?.to_str().ok().map(str::to_owned))
    });
    let mut normalised = match serde_json::from_slice(body) {
        Ok(serde_json::Value::Object(fields)) => fields,
        _ => serde_json::Map::new(),
    };
    for key in TEXT_FIELDS {
        match normalised.get(key) {
            None | Some(serde_json::Value::String(_)) => {}
            Some(serde_json::Value::Null) => {
                normalised.remove(key);
            }
            Some(other) => {
                let text = other.to_string();
                normalised.insert(key.to_owned(), text.into());
            }
        }
    }
    normalised.insert("message".into(), message.into());
    if let Some(id) = id {
        for key in ["request_id", "trace_id"] {
            normalised.entry(key).or_insert_with(|| id.clone().into());
        }
    }
    let body = serde_json::to_vec(&normalised).unwrap_or_default();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    if let Some(value) =
        not_from_api.and_then(|what| http::HeaderValue::from_bytes(what.as_bytes()).ok())
    {
        headers.insert(not_api::HEADER, value);
    }
    rebuild(status, headers, body.into())
}

/// The message and the request id of an error body, in any of the shapes
/// the providers and their gateways use: `message` (a string, or an object
/// as GitCode sometimes sends), `error_message`, `error`, `msg`, and
/// `request_id` or `trace_id`.
fn read_error_body(body: &[u8]) -> (Option<String>, Option<String>) {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_slice(body) else {
        return (None, None);
    };
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    };
    let message = [
        "message",
        "error_message",
        "error",
        "msg",
        "error_description",
    ]
    .iter()
    .find_map(|key| fields.get(*key).and_then(text))
    .filter(|m| !m.trim().is_empty())
    .map(|m| short(&m));
    let id = ["request_id", "trace_id", "requestId", "traceId"]
        .iter()
        .find_map(|key| fields.get(*key).and_then(text));
    (message, id)
}

/// At most 300 characters of a message.
fn short(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_codings_left_undecoded_are_refused() {
        let with = |coding: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(http::header::CONTENT_ENCODING, coding.parse().unwrap());
            undecoded(&headers)
        };
        assert_eq!(undecoded(&HeaderMap::new()), None);
        assert_eq!(with("identity"), None);
        assert_eq!(with("zstd").as_deref(), Some("zstd"));
        assert_eq!(with("gzip, br").as_deref(), Some("gzip, br"));
    }

    #[test]
    fn a_page_in_place_of_the_apis_json_is_marked() {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::CONTENT_TYPE, "text/html".parse().unwrap());
        let page = b"<html><title>Access Denied</title></html>";
        let answer = normalised_error(StatusCode::FORBIDDEN, headers, page);
        assert_eq!(
            not_api::judged(answer.headers()).as_deref(),
            Some("a text/html page titled \"Access Denied\"")
        );
        assert_eq!(
            answer.headers()[http::header::CONTENT_TYPE],
            "application/json"
        );
        let json = normalised_error(StatusCode::FORBIDDEN, HeaderMap::new(), b"{}");
        assert_eq!(not_api::judged(json.headers()), None);
    }

    #[test]
    fn reads_every_error_body_shape() {
        let read = |body: &str| read_error_body(body.as_bytes());
        let text = |s: &str| Some(s.to_owned());
        assert_eq!(
            read(r#"{"message":"401 Unauthorized"}"#).0,
            text("401 Unauthorized")
        );
        assert_eq!(
            read(
                r#"{"error_code":400,"error_code_name":"BAD","error_message":"bad","trace_id":"t-1"}"#
            ),
            (text("bad"), text("t-1"))
        );
        assert_eq!(
            read(r#"{"error_code":"NotFound","message":"gone","request_id":"r-1","details":null}"#),
            (text("gone"), text("r-1"))
        );
        assert_eq!(
            read(r#"{"code":14,"message":"unavailable","details":[]}"#).0,
            text("unavailable")
        );
        assert_eq!(
            read(r#"{"message":{"error":"nested"}}"#).0,
            text(r#"{"error":"nested"}"#)
        );
        assert_eq!(read("<html>502</html>"), (None, None));
        assert_eq!(read(""), (None, None));
        assert_eq!(read(r#"{"message":null,"error":"e"}"#).0, text("e"));
    }
}
