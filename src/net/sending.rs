//! A task's hook on its own requests: run just before each request the
//! task sends leaves, after any pacing wait and on every retry. The create
//! journal uses it to note when a create really went out, since a create
//! may land as late as that plus the request timeout.

use std::sync::Arc;

/// What runs as each request of a watched task leaves.
pub type Hook = Arc<dyn Fn() + Send + Sync>;

tokio::task_local! {
    static ON_SEND: Hook;
}

/// Runs `future` with `hook` called as each of its requests leaves.
pub async fn watched<F: Future>(hook: Hook, future: F) -> F::Output {
    ON_SEND.scope(hook, future).await
}

/// Called by the transport as a request leaves; nothing outside a watched task.
pub(crate) fn leaving() {
    let _ = ON_SEND.try_with(|hook| hook());
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    #[tokio::test]
    async fn only_a_watched_task_calls_its_hook() {
        let calls = Arc::new(AtomicU32::new(0));
        let counter = calls.clone();
        let hook: Hook = Arc::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        leaving();
        watched(hook, async {
            leaving();
            leaving();
        })
        .await;
        leaving();
        assert_eq!(calls.load(Ordering::Relaxed), 2);
    }
}
