//! The accept loop: one hyper HTTP/1 connection per accepted socket, each
//! serving the router, with graceful shutdown.
//!
//! Each connection carries a [`DropConnection`] signal in its requests'
//! extensions. When a handler triggers it, the loop below drops the hyper
//! connection future, which closes the socket before any response byte is
//! written: the client sees its request vanish although the server acted.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// How long shutdown waits for requests in flight before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Closes the connection a request arrived on, without answering it.
#[derive(Clone, Debug)]
pub(crate) struct DropConnection(Arc<Notify>);

impl DropConnection {
    pub fn trigger(&self) {
        // notify_one keeps a permit, so the signal is not lost if the
        // connection loop is not waiting at this instant.
        self.0.notify_one();
    }
}

/// Serves until `shutdown` turns true (or its sender is dropped).
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    let watcher = shutdown.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    connections.spawn(serve_connection(stream, router.clone(), watcher.clone()));
                }
                // Running out of file descriptors is transient: pause rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            () = stopped(&mut shutdown) => break,
        }
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    // Each connection saw the same signal and is finishing its request in flight.
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, drain).await.is_err() {
        connections.shutdown().await;
    }
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let dropper = Arc::new(Notify::new());
    let signal = DropConnection(dropper.clone());
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(signal.clone());
        router.clone().oneshot(request)
    });
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let mut closing = false;
    loop {
        tokio::select! {
            // A client that vanished or spoke bad HTTP is its own problem.
            _ = connection.as_mut() => return,
            // Returning drops the connection future and with it the socket.
            () = dropper.notified() => return,
            () = stopped(&mut shutdown), if !closing => {
                connection.as_mut().graceful_shutdown();
                closing = true;
            }
        }
    }
}

/// Resolves once shutdown is asked for, or once nobody can ask any more.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    // An error means the sender is gone: the sandbox handle was dropped.
    let _ = shutdown.wait_for(|stop| *stop).await;
}
