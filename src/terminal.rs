//! Whether a key typed on the terminal reaches this process: the terminal
//! sends Ctrl-C's SIGINT to its foreground process group alone, so a
//! process started in the background (`mileport sandbox &`), or with its
//! standard input not a terminal, cannot be stopped that way.

use std::io::IsTerminal;

/// Whether Ctrl-C typed on our terminal would reach this process: standard
/// input is a terminal and our process group is its foreground group. Where
/// `/proc` cannot tell (not Linux), a terminal on standard input is taken as
/// enough.
pub fn ctrl_c_reaches_us() -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|stat| in_foreground(&stat))
        .unwrap_or(true)
}

/// From `/proc/self/stat`: whether the process group (the 5th field) is the
/// terminal's foreground group (the 8th). The command's name, 2nd, is in
/// parentheses and may hold spaces, so fields are counted after it.
fn in_foreground(stat: &str) -> Option<bool> {
    let (_, after_name) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let group: i64 = fields.get(2)?.parse().ok()?;
    let foreground: i64 = fields.get(5)?.parse().ok()?;
    Some(group == foreground)
}

#[cfg(test)]
mod tests {
    use super::in_foreground;

    #[test]
    fn the_foreground_group_is_read_after_the_name() {
        // pid (comm) state ppid pgrp session tty_nr tpgid ...
        let foreground = "4242 (mile port) S 1 4242 4242 34816 4242 4194560 0";
        let background = "4243 (a) b) S 1 4243 4100 34816 4100 4194560 0";
        assert_eq!(in_foreground(foreground), Some(true));
        assert_eq!(in_foreground(background), Some(false));
        assert_eq!(in_foreground("4244 (cut"), None);
    }
}
