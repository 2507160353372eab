//! One module per subcommand: each holds the command's arguments and its
//! `run`; a command's own parts (a batch, an owner's export) sit in its
//! folder, and what commands share in `crate::driver`.

pub mod check;
pub mod completions;
#[cfg(feature = "sandbox")]
pub mod demo;
pub mod export;
pub mod import;
pub mod manpage;
pub mod migrate;
pub mod remotes;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod validate;
