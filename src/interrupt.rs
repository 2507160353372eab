//! Ctrl-C for commands that write: the first one asks the run to stop
//! (no new requests; those in flight may finish; what was done is
//! reported), the second one ends the process at once with code 130.

use std::sync::Arc;

use tokio::sync::watch;

use crate::{exit::Exit, printer::Printer};

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
    /// the second exits at once. Must be called inside the runtime. What it
    /// says goes through the printer, so it never shares a line with a bar.
    pub fn on_ctrl_c(printer: &Printer) -> Stop {
        let printer = printer.clone();
        let stop = Stop::new();
        let flag = stop.clone();
        let mut interrupts = Interrupts::listen();
        tokio::spawn(async move {
            if !interrupts.next().await {
                return;
            }
            flag.request();
            printer.err(
                "mileport: stopping: no new requests; waiting for those under way (press Ctrl-C again to quit at once)",
            );
            if interrupts.next().await {
                printer.err("mileport: quit at once; run the same command again to finish");
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

/// SIGINT, listened for from the moment this is made (not from the first
/// poll), so a Ctrl-C right after start is not lost to the default action.
struct Interrupts {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl Interrupts {
    fn listen() -> Interrupts {
        Interrupts {
            #[cfg(unix)]
            signal: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok(),
        }
    }

    /// Waits for the next Ctrl-C; false when none can come.
    async fn next(&mut self) -> bool {
        #[cfg(unix)]
        {
            match &mut self.signal {
                Some(signal) => signal.recv().await.is_some(),
                None => false,
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await.is_ok()
        }
    }
}
