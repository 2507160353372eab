//! What can go wrong when talking to a provider, in terms a user can act
//! on: the HTTP status, the provider's own message and request id, how often
//! the request was tried, and what to check next.

use std::{error::Error as _, fmt, time::Duration};

use crate::net::{
    proxy::ProxySettings,
    transport::{TOO_LARGE, UNDECODABLE},
    waits::budget_spent,
};
use crate::provider::{Provider, rate::human};

/// How a request failed.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// The provider answered with an error status.
    Status {
        status: u16,
        message: Option<String>,
        request_id: Option<String>,
        retry_after: Option<Duration>,
    },
    /// An error status from something in front of the API (a firewall, a
    /// proxy, a gateway), not from the API: `what` it answered instead of
    /// the API's JSON, e.g. `a text/html page titled "Access Denied"`.
    NotFromApi {
        status: u16,
        what: String,
        retry_after: Option<Duration>,
    },
    /// No answer: refused, reset or dropped connection, or a timeout. The
    /// request may or may not have reached the provider.
    Transport { message: String, timeout: bool },
    /// An answer that does not read as the API describes.
    InvalidResponse {
        status: Option<u16>,
        message: String,
    },
    /// Not sent: a parameter the API cannot take.
    InvalidRequest(String),
    /// A listing that does not add up, even when read again.
    Incomplete(String),
    /// The provider asked to wait longer than `--max-wait` allows.
    WaitTooLong {
        status: u16,
        asked: Duration,
        limit: Duration,
        /// When the wait is for the provider's rate budget, spent until
        /// this moment of its clock.
        spent_until: Option<std::time::SystemTime>,
    },
}

/// Why every request of a run fails alike (see [`ApiError::hopeless`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hopeless {
    /// 401: the token is missing, wrong or expired.
    TokenRefused,
    /// 403 that is not a rate limit: the token may not do this.
    NotAllowed,
    /// No answer, even after retries.
    Unreachable,
    /// A redirect (3xx): the repository was renamed or transferred.
    Moved,
    /// 401 or 403 from something in front of the API (a firewall, a
    /// proxy): every request meets it alike.
    Blocked,
}

