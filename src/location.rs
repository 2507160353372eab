//! What a command line names on a provider: one repository
//! (`gitcode:OWNER/REPO`, `sourcecraft:ORG/REPO`) or every repository of an
//! owner (`gitcode:OWNER`, `sourcecraft:ORG`), checked as names that can go
//! into a request path. The prefix is a provider or a named remote
//! (`ghe:OWNER/REPO`, see `remotes/`).

use std::{fmt, str::FromStr};

use crate::provider::{Provider, RepoRef, valid_name};

/// Every repository of an owner: `gitcode:OWNER` (an organisation, else a
/// user) or `sourcecraft:ORG`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OwnerRef {
    pub provider: Provider,
    /// The named remote, or `None` for the provider's default.
    pub remote: Option<String>,
    pub owner: String,
}

impl OwnerRef {
    /// An owner on the provider's default.
    pub fn new(provider: Provider, owner: &str) -> OwnerRef {
        OwnerRef {
            provider,
            remote: None,
            owner: owner.to_owned(),
        }
    }

    /// The owner's repository `name`, for a name read from its listing.
    pub fn repo(&self, name: &str) -> RepoRef {
        RepoRef {
            provider: self.provider,
            remote: self.remote.clone(),
            owner: self.owner.clone(),
            name: name.to_owned(),
        }
    }

    /// The prefix that names where it is: the remote, else the provider.
    pub fn scope(&self) -> &str {
        self.remote.as_deref().unwrap_or(self.provider.id())
    }
}

impl fmt::Display for OwnerRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.scope(), self.owner)
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

/// Why a text names no repository and no owner. Each says how to write
/// one, naming every provider and remote.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LocationError {
    #[error("`{value}` names no provider: {forms}", forms = forms())]
    NoProvider { value: String },
    #[error("unknown provider `{prefix}` in `{value}`: {hint}{forms}", forms = forms())]
    UnknownProvider {
        value: String,
        prefix: String,
        hint: String,
    },
    #[error("`{value}` is a web address, not a location: {}", match .suggestion {
        Some(location) => format!("did you mean {location}?"),
        None => forms(),
    })]
    WebAddress {
        value: String,
        suggestion: Option<String>,
    },
    #[error("`{0}` is neither a repository nor an owner: {forms}", forms = forms())]
    TooManyParts(String),
    #[error(
        "`{0}` is not a valid name: names are letters, digits, `-`, `_` and `.`, and not `.` or `..`"
    )]
    InvalidName(String),
}

/// How to write a location, with every prefix it may start with.
pub fn forms() -> String {
    format!(
        "write PREFIX:OWNER/REPO for one repository or PREFIX:OWNER for all of them, PREFIX one of {}",
        prefixes()
    )
}

/// `gitcode`, `sourcecraft`, `github`, and the remotes (`ghe`) or where
/// they would be declared.
pub fn prefixes() -> String {
    let remotes = crate::remotes::current().names();
    if crate::remotes::loaded().is_err() {
        format!(
            "{} or a remote (the config file was refused: see `mileport remotes`)",
            Provider::choices()
        )
    } else if remotes.is_empty() {
        format!(
            "{} or a remote named in the config file (see `mileport remotes`)",
            Provider::choices()
        )
    } else {
        let names: Vec<String> = remotes.iter().map(|name| format!("`{name}`")).collect();
        format!("{} or the remote {}", Provider::choices(), names.join(", "))
    }
}

/// The provider and remote a location's prefix names: a provider's id
/// (letter case aside) or a remote's name.
fn scope(prefix: &str, whole: &str) -> Result<(Provider, Option<String>), LocationError> {
    if let Ok(provider) = prefix.parse::<Provider>() {
        return Ok((provider, None));
    }
    let remotes = crate::remotes::current();
    if let Some(remote) = remotes.find(prefix) {
        return Ok((remote.provider, Some(remote.name.clone())));
    }
    let mut names: Vec<&str> = Provider::all().iter().map(|p| p.id()).collect();
    names.extend(remotes.names());
    let hint = crate::provider::suggest::closest(prefix, &names)
        .map(|name| {
            format!(
                "did you mean {name}:{}? Otherwise ",
                &whole[prefix.len() + 1..]
            )
        })
        .unwrap_or_default();
    Err(LocationError::UnknownProvider {
        value: crate::redact::escape_inline(whole).into_owned(),
        prefix: crate::redact::escape_inline(prefix).into_owned(),
        hint: crate::redact::escape_inline(&hint).into_owned(),
    })
}

