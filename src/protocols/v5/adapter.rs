//! The family's repository client: single milestones and labels read and
//! written, over a member's generated client ([`V5`]'s calls). Its
//! listings are read in `listing.rs`.

use std::{fmt, future::Future};

use progenitor_client::ClientInfo;

use super::{Answer, LabelChange, LabelFields, V5};
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    error::{ApiError, Failure},
    number::WholeNumber,
    retry::{Idempotence, RetryPolicy},
    transport::Transport,
};
use crate::provider::RepoRef;

/// One repository of a v5 provider.
pub struct V5Repo<P: V5> {
    pub(super) client: P::Client,
    pub(super) repo: RepoRef,
    pub(super) retry: RetryPolicy,
}

impl<P: V5> Clone for V5Repo<P> {
    fn clone(&self) -> Self {
        V5Repo {
            client: self.client.clone(),
            repo: self.repo.clone(),
            retry: self.retry,
        }
    }
}

impl<P: V5> fmt::Debug for V5Repo<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("V5Repo")
            .field("client", &self.client)
            .field("repo", &self.repo)
            .field("retry", &self.retry)
            .finish()
    }
}

/// An answer that does not read as what was asked for.
pub(super) fn invalid<P: V5>(operation: &str, message: String) -> ApiError {
    ApiError::new(
        P::PROVIDER,
        operation,
        Failure::InvalidResponse {
            status: Some(200),
            message,
        },
    )
}

impl<P: V5> V5Repo<P> {
    pub fn new(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<V5Repo<P>, ConnectionError> {
        Ok(V5Repo {
            client: P::client(connection, options)?,
            repo: repo.clone(),
            retry: options.retry,
        })
    }

    pub fn repo(&self) -> &RepoRef {
        &self.repo
    }

    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        self.client.baseurl()
    }

    pub fn transport(&self) -> &Transport {
        self.client.inner()
    }

    /// Sends one request, retried as `idempotence` allows.
    pub(super) async fn send<T, Fut>(
        &self,
        idempotence: Idempotence,
        operation: &str,
        request: impl Fn() -> Fut,
    ) -> Result<T, ApiError>
    where
        Fut: Future<Output = Answer<T, P>>,
    {
        self.retry
            .send(idempotence, P::PROVIDER, operation, request)
            .await
    }

    pub async fn get(&self, number: &WholeNumber) -> Result<P::Object, ApiError> {
        let operation = format!("get milestone {number} of {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, || {
            P::get_milestone(&self.client, &self.repo, number)
        })
        .await
    }

    /// Creates a milestone. Failures that may have stored it anyway are
    /// returned, not retried: the caller checks the repository first.
    pub async fn create(&self, body: &P::CreateMilestone) -> Result<P::Object, ApiError> {
        let operation = format!(
            "create milestone {:?} in {}",
            P::create_title(body),
            self.repo
        );
        self.send(Idempotence::NotIdempotent, &operation, || {
            P::create_milestone(&self.client, &self.repo, body)
        })
        .await
    }

    pub async fn update(
        &self,
        number: &WholeNumber,
        body: &P::UpdateMilestone,
    ) -> Result<P::Object, ApiError> {
        let operation = format!(
            "update milestone {number} ({:?}) in {}",
            P::update_title(body),
            self.repo
        );
        self.send(Idempotence::Idempotent, &operation, || {
            P::update_milestone(&self.client, &self.repo, number, body)
        })
        .await
    }

    pub async fn delete(&self, number: &WholeNumber) -> Result<(), ApiError> {
        let operation = format!("delete milestone {number} of {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, || {
            P::delete_milestone(&self.client, &self.repo, number)
        })
        .await
    }

    /// Creates a label. Failures that may have stored it anyway are
    /// returned, not retried.
    pub async fn create_label(&self, fields: &LabelFields) -> Result<P::Label, ApiError> {
        let operation = format!("create label {:?} in {}", fields.name, self.repo);
        self.send(Idempotence::NotIdempotent, &operation, || {
            P::create_label(&self.client, &self.repo, fields)
        })
        .await
    }

    /// Sends the fields `change` holds to the label called `name`.
    pub async fn update_label(
        &self,
        name: &str,
        change: &LabelChange,
    ) -> Result<P::Label, ApiError> {
        let operation = format!("update label {name:?} in {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, || {
            P::update_label(&self.client, &self.repo, name, change)
        })
        .await
    }

    pub async fn delete_label(&self, name: &str) -> Result<(), ApiError> {
        let operation = format!("delete label {name:?} of {}", self.repo);
        self.send(Idempotence::Idempotent, &operation, || {
            P::delete_label(&self.client, &self.repo, name)
        })
        .await
    }
}
