//! The clients `build.rs` generates from `openapi/`, one module per
//! spec (`openapi/<name>.yaml` is `generated::<name>`). Nothing here is
//! written by hand: change the spec instead.

// Generated code follows the generator's style, not this crate's lints.
#![allow(clippy::all, clippy::pedantic, clippy::unwrap_used, unused)]

include!(concat!(env!("OUT_DIR"), "/clients.rs"));
