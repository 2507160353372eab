//! Answers compressed as some servers and proxies send them
//! (`--compress`): gzip, deflate (zlib), brotli, or zstd, which mileport
//! does not decode. The data is stored rather than squeezed (deflate's
//! stored blocks, brotli's and zstd's uncompressed blocks): streams every
//! decoder must read, written without a compression library.

use axum::body::{Body, to_bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

/// A `Content-Encoding` the sandbox can answer in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Coding {
    Gzip,
    /// zlib-wrapped deflate, as HTTP's `deflate` means.
    Deflate,
    #[value(name = "br")]
    Brotli,
    Zstd,
}

impl Coding {
    /// Its name in `Content-Encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Coding::Gzip => "gzip",
            Coding::Deflate => "deflate",
            Coding::Brotli => "br",
            Coding::Zstd => "zstd",
        }
    }

    pub fn encode(self, data: &[u8]) -> Vec<u8> {
        match self {
            Coding::Gzip => gzip(data),
            Coding::Deflate => zlib(data),
            Coding::Brotli => brotli(data),
            Coding::Zstd => zstd(data),
        }
    }
}

/// The answer with its body in `coding`, whatever the request accepted,
/// as a misconfigured server or proxy may send it. Bodiless answers stay so.
pub(crate) async fn compress(coding: Coding, response: Response) -> Response {
    if matches!(
        response.status(),
        StatusCode::NO_CONTENT | StatusCode::NOT_MODIFIED
    ) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if bytes.is_empty() {
        return Response::from_parts(parts, Body::empty());
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_ENCODING,
        HeaderValue::from_static(coding.name()),
    );
    Response::from_parts(parts, Body::from(coding.encode(&bytes)))
}

/// Deflate (RFC 1951) in stored blocks of at most 65 535 bytes.
fn stored_deflate(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 5 * (data.len() / 0xffff + 1));
    let mut chunks = data.chunks(0xffff).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let length = chunk.len() as u16;
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out
}

/// gzip (RFC 1952): a header, deflate, then CRC-32 and length.
fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend(stored_deflate(data));
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// zlib (RFC 1950): a header, deflate, then Adler-32.
fn zlib(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    out.extend(stored_deflate(data));
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// Brotli (RFC 7932): a 64 KiB window, uncompressed meta-blocks, then an
/// empty last one.
fn brotli(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.push(0, 1); // WBITS = 16
    for chunk in data.chunks(1 << 16) {
        bits.push(0, 1); // ISLAST
        bits.push(0, 2); // MNIBBLES = 4
        bits.push(chunk.len() as u32 - 1, 16);
        bits.push(1, 1); // ISUNCOMPRESSED
        bits.align();
        bits.bytes.extend_from_slice(chunk);
    }
    bits.push(0b11, 2); // ISLAST, ISLASTEMPTY
    bits.bytes
}

/// zstd (RFC 8878): one single-segment frame of raw blocks.
fn zstd(data: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 128 * 1024;
    let mut out = vec![0x28, 0xb5, 0x2f, 0xfd, 0b1010_0000];
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    let mut chunks = data.chunks(BLOCK).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0]);
    }
    while let Some(chunk) = chunks.next() {
        let header = ((chunk.len() as u32) << 3) | u32::from(chunks.peek().is_none());
        out.extend_from_slice(&header.to_le_bytes()[..3]);
        out.extend_from_slice(chunk);
    }
    out
}

/// Bits written least significant first, as brotli reads them.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    /// Bits used in the last byte; 0 when it is full or there is none.
    used: u8,
}

impl Bits {
    fn push(&mut self, value: u32, count: u8) {
        for bit in 0..count {
            if self.used == 0 {
                self.bytes.push(0);
            }
            let last = self.bytes.len() - 1;
            self.bytes[last] |= (((value >> bit) & 1) as u8) << self.used;
            self.used = (self.used + 1) % 8;
        }
    }

    fn align(&mut self) {
        self.used = 0;
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xedb8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_their_published_values() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }

    #[test]
    fn stored_streams_frame_the_data_unchanged() {
        let data = b"{\"ok\":true}";
        let gzip = gzip(data);
        assert_eq!(&gzip[..2], [0x1f, 0x8b]);
        assert_eq!(&gzip[15..15 + data.len()], data);
        assert_eq!(&brotli(data)[3..3 + data.len()], data);
        assert_eq!(&zstd(data)[12..], data);
        assert_eq!(brotli(b""), [0b110]);
    }
}
