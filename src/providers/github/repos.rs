//! Every repository of a GitHub owner: the organisation of that name, or
//! when there is none (404) the user, every page followed by its `Link`
//! header as the milestone listing is, on the API's own host only, under
//! GitHub's headers and its rate-limit budget.

use std::collections::{HashMap, HashSet};

use progenitor_client::ClientInfo;
use url::Url;

use super::GitHub;
use super::{
    adapter::{PAGE_SIZE, transport},
    pages::Pages,
};
use crate::forge::RepoListing;
use crate::location::OwnerRef;
use crate::net::owner::OwnerListError;
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    error::{ApiError, Failure},
    owner::{OwnerKind, OwnerRepos, address, checked_owner, invalid_listing},
    rereads::{Listed, Pass, READS, Rereads},
    retry::RetryPolicy,
};
use crate::protocols::rest::repos;
use crate::provider::Provider;
use crate::providers::github::client::{Client, types::Repository};

/// The owner-level operations of GitHub.
#[derive(Clone, Debug)]
pub struct GitHubOwners {
    client: Client,
    retry: RetryPolicy,
    /// How errors name the provider: the connection's.
    provider: Provider,
    base: Url,
}

impl GitHubOwners {
    /// Talks through the same transport, pacer and primary budget as every
    /// other GitHub client of `connection`.
    pub fn new(
        connection: &Connection,
        options: &ClientOptions,
    ) -> Result<GitHubOwners, ConnectionError> {
        let http = connection.http_client(options.timeout)?;
        Ok(GitHubOwners {
            client: Client::new_with_client(
                &connection.base(),
                http,
                transport(connection, options),
            ),
            retry: options.retry,
            provider: connection.provider,
            base: connection.base_url.clone(),
        })
    }

    /// Every repository of `owner`, by name: the organisation's
    /// (`type=all`), else (when `/orgs/OWNER/repos` answers 404) the
    /// user's own (`type=owner`). Neither is a 404 error saying so. Pages
    /// are read by their `rel="next"` links; a listing that changed while
    /// it was read is read again, up to `READS` times in all.
    pub async fn list_repos(&self, owner: &str) -> Result<OwnerRepos, ApiError> {
        let operation = format!("list the repositories of github:{owner}");
        let owner = checked_owner(self.provider, owner, &operation)?;
        match self.list_kind(&owner, OwnerKind::Organisation).await {
            Err(error) if error.status() == Some(404) => {}
            other => return other,
        }
        match self.list_kind(&owner, OwnerKind::User).await {
            Err(error) if error.status() == Some(404) => Err(ApiError::new(
                self.provider,
                operation,
                Failure::Status {
                    status: 404,
                    message: Some(format!(
                        "there is no organisation or user named `{}`",
                        owner.owner
                    )),
                    request_id: error.request_id().map(str::to_owned),
                    retry_after: None,
                },
            )),
            other => other,
        }
    }