/// A web address pasted for a location, and the location it stands for.
fn web_address(text: &str) -> Option<LocationError> {
    // A location's prefix ends at its first `:`, never followed by `//`.
    let scheme = text.contains("://");
    if !scheme && text.contains(':') {
        return None;
    }
    let remotes: Vec<(&str, String)> = crate::remotes::current()
        .list
        .iter()
        .filter_map(|remote| {
            let host = url::Url::parse(remote.url()).ok()?.host_str()?.to_owned();
            Some((remote.name.as_str(), host))
        })
        .collect();
    let suggestion = crate::provider::suggest::from_web_address(text, &remotes);
    // Without a scheme only a known site's address is taken for one.
    if !scheme && suggestion.is_none() {
        return None;
    }
    Some(LocationError::WebAddress {
        value: crate::redact::escape_inline(text).into_owned(),
        suggestion,
    })
}

impl FromStr for Location {
    type Err = LocationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shown = || crate::redact::escape_inline(s).into_owned();
        if let Some(error) = web_address(s) {
            return Err(error);
        }
        let (prefix, path) = s
            .split_once(':')
            .ok_or_else(|| LocationError::NoProvider { value: shown() })?;
        let (provider, remote) = scope(prefix, s)?;
        let parts: Vec<&str> = path.split('/').collect();
        if parts.len() > 2 && !provider.nested_owners() {
            return Err(LocationError::TooManyParts(shown()));
        }
        if !parts.iter().all(|part| valid_name(part)) {
            return Err(LocationError::InvalidName(shown()));
        }
        // Where owners nest, the last part is the repository.
        let (owner, name) = match parts.split_last() {
            Some((last, owners)) if !owners.is_empty() => (owners.join("/"), Some(*last)),
            _ => (path.to_owned(), None),
        };
        let owner = owner.as_str();
        Ok(match name {
            Some(name) => Location::Repo(RepoRef {
                provider,
                remote,
                owner: owner.to_owned(),
                name: name.to_owned(),
            }),
            None => Location::Owner(OwnerRef {
                provider,
                remote,
                owner: owner.to_owned(),
            }),
        })
    }
}

impl FromStr for RepoRef {
    type Err = String;

    /// Reads a location, which must name one repository.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let usage = || {
            format!(
                "`{}` is not a repository: write PREFIX:OWNER/REPO, PREFIX one of {}",
                crate::redact::escape_inline(s),
                prefixes()
            )
        };
        match s.parse::<Location>() {
            Ok(Location::Repo(repo)) => Ok(repo),
            Ok(Location::Owner(_)) | Err(LocationError::TooManyParts(_)) => Err(usage()),
            Err(LocationError::InvalidName(_)) => Err(format!(
                "{}; names are letters, digits, `-`, `_` and `.`, and not `.` or `..`",
                usage()
            )),
            Err(error) => Err(error.to_string()),
        }
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
        for provider in Provider::all().iter().copied() {
            let id = provider.id();
            let Location::Repo(repo) = parse(&format!("{id}:acme/site")).unwrap() else {
                panic!("not a repository")
            };
            assert_eq!(repo.to_string(), format!("{id}:acme/site"));
            // The provider's name is read whatever its letter case.
            let owner = parse(&format!("{}:acme-corp", provider.name())).unwrap();
            assert_eq!(owner, Location::Owner(OwnerRef::new(provider, "acme-corp")));
            assert_eq!(owner.to_string(), format!("{id}:acme-corp"));
            assert_eq!(owner.provider(), provider);
            assert_eq!(owner.owner(), "acme-corp");
            let Location::Owner(owner) = owner else {
                panic!("not an owner")
            };
            assert_eq!(owner.repo("web").to_string(), format!("{id}:acme-corp/web"));
        }
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
            ("gthub:o/r", "did you mean github:o/r?"),
            (
                "https://github.com/o/r/tree/main",
                "did you mean github:o/r?",
            ),
            ("gitcode.com/o/r", "did you mean gitcode:o/r?"),
            ("https://example.org/o/r", "web address, not a location"),
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

    #[test]
    fn parses_repository_references() {
        let repo: RepoRef = "gitcode:dengmengmian/oneapi".parse().unwrap();
        assert_eq!(repo.provider, "gitcode".parse::<Provider>().unwrap());
        assert_eq!(repo.path(), "dengmengmian/oneapi");
        assert_eq!(repo.to_string(), "gitcode:dengmengmian/oneapi");
        let repo: RepoRef = "SourceCraft:org/my.repo".parse().unwrap();
        assert_eq!(repo.provider, "sourcecraft".parse::<Provider>().unwrap());
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
