//! A shell command run on a terminal of its own (`script` gives it one):
//! what the terminal shows is read as it comes, and keys are typed only
//! once the line a test waits for is shown, never after a guessed sleep.

use std::{
    io::{Read, Write},
    process::{Child, ChildStdin, Command, Stdio},
    sync::mpsc::{Receiver, RecvTimeoutError, channel},
    time::{Duration, Instant},
};

/// How long a test waits for a line before it fails.
const PATIENCE: Duration = Duration::from_secs(60);

pub struct Terminal {
    child: Child,
    keys: Option<ChildStdin>,
    shown: Receiver<Vec<u8>>,
    /// Everything the terminal has shown so far.
    seen: String,
}

impl Terminal {
    /// Starts `sh -c COMMAND` on a new terminal, with `env` added (a
    /// `TERM` there replaces the default `dumb`, which draws no bars).
    pub fn start(command: &str, env: &[(&str, String)]) -> Terminal {
        let mut child = Command::new("script")
            .args(["-qec", command, "/dev/null"])
            .env("SHELL", "/bin/sh")
            // A terminal without cursor movement, unless the test asks for one.
            .env("TERM", "dumb")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut output = child.stdout.take().unwrap();
        let (send, shown) = channel();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(read @ 1..) = output.read(&mut buffer) {
                if send.send(buffer[..read].to_vec()).is_err() {
                    break;
                }
            }
        });
        let keys = child.stdin.take();
        Terminal {
            child,
            keys,
            shown,
            seen: String::new(),
        }
    }

    /// Waits until the terminal has shown `text`; everything shown so far.
    pub fn wait_for(&mut self, text: &str) -> &str {
        let deadline = Instant::now() + PATIENCE;
        while !self.seen.contains(text) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.shown.recv_timeout(left) {
                Ok(bytes) => self.seen.push_str(&String::from_utf8_lossy(&bytes)),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("waited for {text:?}; the terminal showed:\n{}", self.seen)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("ended before {text:?}; the terminal showed:\n{}", self.seen)
                }
            }
        }
        &self.seen
    }

    /// Types `keys` on the terminal.
    pub fn type_keys(&mut self, keys: &[u8]) {
        let input = self.keys.as_mut().unwrap();
        input.write_all(keys).unwrap();
        input.flush().unwrap();
    }

    /// Waits for the command to end: its exit code, and all it showed.
    pub fn finish(mut self) -> (Option<i32>, String) {
        let status = self.child.wait().unwrap();
        drop(self.keys.take());
        while let Ok(bytes) = self.shown.recv_timeout(PATIENCE) {
            self.seen.push_str(&String::from_utf8_lossy(&bytes));
        }
        (status.code(), self.seen.replace("\r\n", "\n"))
    }
}
