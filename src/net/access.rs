//! Whether a token may write to a repository, where the provider can be
//! asked before anything is written (GitHub says so in a repository's
//! `permissions` and `archived`). Elsewhere the first refused writes stop
//! the run (`pipeline/streak.rs`).

/// What the provider says of the token's right to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteAccess {
    /// The provider cannot be asked, or did not say.
    Unknown,
    Allowed,
    /// It may not write, and why, in the provider's terms.
    Refused(String),
}
