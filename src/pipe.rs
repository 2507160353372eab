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
/// pipe (at most [`PATIENCE`]), when standard output is not a terminal.
pub fn wait_until_read() {
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        return;
    }
    let started = Instant::now();
    let mut waited = false;
    while unread(&stdout).is_some_and(|bytes| bytes > 0) && started.elapsed() < PATIENCE {
        waited = true;
        std::thread::sleep(Duration::from_millis(5));
    }
    if waited || unread(&stdout).is_some() {
        std::thread::sleep(SETTLE);
    }
}

/// How many bytes the pipe holds unread; `None` where that cannot be told
/// (not a pipe, not Unix).
#[cfg(unix)]
fn unread(stdout: &std::io::Stdout) -> Option<u64> {
    use std::os::fd::AsFd;
    let fd = stdout.as_fd();
    let metadata = std::fs::File::from(fd.try_clone_to_owned().ok()?)
        .metadata()
        .ok()?;
    use std::os::unix::fs::FileTypeExt;
    if !metadata.file_type().is_fifo() {
        return None;
    }
    rustix::io::ioctl_fionread(fd).ok()
}

#[cfg(not(unix))]
fn unread(_stdout: &std::io::Stdout) -> Option<u64> {
    None
}
