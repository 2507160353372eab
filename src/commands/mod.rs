//! One file per subcommand: each holds the command's arguments and its `run`.

pub mod approval;
pub mod backup_dir;
pub mod batch;
pub mod batch_approval;
pub mod batch_check;
pub mod batch_migrate;
pub mod check;
pub mod common;
pub mod completions;
#[cfg(feature = "sandbox")]
pub mod demo;
pub mod export;
pub mod export_owner;
pub mod guard;
pub mod import;
pub mod kinds;
pub mod location_arg;
pub mod manpage;
pub mod migrate;
pub mod pair;
pub mod remotes;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod source;
pub mod stopping;
pub mod validate;
