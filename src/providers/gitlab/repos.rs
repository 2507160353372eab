//! Every project of a GitLab owner: the group of that full path with its
//! subgroups' projects (`include_subgroups=true`), or when there is no such
//! group (404) the user, every page read as the milestone listing is
//! (followed by `x-next-page`, checked against `x-total` when sent, read
//! again when it does not add up). A project is named by its path below
//! the owner (`roadmap`, or `platform/roadmap` in a subgroup). What a
//! location names (`gitlab:A/B`: a project or a group) is asked of GitLab.

use std::collections::HashSet;

use super::{
    GitLab,
    adapter::{client, encoded, read_pages},
    pages::pages,
};
use crate::forge::RepoListing;
use crate::location::{Location, OwnerRef};
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    error::{ApiError, Failure},
    owner::{OwnerKind, OwnerListError, OwnerRepos, invalid_listing},
    rereads::{Listed, Pass, READS, Rereads, tally},
    retry::{Idempotence, RetryPolicy},
};
use crate::provider::Provider;
use crate::provider::valid_name;
use crate::providers::gitlab::client::{Client, types::Project};

/// The owner-level operations of GitLab.
#[derive(Clone, Debug)]
pub struct GitLabOwners {
    client: Client,
    retry: RetryPolicy,
    /// How errors name the provider: the connection's.
    provider: Provider,
}

/// The owner's projects by their path below it, and the others (shared
/// with it from elsewhere) by their full path.
type Split = (Vec<String>, Vec<String>);

impl GitLabOwners {
    /// Talks through the same transport and pacer as every other GitLab
    /// client of `connection`.
    pub fn new(
        connection: &Connection,
        options: &ClientOptions,
    ) -> Result<GitLabOwners, ConnectionError> {
        Ok(GitLabOwners {
            client: client(connection, options)?,
            retry: options.retry,
            provider: connection.provider,
        })
    }

    /// Every project of `owner`: the group's (its subgroups' included),
    /// else (when the group answers 404) the user's. Neither is a 404 error
    /// saying so.
    pub async fn list_repos(&self, owner: &str) -> Result<OwnerRepos, ApiError> {
        let operation = format!("list the projects of gitlab:{owner}");
        if !owner.split('/').all(valid_name) {
            return Err(ApiError::new(
                self.provider,
                operation,
                Failure::InvalidRequest(format!(
                    "`{}` is not a valid group or user path: names are letters, digits, `-`, `_` and `.`",
                    crate::redact::escape_inline(owner)
                )),
            ));
        }
        let owner = OwnerRef::new(self.provider, owner);
        match self.list_kind(&owner, OwnerKind::Organisation).await {
            Err(error) if error.status() == Some(404) => {}
            other => return other,
        }
        if owner.owner.contains('/') {
            return Err(no_owner(self.provider, operation, &owner));
        }
        match self.list_kind(&owner, OwnerKind::User).await {
            Err(error) if error.status() == Some(404) => {
                Err(no_owner(self.provider, operation, &owner))
            }
            other => other,
        }
    }

    async fn list_kind(&self, owner: &OwnerRef, kind: OwnerKind) -> Result<OwnerRepos, ApiError> {
        let operation = format!("list the projects of {kind} gitlab:{}", owner.owner);
        let (path, query): (String, &[(&str, &str)]) = match kind {
            OwnerKind::Organisation => (
                format!("/groups/{}/projects", encoded(&owner.owner)),
                &[("include_subgroups", "true")],
            ),
            OwnerKind::User => (format!("/users/{}/projects", encoded(&owner.owner)), &[]),
        };
        let pages = pages(&self.client, self.retry, self.provider);
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let mut items = Vec::new();
            let mut each = |raw| {
                items.push(raw);
                Ok(())
            };
            let ending =
                read_pages(pages, &path, query, &operation, &mut |_| {}, &mut each).await?;
            let pass = self.names(owner, items, ending.total, ending.pages, &operation)?;
            if let Some((names, elsewhere)) = rereads.complete(pass) {
                return Ok(OwnerRepos::new(owner.clone(), kind, names, elsewhere));
            }
        }
        Err(rereads.exhausted(self.provider, operation, Listed::Repositories))
    }

    /// The paths of a reading's projects, checked as milestones are.
    fn names(
        &self,
        owner: &OwnerRef,
        items: Vec<serde_json::Value>,
        total: Option<u64>,
        pages: usize,
        operation: &str,
    ) -> Result<Pass<Split>, ApiError> {
        let mut listed: Vec<(bool, String)> = Vec::new();
        let mut seen: HashSet<i64> = HashSet::new();
        for raw in items {
            let project: Project = serde_json::from_value(raw).map_err(|e| {
                invalid_listing(
                    self.provider,
                    operation,
                    format!("a listed project does not read as one: {e}"),
                )
            })?;
            if !seen.insert(project.id) {
                return Ok(Pass::Changed(format!(
                    "project {} was listed twice",
                    project.id
                )));
            }
            let full = project
                .path_with_namespace
                .clone()
                .unwrap_or_else(|| format!("{}/{}", owner.owner, project.path));
            if !full.split('/').all(valid_name) {
                return Err(invalid_listing(
                    self.provider,
                    operation,
                    format!(
                        "project {} has the path `{}`, which mileport cannot address safely",
                        project.id,
                        crate::redact::escape_inline(&full)
                    ),
                ));
            }
            let prefix = format!("{}/", owner.owner.to_lowercase());
            match full.to_lowercase().strip_prefix(&prefix) {
                Some(_) => listed.push((true, full[prefix.len()..].to_owned())),
                None => listed.push((false, full)),
            }
        }
        let pass = tally(listed, total, pages, "projects", |(_, path)| path.clone());
        Ok(match pass {
            Pass::Complete(listed) => Pass::Complete(split(listed)),
            Pass::Unconfirmed(listed, keys) => Pass::Unconfirmed(split(listed), keys),
            Pass::Changed(why) => Pass::Changed(why),
        })
    }
}

