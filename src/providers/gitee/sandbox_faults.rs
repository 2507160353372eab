//! Gitee's own faults in the sandbox: its rate limit (with or without its
//! headers), due dates answered
//! as date-times, error answers that echo the request's URL (token and
//! all), server errors, how its labels' colours are written, pages capped
//! below what is asked and listings without totals, and the
//! `mileport sandbox` flags that set them.

use crate::provider::rate::Window;
use crate::sandbox::Faults;
use crate::sandbox::imitation::OwnFlags;

/// The faults only the Gitee side injects. `Default` injects none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GiteeFaults {
    /// At most this many requests per window: every answer carries
    /// `X-RateLimit-Limit`/`X-RateLimit-Remaining`, and once spent requests
    /// answer 403 `{"message":"Rate Limit Exceeded"}` until the window ends.
    pub rate_limit: Option<Window>,
    /// Answers carry no `X-RateLimit-*` headers: a spent limit is told by
    /// the 403's body alone.
    pub no_rate_headers: bool,
    /// `due_on` is answered as `YYYY-MM-DDT00:00:00+08:00`, not a date.
    pub timestamps: bool,
    /// Error answers echo the request's URL, its `access_token` included.
    pub echo_token: bool,
    /// The first this many requests answer 500.
    pub server_errors: u32,
    /// Label colours are answered without their `#` (`d73a4a`).
    pub label_colors_without_hash: bool,
    /// The most milestones (or repositories) a page holds, whatever
    /// `per_page` asks; 0 for the documented 100.
    pub page_cap: usize,
    /// Listings answer without the `total_count` and `total_page` headers.
    pub no_totals: bool,
}

/// A rate limit as `--gitee-rate-limit` takes it: `N` (a second's window)
/// or one window such as `20/10s`.
fn rate_limit(raw: &str) -> Result<Window, String> {
    match raw.trim().parse::<u32>() {
        Ok(requests) if requests > 0 => Ok(Window {
            requests,
            length: std::time::Duration::from_secs(1),
        }),
        Ok(_) => Err("the rate limit must allow at least one request".to_owned()),
        Err(_) => crate::provider::rate::one_window(raw),
    }
}

/// The `mileport sandbox` flags of Gitee's faults.
#[derive(Debug, clap::Args)]
pub struct GiteeSandboxArgs {
    /// Gitee's rate limit: N requests a second, or N/UNIT (e.g. 20/10s);
    /// answers say what is left in X-RateLimit-Remaining, and once spent
    /// requests answer 403 "Rate Limit Exceeded" until the window ends
    #[arg(long, value_name = "N", value_parser = rate_limit)]
    pub gitee_rate_limit: Option<Window>,

    /// Gitee's answers carry no X-RateLimit headers: a spent rate limit is
    /// told by the 403's body alone.
    #[arg(long)]
    pub gitee_no_rate_headers: bool,

    /// Gitee answers due_on as a date-time (YYYY-MM-DDT00:00:00+08:00)
    /// rather than a date.
    #[arg(long)]
    pub gitee_timestamps: bool,

    /// Gitee's error answers echo the request's URL, access_token included.
    #[arg(long)]
    pub gitee_echo_token: bool,

    /// The first N requests to Gitee answer 500.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub gitee_server_errors: u32,

    /// Gitee answers label colours without their `#` (`d73a4a`).
    #[arg(long)]
    pub gitee_label_colors_without_hash: bool,

    /// The most milestones (or repositories) a Gitee page holds, whatever
    /// per_page asks (its total_count and total_page headers stay true).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub gitee_page_cap: usize,

    /// Gitee's listings answer without the total_count and total_page
    /// headers.
    #[arg(long)]
    pub gitee_no_totals: bool,
}

impl OwnFlags for GiteeSandboxArgs {
    type Faults = GiteeFaults;

    fn faults(&self) -> GiteeFaults {
        GiteeFaults {
            rate_limit: self.gitee_rate_limit,
            no_rate_headers: self.gitee_no_rate_headers,
            timestamps: self.gitee_timestamps,
            echo_token: self.gitee_echo_token,
            server_errors: self.gitee_server_errors,
            label_colors_without_hash: self.gitee_label_colors_without_hash,
            page_cap: self.gitee_page_cap,
            no_totals: self.gitee_no_totals,
        }
    }
}

impl Faults {
    /// Gitee's own faults.
    pub fn gitee(&self) -> GiteeFaults {
        self.by_provider.get(super::PROVIDER)
    }

    /// These faults, with Gitee's own set to `faults`.
    pub fn with_gitee(mut self, faults: GiteeFaults) -> Faults {
        self.by_provider.set(super::PROVIDER, faults);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_is_a_count_a_second_or_one_window() {
        assert_eq!(rate_limit("5").unwrap().requests, 5);
        assert_eq!(rate_limit("5").unwrap().length.as_secs(), 1);
        assert_eq!(rate_limit("20/10s").unwrap().length.as_secs(), 10);
        assert!(rate_limit("0").is_err());
        assert!(rate_limit("many").is_err());
    }
}
