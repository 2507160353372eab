//! The network floor: the transport every request of a generated client
//! passes through, pacing, retries, redirects, proxies and TLS, what can go
//! wrong and how it is said, and the readings (pages, listings read again,
//! owners' repositories) every provider shares.

pub mod access;
pub mod connection;
pub mod decode;
pub mod error;
pub mod not_api;
pub mod number;
pub mod owner;
pub(crate) mod owner_pass;
pub mod pacer;
pub mod proxy;
pub mod redirect;
pub mod rereads;
pub mod retry;
pub mod sending;
pub mod tls;
pub mod transport;
pub mod waits;

/// The largest answer read by default: far above any real listing page,
/// far below what would strain memory.
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// How the adapters talk: pacing, retries, the per-request timeout and the
/// largest answer read.
#[derive(Clone, Copy, Debug)]
pub struct ClientOptions {
    pub pace: pacer::PaceSettings,
    pub retry: retry::RetryPolicy,
    pub timeout: std::time::Duration,
    pub max_answer_bytes: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            pace: pacer::PaceSettings::default(),
            retry: retry::RetryPolicy::default(),
            timeout: std::time::Duration::from_secs(30),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
        }
    }
}
