//! Talking to the providers: the clients generated from `openapi/`, the
//! transport every request passes through, and one thin adapter per
//! provider that reads whole repositories and writes single milestones.

pub mod connection;
pub mod decode;
pub mod error;
pub mod generated;
pub mod gitcode;
pub mod github;
pub mod number;
pub mod pacer;
pub mod rate;
pub mod retry;
pub mod sourcecraft;
pub mod transport;
pub mod waits;

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// The code-hosting providers mileport knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    GitCode,
    SourceCraft,
}

impl Provider {
    /// The name used on the command line and in files: `gitcode`, `sourcecraft`.
    pub fn id(self) -> &'static str {
        match self {
            Provider::GitCode => "gitcode",
            Provider::SourceCraft => "sourcecraft",
        }
    }

    /// The environment variable that holds the access token.
    pub fn token_var(self) -> &'static str {
        match self {
            Provider::GitCode => "GITCODE_TOKEN",
            Provider::SourceCraft => "SOURCECRAFT_TOKEN",
        }
    }

    /// The environment variable that names a file holding the access token
    /// (a container secret, say), read when the token variable is not set.
    pub fn token_file_var(self) -> &'static str {
        match self {
            Provider::GitCode => "GITCODE_TOKEN_FILE",
            Provider::SourceCraft => "SOURCECRAFT_TOKEN_FILE",
        }
    }

    /// The environment variable that overrides the API's base URL.
    pub fn url_var(self) -> &'static str {
        match self {
            Provider::GitCode => "GITCODE_API_URL",
            Provider::SourceCraft => "SOURCECRAFT_API_URL",
        }
    }

    pub fn default_url(self) -> &'static str {
        match self {
            Provider::GitCode => "https://api.gitcode.com/api/v5",
            Provider::SourceCraft => "https://api.sourcecraft.tech",
        }
    }
}

impl Provider {
    /// The name people know it by: `GitCode`, `SourceCraft`.
    pub fn name(self) -> &'static str {
        match self {
            Provider::GitCode => "GitCode",
            Provider::SourceCraft => "SourceCraft",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Provider {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "gitcode" => Ok(Provider::GitCode),
            "sourcecraft" => Ok(Provider::SourceCraft),
            other => Err(format!(
                "unknown provider `{other}`: use `gitcode` or `sourcecraft`"
            )),
        }
    }
}

/// A repository on a provider: `gitcode:OWNER/REPO` or `sourcecraft:ORG/REPO`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RepoRef {
    pub provider: Provider,
    pub owner: String,
    pub name: String,
}

impl RepoRef {
    /// `OWNER/REPO`, as files and messages name the repository.
    pub fn path(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

impl fmt::Display for RepoRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}/{}", self.provider.id(), self.owner, self.name)
    }
}

impl FromStr for RepoRef {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let usage = || {
            format!(
                "`{}` is not a repository: write `gitcode:OWNER/REPO` or `sourcecraft:ORG/REPO`",
                crate::redact::escape_inline(s)
            )
        };
        let (provider, path) = s.split_once(':').ok_or_else(usage)?;
        let provider: Provider = provider.parse()?;
        let (owner, name) = path.split_once('/').ok_or_else(usage)?;
        // Names go into request paths: `.`, `..`, `/`, `?`, `#`, `%`, `\`
        // or control characters could send the token somewhere else.
        let valid = |part: &str| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if !valid(owner) || !valid(name) || name.contains('/') {
            return Err(format!(
                "{}; names are letters, digits, `-`, `_` and `.`, and not `.` or `..`",
                usage()
            ));
        }
        Ok(RepoRef {
            provider,
            owner: owner.to_owned(),
            name: name.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_repository_references() {
        let repo: RepoRef = "gitcode:dengmengmian/oneapi".parse().unwrap();
        assert_eq!(repo.provider, Provider::GitCode);
        assert_eq!(repo.path(), "dengmengmian/oneapi");
        assert_eq!(repo.to_string(), "gitcode:dengmengmian/oneapi");
        let repo: RepoRef = "SourceCraft:org/my.repo".parse().unwrap();
        assert_eq!(repo.provider, Provider::SourceCraft);
        for bad in [
            "gitcode",
            "gitcode:owner",
            "github:a/b",
            "gitcode:a/b/c",
            "gitcode:/b",
            "gitcode:a b/c",
            "gitcode:../..",
            "gitcode:./r",
            "gitcode:o/..",
            "gitcode:o/r?x",
            "gitcode:o/r#x",
            "gitcode:o/%2e%2e",
            "gitcode:o\\r/x",
            "gitcode:o/r\u{1b}",
        ] {
            assert!(bad.parse::<RepoRef>().is_err(), "{bad} accepted");
        }
    }
}

/// The largest answer read by default: far above any real listing page,
/// far below what would strain memory.
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// How the adapters talk: pacing, retries, the per-request timeout and the
/// largest answer read.
#[derive(Clone, Copy, Debug)]
pub struct ClientOptions {
    pub pace: pacer::PaceSettings,
    pub retry: retry::RetryPolicy,
    pub timeout: std::time::Duration,
    pub max_answer_bytes: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            pace: pacer::PaceSettings::default(),
            retry: retry::RetryPolicy::default(),
            timeout: std::time::Duration::from_secs(30),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
        }
    }
}
