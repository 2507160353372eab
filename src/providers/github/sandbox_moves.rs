//! What changes under a running client, as the GitHub sandbox imitates it:
//! a repository renamed or transferred answers on its old name with a
//! redirect to the new one (301 for reads, 307 for writes, as GitHub does),
//! and a token that expires after a number of requests answers 401 from
//! then on.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::sandbox::{bad_credentials, message};
use crate::sandbox::{Shared, lock};

/// A repository that moved: requests to `from` (`owner/repo`) are
/// redirected to `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moved {
    pub from: String,
    pub to: String,
}

impl std::str::FromStr for Moved {
    type Err = String;

    /// `OLD=NEW`, both `owner/repo`.
    fn from_str(text: &str) -> Result<Moved, String> {
        let usage = || format!("`{text}` is not OWNER/OLD=OWNER/NEW");
        let (from, to) = text.split_once('=').ok_or_else(usage)?;
        let valid = |name: &str| name.split('/').filter(|part| !part.is_empty()).count() == 2;
        if !valid(from) || !valid(to) {
            return Err(usage());
        }
        Ok(Moved {
            from: from.to_owned(),
            to: to.to_owned(),
        })
    }
}

/// Answers for an expired token or a moved repository before anything
/// else; other requests go on.
pub(crate) async fn moves(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let faults = lock(&shared.faults).faults().clone();
    if let Some(limit) = faults.github().token_expires_after {
        // The gate has counted this request already.
        let seen: u64 = lock(&shared.stats)
            .routes
            .iter()
            .filter(|(route, _)| route.starts_with("github "))
            .map(|(_, count)| count)
            .sum();
        if seen > limit {
            return bad_credentials();
        }
    }
    match faults
        .github()
        .moved
        .iter()
        .find_map(|moved| redirect(&request, moved))
    {
        Some(response) => response,
        None => next.run(request).await,
    }
}

/// The redirect for a request to the old name of `moved`, if it is one.
fn redirect(request: &Request, moved: &Moved) -> Option<Response> {
    let old = format!("/repos/{}", moved.from);
    let path = request.uri().path();
    let rest = &path[path.find(&old)? + old.len()..];
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let origin = super::sandbox::origin(request.headers());
    let mut location = format!("{origin}/repos/{}{rest}", moved.to);
    if let Some(query) = request.uri().query() {
        location = format!("{location}?{query}");
    }
    let status = if request.method() == axum::http::Method::GET {
        StatusCode::MOVED_PERMANENTLY
    } else {
        StatusCode::TEMPORARY_REDIRECT
    };
    let mut response = message(status, "Moved Permanently").into_response();
    let value = HeaderValue::from_str(&location).ok()?;
    response.headers_mut().insert(header::LOCATION, value);
    Some(response)
}
