//! One page of a Gitea listing (milestones, labels, an owner's
//! repositories): `…?page=N&limit=L`, read as every JSON listing is read
//! ([`PageReader`]), and its `X-Total-Count` header.

use progenitor_client::ClientInfo;
use serde_json::Value;
use url::Url;

use crate::{
    protocols::json_pages::{PageReader, no_headers},
    providers::{
        Provider,
        error::{ApiError, ErrorBody, Failure},
        generated::gitea::{Client, types::Error},
        retry::RetryPolicy,
    },
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

    /// One page of items (`what` names them in errors) and the listing's
    /// count.
    pub async fn get(&self, url: &Url, operation: &str, what: &str) -> Result<Page, ApiError> {
        let (items, total) = self
            .reader()
            .get::<Error, _>(url, (operation, what), |headers| {
                let Some(value) = headers.get(TOTAL_COUNT) else {
                    return Ok(None);
                };
                value
                    .to_str()
                    .ok()
                    .and_then(|text| text.trim().parse::<u64>().ok())
                    .map(Some)
                    .ok_or_else(|| {
                        format!(
                            "its X-Total-Count header is not a count: {:?}",
                            String::from_utf8_lossy(value.as_bytes())
                        )
                    })
            })
            .await?;
        Ok(Page { items, total })
    }

    fn reader(&self) -> PageReader<'_, Client> {
        PageReader {
            client: self.client,
            retry: self.retry,
            provider: self.provider,
            headers: no_headers,
        }
    }
}

impl ErrorBody for Error {
    fn message(&self) -> Option<String> {
        self.message.clone()
    }
}
