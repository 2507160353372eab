//! GitHub: its milestones read and written over the generated client, its
//! error bodies and rate limits, its due dates, its backup columns and an
//! imitation of its API for the sandbox.

/// The environment variable that holds the access token.
pub const TOKEN_VAR: &str = "GITHUB_TOKEN";
/// The environment variable that names a file holding the access token.
pub const TOKEN_FILE_VAR: &str = "GITHUB_TOKEN_FILE";
/// The environment variable that overrides the API's base URL (GitHub
/// Enterprise Server: `https://HOST/api/v3`).
pub const URL_VAR: &str = "GITHUB_API_URL";
/// GitHub's public API.
pub const DEFAULT_URL: &str = "https://api.github.com";

pub mod adapter;
pub mod backup;
pub mod budget;
pub mod dates;
pub mod errors;
pub mod limits;
pub mod links;
pub mod mapping;
pub mod sandbox;
pub mod write;
