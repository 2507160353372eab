//! The sandbox's imitation of what a GitHub token may do in a repository:
//! `GET /repos/{owner}/{repo}` with the `permissions` of the token's user
//! (`--github-role`) and `archived` (`--github-archived`), and the 403
//! GitHub answers to a write neither allows.

use std::sync::Arc;

use axum::{
    Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::sandbox::{message, not_found, origin};
use crate::sandbox::{Faults, Shared, lock};

/// The token's user's role in every repository.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum GitHubRole {
    Pull,
    Triage,
    Push,
    Maintain,
    #[default]
    Admin,
}

impl GitHubRole {
    /// The `permissions` object GitHub gives for the role: each role has
    /// every right of those below it.
    fn permissions(self) -> Value {
        let at_least = |role: GitHubRole| self as u8 >= role as u8;
        json!({
            "admin": at_least(GitHubRole::Admin),
            "maintain": at_least(GitHubRole::Maintain),
            "push": at_least(GitHubRole::Push),
            "triage": at_least(GitHubRole::Triage),
            "pull": true,
        })
    }
}

/// The refusal of a write the role or an archived repository does not
/// allow, as GitHub words it.
pub(crate) fn write_refusal(faults: &Faults) -> Option<Response> {
    if faults.github().archived {
        Some(message(
            StatusCode::FORBIDDEN,
            "Repository was archived so is read-only.",
        ))
    } else if faults.github().role == GitHubRole::Pull {
        Some(message(
            StatusCode::FORBIDDEN,
            "Must have admin rights to Repository.",
        ))
    } else {
        None
    }
}

/// One repository ("full-repository"), with what the token may do there.
pub(crate) async fn get_repository(
    State(shared): State<Arc<Shared>>,
    Path((owner, repo)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let base = origin(&headers);
    let Some(mut answer) = super::sandbox_owners::one(&shared, &base, &owner, &repo) else {
        return not_found();
    };
    let faults = lock(&shared.faults).faults().clone();
    answer["permissions"] = faults.github().role.permissions();
    answer["archived"] = Value::Bool(faults.github().archived);
    Json(answer).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_has_the_rights_below_it() {
        let triage = GitHubRole::Triage.permissions();
        assert_eq!(triage["triage"], true);
        assert_eq!(triage["push"], false);
        let pull = GitHubRole::Pull.permissions();
        assert_eq!(pull["triage"], false);
        assert_eq!(pull["pull"], true);
        assert_eq!(GitHubRole::Admin.permissions()["admin"], true);
    }
}
