//! Error answers that did not come from the API: the providers' APIs
//! answer errors in JSON, so an HTML page or text in their place is the
//! work of something in front of them (a firewall, a proxy, a gateway).
//! Such an answer says nothing about the token or the repository; it is
//! shown for what it is, with the page's `<title>` when it has one.

use http::HeaderMap;

/// The header the transport adds to an error answer it judged not to
/// come from the API; its value says what the answer was instead.
pub const HEADER: &str = "x-mileport-not-from-api";

/// What an error answer was, when it was not the API's: `a text/html page
/// titled "Access Denied"`. `None` for JSON, and for an empty body, which
/// says nothing either way.
pub fn judge(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let content_type = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|value| !value.is_empty())?;
    if content_type.contains("json") {
        return None;
    }
    let text = String::from_utf8_lossy(body);
    Some(match title(&text) {
        Some(title) => format!("a {content_type} page titled \"{title}\""),
        None => format!("{content_type}: {}", crate::net::error::preview(body)),
    })
}

/// The judgement the transport left on an answer, if any.
pub fn judged(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(HEADER)?;
    Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// The text of an HTML page's `<title>`, its spaces collapsed and the
/// common entities read, at most 120 characters.
fn title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let text = html[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    if text.is_empty() {
        return None;
    }
    Some(match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(http::header::CONTENT_TYPE, content_type.parse().unwrap());
        headers
    }

    #[test]
    fn judges_by_content_type() {
        let html =
            b"<HTML><Head><TITLE>\n  Attention Required! | Cloudflare </title></head></HTML>";
        assert_eq!(
            judge(&headers("text/html; charset=UTF-8"), html).as_deref(),
            Some("a text/html page titled \"Attention Required! | Cloudflare\"")
        );
        assert_eq!(
            judge(&headers("text/plain"), b"upstream connect error").as_deref(),
            Some("text/plain: `upstream connect error`")
        );
        assert_eq!(judge(&headers("application/json"), b"{}"), None);
        assert_eq!(judge(&headers("application/vnd.github+json"), b"{}"), None);
        assert_eq!(judge(&headers("text/html"), b"  "), None);
        assert_eq!(judge(&HeaderMap::new(), b"<html></html>"), None);
        assert_eq!(
            title("<title>Q&amp;A &lt;1&gt;</title>").as_deref(),
            Some("Q&A <1>")
        );
        assert_eq!(title("<title></title>"), None);
    }
}
