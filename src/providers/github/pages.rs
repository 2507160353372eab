//! One page of a GitHub listing, read as every listing is read: a `GET`
//! with GitHub's headers through the connection's transport (and so its
//! budget), the JSON array of items and the `rel="next"` link; and that
//! link, resolved against the base URL and followed only on its host, so
//! the token never travels elsewhere.

use progenitor_client::ClientInfo;
use reqwest::header::LINK;
use serde_json::Value;
use url::Url;

use super::{
    adapter::{NAME, add_api_headers},
    links::{next_link, same_origin},
};
use crate::providers::{
    Provider,
    error::{ApiError, ErrorBody, Failure, describe_reqwest, status_failure},
    generated::github::{Client, types::Error},
    retry::{Idempotence, RetryPolicy},
    transport::{TOO_LARGE, UNDECODABLE},
};

/// How a listing's pages are fetched: the client whose transport carries
/// them, the retry policy, the provider errors name, and the base URL
/// links must stay on.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pages<'a> {
    pub client: &'a Client,
    pub retry: RetryPolicy,
    pub provider: Provider,
    pub base: &'a Url,
}

impl Pages<'_> {
    fn error(&self, operation: &str, failure: Failure) -> ApiError {
        ApiError::new(self.provider, operation, failure)
    }

    /// One page of items (`what` names them in errors: "milestones",
    /// "repositories") and the link to the next, tried as often as the
    /// retry policy allows.
    pub async fn get(
        &self,
        url: &Url,
        operation: &str,
        what: &str,
    ) -> Result<(Vec<Value>, Option<String>), ApiError> {
        self.retry
            .run(Idempotence::Idempotent, || async {
                let http = self.client.client();
                let mut request = http
                    .get(url.clone())
                    .build()
                    .map_err(|e| self.error(operation, describe_reqwest(e)))?;
                add_api_headers(request.headers_mut());
                let response = self
                    .client
                    .inner()
                    .execute(NAME, http, request)
                    .await
                    .map_err(|e| self.error(operation, describe_reqwest(e)))?;
                let status = response.status();
                let headers = response.headers().clone();
                let body = response
                    .bytes()
                    .await
                    .map_err(|e| self.error(operation, describe_reqwest(e)))?;
                if !status.is_success() {
                    let error: Option<Error> = serde_json::from_slice(&body).ok();
                    return Err(self.error(
                        operation,
                        status_failure(
                            status.as_u16(),
                            &headers,
                            error.as_ref().and_then(ErrorBody::message),
                            error.as_ref().and_then(ErrorBody::request_id),
                        ),
                    ));
                }
                let invalid = |message: String| {
                    self.error(
                        operation,
                        Failure::InvalidResponse {
                            status: Some(status.as_u16()),
                            message,
                        },
                    )
                };
                if let Some(reason) = body.strip_prefix(UNDECODABLE.as_bytes()) {
                    return Err(invalid(String::from_utf8_lossy(reason).trim().to_owned()));
                }
                if body.starts_with(TOO_LARGE.as_bytes()) {
                    return Err(invalid(
                        "the page is larger than the size limit; mileport stopped reading it rather than hold it in memory".into(),
                    ));
                }
                let items: Vec<Value> = serde_json::from_slice(&body).map_err(|e| {
                    invalid(format!("a page of {what} is not a JSON array: {e}"))
                })?;
                let next = headers
                    .get_all(LINK)
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .find_map(next_link)
                    .map(str::to_owned);
                Ok((items, next))
            })
            .await
    }

    /// The next page's URL from its link as given: relative links resolve
    /// against the base; one on another host is an error, never followed.
    pub fn next(&self, link: &str, operation: &str) -> Result<Url, ApiError> {
        let next = self.base.join(link).map_err(|e| {
            self.error(
                operation,
                Failure::InvalidResponse {
                    status: Some(200),
                    message: format!("the next page's link is not a URL: {e}"),
                },
            )
        })?;
        if !same_origin(self.base, &next) {
            return Err(self.error(
                operation,
                Failure::InvalidResponse {
                    status: Some(200),
                    message: format!(
                        "the next page is on another host ({}); not followed, so that the token stays with {}",
                        next.host_str().unwrap_or("?"),
                        self.base.host_str().unwrap_or("?")
                    ),
                },
            ));
        }
        Ok(next)
    }
}