    fn pages(&self) -> Pages<'_> {
        Pages {
            client: &self.client,
            retry: self.retry,
            provider: self.provider,
            base: &self.base,
        }
    }

    async fn list_kind(&self, owner: &OwnerRef, kind: OwnerKind) -> Result<OwnerRepos, ApiError> {
        let operation = format!("list the repositories of {kind} github:{}", owner.owner);
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let pass = self.read_pages(owner, kind, &operation).await?;
            if let Some((names, elsewhere)) = rereads.complete(pass) {
                return Ok(OwnerRepos::new(owner.clone(), kind, names, elsewhere));
            }
        }
        Err(rereads.exhausted(self.provider, operation, Listed::Repositories))
    }

    /// The first page: all of an organisation's repositories, or those a
    /// user owns (not those of others the user works on).
    fn first_page(&self, owner: &str, kind: OwnerKind, operation: &str) -> Result<Url, ApiError> {
        let (collection, type_) = match kind {
            OwnerKind::Organisation => ("orgs", "all"),
            OwnerKind::User => ("users", "owner"),
        };
        let mut url = Url::parse(&format!(
            "{}/{collection}/{owner}/repos",
            self.client.baseurl()
        ))
        .map_err(|e| {
            ApiError::new(
                self.provider,
                operation,
                Failure::InvalidRequest(e.to_string()),
            )
        })?;
        url.query_pairs_mut()
            .append_pair("type", type_)
            .append_pair("per_page", &PAGE_SIZE.to_string());
        Ok(url)
    }

    /// One reading of the whole listing.
    async fn read_pages(
        &self,
        owner: &OwnerRef,
        kind: OwnerKind,
        operation: &str,
    ) -> Result<Pass<(Vec<String>, Vec<String>)>, ApiError> {
        let mut url = self.first_page(&owner.owner, kind, operation)?;
        let mut visited: HashSet<Url> = HashSet::new();
        let mut names = Vec::new();
        let mut elsewhere = Vec::new();
        // `owner/name`, lower case as GitHub compares them → id, to tell a
        // repository listed twice from two that clash.
        let mut seen: HashMap<String, Option<i64>> = HashMap::new();
        loop {
            visited.insert(url.clone());
            let (items, next) = self.pages().get(&url, operation, "repositories").await?;
            for raw in items {
                let repo: Repository = serde_json::from_value(raw).map_err(|e| {
                    invalid_listing(
                        self.provider,
                        operation,
                        format!("a listed repository does not read as one: {e}"),
                    )
                })?;
                let name = address(self.provider, operation, "name", Some(&repo.name), || {
                    describe(&repo)
                })?;
                let home = home(&repo).unwrap_or(&owner.owner);
                let key = format!("{home}/{name}").to_lowercase();
                match seen.get(&key) {
                    Some(before) if before.is_none() || repo.id.is_none() || *before == repo.id => {
                        return Ok(Pass::Changed(format!(
                            "repository `{name}` was listed twice"
                        )));
                    }
                    Some(_) => {
                        return Err(ApiError::new(
                            self.provider,
                            operation,
                            Failure::Incomplete(format!(
                                "two different repositories carry the name `{name}`; mileport addresses repositories by name and cannot tell them apart"
                            )),
                        ));
                    }
                    None => {
                        seen.insert(key, repo.id);
                    }
                }
                if home.eq_ignore_ascii_case(&owner.owner) {
                    names.push(name);
                } else {
                    elsewhere.push(format!("{home}/{name}"));
                }
            }
            let Some(next) = next else {
                return Ok(Pass::Complete((names, elsewhere)));
            };
            let next = self.pages().next(&next, operation)?;
            if !visited.insert(next.clone()) {
                return Ok(Pass::Changed(
                    "the pages' links went round in a loop".into(),
                ));
            }
            url = next;
        }
    }
}

/// The owner a listed repository lives under.
fn home(repo: &Repository) -> Option<&str> {
    repos::home(
        repo.owner.as_ref().and_then(|owner| owner.login.as_deref()),
        repo.full_name.as_deref(),
    )
}

/// A repository as an error message names it.
fn describe(repo: &Repository) -> String {
    repos::describe(repo.id, repo.full_name.as_ref(), &repo.name)
}

impl RepoListing for GitHub {
    async fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> Result<OwnerRepos, OwnerListError> {
        let owners = GitHubOwners::new(connection, options)?;
        Ok(owners.list_repos(owner).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(json: &str) -> Repository {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_repository_lives_where_its_owner_says() {
        let r = repo(r#"{"name": "x", "full_name": "a/x", "owner": {"login": "b"}}"#);
        assert_eq!(home(&r), Some("b"));
        assert_eq!(
            home(&repo(r#"{"name": "x", "full_name": "a/x", "owner": null}"#)),
            Some("a")
        );
        assert_eq!(home(&repo(r#"{"name": "x"}"#)), None);
    }

    #[test]
    fn repositories_are_described_by_what_they_have() {
        let r = repo(r#"{"id": 12, "full_name": "a/x", "name": "x"}"#);
        assert_eq!(describe(&r), "#12 `a/x` `x`");
        assert_eq!(describe(&repo(r#"{"name": "x"}"#)), "`x`");
    }
}
