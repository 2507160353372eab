#![allow(
    clippy::all,
    clippy::pedantic,
    clippy::unwrap_used,
    missing_docs,
    unused
)]
pub mod gitcode {
    include!(concat!(env!("OUT_DIR"), "/gitcode.rs"));
}
pub mod sourcecraft {
    include!(concat!(env!("OUT_DIR"), "/sourcecraft.rs"));
}
