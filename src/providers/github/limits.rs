//! GitHub's rate limits, read from its answers. Every answer carries the
//! primary budget (`x-ratelimit-limit`, `-remaining`, `-used`, `-reset` in
//! epoch seconds, `-resource`); a refused request is a `403` or a `429`,
//! and on GitHub a `403` is not always a permission problem: it may be the
//! primary limit (remaining 0: wait until the reset) or a secondary limit
//! (honour `retry-after`, else wait a minute). Pure functions: the caller
//! supplies the clock, as GitHub's own time (see `clock.rs`), so a wait
//! until the reset needs no margin for clocks that differ.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

/// How long to wait on a secondary limit that names no time.
pub const SECONDARY_DEFAULT_WAIT: Duration = Duration::from_secs(60);

/// The rate-limit headers of one answer; a header absent or unreadable is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the current window (`x-ratelimit-limit`).
    pub limit: Option<u64>,
    /// Requests left in it (`x-ratelimit-remaining`).
    pub remaining: Option<u64>,
    /// Requests made in it (`x-ratelimit-used`).
    pub used: Option<u64>,
    /// When the window resets (`x-ratelimit-reset`, epoch seconds).
    pub reset: Option<SystemTime>,
    /// Which budget: `core`, `search`, `graphql`, … (`x-ratelimit-resource`).
    pub resource: Option<String>,
    /// `retry-after`, as seconds or as an HTTP date already made relative to
    /// the clock given.
    pub retry_after: Option<Duration>,
    /// What GitHub's clock read when it answered (`Date`, whole seconds).
    pub date: Option<SystemTime>,
}

impl RateLimit {
    /// Reads the headers of an answer; `now` turns an HTTP-date
    /// `retry-after` into a wait.
    pub fn from_headers(headers: &HeaderMap, now: SystemTime) -> RateLimit {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|value| !value.is_empty())
        };
        let number = |name: &str| text(name).and_then(|value| value.parse::<u64>().ok());
        RateLimit {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            used: number("x-ratelimit-used"),
            reset: number("x-ratelimit-reset")
                .map(|seconds| UNIX_EPOCH + Duration::from_secs(seconds)),
            resource: text("x-ratelimit-resource").map(str::to_owned),
            retry_after: text("retry-after").and_then(|value| parse_retry_after(value, now)),
            date: text("date").and_then(|value| httpdate::parse_http_date(value).ok()),
        }
    }

    /// The wait until the window resets, from `now` on GitHub's clock;
    /// `None` when the answer named no reset.
    pub fn until_reset(&self, now: SystemTime) -> Option<Duration> {
        let reset = self.reset?;
        Some(reset.duration_since(now).unwrap_or(Duration::ZERO))
    }
}

/// `retry-after` as GitHub sends it (seconds), or as an HTTP date.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// What an answer says about the rate limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Limited {
    /// No limit in the way: the answer stands as it is, a success or an
    /// error for another reason.
    No,
    /// The primary budget is spent (remaining 0): no request before the
    /// reset. On a 2xx the answer itself is good and only the next request
    /// waits; on a 403 or 429 the request was refused and is sent again
    /// after the wait.
    Primary {
        wait: Duration,
        resource: Option<String>,
    },
    /// A secondary limit refused the request (a 403 or 429 with
    /// `retry-after`, or one that says so): send it again after the wait.
    Secondary { wait: Duration },
    /// A 403 that is no rate limit: a permission problem, not worth a retry.
    Forbidden,
}

/// Reads an answer's status, rate-limit headers and error message (when it
/// has one) as GitHub documents them: remaining 0 is the primary limit, to
/// be waited out until the reset (at least `retry-after` when both are
/// sent); a refusal with `retry-after` is a secondary limit; a refusal
/// without it waits a minute when it is a 429, when its message speaks of a
/// rate limit, or when remaining is 0 but no reset was named; any other 403
/// is a permission error.
pub fn classify(
    status: u16,
    limits: &RateLimit,
    message: Option<&str>,
    now: SystemTime,
) -> Limited {
    let refused = matches!(status, 403 | 429);
    if limits.remaining == Some(0)
        && let Some(until_reset) = limits.until_reset(now)
    {
        let wait = match limits.retry_after {
            Some(retry_after) if refused => until_reset.max(retry_after),
            _ => until_reset,
        };
        return Limited::Primary {
            wait,
            resource: limits.resource.clone(),
        };
    }
    if !refused {
        return Limited::No;
    }
    if let Some(wait) = limits.retry_after {
        return Limited::Secondary { wait };
    }
    if status == 429 || limits.remaining == Some(0) || message.is_some_and(speaks_of_a_limit) {
        return Limited::Secondary {
            wait: SECONDARY_DEFAULT_WAIT,
        };
    }
    Limited::Forbidden
}

