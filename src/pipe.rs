//! Standard output piped to another program that shows it (`mileport
//! migrate … | tee plan.txt`): what was written is on its way, but the
//! reader may not have shown it yet. A question asked on the terminal
//! meanwhile would come before the plan it asks about, so it waits until
//! the reader has taken everything from the pipe.

use std::{
    io::IsTerminal,
    time::{Duration, Instant},
};

/// The longest wait for a reader that does not read.
const PATIENCE: Duration = Duration::from_secs(2);

/// What the reader needs, after it took the last bytes, to show them.
const SETTLE: Duration = Duration::from_millis(50);

/// Waits until nothing written to standard output is left unread in its
/// pipe (at most [`PATIENCE`]), when standard output is a pipe.
pub fn wait_until_read() {
    let stdout = std::io::stdout();
    if stdout.is_terminal() || !is_pipe(&stdout) {
        return;
    }
    let started = Instant::now();
    while unread(&stdout).is_some_and(|bytes| bytes > 0) && started.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(SETTLE);
}

/// Whether standard output is a pipe (not a file, not a device).
#[cfg(unix)]
fn is_pipe(stdout: &std::io::Stdout) -> bool {
    use std::os::{fd::AsFd, unix::fs::FileTypeExt};
    stdout
        .as_fd()
        .try_clone_to_owned()
        .ok()
        .and_then(|fd| std::fs::File::from(fd).metadata().ok())
        .is_some_and(|metadata| metadata.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_pipe(_stdout: &std::io::Stdout) -> bool {
    false
}

/// How many bytes the pipe holds unread; `None` where that cannot be told.
#[cfg(unix)]
fn unread(stdout: &std::io::Stdout) -> Option<u64> {
    use std::os::fd::AsFd;
    rustix::io::ioctl_fionread(stdout.as_fd()).ok()
}

#[cfg(not(unix))]
fn unread(_stdout: &std::io::Stdout) -> Option<u64> {
    None
}
