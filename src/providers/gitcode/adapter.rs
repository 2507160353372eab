//! The GitCode adapter: the family's repository client ([`V5Repo`]) as
//! GitCode's reading (its trace id, its 418, its published limits), its
//! error body, its client's hook into the shared transport and the bag its
//! milestone keeps unknown fields in.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::{Request, Response};

use super::GitCode;
use crate::forge::{Reading, Sink};
use crate::net::{
    ClientOptions,
    connection::{Connection, ConnectionError},
    decode,
    error::{ApiError, ErrorBody},
    number::WholeNumber,
    transport::Transport,
};
use crate::protocols::v5::V5Repo;
use crate::provider::{RepoRef, rate::RateLimits};
use crate::providers::gitcode::client::{
    Client,
    types::{Error, Milestone},
};

impl ErrorBody for Error {
    fn message(&self) -> Option<String> {
        let text = |value: &serde_json::Value| match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        self.message
            .clone()
            .or_else(|| self.error_message.clone())
            .or_else(|| self.error.as_ref().map(text))
    }

    /// GitCode's support handle for a failed request.
    fn request_id(&self) -> Option<String> {
        self.trace_id.clone()
    }
}

/// One GitCode repository: the family's client over GitCode's.
pub type GitCodeRepo = V5Repo<GitCode>;

impl Reading for GitCode {
    type Repo = GitCodeRepo;

    fn connect(
        connection: &Connection,
        repo: &RepoRef,
        options: &ClientOptions,
    ) -> Result<GitCodeRepo, ConnectionError> {
        V5Repo::new(connection, repo, options)
    }

    fn repo(repo: &GitCodeRepo) -> &RepoRef {
        repo.repo()
    }

    fn transport(repo: &GitCodeRepo) -> &Transport {
        repo.transport()
    }

    fn base_url(repo: &GitCodeRepo) -> &str {
        repo.base_url()
    }

    /// Every milestone, with the closed ones GitCode's `state=all` left
    /// out added (see [`V5Repo::complete_closed_into`]).
    async fn list(
        repo: &GitCodeRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Vec<Milestone>, Vec<String>), ApiError> {
        repo.list_checked(on_page).await
    }

    async fn list_again(repo: &GitCodeRepo) -> Result<Vec<Milestone>, ApiError> {
        repo.list_all(|_| {}).await
    }

    async fn list_checked_into(
        repo: &GitCodeRepo,
        on_page: &mut (dyn FnMut(usize) + Send),
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<Vec<String>, ApiError> {
        repo.list_checked_into(on_page, sink).await
    }

    async fn list_into(
        repo: &GitCodeRepo,
        sink: &mut (dyn Sink<Milestone> + Send),
    ) -> Result<(), ApiError> {
        repo.list_all_into(&mut |_| {}, sink).await
    }

    async fn delete(repo: &GitCodeRepo, id: &WholeNumber) -> Result<(), ApiError> {
        repo.delete(id).await
    }

    const REQUEST_ID_NAME: &'static str = "trace id";
    const STATUS_ADVICE: &'static [(u16, &'static str)] = &[(
        418,
        "GitCode refused the content as unsafe (418): check the title and description of this milestone for words or links its filter rejects",
    )];

    /// GitCode's published limits hold against its public API.
    fn published_limits(host: &str) -> Option<RateLimits> {
        host.eq_ignore_ascii_case("api.gitcode.com")
            .then(super::published_limits)
    }
}

impl ClientHooks<Transport> for Client {
    async fn exec(&self, request: Request, _info: &OperationInfo) -> reqwest::Result<Response> {
        self.inner()
            .execute(super::PROVIDER.name(), self.client(), request)
            .await
    }
}

/// Unknown fields are kept, to be written back as they came.
impl decode::Extra for Milestone {
    fn extra_mut(&mut self) -> &mut serde_json::Map<String, serde_json::Value> {
        &mut self.extra
    }
}

#[cfg(test)]
mod decode_tests {
    use serde_json::{Value, json};

    use crate::net::decode::milestone;
    use crate::providers::gitcode::client as gitcode;

    #[test]
    fn keeps_nulls_and_numbers_as_sent() {
        let sent: Value = serde_json::from_str(
            r#"{"number": "83", "title": "t", "id": null, "due_on": null,
                "repository_id": 123456789012345678901234567890, "x": 1}"#,
        )
        .unwrap();
        let read: gitcode::types::Milestone = milestone(sent.clone()).unwrap();
        assert_eq!(read.number, 83);
        assert_eq!(read.id, None);
        let written: Value = serde_json::from_str(&serde_json::to_string(&read).unwrap()).unwrap();
        let mut sent_sorted: Vec<_> = sent
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        let mut written_sorted: Vec<_> = written
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        sent_sorted.sort();
        written_sorted.sort();
        assert_eq!(written_sorted, sent_sorted);
        let error = milestone::<gitcode::types::Milestone>(json!({"number": "x1", "title": "t"}))
            .unwrap_err();
        assert!(error.contains("x1"), "{error}");
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn published_limits_hold_on_the_public_api_alone() {
        assert!(GitCode::published_limits("api.gitcode.com").is_some());
        assert!(GitCode::published_limits("API.GitCode.com").is_some());
        assert!(GitCode::published_limits("127.0.0.1").is_none());
        assert!(GitCode::published_limits("gitcode.example.com").is_none());
    }
}
