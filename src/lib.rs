//! mileport moves repository milestones between code-hosting providers
//! (GitCode, SourceCraft, GitHub, Gitea/Forgejo, Gitee) and backs them up to
//! CSV or JSON.
//!
//! The data's path is visible in the module tree: `providers` fetch and
//! write milestones, `record` is the provider-neutral milestone, `mapping`
//! turns one provider's fields into the other's, `pipeline` plans and
//! applies a migration, and `files` reads and writes backups. `sandbox` is a
//! local imitation of the providers for rehearsals and tests; `commands`
//! and `cli` are the command line.

pub mod backup;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod document;
pub mod driver;
pub mod environment;
pub mod error_text;
pub mod exit;
pub mod files;
pub mod forge;
pub mod interrupt;
pub mod kind;
pub mod location;
pub mod mapping;
pub mod net;
pub mod pipe;
pub mod pipeline;
pub mod printer;
pub mod progress;
pub mod protocols;
pub mod provider;
pub mod providers;
pub mod record;
pub mod redact;
pub mod remotes;
#[cfg(feature = "sandbox")]
pub mod sandbox;
pub mod state;
pub mod terminal;
pub mod views;
