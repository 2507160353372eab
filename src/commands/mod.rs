//! One file per subcommand: each holds the command's arguments and its `run`.

pub mod check;
pub mod common;
pub mod demo;
pub mod export;
pub mod guard;
pub mod import;
pub mod migrate;
pub mod sandbox;
pub mod validate;
