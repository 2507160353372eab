//! A local, stateful imitation of the providers' milestone and label APIs
//! and of their owners' repository listings, with deterministic fault
//! injection, for end-to-end tests and rehearsals.
//!
//! The providers share one loopback port, each under its own prefix
//! (`/gitcode/api/v5`, `/sourcecraft`, `/github`). Each provider's
//! imitation, its state and sample included, lives in its folder
//! (`providers/<name>/sandbox*.rs`, see `imitation.rs`); here are what
//! they share: the server, the gate that injects faults, the seed and the
//! states keyed by provider, the counts. [`Sandbox`] is the in-process
//! handle; the `mileport sandbox` command is a thin shell around it.

mod encoding;
mod faults;
mod firewall;
mod gate;
pub(crate) mod imitation;
mod keyed;
pub(crate) mod owners;
pub(crate) mod quirks;
mod routes;
pub(crate) mod sample;
mod seed;
mod server;
pub(crate) mod side;
mod stats;
pub(crate) mod store;
mod stores;

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::provider::Provider;

pub use encoding::Coding;
pub use faults::Faults;
pub use quirks::{ErrorShape, NumberQuirks};
pub use seed::{ProviderSeed, SeedData};
/// The signal that closes a request's connection unanswered, for an
/// imitation whose own faults lose answers (a provider's write carried out,
/// its answer never sent) beyond the gate's lost creates.
pub(crate) use server::DropConnection;
pub use stats::SandboxStats;

use faults::FaultState;
use imitation::Imitation;
use stores::Stores;

/// Everything a sandbox starts with.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Must be a loopback address; port 0 picks a free port.
    pub listen: SocketAddr,
    /// The token each provider's side accepts.
    pub tokens: BTreeMap<Provider, String>,
    pub faults: Faults,
    pub seed: SeedData,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        let tokens = Provider::all()
            .iter()
            .copied()
            .map(|provider| (provider, default_token(provider).to_owned()))
            .collect();
        SandboxConfig {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            tokens,
            faults: Faults::default(),
            seed: SeedData::default(),
        }
    }
}

/// The token `provider`'s side accepts unless told otherwise.
pub fn default_token(provider: Provider) -> &'static str {
    side::side(provider).default_token
}

/// Whether a user, not only an organisation, can own repositories on
/// `provider`'s side.
pub fn users_own_repositories(provider: Provider) -> bool {
    side::side(provider).users
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
    /// Each provider's repositories and milestones.
    pub stores: Stores,
    pub faults: Mutex<FaultState>,
    pub stats: Mutex<SandboxStats>,
    tokens: BTreeMap<Provider, String>,
    request_ids: AtomicU64,
}

impl Shared {
    /// A fresh id for a request, as gateways give (and some error bodies carry).
    pub fn next_request_id(&self) -> String {
        let n = self.request_ids.fetch_add(1, Ordering::Relaxed);
        format!("sandbox-{n:016x}")
    }

    /// The token the side of `I` accepts.
    pub fn token<I: Imitation>(&self) -> &str {
        self.tokens
            .get(&I::PROVIDER)
            .map_or(I::DEFAULT_TOKEN, String::as_str)
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
        let shared = Arc::new(Shared {
            stores: Stores::new(config.seed),
            faults: Mutex::new(FaultState::new(config.faults)),
            stats: Mutex::new(SandboxStats::default()),
            tokens: config.tokens,
            request_ids: AtomicU64::new(1),
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

    /// Where `provider`'s side is served: `http://127.0.0.1:PORT/PREFIX`.
    pub fn url(&self, provider: Provider) -> String {
        format!("http://{}{}", self.addr, side::side(provider).prefix)
    }

    /// The state of the provider `I`'s side, locked.
    pub(crate) fn store<I: Imitation>(&self) -> MutexGuard<'_, I::Store> {
        self.shared.stores.of::<I>()
    }

    /// The fault configuration in force.
    pub(crate) fn faults(&self) -> Faults {
        lock(&self.shared.faults).faults().clone()
    }

    /// Replaces the fault configuration. Occurrence counts and rate-limit
    /// buckets start afresh, so the same sequence replays the same outcomes.
    pub fn set_faults(&self, faults: Faults) {
        lock(&self.shared.faults).replace(faults);
    }

    /// Loads more data; see [`SeedData`]. Seeded milestones keep their
    /// numbers, ids and slugs; the counters continue above them.
    pub fn seed(&self, data: SeedData) {
        self.shared.stores.seed(data);
    }

    /// Every repository held (`provider:owner/repo`) with its milestone count.
    pub fn repositories(&self) -> Vec<(String, usize)> {
        self.shared.stores.repositories()
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