fn split(listed: Vec<(bool, String)>) -> Split {
    let (mine, others): (Vec<_>, Vec<_>) = listed.into_iter().partition(|(mine, _)| *mine);
    (
        mine.into_iter().map(|(_, path)| path).collect(),
        others.into_iter().map(|(_, path)| path).collect(),
    )
}

fn no_owner(provider: Provider, operation: String, owner: &OwnerRef) -> ApiError {
    ApiError::new(
        provider,
        operation,
        Failure::Status {
            status: 404,
            message: Some(format!("there is no group or user named `{}`", owner.owner)),
            request_id: None,
            retry_after: None,
        },
    )
}

impl GitLabOwners {
    /// Whether `path` answers `what` (`projects`, `groups`): `false` on 404.
    async fn exists(&self, what: &str, path: &str) -> Result<bool, ApiError> {
        let operation = format!("look up the {} gitlab:{path}", &what[..what.len() - 1]);
        let asked = if what == "projects" {
            self.retry
                .send(Idempotence::Idempotent, self.provider, &operation, || {
                    self.client.get_project().id(path).send()
                })
                .await
                .map(drop)
        } else {
            self.retry
                .send(Idempotence::Idempotent, self.provider, &operation, || {
                    self.client.get_group().id(path).send()
                })
                .await
                .map(drop)
        };
        match asked {
            Ok(()) => Ok(true),
            Err(error) if error.status() == Some(404) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// What `location` names, asked in GitLab's order: a project by its
    /// full path, else a group, else a user; with the line that says so.
    pub async fn locate(&self, location: &Location) -> Result<(Location, String), ApiError> {
        let path = match location {
            Location::Repo(repo) => repo.path(),
            Location::Owner(owner) => owner.owner.clone(),
        };
        let shown = format!("gitlab:{path}");
        if path.contains('/') && self.exists("projects", &path).await? {
            let repo = location_repo(location, &path);
            return Ok((repo, format!("{shown} is a project")));
        }
        if self.exists("groups", &path).await? {
            return Ok((
                Location::Owner(OwnerRef::new(self.provider, &path)),
                format!("{shown} is a group: its projects, its subgroups' included"),
            ));
        }
        Ok(match location {
            Location::Owner(_) => (
                location.clone(),
                format!("{shown} is no group: its projects are read as a user's"),
            ),
            Location::Repo(_) => (
                location.clone(),
                format!("{shown} is neither a project nor a group"),
            ),
        })
    }
}

/// The project at `path`, as a location.
fn location_repo(location: &Location, path: &str) -> Location {
    match location {
        Location::Repo(_) => location.clone(),
        Location::Owner(owner) => {
            let (group, name) = path.rsplit_once('/').unwrap_or(("", path));
            Location::Repo(OwnerRef::new(owner.provider, group).repo(name))
        }
    }
}

impl RepoListing for GitLab {
    async fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> Result<OwnerRepos, OwnerListError> {
        let owners = GitLabOwners::new(connection, options)?;
        Ok(owners.list_repos(owner).await?)
    }

    /// A path of groups may be a project, a group or a user: GitLab is
    /// asked, in that order.
    async fn locate(
        connection: &Connection,
        location: &Location,
        options: &ClientOptions,
    ) -> Result<Option<(Location, String)>, OwnerListError> {
        let owners = GitLabOwners::new(connection, options)?;
        Ok(Some(owners.locate(location).await?))
    }
}
