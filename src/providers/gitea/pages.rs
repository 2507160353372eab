//! One page of a Gitea listing (milestones, labels, an owner's
//! repositories), read as every listing is read: a `GET` of
//! `…?page=N&limit=L` through the connection's transport, the JSON array of
//! items and the `X-Total-Count` header, tried as often as the retry policy
//! allows.

use progenitor_client::ClientInfo;
use serde_json::Value;
use url::Url;

use crate::providers::{
    Provider,
    error::{ApiError, ErrorBody, Failure, describe_reqwest, status_failure},
    generated::gitea::{Client, types::Error},
    retry::{Idempotence, RetryPolicy},
    transport::{TOO_LARGE, UNDECODABLE},
};

/// The header that counts a whole listing.
pub const TOTAL_COUNT: &str = "x-total-count";

/// One page: its items as sent, and the count of the whole listing when
/// the server gave one.
#[derive(Debug)]
pub struct Page {
    pub items: Vec<Value>,
    pub total: Option<u64>,
}

/// How a listing's pages are fetched: the client whose transport carries
/// them, the retry policy and the provider errors name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pages<'a> {
    pub client: &'a Client,
    pub retry: RetryPolicy,
    pub provider: Provider,
}

impl Pages<'_> {
    fn error(&self, operation: &str, failure: Failure) -> ApiError {
        ApiError::new(self.provider, operation, failure)
    }

    /// The URL of page `page` of the listing at `path` (below the base
    /// URL), `limit` items a page, with `query` besides.
    pub fn url(
        &self,
        path: &str,
        query: &[(&str, &str)],
        page: u64,
        limit: u64,
        operation: &str,
    ) -> Result<Url, ApiError> {
        let mut url = Url::parse(&format!("{}{path}", self.client.baseurl()))
            .map_err(|e| self.error(operation, Failure::InvalidRequest(e.to_string())))?;
        url.query_pairs_mut()
            .extend_pairs(query)
            .append_pair("page", &page.to_string())
            .append_pair("limit", &limit.to_string());
        Ok(url)
    }

    /// One page of items (`what` names them in errors).
    pub async fn get(&self, url: &Url, operation: &str, what: &str) -> Result<Page, ApiError> {
        self.retry
            .run(Idempotence::Idempotent, || async {
                let http = self.client.client();
                let request = http
                    .get(url.clone())
                    .build()
                    .map_err(|e| self.error(operation, describe_reqwest(e)))?;
                let response = self
                    .client
                    .inner()
                    .execute(self.provider.name(), http, request)
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
                let total = match headers.get(TOTAL_COUNT) {
                    None => None,
                    Some(value) => Some(
                        value
                            .to_str()
                            .ok()
                            .and_then(|text| text.trim().parse::<u64>().ok())
                            .ok_or_else(|| {
                                invalid(format!(
                                    "its X-Total-Count header is not a count: {:?}",
                                    String::from_utf8_lossy(value.as_bytes())
                                ))
                            })?,
                    ),
                };
                Ok(Page { items, total })
            })
            .await
    }
}

impl ErrorBody for Error {
    fn message(&self) -> Option<String> {
        self.message.clone()
    }
}
