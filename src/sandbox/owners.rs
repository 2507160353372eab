//! What the imitations' owner listings (`/orgs/{org}/repos`,
//! `/users/{username}/repos`) share: which of the two was asked for, when
//! its owner exists as that kind (an owner of held repositories is an
//! organisation unless declared a user), and the two routes' handlers,
//! which hand the request to the imitation's [`OwnerListing`].

use std::sync::Arc;

use axum::{
    extract::{FromRequestParts, Path, RawQuery, State},
    response::Response,
};

use super::Shared;

/// Which listing was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OwnerKind {
    Organisation,
    User,
}

impl OwnerKind {
    /// Whether an owner exists as this kind: a user when declared one, an
    /// organisation when it holds repositories and is no user.
    pub fn exists(self, is_user: bool, holds_repositories: bool) -> bool {
        match self {
            OwnerKind::Organisation => !is_user && holds_repositories,
            OwnerKind::User => is_user,
        }
    }
}

/// An imitation's listing of an owner's repositories.
pub(crate) trait OwnerListing: Send + Sync + 'static {
    /// What else the listing reads of the request (its URI, its headers).
    type Request: FromRequestParts<Arc<Shared>> + Send;

    /// The page of `owner`'s repositories that `query` asks for, when the
    /// owner exists as `kind`.
    fn list(
        shared: &Shared,
        owner: &str,
        kind: OwnerKind,
        request: Self::Request,
        query: Option<&str>,
    ) -> Response;
}

/// `GET /orgs/{org}/repos`.
pub(crate) async fn list_org<L: OwnerListing>(
    State(shared): State<Arc<Shared>>,
    Path(org): Path<String>,
    request: L::Request,
    RawQuery(query): RawQuery,
) -> Response {
    L::list(
        &shared,
        &org,
        OwnerKind::Organisation,
        request,
        query.as_deref(),
    )
}

/// `GET /users/{username}/repos`.
pub(crate) async fn list_user<L: OwnerListing>(
    State(shared): State<Arc<Shared>>,
    Path(username): Path<String>,
    request: L::Request,
    RawQuery(query): RawQuery,
) -> Response {
    L::list(
        &shared,
        &username,
        OwnerKind::User,
        request,
        query.as_deref(),
    )
}
