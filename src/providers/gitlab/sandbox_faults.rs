//! GitLab's own quirks in the sandbox: the count above which listings
//! leave out `x-total` and `x-total-pages` (10,000 on GitLab), its rate
//! limit (a budget of requests per window, told by `RateLimit-*` headers,
//! refused with 429 and `Retry-After`) and whether a 429 leaves those
//! headers out (as some do), closes whose answers are lost, and the
//! `mileport sandbox` flags that set them.

use crate::sandbox::Faults;
use crate::sandbox::imitation::OwnFlags;

/// The count above which GitLab leaves the totals out.
pub const DEFAULT_TOTALS_LIMIT: usize = 10_000;

/// The quirks only the GitLab side shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitLabFaults {
    /// Listings of more records than this leave out `x-total` and
    /// `x-total-pages` (and `Link`'s `rel="last"`).
    pub totals_limit: usize,
    /// At most this many requests in each window (none when 0).
    pub rate_limit: u32,
    /// The window's length in seconds.
    pub rate_window_secs: u64,
    /// A 429 leaves out the `RateLimit-*` headers.
    pub bare_429: bool,
    /// The first N closes are carried out and their answers lost.
    pub lose_close_answers: u32,
}

impl Default for GitLabFaults {
    fn default() -> Self {
        GitLabFaults {
            totals_limit: DEFAULT_TOTALS_LIMIT,
            rate_limit: 0,
            rate_window_secs: 60,
            bare_429: false,
            lose_close_answers: 0,
        }
    }
}

/// The `mileport sandbox` flags of GitLab's quirks.
#[derive(Debug, clap::Args)]
pub struct GitLabSandboxArgs {
    /// GitLab listings of more records than this leave out x-total and
    /// x-total-pages, as GitLab does above 10,000
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TOTALS_LIMIT)]
    pub gitlab_totals_limit: usize,

    /// At most N GitLab requests per window, told by RateLimit-* headers
    /// and refused beyond with 429 and Retry-After (0: no limit)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub gitlab_rate_limit: u32,

    /// The length of the GitLab rate limit's window, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub gitlab_rate_window: u64,

    /// GitLab's 429s leave out the RateLimit-* headers, as some do
    #[arg(long)]
    pub gitlab_bare_429: bool,

    /// The first N GitLab closes (state_event=close) are carried out and
    /// their connection closed unanswered
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub gitlab_lose_close_answers: u32,
}

impl OwnFlags for GitLabSandboxArgs {
    type Faults = GitLabFaults;

    fn faults(&self) -> GitLabFaults {
        GitLabFaults {
            totals_limit: self.gitlab_totals_limit,
            rate_limit: self.gitlab_rate_limit,
            rate_window_secs: self.gitlab_rate_window.max(1),
            bare_429: self.gitlab_bare_429,
            lose_close_answers: self.gitlab_lose_close_answers,
        }
    }
}

impl Faults {
    /// GitLab's own quirks.
    pub fn gitlab(&self) -> GitLabFaults {
        self.by_provider.get(super::PROVIDER)
    }

    /// These faults, with GitLab's own set to `faults`.
    pub fn with_gitlab(mut self, faults: GitLabFaults) -> Faults {
        self.by_provider.set(super::PROVIDER, faults);
        self
    }
}
