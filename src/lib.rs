//! mileport moves repository milestones between code-hosting providers
//! (GitCode and SourceCraft) and backs them up to CSV or JSON.
//!
//! The data's path is visible in the module tree: `providers` fetch and
//! write milestones, `record` is the provider-neutral milestone, `mapping`
//! turns one provider's fields into the other's, `files` reads and writes
//! backups, and `pipeline` plans and applies a migration. `sandbox` is a local
//! imitation of both providers for rehearsals and tests.

pub mod files;
pub mod providers;
