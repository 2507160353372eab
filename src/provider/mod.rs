//! Who a provider is: the [`Provider`] a command line, a file or a journal
//! names, what it is called, where its API is, how its token is sent and
//! what limits it publishes; and [`RepoRef`], one repository on it.

pub mod rate;
pub mod suggest;

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

use crate::record::Kind;
use crate::with_forge;
use crate::with_kind;

/// The code-hosting providers mileport knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    GitCode,
    SourceCraft,
    GitHub,
    Gitea,
    Gitee,
    GitLab,
}

impl Provider {
    /// Every provider, in the order they are listed to people.
    pub const ALL: [Provider; 6] = [
        Provider::GitCode,
        Provider::SourceCraft,
        Provider::GitHub,
        Provider::Gitea,
        Provider::Gitee,
        Provider::GitLab,
    ];

    /// The name used on the command line and in files: `gitcode`, `sourcecraft`.
    pub fn id(self) -> &'static str {
        with_forge!(self, F => F::ID)
    }

    /// The environment variable that holds the access token.
    pub fn token_var(self) -> &'static str {
        with_forge!(self, F => F::TOKEN_VAR)
    }

    /// The environment variable that names a file holding the access token
    /// (a container secret, say), read when the token variable is not set.
    pub fn token_file_var(self) -> &'static str {
        with_forge!(self, F => F::TOKEN_FILE_VAR)
    }

    /// The environment variable that overrides the API's base URL.
    pub fn url_var(self) -> &'static str {
        with_forge!(self, F => F::URL_VAR)
    }

    /// Its public API's base URL; `None` when it is only self-hosted.
    pub fn default_url(self) -> Option<&'static str> {
        with_forge!(self, F => F::DEFAULT_URL)
    }

    /// The hosts of its public web site.
    pub fn web_hosts(self) -> &'static [&'static str] {
        with_forge!(self, F => F::WEB_HOSTS)
    }

    /// The word before the token in the `Authorization` header.
    pub fn auth_scheme(self) -> &'static str {
        with_forge!(self, F => F::AUTH_SCHEME)
    }

    /// The header the token is sent in (`Authorization` for most).
    pub fn auth_header(self) -> &'static str {
        with_forge!(self, F => F::AUTH_HEADER)
    }

    /// The header that carries `token` and its value (see
    /// [`Identity::auth_for`](forge::Identity::auth_for)).
    pub fn auth_value(self, token: &str) -> (&'static str, String) {
        with_forge!(self, F => F::auth_for(token))
    }

    /// Whether its owners nest (`PREFIX:GROUP/SUB/REPO`).
    pub fn nested_owners(self) -> bool {
        with_forge!(self, F => F::NESTED_OWNERS)
    }

    /// What else the help of `--<id>-url` says of the base URL.
    pub fn url_note(self) -> &'static str {
        with_forge!(self, F => F::URL_NOTE)
    }

    /// The providers whose objects of `kind` mileport moves.
    pub fn all_of(kind: Kind) -> &'static [Provider] {
        match kind {
            Kind::Milestones => &Provider::ALL,
            Kind::Labels => &Provider::ALL,
        }
    }

    /// The name people know it by: `GitCode`, `SourceCraft`.
    pub fn name(self) -> &'static str {
        with_forge!(self, F => F::NAME)
    }

    /// Whether a backup's columns (or an object's fields) are this
    /// provider's, for objects of `kind`.
    pub fn claims_columns(self, kind: Kind, has: &dyn Fn(&str) -> bool) -> bool {
        with_kind!(kind, self, F => F::claims_columns(has))
    }

    /// What to do about `status` where the provider means something of its
    /// own by it.
    pub fn status_advice(self, status: u16) -> Option<&'static str> {
        let advice: &[(u16, &str)] = with_forge!(self, F => F::STATUS_ADVICE);
        advice
            .iter()
            .find(|(code, _)| *code == status)
            .map(|(_, text)| *text)
    }

    /// What the provider calls the id of a failed request.
    pub fn request_id_name(self) -> &'static str {
        with_forge!(self, F => F::REQUEST_ID_NAME)
    }

    /// The rate limits the provider publishes for `host`, if any.
    pub fn published_limits(self, host: &str) -> Option<rate::RateLimits> {
        with_forge!(self, F => F::published_limits(host))
    }

    /// Fields that hint at this provider in a JSON object of `kind`.
    pub fn hints(self, kind: Kind) -> &'static [&'static str] {
        with_kind!(kind, self, F => F::HINTS)
    }

    /// The provider's backup columns for objects of `kind`.
    pub fn columns(self, kind: Kind) -> &'static [&'static str] {
        with_kind!(kind, self, F => F::COLUMNS)
    }

    /// The column a header that looks like this provider's lacks.
    pub fn missing_column(self, kind: Kind, has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
        with_kind!(kind, self, F => F::missing_column(has))
    }

    /// `"gitcode" or "sourcecraft"`: the names as a JSON file writes them.
    pub fn quoted_choices() -> String {
        let names: Vec<String> = Provider::ALL
            .iter()
            .map(|p| format!("\"{}\"", p.id()))
            .collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }

    /// `gitcode`, `sourcecraft`: for messages that list the choices.
    pub fn choices() -> String {
        let ids: Vec<String> = Provider::ALL
            .iter()
            .map(|p| format!("`{}`", p.id()))
            .collect();
        ids.join(", ")
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
        let wanted = s.to_ascii_lowercase();
        Provider::ALL
            .into_iter()
            .find(|provider| provider.id() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown provider `{}`: use one of {}",
                    crate::redact::escape_inline(s),
                    Provider::choices()
                )
            })
    }
}

/// A repository on a provider: `gitcode:OWNER/REPO`, `sourcecraft:ORG/REPO`,
/// `github:OWNER/REPO`, or on a named remote: `ghe:OWNER/REPO`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RepoRef {
    pub provider: Provider,
    /// The named remote, or `None` for the provider's default.
    pub remote: Option<String>,
    pub owner: String,
    pub name: String,
}

impl RepoRef {
    /// `OWNER/REPO`, as files and messages name the repository.
    pub fn path(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }

    /// The prefix that names where it is: the remote, else the provider.
    pub fn scope(&self) -> &str {
        self.remote.as_deref().unwrap_or(self.provider.id())
    }
}

impl fmt::Display for RepoRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}/{}", self.scope(), self.owner, self.name)
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
