//! What the subcommands share, the one way each step of a run is driven:
//! reaching the providers (`common`, `provider_flags`), reading locations
//! and sources (`location_arg`, `source`, `backup_input`), taking hold of
//! a target (`guard`), asking before overwriting (`approval`), running one
//! pair or a batch of them (`pair`, `batch`), which kinds a run moves
//! (`kinds`), and what a signal does (`stopping`). Nothing below imports it.

pub mod approval;
pub mod backup_input;
pub mod batch;
pub mod common;
pub mod guard;
pub mod kinds;
pub mod location_arg;
pub mod pair;
pub mod provider_flags;
pub mod source;
pub mod stopping;
