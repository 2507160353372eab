//! What the sandbox counts: requests per route and per outcome, and the
//! labels stored by creates per provider, so that a test can check how
//! many calls a migration made, what befell them and what they left behind.

use std::collections::BTreeMap;

use crate::provider::Provider;

/// Counts since the sandbox started.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SandboxStats {
    /// Requests per route, keyed like `"gitcode POST /repos/{owner}/{repo}/milestones"`.
    pub routes: BTreeMap<String, u64>,
    /// Requests that reached a handler and got its answer.
    pub served: u64,
    /// Requests answered 401 because of a missing or wrong token.
    pub unauthorized: u64,
    /// Requests answered 429 by the rate limiter.
    pub rate_limited: u64,
    /// Requests answered 503 by the fail-rate fault.
    pub failed: u64,
    /// Creates that were stored and whose connection was then closed unanswered.
    pub dropped: u64,
    /// Requests refused by the imitated firewall before the API saw them.
    pub blocked: u64,
    /// Labels stored by creates, per provider; a create whose answer was
    /// then dropped counts, one that was refused does not.
    pub labels_created: BTreeMap<Provider, u64>,
}

/// How a request ended, for [`SandboxStats`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Served,
    Unauthorized,
    RateLimited,
    Failed,
    Dropped,
    Blocked,
}

impl SandboxStats {
    pub(crate) fn count_route(&mut self, route: String) {
        *self.routes.entry(route).or_insert(0) += 1;
    }

    pub(crate) fn count(&mut self, outcome: Outcome) {
        let counter = match outcome {
            Outcome::Served => &mut self.served,
            Outcome::Unauthorized => &mut self.unauthorized,
            Outcome::RateLimited => &mut self.rate_limited,
            Outcome::Failed => &mut self.failed,
            Outcome::Dropped => &mut self.dropped,
            Outcome::Blocked => &mut self.blocked,
        };
        *counter += 1;
    }

    /// Counts a label stored by a create on `provider`.
    pub(crate) fn count_label_created(&mut self, provider: Provider) {
        *self.labels_created.entry(provider).or_insert(0) += 1;
    }

    /// Labels stored by creates on `provider`.
    pub fn labels_created_on(&self, provider: Provider) -> u64 {
        self.labels_created.get(&provider).copied().unwrap_or(0)
    }

    /// Every request counted, whatever its outcome.
    pub fn total(&self) -> u64 {
        self.routes.values().sum()
    }
}
