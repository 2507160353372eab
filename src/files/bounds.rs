//! How much of a backup is held at once. A row (CSV) and a value (JSON) are
//! each held whole while they are read, so a file that is no backup (a
//! device that never ends, a huge file of zero bytes, a log on one line)
//! would take all the memory there is: reading stops at the first row or
//! value longer than [`MOST_BYTES`], and says where it starts.

use std::io;

/// The most one header, row or value may hold: far beyond any milestone.
pub const MOST_BYTES: usize = 16 * 1024 * 1024;

/// The longest row or value, as messages say it.
pub const MOST_SHOWN: &str = "16 MiB";

/// A row or value longer than [`MOST_BYTES`]: the 1-based line it starts on.
/// Carried inside an `io::Error` by the readers under the parsers, and made
/// a [`super::FileError::TooLong`] where the file's name is known.
#[derive(Debug, thiserror::Error)]
#[error("longer than {}, from line {line}", MOST_SHOWN)]
pub(crate) struct TooLong {
    pub line: u64,
}

impl TooLong {
    pub(crate) fn into_io(self) -> io::Error {
        io::Error::other(self)
    }

    /// The overlong row or value an I/O error stands for, if it does.
    pub(crate) fn within(error: &io::Error) -> Option<&TooLong> {
        error.get_ref()?.downcast_ref::<TooLong>()
    }
}

/// Follows JSON text byte by byte, knowing how long the string or number
/// being read is so far: serde_json holds each whole before handing it on.
#[derive(Debug)]
pub(crate) struct ValueLength {
    in_string: bool,
    escaped: bool,
    length: usize,
    /// The line the text is on, and the one the current value started on.
    line: u64,
    started: u64,
}

impl Default for ValueLength {
    fn default() -> ValueLength {
        ValueLength {
            in_string: false,
            escaped: false,
            length: 0,
            line: 1,
            started: 1,
        }
    }
}

impl ValueLength {
    /// Follows `bytes`, the text after what was followed so far; fails at
    /// the first value longer than [`MOST_BYTES`].
    pub(crate) fn follow(&mut self, bytes: &[u8]) -> Result<(), TooLong> {
        for &byte in bytes {
            self.step(byte);
            if self.length > MOST_BYTES {
                return Err(TooLong { line: self.started });
            }
        }
        Ok(())
    }

    fn step(&mut self, byte: u8) {
        if byte == b'\n' {
            self.line += 1;
        }
        if self.in_string {
            self.length += 1;
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
                self.length = 0;
            }
            return;
        }
        match byte {
            b'"' => {
                self.in_string = true;
                self.length = 1;
                self.started = self.line;
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' | b' ' | b'\t' | b'\r' | b'\n' => {
                self.length = 0;
            }
            _ => {
                if self.length == 0 {
                    self.started = self.line;
                }
                self.length += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_strings_and_numbers_not_the_document() {
        let mut length = ValueLength::default();
        let document = "{\"a\": \"x\\\"y\", \"b\": [1, 22]}\n".repeat(1000);
        length.follow(document.as_bytes()).unwrap();
        assert_eq!(length.length, 0);
        length.follow(b"\n\n\"abc\\\\\" 12").unwrap();
        assert_eq!((length.length, length.started), (2, 1003));
    }

    #[test]
    fn stops_at_a_value_longer_than_the_bound() {
        let mut length = ValueLength::default();
        // The opening quote counts.
        length.follow(b"[\n\"").unwrap();
        length.follow(&vec![b'a'; MOST_BYTES - 1]).unwrap();
        let too_long = length.follow(b"a").unwrap_err();
        assert_eq!(too_long.line, 2);
    }
}