/// A failed provider operation.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct ApiError {
    pub provider: Provider,
    /// What was attempted, e.g. `create milestone "v1.0" in gitcode:owner/repo`.
    pub operation: String,
    pub failure: Failure,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl ApiError {
    pub fn new(provider: Provider, operation: impl Into<String>, failure: Failure) -> ApiError {
        ApiError {
            provider,
            operation: operation.into(),
            failure,
            attempts: 1,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match &self.failure {
            Failure::Status { status, .. } | Failure::NotFromApi { status, .. } => Some(*status),
            Failure::InvalidResponse { status, .. } => *status,
            Failure::WaitTooLong { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// A failure that ends the whole run at once, not just one milestone:
    /// a wait beyond `--max-wait`, or a repository that moved (a write is
    /// never sent again to a new address unasked).
    pub fn stops_the_run(&self) -> bool {
        matches!(self.failure, Failure::WaitTooLong { .. })
            || self.hopeless() == Some(Hopeless::Moved)
    }

    /// The failures that every further request would meet alike and that
    /// no retry can fix; `None` for those that may concern one milestone.
    pub fn hopeless(&self) -> Option<Hopeless> {
        match &self.failure {
            Failure::Status { status: 401, .. } => Some(Hopeless::TokenRefused),
            // A 403 with a wait is a rate limit, which passes.
            Failure::Status {
                status: 403,
                retry_after: None,
                ..
            } => Some(Hopeless::NotAllowed),
            Failure::Status { status, .. } if (300..400).contains(status) => Some(Hopeless::Moved),
            Failure::Transport { .. } => Some(Hopeless::Unreachable),
            Failure::NotFromApi {
                status: 401 | 403 | 407,
                retry_after: None,
                ..
            } => Some(Hopeless::Blocked),
            _ => None,
        }
    }

    /// Worth sending again after a pause: rate limits, gateway trouble,
    /// timeouts and broken connections.
    pub fn is_transient(&self) -> bool {
        match &self.failure {
            Failure::Status { status, .. } | Failure::NotFromApi { status, .. } => {
                matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
            }
            Failure::Transport { .. } => true,
            Failure::InvalidResponse { .. }
            | Failure::InvalidRequest(_)
            | Failure::Incomplete(_)
            | Failure::WaitTooLong { .. } => false,
        }
    }

    /// For a write that is not idempotent (a create): the provider may have
    /// stored it even though we saw a failure, so look before sending again.
    /// A 429 is a refusal before any work, so it is not ambiguous.
    pub fn may_have_committed(&self) -> bool {
        match &self.failure {
            Failure::Status { status, .. } | Failure::NotFromApi { status, .. } => *status >= 500,
            Failure::Transport { .. } => true,
            Failure::InvalidResponse { status, .. } => status.is_none_or(|s| s < 300),
            Failure::InvalidRequest(_) | Failure::Incomplete(_) => false,
            Failure::WaitTooLong { status, .. } => *status >= 500,
        }
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match &self.failure {
            Failure::Status { retry_after, .. } | Failure::NotFromApi { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// The provider's request id, when it sent one.
    pub fn request_id(&self) -> Option<&str> {
        match &self.failure {
            Failure::Status { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// What the user should check, for the statuses that have a clear cause.
    pub fn advice(&self) -> Option<String> {
        if self.stops_the_run() {
            return None;
        }
        if let Failure::NotFromApi { status, .. } = self.failure
            && matches!(status, 401 | 403 | 407)
        {
            return Some(format!(
                "a firewall or proxy between mileport and {} refused the request before {} saw it, so the token was not judged: ask whoever runs that network, or try from another",
                self.provider, self.provider
            ));
        }
        let status = self.status()?;
        if let Some(advice) = self.provider.status_advice(status) {
            return Some(advice.to_owned());
        }
        match status {
            401 => Some(format!(
                "check {}: the {} token is missing, wrong or expired",
                self.provider.token_var(),
                self.provider
            )),
            403 => Some(format!(
                "the token in {} lacks permission for this: it needs write access to the repository's milestones",
                self.provider.token_var()
            )),
            404 => Some(format!(
                "check the repository name and that the token in {} can see it",
                self.provider.token_var()
            )),
            429 => {
                Some("the provider is rate limiting: try again later or lower --max-rate".into())
            }
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} failed", self.provider, self.operation)?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        match &self.failure {
            Failure::Status {
                status,
                message,
                request_id,
                ..
            } => {
                write!(f, ": HTTP {status} {}", reason(*status))?;
                if let Some(message) = message.as_deref().filter(|m| !m.is_empty()) {
                    write!(f, ": {message}")?;
                }
                if let Some(id) = request_id {
                    let name = self.provider.request_id_name();
                    write!(f, " ({name} {id})")?;
                }
            }
            Failure::NotFromApi { status, what, .. } => write!(
                f,
                ": HTTP {status} {}, not from the {} API but {what}",
                reason(*status),
                self.provider
            )?,
            Failure::Transport { message, .. } => write!(f, ": {message}")?,
            Failure::InvalidResponse { status, message } => {
                write!(f, ": unexpected answer")?;
                if let Some(status) = status {
                    write!(f, " (HTTP {status})")?;
                }
                write!(f, ": {message}")?;
            }
            Failure::InvalidRequest(message) => write!(f, ": invalid request: {message}")?,
            Failure::Incomplete(message) => write!(f, ": {message}")?,
            Failure::WaitTooLong {
                asked,
                limit,
                spent_until: Some(until),
                ..
            } => write!(
                f,
                ": {}, longer than --max-wait ({}); stopped rather than wait: run the same command again then, or allow the wait with --max-wait",
                budget_spent(self.provider.name(), *until, *asked),
                human(*limit)
            )?,
            Failure::WaitTooLong {
                status,
                asked,
                limit,
                spent_until: None,
            } => {
                let shown = human(*asked);
                let seconds = format!("{} s", asked.as_secs());
                let asked = if shown == seconds {
                    shown
                } else {
                    format!("{shown} ({seconds})")
                };
                write!(
                    f,
                    ": HTTP {status}: the provider asks to wait {asked}, longer than --max-wait ({}); stopped rather than wait: run the same command again later, or allow the wait with --max-wait",
                    human(*limit)
                )?
            }
        }
        if let Some(advice) = self.advice() {
            write!(f, "; {advice}")?;
        }
        Ok(())
    }
}

/// A status's reason phrase: `Forbidden` for 403; empty when unknown.
fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// The failure an error answer makes: the API's own (its status, message
/// and request id), or, when the transport judged that the answer came
/// from something in front of the API, what it was instead.
pub fn status_failure(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    message: Option<String>,
    request_id: Option<String>,
) -> Failure {
    let retry_after = retry_after(headers);
    match crate::net::not_api::judged(headers) {
        Some(what) => Failure::NotFromApi {
            status,
            what,
            retry_after,
        },
        None => Failure::Status {
            status,
            message,
            request_id,
            retry_after,
        },
    }
}

/// A provider's error body: the message and request id, whatever the shape.
pub trait ErrorBody {
    fn message(&self) -> Option<String>;
    fn request_id(&self) -> Option<String> {
        None
    }
}

/// The text of a reqwest error and its causes, without any URL.
pub fn describe_reqwest(error: reqwest::Error) -> Failure {
    Failure::Transport {
        message: describe_reqwest_ref(&error),
        timeout: error.is_timeout(),
    }
}

/// The text of a reqwest error and its causes, without any URL (a query
/// could carry a token). A connection that could not be made names the
/// host and port it was for, the proxy it went through if any, and its
/// deepest cause: "cannot connect to 127.0.0.1:9: Connection refused (os
/// error 111)", "cannot connect to api.github.com:443 through the proxy
/// 10.0.0.1:3128 (HTTPS_PROXY): Connection refused (os error 111)".
pub fn describe_reqwest_ref(error: &reqwest::Error) -> String {
    let mut causes = Vec::new();
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(&format!(" for url ({url})"), "");
    }
    causes.push(text);
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !causes.iter().any(|known| known.contains(&text)) {
            causes.push(text);
        }
        source = cause.source();
    }
    match (error.is_connect(), error.url()) {
        (true, Some(url)) => {
            let host = url.host_str().unwrap_or("?");
            let port = url.port_or_known_default().map(|p| format!(":{p}"));
            let deepest = causes.last().cloned().unwrap_or_default();
            let through = ProxySettings::from_env()
                .route(url)
                .map(|proxy| format!(" through the proxy {} ({})", proxy.shown(), proxy.var))
                .unwrap_or_default();
            format!(
                "cannot connect to {host}{}{through}: {deepest}",
                port.unwrap_or_default()
            )
        }
        _ => causes.join(": "),
    }
}

/// Turns the generated client's error into a `Failure`.
pub fn from_progenitor<E: ErrorBody>(error: progenitor_client::Error<E>) -> Failure {
    use progenitor_client::Error;
    match error {
        Error::ErrorResponse(response) => {
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.into_inner();
            status_failure(status, &headers, body.message(), body.request_id())
        }
        Error::UnexpectedResponse(response) => {
            // A redirect's advice (where the repository moved) travels in a header.
            let message = response
                .headers()
                .get(crate::net::redirect::MESSAGE_HEADER)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            status_failure(
                response.status().as_u16(),
                response.headers(),
                message,
                None,
            )
        }
        Error::CommunicationError(e) | Error::ResponseBodyError(e) | Error::InvalidUpgrade(e) => {
            describe_reqwest(e)
        }
        Error::InvalidResponsePayload(bytes, _) if bytes.starts_with(TOO_LARGE.as_bytes()) => {
            let limit = String::from_utf8_lossy(&bytes[TOO_LARGE.len()..])
                .trim()
                .parse::<u64>()
                .map_or_else(|_| "the size limit".to_owned(), shown_size);
            Failure::InvalidResponse {
                status: None,
                message: format!(
                    "the answer is larger than {limit}; mileport stopped reading it rather than hold it in memory"
                ),
            }
        }
        Error::InvalidResponsePayload(bytes, _) if bytes.starts_with(UNDECODABLE.as_bytes()) => {
            Failure::InvalidResponse {
                status: None,
                message: String::from_utf8_lossy(&bytes[UNDECODABLE.len()..])
                    .trim()
                    .to_owned(),
            }
        }
        Error::InvalidResponsePayload(bytes, e) => Failure::InvalidResponse {
            status: None,
            message: format!("{e} in {}", preview(&bytes)),
        },
        Error::InvalidRequest(message) | Error::Custom(message) => Failure::InvalidRequest(message),
    }
}

/// A size in bytes as people read it: `64 MiB`, `300 bytes`.
fn shown_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads `Retry-After` as seconds or as an HTTP date.
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// The start of a body, for messages.
pub fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("`{}…`", &text[..cut]),
        None => format!("`{text}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_of(provider: Provider, status: u16) -> ApiError {
        ApiError::new(
            provider,
            format!("list milestones of {}:org/repo", provider.id()),
            Failure::Status {
                status,
                message: Some("no such thing".into()),
                request_id: Some("req-7".into()),
                retry_after: None,
            },
        )
    }

    /// A provider that means nothing of its own by any status: the common
    /// policy alone.
    fn plain() -> Provider {
        Provider::all()
            .iter()
            .copied()
            .find(|p| (100..600).all(|s| p.status_advice(s).is_none()))
            .expect("a provider without statuses of its own")
    }

    fn status(status: u16) -> ApiError {
        status_of(plain(), status)
    }

    #[test]
    fn messages_read_like_advice() {
        for provider in Provider::all().iter().copied() {
            let shown = status_of(provider, 401).to_string();
            assert!(shown.contains("HTTP 401 Unauthorized"), "{shown}");
            assert!(shown.contains(provider.token_var()), "{shown}");
            let id = format!("{} req-7", provider.request_id_name());
            assert!(shown.contains(&id), "{shown}");
            // A provider's own meaning of a status comes before the common one.
            for code in 100..600 {
                if let Some(own) = provider.status_advice(code) {
                    assert!(status_of(provider, code).to_string().contains(own));
                    assert!(!status(code).to_string().contains(own));
                }
            }
        }
        assert!(status(403).to_string().contains("permission"));
        assert!(status(404).to_string().contains("repository"));
        let mut tried = status(503);
        tried.attempts = 4;
        assert!(tried.to_string().contains("after 4 attempts"));
    }

    /// Which statuses are retried and which get advice: the status alone
    /// decides, whatever the body said.
    #[test]
    fn the_policy_by_status() {
        let retried: Vec<u16> = (100..600).filter(|s| status(*s).is_transient()).collect();
        assert_eq!(retried, [408, 429, 500, 502, 503, 504]);
        let advised: Vec<u16> = (100..600)
            .filter(|s| status(*s).advice().is_some())
            .collect();
        assert_eq!(advised, [401, 403, 404, 429]);
    }

    /// What stood in front of the API answered: its 403 blames no token,
    /// and its status still decides retries.
    #[test]
    fn an_answer_not_from_the_api_blames_no_token() {
        for provider in Provider::all().iter().copied() {
            let refused = |status| {
                ApiError::new(
                    provider,
                    format!("list milestones of {}:acme/site", provider.id()),
                    Failure::NotFromApi {
                        status,
                        what: "a text/html page titled \"Access Denied\"".into(),
                        retry_after: None,
                    },
                )
            };
            let shown = refused(403).to_string();
            let said = format!(
                "HTTP 403 Forbidden, not from the {provider} API but a text/html page titled \"Access Denied\""
            );
            assert!(
                shown.contains(&said)
                    && shown.contains("firewall or proxy")
                    && !shown.contains("write access"),
                "{shown}"
            );
            assert!(refused(502).is_transient() && refused(502).may_have_committed());
            assert!(!refused(403).is_transient());
            assert!(
                refused(404)
                    .to_string()
                    .contains("check the repository name")
            );
        }
    }

    #[test]
    fn classifies_failures() {
        assert!(status(429).is_transient() && !status(429).may_have_committed());
        assert!(status(503).is_transient() && status(503).may_have_committed());
        for code in [400, 401, 403, 404, 409, 422] {
            assert!(!status(code).is_transient(), "{code}");
            assert!(!status(code).may_have_committed(), "{code}");
        }
    }

    #[test]
    fn reads_retry_after_in_both_forms() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = std::time::SystemTime::now() + Duration::from_secs(30);
        headers.insert(
            "retry-after",
            httpdate::fmt_http_date(later).parse().unwrap(),
        );
        let wait = retry_after(&headers).unwrap();
        assert!(
            wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
    }
}
