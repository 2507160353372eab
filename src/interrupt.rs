//! Ctrl-C for commands that write: the first one asks the run to stop
//! (no new requests; those in flight may finish; what was done is
//! reported), the second one ends the process at once with code 130.

use std::sync::Arc;

use tokio::sync::watch;

use crate::exit::Exit;

/// Whether the user asked the run to stop. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Stop {
    flag: Arc<watch::Sender<bool>>,
}

impl Default for Stop {
    fn default() -> Self {
        Stop::new()
    }
}

impl Stop {
    /// A stop nobody asks for until [`Stop::request`] is called.
    pub fn new() -> Stop {
        Stop {
            flag: Arc::new(watch::channel(false).0),
        }
    }

    /// Listens for Ctrl-C (SIGINT) from now on: the first requests a stop,
    /// the second exits at once. Must be called inside the runtime.
    pub fn on_ctrl_c() -> Stop {
        let stop = Stop::new();
        let flag = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            flag.request();
            eprintln!(
                "\nmileport: stopping: no new requests; waiting for those under way (press Ctrl-C again to quit at once)"
            );
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("mileport: quit at once; run the same command again to finish");
                std::process::exit(Exit::Interrupted as i32);
            }
        });
        stop
    }

    pub fn request(&self) {
        self.flag.send_replace(true);
    }

    pub fn requested(&self) -> bool {
        *self.flag.borrow()
    }

    /// Resolves once a stop is requested (never, if nobody asks).
    pub async fn wait(&self) {
        let mut watcher = self.flag.subscribe();
        // An error means the sender is gone, which cannot happen while self lives.
        let _ = watcher.wait_for(|stop| *stop).await;
    }
}