/// GitHub's messages for refusals by a limit: "API rate limit exceeded for
/// …", "You have exceeded a secondary rate limit …", and the older "You have
/// triggered an abuse detection mechanism …".
fn speaks_of_a_limit(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    message.contains("rate limit") || message.contains("abuse detection")
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;

    /// Ten minutes before the reset of GitHub's documented example (1590701888).
    const NOW: u64 = 1_590_701_888 - 600;

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(NOW)
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("a header value"));
        }
        map
    }

    fn limits(pairs: &[(&'static str, &str)]) -> RateLimit {
        RateLimit::from_headers(&headers(pairs), now())
    }

    /// What GitHub sends with an ordinary answer.
    const BUDGET_LEFT: &[(&str, &str)] = &[
        ("x-ratelimit-limit", "5000"),
        ("x-ratelimit-remaining", "4999"),
        ("x-ratelimit-used", "1"),
        ("x-ratelimit-reset", "1590701888"),
        ("x-ratelimit-resource", "core"),
    ];

    /// What GitHub sends once the primary budget is spent.
    const BUDGET_SPENT: &[(&str, &str)] = &[
        ("x-ratelimit-limit", "5000"),
        ("x-ratelimit-remaining", "0"),
        ("x-ratelimit-used", "5000"),
        ("x-ratelimit-reset", "1590701888"),
        ("x-ratelimit-resource", "core"),
    ];

    #[test]
    fn reads_the_headers_of_an_answer() {
        assert_eq!(
            limits(BUDGET_LEFT),
            RateLimit {
                limit: Some(5000),
                remaining: Some(4999),
                used: Some(1),
                reset: Some(UNIX_EPOCH + Duration::from_secs(1_590_701_888)),
                resource: Some("core".into()),
                retry_after: None,
                date: None,
            }
        );
        assert_eq!(limits(&[]), RateLimit::default());
        // Upper case names (HTTP/1.1) and padding read the same; junk is absent.
        let odd = limits(&[
            ("X-RateLimit-Remaining", " 12 "),
            ("x-ratelimit-limit", "many"),
            ("x-ratelimit-reset", "-5"),
            ("x-ratelimit-resource", ""),
            ("retry-after", "soon"),
        ]);
        assert_eq!(odd.remaining, Some(12));
        assert_eq!(
            (odd.limit, odd.reset, odd.resource, odd.retry_after),
            (None, None, None, None)
        );
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(
            limits(&[("retry-after", "60")]).retry_after,
            Some(Duration::from_secs(60))
        );
        let in_90s = httpdate::fmt_http_date(now() + Duration::from_secs(90));
        assert_eq!(
            limits(&[("retry-after", &in_90s)]).retry_after,
            Some(Duration::from_secs(90))
        );
        let past = httpdate::fmt_http_date(now() - Duration::from_secs(90));
        assert_eq!(
            limits(&[("retry-after", &past)]).retry_after,
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn a_spent_budget_waits_until_the_reset() {
        let primary = Limited::Primary {
            wait: Duration::from_secs(600),
            resource: Some("core".into()),
        };
        let message = Some("API rate limit exceeded for user ID 1.");
        for status in [403, 429] {
            assert_eq!(
                classify(status, &limits(BUDGET_SPENT), message, now()),
                primary
            );
        }
        // The last request of the window succeeded: the next one waits.
        assert_eq!(classify(200, &limits(BUDGET_SPENT), None, now()), primary);
        // A reset already past on GitHub's clock: no wait at all.
        let later = now() + Duration::from_secs(3600);
        assert_eq!(
            classify(403, &limits(BUDGET_SPENT), message, later),
            Limited::Primary {
                wait: Duration::ZERO,
                resource: Some("core".into())
            }
        );
        // With a longer retry-after as well, the longer wait wins.
        let mut both = BUDGET_SPENT.to_vec();
        both.push(("retry-after", "900"));
        assert_eq!(
            classify(429, &limits(&both), None, now()),
            Limited::Primary {
                wait: Duration::from_secs(900),
                resource: Some("core".into())
            }
        );
    }

    #[test]
    fn a_secondary_limit_honours_retry_after_else_waits_a_minute() {
        let mut with_retry = BUDGET_LEFT.to_vec();
        with_retry.push(("retry-after", "30"));
        let secondary = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 1234:5678.";
        for status in [403, 429] {
            assert_eq!(
                classify(status, &limits(&with_retry), Some(secondary), now()),
                Limited::Secondary {
                    wait: Duration::from_secs(30)
                }
            );
            assert_eq!(
                classify(status, &limits(BUDGET_LEFT), Some(secondary), now()),
                Limited::Secondary {
                    wait: SECONDARY_DEFAULT_WAIT
                }
            );
        }
        let abuse = "You have triggered an abuse detection mechanism. Please wait a few minutes before you try again.";
        assert_eq!(
            classify(403, &limits(BUDGET_LEFT), Some(abuse), now()),
            Limited::Secondary {
                wait: SECONDARY_DEFAULT_WAIT
            }
        );
        // A 429 is a limit even with nothing else said.
        assert_eq!(
            classify(429, &limits(&[]), None, now()),
            Limited::Secondary {
                wait: SECONDARY_DEFAULT_WAIT
            }
        );
    }

    #[test]
    fn a_403_without_a_limit_is_a_permission_error() {
        for message in [
            Some("Resource not accessible by personal access token"),
            Some("Must have admin rights to Repository."),
            None,
        ] {
            assert_eq!(
                classify(403, &limits(BUDGET_LEFT), message, now()),
                Limited::Forbidden,
                "{message:?}"
            );
            assert_eq!(
                classify(403, &limits(&[]), message, now()),
                Limited::Forbidden
            );
        }
    }

    /// The whole policy in one table: statuses against the answers GitHub
    /// gives (404 stands for every other status), so that any change to it
    /// shows in review.
    #[test]
    fn the_policy_table() {
        let with = |extra: &[(&'static str, &'static str)]| {
            let mut pairs = BUDGET_LEFT.to_vec();
            pairs.extend_from_slice(extra);
            pairs
        };
        let cases = [
            ("budget left", with(&[]), None),
            ("budget spent", BUDGET_SPENT.to_vec(), None),
            ("retry-after 30", with(&[("retry-after", "30")]), None),
            (
                "says secondary",
                with(&[]),
                Some("You have exceeded a secondary rate limit."),
            ),
            (
                "says permission",
                with(&[]),
                Some("Resource not accessible by integration"),
            ),
            ("no headers", Vec::new(), None),
        ];
        let mut table = String::new();
        for status in [200, 403, 404, 429] {
            for (name, pairs, message) in &cases {
                let verdict = match classify(status, &limits(pairs), *message, now()) {
                    Limited::No => "-".to_owned(),
                    Limited::Primary { wait, .. } => format!("primary {}s", wait.as_secs()),
                    Limited::Secondary { wait } => format!("secondary {}s", wait.as_secs()),
                    Limited::Forbidden => "forbidden".to_owned(),
                };
                writeln!(table, "{status} {name:<16} {verdict}").expect("a String");
            }
        }
        insta::assert_snapshot!(table, @r"
        200 budget left      -
        200 budget spent     primary 600s
        200 retry-after 30   -
        200 says secondary   -
        200 says permission  -
        200 no headers       -
        403 budget left      forbidden
        403 budget spent     primary 600s
        403 retry-after 30   secondary 30s
        403 says secondary   secondary 60s
        403 says permission  forbidden
        403 no headers       forbidden
        404 budget left      -
        404 budget spent     primary 600s
        404 retry-after 30   -
        404 says secondary   -
        404 says permission  -
        404 no headers       -
        429 budget left      secondary 60s
        429 budget spent     primary 600s
        429 retry-after 30   secondary 30s
        429 says secondary   secondary 60s
        429 says permission  secondary 60s
        429 no headers       secondary 60s
        ");
    }
}
