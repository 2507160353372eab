//! The Gitee adapter: the family's repository client ([`V5Repo`]) as
//! Gitee's reading, over the generated client, whose hook adds the token to
//! every request's query (`access_token`, the one place Gitee takes it) and
//! reads a 403 "Rate Limit Exceeded" as the wait it is.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{Request, Response};

use super::Gitee;
use crate::forge::{Reading, Sink};
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    decode,
    error::{ApiError, ErrorBody},
    number::WholeNumber,
    transport::Transport,
};
use crate::protocols::v5::V5Repo;
use crate::provider::RepoRef;
use crate::providers::gitee::client::{
    Client,
    types::{Error, Milestone},
};

/// The query parameter Gitee takes the token in.
pub const TOKEN_PARAMETER: &str = "access_token";

/// What Gitee's refusal says when its rate limit is spent.
pub const RATE_LIMIT_EXCEEDED: &str = "Rate Limit Exceeded";

/// The transport of every Gitee client of `connection`: its pacer, the
/// token for every request's query, and the rate limit shared by every
/// client of the same token.
pub(super) fn transport(connection: &Connection, options: &ClientOptions) -> Transport {
    Transport::for_connection(connection, options)
        .with_url_secret(TOKEN_PARAMETER, connection.token().expose())
        .with_gauge(super::limits::shared_limit(&connection.pacing_key()))
}

impl ErrorBody for Error {
    fn message(&self) -> Option<String> {
        let text = |value: &serde_json::Value| match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.message
            .clone()
            .or_else(|| self.error_message.clone())
            .or_else(|| self.error.as_ref().map(text))
    }

    /// The handle of a failed request, when the body carries one.
    fn request_id(&self) -> Option<String> {
        self.trace_id.clone()
    }
}

/// One Gitee repository: the family's client over Gitee's.
pub type GiteeRepo = V5Repo<Gitee>;

impl Reading for Gitee {
    type Repo = GiteeRepo;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GiteeRepo, ConnectionError> {
        V5Repo::new(connection, repo, options)
    }

    fn repo(repo: &GiteeRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &GiteeRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &GiteeRepo) -> &str {
        repo.base_url()
    }

    /// Every milestone, with the closed ones Gitee's `state=all` left
    /// out added (see [`V5Repo::complete_closed_into`]).
    async fn list(
        repo: &GiteeRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        repo.list_checked(on_page).await
    }

    async fn list_again(repo: &GiteeRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_all(|_| {}).await
    }

    async fn list_checked_into(
        repo: &GiteeRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<Vec<String>, ApiError> {
        repo.list_checked_into(on_page, sink).await
    }

    async fn list_into(
        repo: &GiteeRepo,
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<(), ApiError> {
        repo.list_all_into(&mut |_| {}, sink).await
    }

    async fn delete(repo: &GiteeRepo, id: &WholeNumber) -> Result<(), ApiError> {
        repo.delete(id).await
    }

    const REQUEST_ID_NAME: &'static str = "request id";
}

impl ClientHooks<Transport> for Client {
    /// Adds the token to the request's query, sends it, and makes a 403
    /// that says "Rate Limit Exceeded" the 429 it means (one with the
    /// limit's headers was already made a wait by the gauge).
    async fn exec(&self, mut request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        if let Some((name, value)) = self.inner().url_secret() {
            request.url_mut().query_pairs_mut().append_pair(name, value);
        }
        let response = self
            .inner()
            .execute(super::PROVIDER.name(), self.client(), request)
            .await?;
        if response.status() != reqwest::StatusCode::FORBIDDEN {
            *refusals() = Refusals::default();
            return Ok(response);
        }
        Ok(rate_limit_as_throttle(response).await)
    }
}

/// Refusals by the rate limit told by their body alone, in a row: each one
/// after the last one's wait asks to wait twice as long (Gitee does not say
/// how long its window is); those during it, sent before it was known,
/// wait out the same. Process-wide, as a run talks to one Gitee.
#[derive(Debug, Default)]
struct Refusals {
    in_a_row: u32,
    until: Option<std::time::Instant>,
}

fn refusals() -> std::sync::MutexGuard<'static, Refusals> {
    static REFUSALS: std::sync::Mutex<Refusals> = std::sync::Mutex::new(Refusals {
        in_a_row: 0,
        until: None,
    });
    REFUSALS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The seconds a refusal by the body alone received at `now` asks to wait.
fn next_refusal_wait(now: std::time::Instant) -> u64 {
    let mut refused = refusals();
    match refused.until {
        Some(until) if now < until => {
            let left = until - now;
            (left.as_secs() + u64::from(left.subsec_nanos() > 0)).max(1)
        }
        _ => {
            refused.in_a_row += 1;
            let wait = refusal_wait(refused.in_a_row);
            refused.until = Some(now + std::time::Duration::from_secs(wait));
            wait
        }
    }
}

/// How long the `n`th refusal in a row asks to wait: a pause from
/// [`FIRST_PAUSE`](super::limits::FIRST_PAUSE) doubling up to
/// [`MAX_PAUSE`](super::limits::MAX_PAUSE), in whole seconds.
fn refusal_wait(n: u32) -> u64 {
    let first = super::limits::FIRST_PAUSE.as_secs().max(1);
    let doubled = first.saturating_mul(1 << n.saturating_sub(1).min(16));
    doubled.min(super::limits::MAX_PAUSE.as_secs())
}

/// A 403 whose body says "Rate Limit Exceeded" as a 429 asking to wait
/// (see [`refusal_wait`]); any other answer as it was.
async fn rate_limit_as_throttle(response: Response) -> Response {
    let status = response.status();
    let mut headers = response.headers().clone();
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(_) => bytes::Bytes::new(),
    };
    let limited = String::from_utf8_lossy(&body)
        .to_ascii_lowercase()
        .contains(&RATE_LIMIT_EXCEEDED.to_ascii_lowercase());
    let status = if limited {
        let seconds = next_refusal_wait(std::time::Instant::now());
        headers.insert(reqwest::header::RETRY_AFTER, seconds.into());
        reqwest::StatusCode::TOO_MANY_REQUESTS
    } else {
        status
    };
    headers.remove(reqwest::header::CONTENT_LENGTH);
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    Response::from(rebuilt)
}

/// Unknown fields are kept, to be written back as they came.
impl decode::Extra for Milestone {
    fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
        &mut self.extra
    }
}

#[cfg(test)]
mod decode_tests {
    use serde_json::{Value, json};

    use crate::net::decode::milestone;
    use crate::providers::gitee::client as gitee;

    #[test]
    fn keeps_nulls_and_numbers_as_sent() {
        let sent: Value = serde_json::from_str(
            r#"{"number": "83", "title": "t", "id": null, "due_on": null,
                "repository_id": 123456789012345678901234567890, "x": 1}"#,
        )
        .unwrap();
        let read: gitee::types::Milestone = milestone(sent.clone()).unwrap();
        assert_eq!(read.number, 83);
        assert_eq!(read.id, None);
        let written: Value = serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
        let mut sent_sorted: Vec<_> = sent
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        let mut written_sorted: Vec<_> = written
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        sent_sorted.sort();
        written_sorted.sort();
        assert_eq!(written_sorted, sent_sorted);
        let error = milestone::<gitee::types::Milestone>(json!({"number": "x1", "title": "t"}))
            .unwrap_err();
        assert!(error.contains("x1"), "{error}");
    }
}
