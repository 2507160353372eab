//! One file per subcommand: each holds the command's arguments and its `run`.

pub mod sandbox;
