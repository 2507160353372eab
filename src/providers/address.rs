//! What a command line names on a provider: one repository
//! (`gitcode:OWNER/REPO`, `sourcecraft:ORG/REPO`) or every repository of an
//! owner (`gitcode:OWNER`, `sourcecraft:ORG`), checked as names that can go
//! into a request path.

use std::{fmt, str::FromStr};

use super::{Provider, RepoRef};

/// Whether `part` may name an owner or a repository. Names go into request
/// paths: `.`, `..`, `/`, `?`, `#`, `%`, `\` or control characters could
/// send the token somewhere else.
pub fn valid_name(part: &str) -> bool {
    !part.is_empty()
        && part != "."
        && part != ".."
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Every repository of an owner: `gitcode:OWNER` (an organisation, else a
/// user) or `sourcecraft:ORG`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OwnerRef {
    pub provider: Provider,
    pub owner: String,
}

impl OwnerRef {
    /// The owner's repository `name`, for a name read from its listing.
    pub fn repo(&self, name: &str) -> RepoRef {
        RepoRef {
            provider: self.provider,
            owner: self.owner.clone(),
            name: name.to_owned(),
        }
    }
}

impl fmt::Display for OwnerRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.provider.id(), self.owner)
    }
}

/// One repository or a whole owner.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    Repo(RepoRef),
    Owner(OwnerRef),
}

impl Location {
    pub fn provider(&self) -> Provider {
        match self {
            Location::Repo(repo) => repo.provider,
            Location::Owner(owner) => owner.provider,
        }
    }

    /// The owner's name, whether one repository or all are meant.
    pub fn owner(&self) -> &str {
        match self {
            Location::Repo(repo) => &repo.owner,
            Location::Owner(owner) => &owner.owner,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Repo(repo) => repo.fmt(f),
            Location::Owner(owner) => owner.fmt(f),
        }
    }
}

/// Why a text names no repository and no owner.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LocationError {
    #[error("`{0}` names no provider: write `gitcode:OWNER[/REPO]` or `sourcecraft:ORG[/REPO]`")]
    NoProvider(String),
    #[error("{message} (in `{value}`)")]
    UnknownProvider { value: String, message: String },
    #[error(
        "`{0}` is neither a repository nor an owner: write PROVIDER:OWNER/REPO for one repository or PROVIDER:OWNER for all of them"
    )]
    TooManyParts(String),
    #[error(
        "`{0}` is not a valid name: names are letters, digits, `-`, `_` and `.`, and not `.` or `..`"
    )]
    InvalidName(String),
}

impl FromStr for Location {
    type Err = LocationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shown = || crate::redact::escape_inline(s).into_owned();
        let (provider, path) = s
            .split_once(':')
            .ok_or_else(|| LocationError::NoProvider(shown()))?;
        let provider: Provider =
            provider
                .parse()
                .map_err(|message| LocationError::UnknownProvider {
                    value: shown(),
                    message,
                })?;
        let mut parts = path.split('/');
        let owner = parts.next().unwrap_or_default();
        let name = parts.next();
        if parts.next().is_some() {
            return Err(LocationError::TooManyParts(shown()));
        }
        if !valid_name(owner) || name.is_some_and(|name| !valid_name(name)) {
            return Err(LocationError::InvalidName(shown()));
        }
        Ok(match name {
            Some(name) => Location::Repo(RepoRef {
                provider,
                owner: owner.to_owned(),
                name: name.to_owned(),
            }),
            None => Location::Owner(OwnerRef {
                provider,
                owner: owner.to_owned(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Location, LocationError> {
        text.parse()
    }

    #[test]
    fn names_a_repository_or_an_owner() {
        let Location::Repo(repo) = parse("gitcode:acme/site").unwrap() else {
            panic!("not a repository")
        };
        assert_eq!(repo.to_string(), "gitcode:acme/site");
        let owner = parse("SourceCraft:acme-corp").unwrap();
        assert_eq!(
            owner,
            Location::Owner(OwnerRef {
                provider: Provider::SourceCraft,
                owner: "acme-corp".into()
            })
        );
        assert_eq!(owner.to_string(), "sourcecraft:acme-corp");
        assert_eq!(owner.provider(), Provider::SourceCraft);
        assert_eq!(owner.owner(), "acme-corp");
        let Location::Owner(owner) = owner else {
            panic!("not an owner")
        };
        assert_eq!(owner.repo("web").to_string(), "sourcecraft:acme-corp/web");
    }

    #[test]
    fn repositories_read_as_repo_ref_reads_them() {
        for text in ["gitcode:dengmengmian/oneapi", "sourcecraft:org/my.repo"] {
            let repo: RepoRef = text.parse().unwrap();
            assert_eq!(parse(text).unwrap(), Location::Repo(repo));
        }
    }

    #[test]
    fn each_mistake_has_its_own_message() {
        let cases = [
            ("acme", "names no provider"),
            ("forgejo:acme", "unknown provider `forgejo`"),
            ("gitcode:a/b/c", "neither a repository nor an owner"),
            ("gitcode:", "not a valid name"),
            ("gitcode:/b", "not a valid name"),
            ("gitcode:a/", "not a valid name"),
            ("gitcode:..", "not a valid name"),
            ("gitcode:.", "not a valid name"),
            ("gitcode:o/..", "not a valid name"),
            ("gitcode:a b", "not a valid name"),
            ("gitcode:o?x", "not a valid name"),
            ("gitcode:o#x", "not a valid name"),
            ("gitcode:%2e%2e", "not a valid name"),
            ("gitcode:o\\r", "not a valid name"),
        ];
        for (text, expected) in cases {
            let message = parse(text).unwrap_err().to_string();
            assert!(message.contains(expected), "{text}: {message}");
        }
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let message = parse("gitcode:o\u{1b}[31m").unwrap_err().to_string();
        assert!(!message.contains('\u{1b}'), "{message:?}");
    }
}
