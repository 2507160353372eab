//! Every repository of a v5 owner: the organisation of that name, or when
//! there is none (404) the user, read page by page as the milestone
//! listing is read, never losing one. A member supplies its client and one
//! page of each listing ([`V5::repos_page`]), and its generated repository
//! read through [`WireRepository`].

use std::fmt;

use super::{V5, paging::header_number};
use crate::forge::RepoListing;
use crate::location::OwnerRef;
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    error::{ApiError, Failure},
    number::WholeNumber,
    owner::{OwnerKind, OwnerListError, OwnerRepos, address, checked_owner},
    owner_pass::OwnerPass,
    rereads::{Listed, Pass, READS, Rereads},
    retry::{Idempotence, RetryPolicy},
};

/// A generated repository of the family, read through these accessors.
pub trait WireRepository: Send + 'static {
    fn id(&self) -> Option<&WholeNumber>;
    fn path(&self) -> Option<&str>;
    fn name(&self) -> Option<&str>;
    fn full_name(&self) -> Option<&str>;
    /// The path of its namespace (the owner it lives under).
    fn namespace_path(&self) -> Option<&str>;
}

/// The owner-level operations of a v5 provider.
pub struct V5Owners<P: V5> {
    client: P::Client,
    retry: RetryPolicy,
}

impl<P: V5> Clone for V5Owners<P> {
    fn clone(&self) -> Self {
        V5Owners {
            client: self.client.clone(),
            retry: self.retry,
        }
    }
}

impl<P: V5> fmt::Debug for V5Owners<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V5Owners")
            .field("client", &self.client)
            .field("retry", &self.retry)
            .finish()
    }
}

impl<P: V5> V5Owners<P> {
    /// Talks through the same transport, and so the same pacer, as every
    /// other client of `connection`.
    pub fn new(
        connection: &Connection,
        options: &ClientOptions,
    ) -> Result<V5Owners<P>, ConnectionError> {
        Ok(V5Owners {
            client: P::client(connection, options)?,
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
        let operation = format!("list the repositories of {}:{owner}", P::ID);
        let owner = checked_owner(P::PROVIDER, owner, &operation)?;
        match self.list_kind(&owner, OwnerKind::Organisation).await {
            Err(error) if error.status() == Some(404) => {}
            other => return other,
        }
        match self.list_kind(&owner, OwnerKind::User).await {
            Err(error) if error.status() == Some(404) => Err(ApiError::new(
                P::PROVIDER,
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
        let operation = format!("list the repositories of {kind} {}:{}", P::ID, owner.owner);
        let mut rereads = Rereads::default();
        for _ in 0..READS {
            let pass = self.read_pages(owner, kind, &operation).await?;
            if let Some((names, elsewhere)) = rereads.complete(pass) {
                return Ok(OwnerRepos::new(owner.clone(), kind, names, elsewhere));
            }
        }
        Err(rereads.exhausted(P::PROVIDER, operation, Listed::Repositories))
    }

    /// One page of the organisation's or the user's listing.
    async fn page(
        &self,
        owner: &str,
        kind: OwnerKind,
        page: u64,
        operation: &str,
    ) -> Result<progenitor_client::ResponseValue<Vec<P::Repository>>, ApiError> {
        self.retry
            .send_response(Idempotence::Idempotent, P::PROVIDER, operation, || {
                P::repos_page(&self.client, owner, kind, page)
            })
            .await
    }

    /// One reading of the whole listing.
    async fn read_pages(
        &self,
        owner: &OwnerRef,
        kind: OwnerKind,
        operation: &str,
    ) -> Result<Pass<(Vec<String>, Vec<String>)>, ApiError> {
        let mut pass = OwnerPass::new(P::PROVIDER, operation, "path");
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
                let id = repo.id().map(ToString::to_string);
                let described = || describe(&repo);
                let path = address(P::PROVIDER, operation, "path", repo.path(), described)?;
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
fn home(repo: &impl WireRepository) -> Option<&str> {
    repo.namespace_path().or_else(|| {
        repo.full_name()
            .and_then(|full| full.split_once('/'))
            .map(|(owner, _)| owner)
    })
}

/// A repository as an error message names it: id, full name and name,
/// as far as it has them.
fn describe(repo: &impl WireRepository) -> String {
    let mut parts = Vec::new();
    if let Some(id) = repo.id() {
        parts.push(format!("#{id}"));
    }
    for text in [repo.full_name(), repo.name()].into_iter().flatten() {
        parts.push(format!("`{}`", crate::redact::escape_inline(text)));
    }
    if parts.is_empty() {
        return "(no id, no name)".to_owned();
    }
    parts.join(" ")
}

/// Every member lists an owner's repositories the family's way.
impl<P: V5> RepoListing for P {
    async fn list_repos(
        connection: &Connection,
        owner: &str,
        options: &ClientOptions,
    ) -> Result<OwnerRepos, OwnerListError> {
        let owners = V5Owners::<P>::new(connection, options)?;
        Ok(owners.list_repos(owner).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository with only what these tests read.
    #[derive(serde::Deserialize)]
    struct Repo {
        id: Option<WholeNumber>,
        path: Option<String>,
        name: Option<String>,
        full_name: Option<String>,
        namespace: Option<Namespace>,
    }

    #[derive(serde::Deserialize)]
    struct Namespace {
        path: Option<String>,
    }

    impl WireRepository for Repo {
        fn id(&self) -> Option<&WholeNumber> {
            self.id.as_ref()
        }
        fn path(&self) -> Option<&str> {
            self.path.as_deref()
        }
        fn name(&self) -> Option<&str> {
            self.name.as_deref()
        }
        fn full_name(&self) -> Option<&str> {
            self.full_name.as_deref()
        }
        fn namespace_path(&self) -> Option<&str> {
            self.namespace.as_ref()?.path.as_deref()
        }
    }

    fn repo(json: &str) -> Repo {
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
