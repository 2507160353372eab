//! One page of a Gitea listing (milestones, labels, an owner's
//! repositories): `…?page=N&limit=L`, read as every JSON listing is read
//! ([`PageReader`]), and its `X-Total-Count` header.

use serde_json::Value;
use url::Url;

use crate::{
    net::{
        error::{ApiError, ErrorBody},
        retry::RetryPolicy,
    },
    protocols::json_pages::NumberedPages,
    provider::Provider,
    providers::gitea::client::{Client, types::Error},
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

/// How a listing's pages are fetched: `page` and `limit`.
pub(crate) type Pages<'a> = NumberedPages<'a, Client>;

/// The pages of a listing read through `client`.
pub(crate) fn pages(client: &Client, retry: RetryPolicy, provider: Provider) -> Pages<'_> {
    NumberedPages {
        client,
        retry,
        provider,
        size: "limit",
    }
}

/// One page of items (`what` names them in errors) and the listing's
/// count.
pub(crate) async fn get(
    pages: &Pages<'_>,
    url: &Url,
    operation: &str,
    what: &str,
) -> Result<Page, ApiError> {
    let (items, total) = pages
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

impl ErrorBody for Error {
    fn message(&self) -> Option<String> {
        self.message.clone()
    }
}
