//! What a command that writes says and does when a signal comes: the
//! first asks the run to stop and says so through the printer (so it never
//! shares a line with a bar), the second ends the process at once, and one
//! that comes while a question holds the terminal ends it at once too.

use std::io::Write;

use crate::{
    exit::Exit,
    interrupt::{self, Cause, Signals, Stop},
    printer::Printer,
};

/// Listens for SIGINT, SIGTERM and SIGHUP from now on. Must be called
/// inside the runtime.
pub fn stop_on_signals(printer: &Printer) -> Stop {
    let printer = printer.clone();
    let stop = Stop::new();
    let flag = stop.clone();
    let mut signals = Signals::listen();
    tokio::spawn(async move {
        let Some(first) = signals.next().await else {
            return;
        };
        interrupt::note_received(first);
        if interrupt::asking() {
            // The prompt holds the terminal: write past it directly.
            let _ = writeln!(
                std::io::stderr(),
                "\nmileport: cancelled by {}: nothing written",
                first.name()
            );
            std::process::exit(Exit::of_signal(first) as i32);
        }
        flag.request(Cause::Signal(first));
        printer.err(format!(
            "mileport: stopping ({}): no new requests; waiting for those under way (press Ctrl-C again to quit at once)",
            first.name()
        ));
        if let Some(second) = signals.next().await {
            printer.err("mileport: quit at once; run the same command again to finish");
            std::process::exit(Exit::of_signal(second) as i32);
        }
    });
    stop
}
