//! The clients `build.rs` generates from `openapi/`, one module per
//! provider. Nothing here is written by hand: change the spec instead.

// Generated code follows the generator's style, not this crate's lints.
#![allow(clippy::all, clippy::pedantic, clippy::unwrap_used, unused)]

pub mod gitcode {
    include!(concat!(env!("OUT_DIR"), "/gitcode.rs"));
}

pub mod sourcecraft {
    include!(concat!(env!("OUT_DIR"), "/sourcecraft.rs"));
}

pub mod github {
    include!(concat!(env!("OUT_DIR"), "/github.rs"));
}
