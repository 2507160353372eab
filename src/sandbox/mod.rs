//! A local, stateful imitation of the providers' milestone APIs and of
//! their owners' repository listings, with deterministic fault injection,
//! for end-to-end tests and rehearsals.
//!
//! The providers share one loopback port: GitCode under `/gitcode/api/v5`,
//! SourceCraft under `/sourcecraft`, GitHub under `/github`. Each
//! provider's imitation lives in its folder (`providers/<name>/sandbox.rs`,
//! see `imitation.rs`); here are what they share: the server, the gate that
//! injects faults, the store, the counts. [`Sandbox`] is the in-process
//! handle; the `mileport sandbox` command is a thin shell around it.

mod encoding;
mod faults;
mod firewall;
mod gate;
pub(crate) mod imitation;
pub(crate) mod quirks;
mod routes;
mod sample;
mod server;
mod stats;
pub(crate) mod store;

use std::collections::{BTreeMap, BTreeSet};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::providers::generated::{
    gitcode as gitcode_api, github as github_api, sourcecraft as sourcecraft_api,
};
use crate::providers::github::sandbox::GitHubSide;

pub use crate::providers::github::sandbox::GitHubLimitStats;

pub use encoding::Coding;
pub use faults::{ConflictAnswer, Faults, GitCodeStates};
pub use quirks::ErrorShape;
pub use stats::SandboxStats;

use faults::FaultState;
use imitation::Imitation;
use store::Store;

/// The token the GitCode side accepts unless told otherwise.
pub const DEFAULT_GITCODE_TOKEN: &str = "gitcode-sandbox-token";
/// The token the SourceCraft side accepts unless told otherwise.
pub const DEFAULT_SOURCECRAFT_TOKEN: &str = "sourcecraft-sandbox-token";

/// The token the GitHub side accepts unless told otherwise.
pub const DEFAULT_GITHUB_TOKEN: &str = "github-sandbox-token";

/// Where the GitCode side is mounted.
pub const GITCODE_PREFIX: &str = "/gitcode/api/v5";
/// Where the SourceCraft side is mounted.
pub const SOURCECRAFT_PREFIX: &str = "/sourcecraft";
/// Where the GitHub side is mounted.
pub const GITHUB_PREFIX: &str = "/github";

/// Everything a sandbox starts with.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Must be a loopback address; port 0 picks a free port.
    pub listen: SocketAddr,
    pub gitcode_token: String,
    pub sourcecraft_token: String,
    pub github_token: String,
    pub faults: Faults,
    pub seed: SeedData,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            gitcode_token: DEFAULT_GITCODE_TOKEN.to_owned(),
            sourcecraft_token: DEFAULT_SOURCECRAFT_TOKEN.to_owned(),
            github_token: DEFAULT_GITHUB_TOKEN.to_owned(),
            faults: Faults::default(),
            seed: SeedData::default(),
        }
    }
}

/// Milestones to load, in the providers' own wire types, keyed by
/// `"owner/repo"`, plus repositories that answer 404 and the GitCode and
/// GitHub owners that are users. A repository exists
/// only when it has an entry here (an empty list declares an empty one);
/// any other answers 404, as on the real providers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SeedData {
    pub gitcode: BTreeMap<String, Vec<gitcode_api::types::Milestone>>,
    pub sourcecraft: BTreeMap<String, Vec<sourcecraft_api::types::Milestone>>,
    pub missing_gitcode: BTreeSet<String>,
    pub missing_sourcecraft: BTreeSet<String>,
    /// GitCode owners that are users: their repositories are listed under
    /// `/users/NAME/repos` and `/orgs/NAME/repos` answers 404. Every other
    /// owner of a held repository is an organisation.
    pub gitcode_users: BTreeSet<String>,
    pub github: BTreeMap<String, Vec<github_api::types::Milestone>>,
    pub missing_github: BTreeSet<String>,
    /// GitHub owners that are users: their repositories are listed under
    /// `/users/NAME/repos` and `/orgs/NAME/repos` answers 404. Every other
    /// owner of a held repository is an organisation.
    pub github_users: BTreeSet<String>,
}

impl SeedData {
    /// Declares an empty repository (`provider:owner/repo`) unless it is
    /// already held.
    pub fn with_repo(mut self, repo: &crate::providers::RepoRef) -> SeedData {
        crate::with_forge!(repo.provider, F => F::seed(&mut self, repo.path(), Vec::new()));
        self
    }

    /// Marks `repo` as answering 404, seeded or not.
    pub fn with_missing_repo(mut self, repo: &crate::providers::RepoRef) -> SeedData {
        crate::with_forge!(repo.provider, F => F::seed_missing(&mut self, repo.path()));
        self
    }

    /// Declares an empty GitHub repository (`owner/repo`) unless it is
    /// already held.
    pub fn with_github_repo(mut self, path: &str) -> SeedData {
        self.github.entry(path.to_owned()).or_default();
        self
    }

    /// `with_repo` for each of `repos`, written `provider:owner/repo`.
    /// Panics on a malformed name: for tests and built-in data only.
    pub fn with_repos(self, repos: &[&str]) -> SeedData {
        repos.iter().fold(self, |seed, repo| {
            let repo: crate::providers::RepoRef = repo
                .parse()
                .unwrap_or_else(|e| panic!("bad built-in repository name: {e}"));
            seed.with_repo(&repo)
        })
    }

