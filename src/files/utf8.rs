//! A reader that passes on only bytes that are UTF-8, and stops at the
//! first that is not with the message a whole-file check would give: the
//! line, column and offset of that byte. JSON is read as a stream, so there
//! is no whole text to check first.

use std::io::{self, Read};

use super::{FileError, bounds::ValueLength};

/// How much is read from the file at once.
const CHUNK: usize = 64 * 1024;

pub(crate) struct Utf8Check<R> {
    inner: R,
    file: String,
    /// Bytes read and not yet passed on; `buf[0]` sits at file offset `base`.
    buf: Vec<u8>,
    base: u64,
    /// `buf[..valid]` is known to be UTF-8; `buf[..start]` was passed on.
    start: usize,
    valid: usize,
    /// Line of `buf[valid]`, 1-based, and the file offset its line starts at.
    line: u64,
    line_start: u64,
    /// The first byte that is not UTF-8, once found.
    invalid: Option<usize>,
    ended: bool,
    /// How long the JSON value being passed on is so far.
    value: ValueLength,
}

impl<R: Read> Utf8Check<R> {
    /// Checks `inner`, whose first byte sits at file offset `start` (after
    /// a byte-order mark, say).
    pub(crate) fn new(inner: R, start: u64, file: &str) -> Utf8Check<R> {
        Utf8Check {
            inner,
            file: file.to_owned(),
            buf: Vec::new(),
            base: start,
            start: 0,
            valid: 0,
            line: 1,
            line_start: 0,
            invalid: None,
            ended: false,
            value: ValueLength::default(),
        }
    }

    /// Counts the lines in `buf[valid..to]`, which is UTF-8, and moves past
    /// it; fails at a value too long to hold.
    fn advance(&mut self, to: usize) -> io::Result<()> {
        let checked = &self.buf[self.valid..to];
        if let Err(too_long) = self.value.follow(checked) {
            return Err(io::Error::other(FileError::TooLong {
                file: self.file.clone(),
                line: too_long.line,
                what: "a value",
            }));
        }
        self.line += checked.iter().filter(|&&b| b == b'\n').count() as u64;
        if let Some(newline) = checked.iter().rposition(|&b| b == b'\n') {
            self.line_start = self.base + (self.valid + newline) as u64 + 1;
        }
        self.valid = to;
        Ok(())
    }

    fn not_utf8(&self, at: usize) -> io::Error {
        let byte = self.base + at as u64;
        io::Error::other(FileError::InvalidUtf8 {
            file: self.file.clone(),
            line: self.line,
            column: (byte - self.line_start + 1) as usize,
            byte: byte as usize,
            value: self.buf[at],
        })
    }

    /// Reads more of the file and checks what it can.
    fn fill(&mut self) -> io::Result<()> {
        self.buf.drain(..self.start);
        self.base += self.start as u64;
        self.valid -= self.start;
        self.start = 0;
        let filled = self.buf.len();
        self.buf.resize(filled + CHUNK, 0);
        let read = loop {
            match self.inner.read(&mut self.buf[filled..]) {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                other => break other,
            }
        };
        self.buf.truncate(filled + *read.as_ref().unwrap_or(&0));
        if read? == 0 {
            self.ended = true;
        }
        match std::str::from_utf8(&self.buf[self.valid..]) {
            Ok(_) => self.advance(self.buf.len())?,
            Err(error) => {
                self.advance(self.valid + error.valid_up_to())?;
                // A character cut at the end of what was read may yet be
                // completed; at the end of the file it is not.
                if error.error_len().is_some() || self.ended {
                    self.invalid = Some(self.valid);
                }
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf8Check<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.start < self.valid {
                let count = out.len().min(self.valid - self.start);
                out[..count].copy_from_slice(&self.buf[self.start..self.start + count]);
                self.start += count;
                return Ok(count);
            }
            if let Some(at) = self.invalid {
                return Err(self.not_utf8(at));
            }
            if self.ended {
                return Ok(0);
            }
            self.fill()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out one byte a call.
    struct OneByte<'a>(&'a [u8]);

    impl Read for OneByte<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let Some((&first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            out[0] = first;
            self.0 = rest;
            Ok(1)
        }
    }

    fn check(bytes: &[u8]) -> (Vec<u8>, Option<String>) {
        let mut reader = Utf8Check::new(OneByte(bytes), 0, "b.json");
        let mut passed = Vec::new();
        let mut byte = [0];
        loop {
            match reader.read(&mut byte) {
                Ok(0) => return (passed, None),
                Ok(_) => passed.push(byte[0]),
                Err(error) => return (passed, Some(error.into_inner().unwrap().to_string())),
            }
        }
    }

    #[test]
    fn passes_text_and_stops_at_the_first_byte_that_is_not_utf8() {
        assert_eq!(check("ab\n你好".as_bytes()), ("ab\n你好".into(), None));
        let (passed, error) = check(b"[\n \"caf\xe9\"]");
        assert_eq!(passed, b"[\n \"caf");
        assert_eq!(
            error.unwrap(),
            "b.json:2:6: byte 7 (0xe9) is not UTF-8: save the file as UTF-8 and try again"
        );
        // Cut short at the end of the file.
        let (passed, error) = check(b"x\n\xe4\xbd");
        assert_eq!(passed, b"x\n");
        assert!(error.unwrap().starts_with("b.json:2:1: byte 2 (0xe4)"));
    }
}
