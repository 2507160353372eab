//! The URL layout: each provider's operations (milestones, and the
//! repositories of owners) under its own prefix, each behind the gate that
//! injects faults and checks tokens (GitHub's also behind its rate limits).

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::get;

use super::gate::{self, Gate};
use super::{Provider, Shared, gitcode, gitcode_owners, sourcecraft, sourcecraft_owners};
use crate::providers::github::{sandbox as github, sandbox_owners as github_owners};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let gitcode = Router::new()
        .route(
            "/repos/{owner}/{repo}/milestones",
            get(gitcode::list).post(gitcode::create),
        )
        .route(
            "/repos/{owner}/{repo}/milestones/{number}",
            get(gitcode::get)
                .patch(gitcode::update)
                .delete(gitcode::delete),
        )
        .route("/orgs/{org}/repos", get(gitcode_owners::list_org))
        .route("/users/{username}/repos", get(gitcode_owners::list_user))
        .route_layer(from_fn_with_state(
            Gate::new(shared.clone(), Provider::GitCode),
            gate::gate,
        ))
        .fallback(gitcode::fallback)
        .with_state(shared.clone());
    let sourcecraft = Router::new()
        .route(
            "/repos/{org_slug}/{repo_slug}/milestones",
            get(sourcecraft::list).post(sourcecraft::create),
        )
        .route(
            "/repos/{org_slug}/{repo_slug}/milestones/{milestone_slug}",
            get(sourcecraft::get)
                .patch(sourcecraft::update)
                .delete(sourcecraft::delete),
        )
        .route("/orgs/{org_slug}/repos", get(sourcecraft_owners::list))
        .route(
            "/repos/{org_slug}/{repo_slug}",
            get(sourcecraft_owners::get),
        )
        .route_layer(from_fn_with_state(
            Gate::new(shared.clone(), Provider::SourceCraft),
            gate::gate,
        ))
        .fallback(sourcecraft::fallback)
        .with_state(shared.clone());
    let github = Router::new()
        .route(
            "/repos/{owner}/{repo}/milestones",
            get(github::list).post(github::create),
        )
        .route("/repositories/{id}/milestones", get(github::list_by_id))
        .route(
            "/repos/{owner}/{repo}/milestones/{number}",
            get(github::get)
                .patch(github::update)
                .delete(github::delete),
        )
        .route("/orgs/{org}/repos", get(github_owners::list_org))
        .route("/users/{username}/repos", get(github_owners::list_user))
        .route(
            "/organizations/{id}/repos",
            get(github_owners::list_org_by_id),
        )
        .route("/user/{id}/repos", get(github_owners::list_user_by_id))
        .route_layer(from_fn_with_state(shared.clone(), github::limits))
        .route_layer(from_fn_with_state(
            Gate::new(shared.clone(), Provider::GitHub),
            gate::gate,
        ))
        .fallback(github::fallback)
        .with_state(shared);
    Router::new()
        .nest(Provider::GitCode.prefix(), gitcode)
        .nest(Provider::SourceCraft.prefix(), sourcecraft)
        .nest(Provider::GitHub.prefix(), github)
        .fallback(|| async { StatusCode::NOT_FOUND })
}
