//! One page of a listing answered as a JSON array, read as every such
//! listing is read (Gitea's, GitLab's, GitHub's): a `GET` of a URL the
//! provider made or was handed, through its generated client's transport
//! (its pacer, budget and scrubbing of secrets), tried as often as the retry
//! policy allows. A refusal is read through the provider's error body; an
//! answer too large or that cannot be decoded is refused; the items are kept
//! as sent, and what the provider pages by (a total, a next page, a link) is
//! read from the answer's headers by the provider's own `paging`.

use progenitor_client::ClientInfo;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::net::{
    error::{ApiError, ErrorBody, Failure, describe_reqwest, status_failure},
    retry::{Idempotence, RetryPolicy},
    transport::{TOO_LARGE, Transport, UNDECODABLE},
};
use crate::provider::Provider;

/// How a listing's pages are fetched: the client whose transport carries
/// them, the retry policy, the provider errors name and the headers the
/// provider wants on every request besides its client's own.
#[derive(Clone, Copy)]
pub struct PageReader<'a, C> {
    pub client: &'a C,
    pub retry: RetryPolicy,
    pub provider: Provider,
    pub headers: fn(&mut HeaderMap),
}

/// Adds nothing: for a provider whose client hooks add every header.
pub fn no_headers(_: &mut HeaderMap) {}

impl<C: ClientInfo<Transport>> PageReader<'_, C> {
    fn error(&self, operation: &str, failure: Failure) -> ApiError {
        ApiError::new(self.provider, operation, failure)
    }

    /// One page of items (`what` names them in errors: "milestones",
    /// "repositories"), with what `paging` reads of the answer's headers;
    /// `paging` says in its error what is wrong with them. A refusal is read
    /// through the provider's error body `E`.
    pub async fn get<E, T>(
        &self,
        url: &Url,
        (operation, what): (&str, &str),
        paging: impl Fn(&HeaderMap) -> Result<T, String>,
    ) -> Result<(Vec<Value>, T), ApiError>
    where
        E: ErrorBody + DeserializeOwned,
    {
        self.retry
            .run(Idempotence::Idempotent, || async {
                let http = self.client.client();
                let mut request = http
                    .get(url.clone())
                    .build()
                    .map_err(|e| self.error(operation, describe_reqwest(e)))?;
                (self.headers)(request.headers_mut());
                let response = self
                    .client
                    .inner()
                    .execute(self.provider.name(), http, request)
                    .await
                    .map_err(|e| self.error(operation, describe_reqwest(e)))?;
                let status = response.status().as_u16();
                let headers = response.headers().clone();
                let body = response
                    .bytes()
                    .await
                    .map_err(|e| self.error(operation, describe_reqwest(e)))?;
                if !(200..300).contains(&status) {
                    let error: Option<E> = serde_json::from_slice(&body).ok();
                    return Err(self.error(
                        operation,
                        status_failure(
                            status,
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
                            status: Some(status),
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
                Ok((items, paging(&headers).map_err(invalid)?))
            })
            .await
    }
}

/// A listing paged by number: `page=N` and a page size under the
/// provider's own name for it (`limit`, `per_page`), below the base URL of
/// the client whose transport carries the pages.
#[derive(Debug)]
pub struct NumberedPages<'a, C> {
    pub client: &'a C,
    pub retry: RetryPolicy,
    pub provider: Provider,
    /// The query parameter that sizes a page.
    pub size: &'static str,
}

impl<C> Clone for NumberedPages<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for NumberedPages<'_, C> {}

impl<'a, C: ClientInfo<Transport>> NumberedPages<'a, C> {
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
        let mut url = Url::parse(&format!("{}{path}", self.client.baseurl())).map_err(|e| {
            ApiError::new(
                self.provider,
                operation,
                Failure::InvalidRequest(e.to_string()),
            )
        })?;
        url.query_pairs_mut()
            .extend_pairs(query)
            .append_pair("page", &page.to_string())
            .append_pair(self.size, &limit.to_string());
        Ok(url)
    }

    /// How its pages are read: with no headers besides the client's own.
    pub fn reader(&self) -> PageReader<'a, C> {
        PageReader {
            client: self.client,
            retry: self.retry,
            provider: self.provider,
            headers: no_headers,
        }
    }
}
