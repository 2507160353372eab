//! Every repository of a Gitee owner: the organisation of that name, or
//! when there is none (404) the user, read page by page as the milestone
//! listing is read, never losing one.

use crate::providers::owner_pass::OwnerPass;

use super::Gitee;
use super::adapter::{PAGE_SIZE, header_number};

use crate::providers::{
    ClientOptions, Provider,
    address::OwnerRef,
    connection::{Connection, ConnectionError},
    error::{ApiError, Failure},
    generated::gitee::{
        Client,
        types::{OrgRepoType, Repository, UserRepoType},
    },
    owner::{OwnerKind, OwnerRepos, address, checked_owner},
    rereads::{Listed, Pass, READS, Rereads},
    retry::{Idempotence, RetryPolicy},
};
use crate::providers::{forge::RepoListing, owner::OwnerListError};

/// The owner-level operations of Gitee.
#[derive(Clone, Debug)]
pub struct GiteeOwners {
    client: Client,
    retry: RetryPolicy,
}

impl GiteeOwners {
    /// Talks through the same transport, and so the same pacer, as every
    /// other client of `connection`.
    pub fn new(
        connection: &Connection,
        options: &ClientOptions,
    ) -> Result<GiteeOwners, ConnectionError> {
        let http = connection.http_client(options.timeout)?;
        let transport = super::adapter::transport(connection, options);
        Ok(GiteeOwners {
            client: Client::new_with_client(&connection.base(), http, transport),
            retry: options.retry,
        })
    }

    /// Every repository of `owner`: the organisation's, else (when
    /// `/orgs/OWNER` answers 404) the user's own. Neither is a 404 error
    /// saying so. Pages are read until an empty one or until the
    /// `total_page` / `total_count` headers say the end, never stopping at
    /// a short page; a listing that changed while it was read is read again,
    /// up to `READS` times in all.
    pub async fn list_repos(&self, owner: &str) -> Result<OwnerRepos, ApiError> {
        let operation = format!("list the repositories of gitee:{owner}");
        let owner = checked_owner(Provider::Gitee, owner, &operation)?;
        match self.list_kind(&owner, OwnerKind::Organisation).await {
            Err(error) if error.status() == Some(404) => {}
            other => return other,
        }
        match self.list_kind(&owner, OwnerKind::User).await {
            Err(error) if error.status() == Some(404) => Err(ApiError::new(
                Provider::Gitee,
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

    async fn list_kind(&self, owner: &OwnerRef, kind: OwnerKind) -> Result<OwnerRepos, ApiError> {
        let operation = format!("list the repositories of {kind} gitee:{}", owner.owner);
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let pass = self.read_pages(owner, kind, &operation).await?;
            if let Some((names, elsewhere)) = rereads.complete(pass) {
                return Ok(OwnerRepos::new(owner.clone(), kind, names, elsewhere));
            }
        }
        Err(rereads.exhausted(Provider::Gitee, operation, Listed::Repositories))
    }

    /// One page of the organisation's or the user's listing.
    async fn page(
        &self,
        owner: &str,
        kind: OwnerKind,
        page: u64,
        operation: &str,
    ) -> Result<progenitor_client::ResponseValue<Vec<Repository>>, ApiError> {
        self.retry
            .send_response(
                Idempotence::Idempotent,
                Provider::Gitee,
                operation,
                || async move {
                    match kind {
                        OwnerKind::Organisation => {
                            self.client
                                .list_org_repos()
                                .org(owner)
                                .type_(OrgRepoType::All)
                                .page(page)
                                .per_page(PAGE_SIZE as u64)
                                .send()
                                .await
                        }
                        // `owner`: the user's own, not those of others
                        // the user is a member of.
                        OwnerKind::User => {
                            self.client
                                .list_user_repos()
                                .username(owner)
                                .type_(UserRepoType::Owner)
                                .page(page)
                                .per_page(PAGE_SIZE as u64)
                                .send()
                                .await
                        }
                    }
                },
            )
            .await
    }

    /// One reading of the whole listing.
    async fn read_pages(
        &self,
        owner: &OwnerRef,
        kind: OwnerKind,
        operation: &str,
    ) -> Result<Pass<(Vec<String>, Vec<String>)>, ApiError> {
        let mut pass = OwnerPass::new(Provider::Gitee, operation, "path");
        let mut total_count: Option<u64> = None;
        let mut total_pages: Option<u64> = None;
        for page in 1_u64.. {
            let answer = self.page(&owner.owner, kind, page, operation).await?;
            let count = header_number(answer.headers(), "total_count");
            if let (Some(before), Some(now)) = (total_count, count)
                && before != now
            {
                return Ok(Pass::Changed(format!(
                    "the total went from {before} to {now} while reading"
                )));
            }
            total_count = total_count.or(count);
            total_pages = header_number(answer.headers(), "total_page").or(total_pages);
            let items = answer.into_inner();
            if items.is_empty() {
                break;
            }
            for repo in items {
                let id = repo.id.as_ref().map(ToString::to_string);
                let described = || describe(&repo);
                let path = address(
                    Provider::Gitee,
                    operation,
                    "path",
                    repo.path.as_deref(),
                    described,
                )?;
                let home = home(&repo).filter(|home| !home.eq_ignore_ascii_case(&owner.owner));
                if let Some(changed) = pass.add(path, id, home)? {
                    return Ok(Pass::Changed(changed));
                }
            }
            let read = pass.len() as u64;
            if total_pages.is_some_and(|pages| page >= pages)
                || (total_pages.is_none() && total_count.is_some_and(|count| read >= count))
            {
                break;
            }
        }
        let read = pass.len() as u64;
        if let Some(count) = total_count
            && count != read
        {
            return Ok(Pass::Changed(format!(
                "read {read} repositories where the server counts {count}"
            )));
        }
        Ok(pass.complete())
    }
}

/// The owner a listed repository lives under: its namespace's path, else
/// the first part of its full name.
fn home(repo: &Repository) -> Option<&str> {
    repo.namespace
        .as_ref()
        .and_then(|namespace| namespace.path.as_deref())
        .or_else(|| {
            repo.full_name
                .as_deref()
                .and_then(|full| full.split_once('/'))
                .map(|(owner, _)| owner)
        })
}

/// A repository as an error message names it: id, full name and name,
/// as far as it has them.
fn describe(repo: &Repository) -> String {
    let mut parts = Vec::new();
    if let Some(id) = &repo.id {
        parts.push(format!("#{id}"));
    }
    for text in [&repo.full_name, &repo.name].into_iter().flatten() {
        parts.push(format!("`{}`", crate::redact::escape_inline(text)));
    }
    if parts.is_empty() {
        return "(no id, no name)".to_owned();
    }
    parts.join(" ")
}

impl RepoListing for Gitee {
    async fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> Result<OwnerRepos, OwnerListError> {
        let owners = GiteeOwners::new(connection, options)?;
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
    fn a_repository_lives_where_its_namespace_says() {
        let r = repo(r#"{"path": "x", "full_name": "a/x", "namespace": {"path": "b"}}"#);
        assert_eq!(home(&r), Some("b"));
        assert_eq!(
            home(&repo(r#"{"path": "x", "full_name": "a/x"}"#)),
            Some("a")
        );
        assert_eq!(home(&repo(r#"{"path": "x"}"#)), None);
    }

    #[test]
    fn repositories_are_described_by_what_they_have() {
        let r = repo(r#"{"id": "12", "full_name": "a/x", "name": "X"}"#);
        assert_eq!(describe(&r), "#12 `a/x` `X`");
        assert_eq!(describe(&repo("{}")), "(no id, no name)");
    }
}
