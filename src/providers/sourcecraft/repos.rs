//! Every repository of a SourceCraft organisation, page by page token
//! until none is given, and single repositories by slug.

use std::collections::HashSet;

use crate::net::owner_pass::OwnerPass;

use super::SourceCraft;
use super::adapter::PAGE_SIZE;
use crate::forge::RepoListing;
use crate::location::OwnerRef;
use crate::net::owner::OwnerListError;
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    error::ApiError,
    owner::{OwnerKind, OwnerRepos, address, checked_name, checked_owner, invalid_listing},
    rereads::{Listed, Pass, READS, Rereads},
    retry::{Idempotence, RetryPolicy},
};
use crate::provider::RepoRef;
use crate::providers::sourcecraft::client::{Client, types::Repository};

/// The organisation-level operations of SourceCraft.
#[derive(Clone, Debug)]
pub struct SourceCraftOwners {
    client: Client,
    retry: RetryPolicy,
}

impl SourceCraftOwners {
    /// Talks through the same transport, and so the same pacer, as every
    /// other client of `connection`.
    pub fn new(
        connection: &Connection,
        options: &ClientOptions,
    ) -> Result<SourceCraftOwners, ConnectionError> {
        Ok(SourceCraftOwners {
            client: super::adapter::client(connection, options)?,
            retry: options.retry,
        })
    }

    /// Every repository of the organisation `org`, by slug. A listing in
    /// which one repository shows up twice changed while it was read and
    /// is read again, up to `READS` times in all; a page token that comes
    /// back is an error, as the listing would never end.
    pub async fn list_repos(&self, org: &str) -> Result<OwnerRepos, ApiError> {
        let operation = format!("list the repositories of sourcecraft:{org}");
        let owner = checked_owner(super::PROVIDER, org, &operation)?;
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let pass = self.read_pages(&owner, &operation).await?;
            if let Some((names, elsewhere)) = rereads.complete(pass) {
                return Ok(OwnerRepos::new(
                    owner,
                    OwnerKind::Organisation,
                    names,
                    elsewhere,
                ));
            }
        }
        Err(rereads.exhausted(super::PROVIDER, operation, Listed::Repositories))
    }

    /// One repository, by organisation and repository slug: whether a
    /// target exists, before anything is written.
    pub async fn get_repo(&self, repo: &RepoRef) -> Result<Repository, ApiError> {
        let operation = format!("get repository {repo}");
        checked_name(super::PROVIDER, "organisation", &repo.owner, &operation)?;
        checked_name(super::PROVIDER, "repository", &repo.name, &operation)?;
        self.retry
            .send(Idempotence::Idempotent, super::PROVIDER, &operation, || {
                self.client
                    .get_repo()
                    .org_slug(&repo.owner)
                    .repo_slug(&repo.name)
                    .send()
            })
            .await
    }

    /// One reading of the whole listing.
    async fn read_pages(
        &self,
        owner: &OwnerRef,
        operation: &str,
    ) -> Result<Pass<(Vec<String>, Vec<String>)>, ApiError> {
        let mut pass = OwnerPass::new(super::PROVIDER, operation, "slug");
        let mut tokens_seen = HashSet::new();
        let mut page_token: Option<String> = None;
        loop {
            let page = self
                .retry
                .send(Idempotence::Idempotent, super::PROVIDER, operation, || {
                    let mut request = self
                        .client
                        .list_org_repos()
                        .org_slug(&owner.owner)
                        .page_size(PAGE_SIZE as u64);
                    if let Some(token) = &page_token {
                        request = request.page_token(token.clone());
                    }
                    request.send()
                })
                .await?;
            for repo in page.repositories {
                let described = || describe(&repo);
                let slug = address(
                    super::PROVIDER,
                    operation,
                    "slug",
                    repo.slug.as_deref(),
                    described,
                )?;
                let home = repo
                    .organization
                    .as_ref()
                    .and_then(|organization| organization.slug.as_deref())
                    .filter(|home| *home != owner.owner);
                if let Some(changed) = pass.add(slug, repo.id.clone(), home)? {
                    return Ok(Pass::Changed(changed));
                }
            }
            match page.next_page_token.filter(|t| !t.is_empty()) {
                None => break,
                Some(token) if !tokens_seen.insert(token.clone()) => {
                    return Err(invalid_listing(
                        super::PROVIDER,
                        operation,
                        format!(
                            "page token {token:?} came back twice; the listing would never end"
                        ),
                    ));
                }
                Some(token) => page_token = Some(token),
            }
        }
        Ok(pass.complete())
    }
}

/// A repository as an error message names it: id and name, as far as it
/// has them.
fn describe(repo: &Repository) -> String {
    let parts: Vec<String> = [&repo.id, &repo.name]
        .into_iter()
        .flatten()
        .map(|text| format!("`{}`", crate::redact::escape_inline(text)))
        .collect();
    if parts.is_empty() {
        return "(no id, no name)".to_owned();
    }
    parts.join(" ")
}

impl RepoListing for SourceCraft {
    async fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> Result<OwnerRepos, OwnerListError> {
        let owners = SourceCraftOwners::new(connection, options)?;
        Ok(owners.list_repos(owner).await?)
    }
}
