//! Redirects, which the HTTP client never follows on its own: it would
//! carry the token wherever it is sent. A renamed or transferred GitHub
//! repository answers on its old name with 301 or 307 and the new address
//! in `Location`. A read is sent again there when it is on the same host
//! (as GitHub documents), and the move is remembered so that the run can
//! say so; a write is never sent again to a new address unasked, and a
//! redirect to another host is never followed.

use std::sync::Mutex;

use reqwest::{Request, Response, StatusCode, Url};

/// The header that carries why a redirect was not followed.
pub const MESSAGE_HEADER: &str = "x-mileport-message";

/// The most redirects followed for one request.
const MAX_HOPS: usize = 3;

/// Where a repository has moved, as this run learned from redirects.
#[derive(Debug, Default)]
pub struct Moves {
    to: Mutex<Option<String>>,
}

impl Moves {
    /// The repository's new `owner/repo` (or the new path, when the
    /// address does not name one), once a redirect said it moved.
    pub fn moved_to(&self) -> Option<String> {
        self.to.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn note(&self, to: &Url) {
        let name = repository_of(to).unwrap_or_else(|| to.path().to_owned());
        *self.to.lock().unwrap_or_else(|e| e.into_inner()) = Some(name);
    }
}

/// `owner/repo` of an API address `…/repos/owner/repo/…`.
fn repository_of(url: &Url) -> Option<String> {
    let mut segments = url.path_segments()?.skip_while(|s| *s != "repos").skip(1);
    let owner = segments.next().filter(|s| !s.is_empty())?;
    let repo = segments.next().filter(|s| !s.is_empty())?;
    Some(format!("{owner}/{repo}"))
}

/// Follows a redirect answer as described above. `replay` is the request
/// again when it may be sent again (a read); `provider` is its id
/// (`github`), for messages. Any other answer is returned as it is.
pub(crate) async fn follow(
    http: &reqwest::Client,
    mut response: Response,
    mut replay: Option<Request>,
    provider: &str,
    moves: &Moves,
) -> reqwest::Result<Response> {
    for _ in 0..MAX_HOPS {
        if !response.status().is_redirection() {
            break;
        }
        let from = response.url().clone();
        let Some(to) = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|location| from.join(location).ok())
        else {
            return Ok(unfollowed(
                response.status(),
                "a redirect without a usable Location".to_owned(),
            ));
        };
        let same_host = to.scheme() == from.scheme()
            && to.host_str() == from.host_str()
            && to.port_or_known_default() == from.port_or_known_default();
        if !same_host {
            return Ok(unfollowed(
                response.status(),
                format!(
                    "a redirect to another host ({}), which is not followed with the token",
                    to.host_str().unwrap_or("?")
                ),
            ));
        }
        moves.note(&to);
        let Some(mut request) = replay.take() else {
            let name = repository_of(&to).unwrap_or_else(|| to.path().to_owned());
            return Ok(unfollowed(
                response.status(),
                format!(
                    "the repository has moved to {provider}:{name}; a write is not sent to a new address unasked: run the command again with {provider}:{name}"
                ),
            ));
        };
        *request.url_mut() = to;
        replay = request.try_clone();
        response = http.execute(request).await?;
    }
    Ok(response)
}

/// The redirect's status with a message saying why it was not followed,
/// for the error mapping to show.
fn unfollowed(status: StatusCode, message: String) -> Response {
    let body = serde_json::json!({ "message": &message });
    let mut answer = http::Response::new(serde_json::to_vec(&body).unwrap_or_default());
    *answer.status_mut() = status;
    let headers = answer.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    // An answer the API does not describe reaches the error mapping
    // unread: the message travels in a header too.
    if let Ok(value) = http::HeaderValue::from_str(&message) {
        headers.insert(MESSAGE_HEADER, value);
    }
    Response::from(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_new_repository_from_its_address() {
        let url = |text: &str| Url::parse(text).unwrap();
        assert_eq!(
            repository_of(&url("https://api.github.com/repos/o/new/milestones?page=2")),
            Some("o/new".to_owned())
        );
        assert_eq!(
            repository_of(&url("http://127.0.0.1:9/github/repos/o/new")),
            Some("o/new".to_owned())
        );
        assert_eq!(
            repository_of(&url("https://api.github.com/repositories/42/milestones")),
            None
        );
    }

    /// The token never goes to another host: such a redirect is answered
    /// with why it was not followed, and the other host is never asked.
    #[tokio::test]
    async fn a_redirect_to_another_host_is_not_followed() {
        use wiremock::{Mock, MockServer, ResponseTemplate, matchers::path};
        let (here, elsewhere) = (MockServer::start().await, MockServer::start().await);
        let away = format!(
            "{}/repos/o/new/milestones",
            elsewhere.uri().replace("127.0.0.1", "localhost")
        );
        Mock::given(path("/repos/o/old/milestones"))
            .respond_with(ResponseTemplate::new(301).insert_header("location", away.as_str()))
            .mount(&here)
            .await;
        crate::net::tls::install_crypto_provider();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let request = http
            .get(format!("{}/repos/o/old/milestones", here.uri()))
            .build()
            .unwrap();
        let replay = request.try_clone();
        let answer = http.execute(request).await.unwrap();
        let moves = Moves::default();
        let answer = follow(&http, answer, replay, "github", &moves)
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::MOVED_PERMANENTLY);
        let said = answer.headers()[MESSAGE_HEADER]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(said.contains("another host (localhost)"), "{said}");
        assert!(elsewhere.received_requests().await.unwrap().is_empty());
        assert_eq!(moves.moved_to(), None);
    }
}
