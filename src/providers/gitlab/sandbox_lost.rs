//! The GitLab side's lost answers, as its faults say: the first N closes
//! (`PUT …/milestones/:id` with `state_event=close`) are carried out, then
//! their connection is closed before any answer byte, as a proxy that
//! times out does, so that a client must find the close done and not close
//! (nor create) again.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::GitLab;
use crate::sandbox::{DropConnection, Shared, lock};

/// Whether a request body asks to close a milestone.
fn closes(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .is_some_and(|body| body["state_event"] == "close")
}

/// Loses the answers of the first closes, as the faults say.
pub(crate) async fn lose_closes(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let wanted = lock(&shared.faults).faults().gitlab().lose_close_answers;
    if wanted == 0 || request.method() != Method::PUT {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
        return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let is_close = closes(&body);
    let drop = parts.extensions.get::<DropConnection>().cloned();
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    if !is_close || !response.status().is_success() {
        return response;
    }
    let lose = {
        let mut store = shared.stores.of::<GitLab>();
        let lose = store.closes_lost < wanted;
        if lose {
            store.closes_lost += 1;
        }
        lose
    };
    match drop {
        Some(drop) if lose => {
            drop.trigger();
            std::future::pending().await
        }
        _ => response,
    }
}