    /// The built-in, realistic sample: `demo/roadmap` on every provider,
    /// and `demo/missing` marked missing on every provider.
    pub fn sample() -> SeedData {
        sample::sample()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(
        "refusing to listen on {0}: the sandbox accepts well-known tokens, so it serves on a \
         loopback address only (127.0.0.1 or ::1)"
    )]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// The state every handler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub store: Mutex<Store>,
    pub faults: Mutex<FaultState>,
    pub stats: Mutex<SandboxStats>,
    pub gitcode_token: String,
    pub sourcecraft_token: String,
    pub github_token: String,
    /// GitHub's repositories, milestones and rate-limit counts.
    pub github: Mutex<GitHubSide>,
    request_ids: AtomicU64,
    /// Slugs of `Faults::slugs_taken_mid_run` already taken, as `org/repo/slug`.
    pub taken_slugs: Mutex<BTreeSet<String>>,
}

impl Shared {
    /// A fresh id for a SourceCraft error body.
    pub fn next_request_id(&self) -> String {
        let n = self.request_ids.fetch_add(1, Ordering::Relaxed);
        format!("sandbox-{n:016x}")
    }
}

/// Locks a mutex; a handler that panicked while holding it leaves data
/// that is still consistent (every update is a single assignment), so go on.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running sandbox. Dropping it stops the server too, but without waiting.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<()>,
}

impl Sandbox {
    /// Binds the listener, loads the seed and starts serving.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        if !config.listen.ip().is_loopback() {
            return Err(SandboxError::NotLoopback(config.listen));
        }
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| SandboxError::Bind {
                    addr: config.listen,
                    source,
                })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: config.listen,
            source,
        })?;
        let mut github = GitHubSide::default();
        github.seed(
            config.seed.github.clone(),
            config.seed.missing_github.clone(),
            config.seed.github_users.clone(),
        );
        let mut store = Store::default();
        store.seed(config.seed);
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            faults: Mutex::new(FaultState::new(config.faults)),
            stats: Mutex::new(SandboxStats::default()),
            gitcode_token: config.gitcode_token,
            sourcecraft_token: config.sourcecraft_token,
            github_token: config.github_token,
            github: Mutex::new(github),
            request_ids: AtomicU64::new(1),
            taken_slugs: Mutex::new(BTreeSet::new()),
        });
        let (shutdown, watcher) = watch::channel(false);
        let router = routes::router(shared.clone());
        let server = tokio::spawn(server::serve(listener, router, watcher));
        Ok(Sandbox {
            addr,
            shared,
            shutdown,
            server,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/gitcode/api/v5`
    pub fn gitcode_url(&self) -> String {
        format!("http://{}{GITCODE_PREFIX}", self.addr)
    }

    /// `http://127.0.0.1:PORT/sourcecraft`
    pub fn sourcecraft_url(&self) -> String {
        format!("http://{}{SOURCECRAFT_PREFIX}", self.addr)
    }

    /// `http://127.0.0.1:PORT/github`
    pub fn github_url(&self) -> String {
        format!("http://{}{GITHUB_PREFIX}", self.addr)
    }

    /// Replaces the fault configuration. Occurrence counts and rate-limit
    /// buckets start afresh, so the same sequence replays the same outcomes.
    pub fn set_faults(&self, faults: Faults) {
        lock(&self.shared.faults).replace(faults);
    }

    /// Loads more data; see [`SeedData`]. Seeded milestones keep their
    /// numbers, ids and slugs; the counters continue above them.
    pub fn seed(&self, data: SeedData) {
        lock(&self.shared.github).seed(
            data.github.clone(),
            data.missing_github.clone(),
            data.github_users.clone(),
        );
        lock(&self.shared.store).seed(data);
    }

    /// Every milestone of a GitCode repository, by number.
    pub fn gitcode_milestones(&self, repo: &str) -> Vec<gitcode_api::types::Milestone> {
        lock(&self.shared.store).gitcode_milestones(repo)
    }

    /// Every milestone of a SourceCraft repository, in creation order.
    pub fn sourcecraft_milestones(&self, repo: &str) -> Vec<sourcecraft_api::types::Milestone> {
        lock(&self.shared.store).sourcecraft_milestones(repo)
    }

    /// Every milestone of a GitHub repository, by number.
    pub fn github_milestones(&self, repo: &str) -> Vec<github_api::types::Milestone> {
        lock(&self.shared.github).milestones(repo)
    }

    /// How often GitHub's rate limits refused a request.
    pub fn github_limit_stats(&self) -> GitHubLimitStats {
        lock(&self.shared.github).stats
    }

    /// Every repository held (`provider:owner/repo`) with its milestone count.
    pub fn repositories(&self) -> Vec<(String, usize)> {
        let mut repositories = lock(&self.shared.store).repositories();
        repositories.extend(lock(&self.shared.github).repositories());
        repositories
    }

    pub fn stats(&self) -> SandboxStats {
        lock(&self.shared.stats).clone()
    }

    /// Stops accepting, lets requests in flight finish, then returns.
    pub async fn shutdown(self) {
        // Ignored error: the server task may already be gone, which is the goal.
        let _ = self.shutdown.send(true);
        let _ = self.server.await;
    }
}
