//! The URL layout: each provider's imitation under its own prefix, every
//! route behind the gate that injects faults, checks tokens and counts.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::response::Response;

use super::Shared;
use super::gate::{self, Gate};
use super::imitation::Imitation;
use super::side::sides;

/// One provider's routes, gated.
pub(crate) fn mount<I: Imitation>(shared: &Arc<Shared>) -> Router {
    I::routes(Router::new(), shared)
        .route_layer(from_fn_with_state(
            Gate::<I>::new(shared.clone()),
            gate::gate::<I>,
        ))
        .fallback(not_found::<I>)
        .with_state(shared.clone())
}

async fn not_found<I: Imitation>(State(shared): State<Arc<Shared>>) -> Response {
    I::not_found(&shared)
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    sides()
        .iter()
        .fold(Router::new(), |router, side| {
            router.nest(side.prefix, (side.mount)(&shared))
        })
        .fallback(|| async { StatusCode::NOT_FOUND })
}
