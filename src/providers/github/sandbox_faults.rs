//! GitHub's own faults in the sandbox: its rate limits, what its token may
//! do, repositories moved, an expiring token, a clock set off ours, the
//! labels of new repositories; and the `mileport sandbox` flags that set them.

use super::sandbox_access::GitHubRole;
use super::sandbox_moves::Moved;
use crate::provider::rate::Window;
use crate::sandbox::Faults;
use crate::sandbox::imitation::OwnFlags;

/// The faults only the GitHub side injects. `Default` injects none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GitHubFaults {
    /// The primary budget per window (`x-ratelimit-limit`); spent, it
    /// answers 403 with remaining 0 until the reset. `None`: 5000 an hour.
    pub budget: Option<Window>,
    /// The secondary limit on creates: at most N per window, beyond them a
    /// refusal with `Retry-After`. `None`: no such limit.
    pub create_limit: Option<Window>,
    /// The secondary limit refuses with 429 rather than 403.
    pub secondary_429: bool,
    /// Every write is refused with a plain 403, as for a token that may
    /// only read.
    pub read_only: bool,
    /// The role the token's user has in every repository, as a
    /// repository's `permissions` say; `pull` refuses every write.
    pub role: GitHubRole,
    /// Every repository is archived: read-only, and said so.
    pub archived: bool,
    /// The token expires after this many requests: 401 from then on.
    pub token_expires_after: Option<u64>,
    /// Repositories renamed or transferred: their old names answer with a
    /// redirect to the new ones.
    pub moved: Vec<Moved>,
    /// Its clock runs this many seconds ahead of ours (behind when
    /// negative): its `Date` and its budget's resets both show it.
    pub clock_skew: i64,
    /// Every repository seeded without labels holds the nine GitHub gives
    /// a new repository (`default: true`).
    pub default_labels: bool,
}

/// The `mileport sandbox` flags of GitHub's faults.
#[derive(Debug, clap::Args)]
pub struct GitHubSandboxArgs {
    /// GitHub's primary budget, e.g. 20/10s: every answer says what is
    /// left, and once spent requests answer 403 until the reset
    /// [default: 5000/h]
    #[arg(long, value_name = "N/UNIT", value_parser = crate::provider::rate::one_window)]
    pub github_budget: Option<Window>,

    /// A secondary limit on GitHub creates, e.g. 80/min: beyond it creates
    /// answer 403 with Retry-After
    #[arg(long, value_name = "N/UNIT", value_parser = crate::provider::rate::one_window)]
    pub github_create_limit: Option<Window>,

    /// The GitHub secondary limit answers 429 rather than 403.
    #[arg(long)]
    pub github_secondary_429: bool,

    /// GitHub refuses every write with a plain 403, as for a read-only token.
    #[arg(long)]
    pub github_read_only: bool,

    /// The role GitHub's repositories give the token's user, in their
    /// `permissions`; `pull` refuses every write.
    #[arg(long, value_enum, value_name = "ROLE", default_value = "admin")]
    pub github_role: GitHubRole,

    /// Every GitHub repository is archived (read-only, and said so).
    #[arg(long)]
    pub github_archived: bool,

    /// GitHub's token expires after N requests: every later one answers 401.
    #[arg(long, value_name = "N")]
    pub github_token_expires_after: Option<u64>,

    /// A GitHub repository renamed or transferred, as OWNER/OLD=OWNER/NEW
    /// (repeatable): the old name answers 301 for reads and 307 for
    /// writes, with the new one in `Location`
    #[arg(long, value_name = "OLD=NEW")]
    pub github_moved: Vec<Moved>,

    /// GitHub's clock runs SECONDS ahead of the real time (behind when
    /// negative, e.g. -3600): its Date header and its budget's resets show it
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    pub github_clock_skew: i64,

    /// Every GitHub repository seeded without labels holds the nine GitHub
    /// gives a new repository (bug, documentation, … wontfix)
    #[arg(long)]
    pub github_default_labels: bool,
}

impl OwnFlags for GitHubSandboxArgs {
    type Faults = GitHubFaults;

    fn faults(&self) -> GitHubFaults {
        GitHubFaults {
            budget: self.github_budget,
            create_limit: self.github_create_limit,
            secondary_429: self.github_secondary_429,
            read_only: self.github_read_only,
            role: self.github_role,
            archived: self.github_archived,
            token_expires_after: self.github_token_expires_after,
            moved: self.github_moved.clone(),
            clock_skew: self.github_clock_skew,
            default_labels: self.github_default_labels,
        }
    }
}

impl Faults {
    /// GitHub's own faults.
    pub fn github(&self) -> GitHubFaults {
        self.by_provider.get(super::PROVIDER)
    }

    /// These faults, with GitHub's own set to `faults`.
    pub fn with_github(mut self, faults: GitHubFaults) -> Faults {
        self.by_provider.set(super::PROVIDER, faults);
        self
    }
}
