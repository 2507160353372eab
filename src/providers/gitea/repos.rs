//! Every repository of a Gitea owner: the organisation of that name, or
//! when there is none (404) the user, every page read as the milestone
//! listing is (`page`/`limit`, checked against `X-Total-Count`, read again
//! when it does not add up).

use std::collections::HashMap;

use super::{
    Gitea,
    adapter::{client, page_size, read_pages},
    pages::pages,
};
use crate::forge::RepoListing;
use crate::location::OwnerRef;
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    error::{ApiError, Failure},
    owner::{OwnerKind, OwnerListError, OwnerRepos, address, checked_owner, invalid_listing},
    rereads::{Listed, Pass, READS, Rereads, tally},
    retry::RetryPolicy,
};
use crate::protocols::rest::repos;
use crate::provider::Provider;
use crate::providers::gitea::client::{Client, types::Repository};

/// The owner-level operations of Gitea.
#[derive(Clone, Debug)]
pub struct GiteaOwners {
    client: Client,
    retry: RetryPolicy,
    /// How errors name the provider: the connection's.
    provider: Provider,
    /// Whose page size this is: the connection's pacing key.
    key: String,
}

impl GiteaOwners {
    /// Talks through the same transport and pacer as every other Gitea
    /// client of `connection`.
    pub fn new(
        connection: &Connection,
        options: &ClientOptions,
    ) -> Result<GiteaOwners, ConnectionError> {
        Ok(GiteaOwners {
            client: client(connection, options)?,
            retry: options.retry,
            provider: connection.provider,
            key: connection.pacing_key(),
        })
    }

    /// Every repository of `owner`, by name: the organisation's, else
    /// (when `/orgs/OWNER/repos` answers 404) the user's. Neither is a 404
    /// error saying so.
    pub async fn list_repos(&self, owner: &str) -> Result<OwnerRepos, ApiError> {
        let operation = format!("list the repositories of gitea:{owner}");
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
                    request_id: None,
                    retry_after: None,
                },
            )),
            other => other,
        }
    }

    async fn list_kind(&self, owner: &OwnerRef, kind: OwnerKind) -> Result<OwnerRepos, ApiError> {
        let operation = format!("list the repositories of {kind} gitea:{}", owner.owner);
        let collection = match kind {
            OwnerKind::Organisation => "orgs",
            OwnerKind::User => "users",
        };
        let path = format!("/{collection}/{}/repos", owner.owner);
        let limit = page_size(&self.client, self.retry, &self.key).await;
        let pages = pages(&self.client, self.retry, self.provider);
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let mut items = Vec::new();
            let mut each = |raw| {
                items.push(raw);
                Ok(())
            };
            let ending =
                read_pages(pages, &path, &[], limit, &operation, &mut |_| {}, &mut each).await?;
            let pass = match ending.changed {
                Some(changed) => Pass::Changed(changed),
                None => self.names(owner, items, ending.total, ending.pages, &operation)?,
            };
            if let Some((names, elsewhere)) = rereads.complete(pass) {
                return Ok(OwnerRepos::new(owner.clone(), kind, names, elsewhere));
            }
        }
        Err(rereads.exhausted(self.provider, operation, Listed::Repositories))
    }

    /// The names of a reading's repositories (the owner's, and those that
    /// live elsewhere as `owner/name`), checked as milestones are.
    fn names(
        &self,
        owner: &OwnerRef,
        items: Vec<serde_json::Value>,
        total: Option<u64>,
        pages: usize,
        operation: &str,
    ) -> Result<Pass<Split>, ApiError> {
        let mut listed: Vec<(String, String)> = Vec::new();
        let mut seen: HashMap<String, Option<i64>> = HashMap::new();
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
            let home = home(&repo).unwrap_or(&owner.owner).to_owned();
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
            listed.push((home, name));
        }
        let pass = tally(listed, total, pages, "repositories", |(home, name)| {
            format!("{home}/{name}")
        });
        Ok(match pass {
            Pass::Complete(listed) => Pass::Complete(split(owner, listed)),
            Pass::Unconfirmed(listed, keys) => Pass::Unconfirmed(split(owner, listed), keys),
            Pass::Changed(why) => Pass::Changed(why),
        })
    }
}

/// The owner's repositories by name, and the others as `owner/name`.
type Split = (Vec<String>, Vec<String>);

/// The owner's repositories by name, and the others as `owner/name`.
fn split(owner: &OwnerRef, listed: Vec<(String, String)>) -> Split {
    let mut names = Vec::new();
    let mut elsewhere = Vec::new();
    for (home, name) in listed {
        if home.eq_ignore_ascii_case(&owner.owner) {
            names.push(name);
        } else {
            elsewhere.push(format!("{home}/{name}"));
        }
    }
    (names, elsewhere)
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

impl RepoListing for Gitea {
    async fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> Result<OwnerRepos, OwnerListError> {
        let owners = GiteaOwners::new(connection, options)?;
        Ok(owners.list_repos(owner).await?)
    }
}
