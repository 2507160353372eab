//! One page of a GitLab listing (milestones, labels, an owner's projects):
//! `…?page=N&per_page=P`, read as every JSON listing is read
//! ([`PageReader`]), the next page (`x-next-page`, else the `Link`
//! header's `rel="next"`) and the total when GitLab sends one (`x-total`,
//! left out above 10,000 records).

use serde_json::Value;
use url::Url;

use crate::{
    net::{
        error::{ApiError, ErrorBody},
        retry::RetryPolicy,
    },
    protocols::json_pages::NumberedPages,
    provider::Provider,
    providers::gitlab::client::{Client, types::Error},
};

/// The header that counts a whole listing (absent above 10,000 records).
pub const TOTAL: &str = "x-total";
/// The header that names the next page (empty on the last).
pub const NEXT_PAGE: &str = "x-next-page";

/// The most items GitLab puts on a page.
pub const PER_PAGE: u64 = 100;

/// One page: its items as sent, the next page's number and the count of
/// the whole listing when the server gave them.
#[derive(Debug)]
pub struct Page {
    pub items: Vec<Value>,
    pub next: Option<u64>,
    pub total: Option<u64>,
}

/// How a listing's pages are fetched: `page` and `per_page`.
pub(crate) type Pages<'a> = NumberedPages<'a, Client>;

/// The pages of a listing read through `client`.
pub(crate) fn pages(client: &Client, retry: RetryPolicy, provider: Provider) -> Pages<'_> {
    NumberedPages {
        client,
        retry,
        provider,
        size: "per_page",
    }
}

/// One page of items (`what` names them in errors), the next page's
/// number and the listing's count when GitLab sent one.
pub(crate) async fn get(
    pages: &Pages<'_>,
    url: &Url,
    operation: &str,
    what: &str,
) -> Result<Page, ApiError> {
    let (items, (next, total)) = pages
        .reader()
        .get::<Error, _>(url, (operation, what), |headers| {
            let count = |name: &str| -> Result<Option<u64>, String> {
                match headers.get(name).map(|v| v.to_str().unwrap_or("?").trim()) {
                    None | Some("") => Ok(None),
                    Some(text) => text
                        .parse::<u64>()
                        .map(Some)
                        .map_err(|_| format!("its {name} header is not a number: {text:?}")),
                }
            };
            let total = count(TOTAL)?;
            let next = match count(NEXT_PAGE)? {
                Some(next) => Some(next),
                None if headers.contains_key(NEXT_PAGE) => None,
                None => link_next(headers),
            };
            Ok((next, total))
        })
        .await?;
    Ok(Page { items, next, total })
}

/// The page number of the `Link` header's `rel="next"`, for an answer
/// without `x-next-page`.
fn link_next(headers: &reqwest::header::HeaderMap) -> Option<u64> {
    let links = headers.get(reqwest::header::LINK)?.to_str().ok()?;
    links.split(',').find_map(|link| {
        let (target, params) = link.split_once(';')?;
        if !params.contains("rel=\"next\"") {
            return None;
        }
        let url = Url::parse(target.trim().trim_start_matches('<').trim_end_matches('>')).ok()?;
        url.query_pairs()
            .find(|(name, _)| name == "page")
            .and_then(|(_, value)| value.parse().ok())
    })
}

/// GitLab's errors: `message` as a text, or as an object of field names to
/// lists of texts (a validation error); else `error`.
impl ErrorBody for Error {
    fn message(&self) -> Option<String> {
        match &self.message {
            Some(Value::String(text)) => Some(text.clone()),
            Some(Value::Object(fields)) => Some(
                fields
                    .iter()
                    .map(|(field, texts)| match texts {
                        Value::Array(list) => {
                            let texts: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
                            format!("{field} {}", texts.join(", "))
                        }
                        other => format!("{field} {other}"),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Some(other) => Some(other.to_string()),
            None => self.error.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_error_reads_as_its_fields_words() {
        let error: Error = serde_json::from_value(serde_json::json!({
            "message": {"title": ["already being used for another group or project milestone"]}
        }))
        .unwrap();
        assert_eq!(
            error.message().as_deref(),
            Some("title already being used for another group or project milestone")
        );
    }

    #[test]
    fn the_next_page_is_read_from_link_without_x_next_page() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "link",
            "<https://h/api/v4/projects/1/milestones?page=3&per_page=2>; rel=\"next\", <https://h/x?page=1>; rel=\"first\""
                .parse()
                .unwrap(),
        );
        assert_eq!(link_next(&headers), Some(3));
    }
}
