//! One page of a GitHub listing, read as every JSON listing is read
//! ([`PageReader`]) with GitHub's headers (and so within its budget), and
//! its `rel="next"` link; and that link, resolved against the base URL and
//! followed only on its host, so the token never travels elsewhere.

use reqwest::header::LINK;
use serde_json::Value;
use url::Url;

use super::{
    adapter::add_api_headers,
    links::{next_link, same_origin},
};
use crate::{
    net::{
        error::{ApiError, Failure},
        retry::RetryPolicy,
    },
    protocols::json_pages::PageReader,
    provider::Provider,
    providers::github::client::{Client, types::Error},
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
        let reader = PageReader {
            client: self.client,
            retry: self.retry,
            provider: self.provider,
            headers: add_api_headers,
        };
        reader
            .get::<Error, _>(url, (operation, what), |headers| {
                Ok(headers
                    .get_all(LINK)
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .find_map(next_link)
                    .map(str::to_owned))
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
