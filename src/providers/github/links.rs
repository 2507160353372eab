//! GitHub's page links: the `rel="next"` URL of a `Link` header, and
//! whether a URL is on the API's own host, the only one a page link is
//! followed to (the token goes with every request).

use url::Url;

/// The `rel="next"` URL of a `Link` header, as given.
pub fn next_link(link: &str) -> Option<&str> {
    let mut rest = link;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>')?;
        let url = &after[..end];
        let tail = &after[end + 1..];
        let params_end = tail.find('<').unwrap_or(tail.len());
        let is_next = tail[..params_end].split([';', ',']).any(|param| {
            let param = param.trim();
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(url);
        }
        rest = &tail[params_end..];
    }
    None
}

/// Whether `url` is on the same scheme, host and port as `base`.
pub fn same_origin(base: &Url, url: &Url) -> bool {
    base.scheme() == url.scheme()
        && base.host_str().map(str::to_ascii_lowercase)
            == url.host_str().map(str::to_ascii_lowercase)
        && base.port_or_known_default() == url.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_next_link_in_any_order_and_form() {
        let github = r#"<https://api.github.com/repositories/1300192/milestones?state=all&per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1300192/milestones?state=all&per_page=100&page=3>; rel="last""#;
        assert_eq!(
            next_link(github),
            Some(
                "https://api.github.com/repositories/1300192/milestones?state=all&per_page=100&page=2"
            )
        );
        let later = r#"<https://h/x?page=1>; rel="prev", <https://h/x?page=1>; rel="first", <https://h/x?page=3>;rel=next"#;
        assert_eq!(next_link(later), Some("https://h/x?page=3"));
        assert_eq!(
            next_link(r#"<https://h/a,b?page=2>; rel="next last""#),
            Some("https://h/a,b?page=2")
        );
        assert_eq!(next_link(r#"<https://h/x?page=4>; rel="prev""#), None);
        assert_eq!(next_link(r#"<https://h/x?page=4>; rel="nextish""#), None);
        assert_eq!(next_link(""), None);
        assert_eq!(next_link("<broken"), None);
    }

    #[test]
    fn only_the_base_urls_host_is_followed() {
        let base = Url::parse("https://ghe.example.com/api/v3").unwrap();
        let same =
            Url::parse("https://GHE.example.com:443/api/v3/repositories/1/milestones?page=2")
                .unwrap();
        assert!(same_origin(&base, &same));
        for other in [
            "https://evil.example.com/api/v3/repositories/1/milestones",
            "http://ghe.example.com/api/v3/repositories/1/milestones",
            "https://ghe.example.com:8443/api/v3/repositories/1/milestones",
        ] {
            assert!(!same_origin(&base, &Url::parse(other).unwrap()), "{other}");
        }
    }
}
