//! The integration tests, one binary with a module per area (fewer links,
//! faster runs).

// Helpers outside #[test] functions unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod approvals;
mod backup_checks;
mod bounded_input;
mod cli;
mod clients;
mod directions;
mod directions_every;
mod discovery;
mod exactly_once;
mod faithful_backups;
mod files;
mod files_props;
mod files_stream;
mod generated;
mod gitea;
mod gitea_quirks;
mod gitee;
mod gitee_backups;
mod gitee_client;
mod gitee_secrets;
mod github_backups;
mod github_budget;
mod github_clients;
mod github_due_dates;
mod github_owners;
mod gitlab;
mod gitlab_client;
mod gitlab_labels;
mod gitlab_owners;
mod labels;
mod labels_gitcode;
mod labels_sourcecraft;
mod layers;
mod manual;
mod mapping;
mod odd_answers;
mod output;
mod output_files;
mod owners;
mod owners_cli;
mod owners_every;
mod predictions;
mod real_providers;
mod reliability;
mod remotes;
mod repeated_titles;
mod reports;
mod round_trip_every;
mod safety_nets;
mod sandbox;
mod sandbox_labels;
mod stops;
mod streamed_targets;
mod support;
mod terminal;
mod terminals;
mod tls;
mod uncounted;
mod waits;
mod wire;
