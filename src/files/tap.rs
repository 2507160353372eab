//! The bytes under a streaming CSV reader, kept until its current record is
//! done with: the `csv` crate hands out cells, but telling `""` from a bare
//! empty cell, finding a quote left open and pointing at a byte that is not
//! UTF-8 all need the record as it was written.

use std::io::{self, Read};

use super::bounds::{MOST_BYTES, TooLong};

/// Released bytes are only dropped once there are this many, so that each
/// record does not move the read-ahead that follows it.
const RELEASE_AT: usize = 64 * 1024;

/// A reader that remembers what it passes on, until told to forget it.
#[derive(Debug)]
pub(crate) struct Tap<R> {
    inner: R,
    /// Bytes passed on and not yet dropped; the first sits at `base`.
    kept: Vec<u8>,
    /// File offset of `kept[0]`.
    base: u64,
    /// File offset before which bytes are no longer needed.
    released: u64,
    /// Line of `base`, 1-based, and the file offset that line starts at.
    line: u64,
    line_start: u64,
}

impl<R: Read> Tap<R> {
    /// A tap over `inner`, whose first byte sits at file offset `start`
    /// (after a byte-order mark, say). Line 1 starts at offset 0.
    pub(crate) fn new(inner: R, start: u64) -> Tap<R> {
        Tap {
            inner,
            kept: Vec::new(),
            base: start,
            released: start,
            line: 1,
            line_start: 0,
        }
    }
}

impl<R> Tap<R> {
    /// The bytes between two file offsets that were read and not released;
    /// anything else is left out.
    pub(crate) fn between(&self, start: u64, end: u64) -> &[u8] {
        let from = self.index(start);
        let to = self.index(end).max(from);
        &self.kept[from..to]
    }

    /// Says the bytes before file offset `offset` will not be asked for again.
    pub(crate) fn release(&mut self, offset: u64) {
        self.released = self.released.max(offset);
        let done = self.index(self.released);
        if done >= RELEASE_AT {
            let dropped = &self.kept[..done];
            self.line += dropped.iter().filter(|&&b| b == b'\n').count() as u64;
            if let Some(newline) = dropped.iter().rposition(|&b| b == b'\n') {
                self.line_start = self.base + newline as u64 + 1;
            }
            self.kept.drain(..done);
            self.base += done as u64;
        }
    }

    /// The 1-based line of the byte at file offset `offset` (kept or read
    /// later than anything released), and the file offset its line starts at.
    pub(crate) fn line_of(&self, offset: u64) -> (u64, u64) {
        let before = &self.kept[..self.index(offset)];
        let line = self.line + before.iter().filter(|&&b| b == b'\n').count() as u64;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(self.line_start, |newline| self.base + newline as u64 + 1);
        (line, line_start)
    }

    /// How many bytes are held now.
    #[cfg(test)]
    pub(crate) fn held(&self) -> usize {
        self.kept.len()
    }

    /// Where file offset `offset` sits in `kept`, clamped to what is there.
    fn index(&self, offset: u64) -> usize {
        usize::try_from(offset.saturating_sub(self.base))
            .unwrap_or(usize::MAX)
            .min(self.kept.len())
    }
}

impl<R: Read> Read for Tap<R> {
    /// Fails once the record being read holds more than [`MOST_BYTES`]:
    /// its bytes are all kept until it ends, which it may never do.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let unreleased = &self.kept[self.index(self.released)..];
        if unreleased.len() > MOST_BYTES {
            // The record starts after the blank lines the reader skips.
            let blank = unreleased
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            let (line, _) = self.line_of(self.released + blank as u64);
            return Err(TooLong { line }.into_io());
        }
        let read = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..read]);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_was_read_until_released() {
        let mut tap = Tap::new(&b"ab\ncd\nef"[..], 10);
        let mut buf = [0; 5];
        assert_eq!(tap.read(&mut buf).unwrap(), 5);
        assert_eq!(tap.between(11, 14), b"b\nc");
        assert_eq!(tap.between(14, 99), b"d");
        assert_eq!(tap.line_of(14), (2, 13));
        assert_eq!(tap.line_of(11), (1, 0));
        tap.release(13);
        assert_eq!(tap.between(13, 15), b"cd");
    }

    #[test]
    fn stops_at_a_record_longer_than_the_bound() {
        let mut tap = Tap::new(io::repeat(0), 0);
        let mut buf = vec![0; 1024 * 1024];
        let error = loop {
            if let Err(error) = tap.read(&mut buf) {
                break error;
            }
        };
        assert_eq!(TooLong::within(&error).map(|e| e.line), Some(1));
        assert!(tap.held() <= MOST_BYTES + buf.len());
    }

    #[test]
    fn counts_lines_in_what_it_dropped() {
        let text = "x\n".repeat(RELEASE_AT) + "tail";
        let mut tap = Tap::new(text.as_bytes(), 0);
        let mut all = Vec::new();
        tap.read_to_end(&mut all).unwrap();
        let tail = 2 * RELEASE_AT as u64;
        tap.release(tail);
        assert_eq!(tap.between(tail, tail + 4), b"tail");
        assert_eq!(tap.line_of(tail + 2), (RELEASE_AT as u64 + 1, tail));
    }
}
