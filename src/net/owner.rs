//! What an owner's repository listing yields, for every provider alike:
//! whether the owner is an organisation or a user, and the names its
//! repositories are addressed by (GitCode's `path`, SourceCraft's `slug`,
//! never a display name), sorted.

use std::fmt;

use crate::location::OwnerRef;
use crate::net::{
    connection::ConnectionError,
    error::{ApiError, Failure},
};
use crate::provider::valid_name;
use crate::provider::{Provider, RepoRef};

/// Why an owner's repositories could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum OwnerListError {
    /// No client could be made from the connection (its token, say).
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl OwnerListError {
    /// As an `anyhow` error whose chain holds the typed error itself, so
    /// the exit code can tell a bad set-up (2) from a failed provider (3).
    pub fn into_anyhow(self) -> anyhow::Error {
        match self {
            OwnerListError::Connection(error) => error.into(),
            OwnerListError::Api(error) => error.into(),
        }
    }
}

/// What kind of account owns the repositories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OwnerKind {
    Organisation,
    User,
}

impl fmt::Display for OwnerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OwnerKind::Organisation => "organisation",
            OwnerKind::User => "user",
        })
    }
}

/// Every repository of one owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerRepos {
    pub owner: OwnerRef,
    pub kind: OwnerKind,
    /// The names to address the repositories by, sorted, each once.
    pub names: Vec<String>,
    /// Repositories the listing returned that live under another owner
    /// (`OWNER/NAME`, sorted): not the owner's, so left out of `names`.
    pub elsewhere: Vec<String>,
}

impl OwnerRepos {
    /// Sorts both lists; the adapters have already refused repeats.
    pub fn new(
        owner: OwnerRef,
        kind: OwnerKind,
        mut names: Vec<String>,
        mut elsewhere: Vec<String>,
    ) -> OwnerRepos {
        names.sort();
        elsewhere.sort();
        OwnerRepos {
            owner,
            kind,
            names,
            elsewhere,
        }
    }

    /// Each repository as a full reference.
    pub fn repos(&self) -> Vec<RepoRef> {
        self.names
            .iter()
            .map(|name| self.owner.repo(name))
            .collect()
    }
}

/// A listing's answer that does not read as the API describes.
pub(crate) fn invalid_listing(provider: Provider, operation: &str, message: String) -> ApiError {
    ApiError::new(
        provider,
        operation,
        Failure::InvalidResponse {
            status: Some(200),
            message,
        },
    )
}

/// The owner, checked before it goes into a request path.
pub(crate) fn checked_owner(
    provider: Provider,
    owner: &str,
    operation: &str,
) -> Result<OwnerRef, ApiError> {
    checked_name(provider, "owner", owner, operation)?;
    Ok(OwnerRef::new(provider, owner))
}

/// Refuses a name (`what`: owner, repository) that could leave the API's
/// path, before anything is sent.
pub(crate) fn checked_name(
    provider: Provider,
    what: &str,
    name: &str,
    operation: &str,
) -> Result<(), ApiError> {
    if valid_name(name) {
        return Ok(());
    }
    Err(ApiError::new(
        provider,
        operation,
        Failure::InvalidRequest(format!(
            "`{}` is not a valid {what} name: names are letters, digits, `-`, `_` and `.`",
            crate::redact::escape_inline(name)
        )),
    ))
}

/// The address of one listed repository, or why it cannot be used:
/// a name missing, or one that could not go into a request path.
pub(crate) fn address(
    provider: Provider,
    operation: &str,
    field: &str,
    value: Option<&str>,
    described: impl Fn() -> String,
) -> Result<String, ApiError> {
    match value {
        Some(name) if valid_name(name) => Ok(name.to_owned()),
        Some(name) => Err(invalid_listing(
            provider,
            operation,
            format!(
                "repository {} has the {field} `{}`, which mileport cannot address safely",
                described(),
                crate::redact::escape_inline(name)
            ),
        )),
        None => Err(invalid_listing(
            provider,
            operation,
            format!("repository {} has no {field}", described()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_become_references() {
        for provider in Provider::all().iter().copied() {
            let owner = OwnerRef::new(provider, "acme");
            let repos = OwnerRepos::new(
                owner,
                OwnerKind::User,
                vec!["web".into(), "api".into(), "Docs".into()],
                vec!["other/x".into()],
            );
            assert_eq!(repos.names, ["Docs", "api", "web"]);
            let refs: Vec<String> = repos.repos().iter().map(ToString::to_string).collect();
            let id = provider.id();
            assert_eq!(
                refs,
                [
                    format!("{id}:acme/Docs"),
                    format!("{id}:acme/api"),
                    format!("{id}:acme/web")
                ]
            );
            assert_eq!(repos.kind.to_string(), "user");
        }
    }

    #[test]
    fn unusable_names_are_refused_by_name() {
        let described = || "#7".to_owned();
        for provider in Provider::all().iter().copied() {
            let op = &format!("list repositories of {}:acme", provider.id());
            assert_eq!(
                address(provider, op, "path", Some("site"), described).unwrap(),
                "site"
            );
            let error = address(provider, op, "path", Some(".."), described).unwrap_err();
            assert!(error.to_string().contains("`..`"), "{error}");
            let error = address(provider, op, "path", None, described).unwrap_err();
            assert!(error.to_string().contains("#7 has no path"), "{error}");
            assert!(checked_owner(provider, "a/b", op).is_err());
            assert!(checked_owner(provider, "acme", op).is_ok());
        }
    }
}
