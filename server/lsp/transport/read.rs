//! The editor's side of the input: frames read off it, header names in any case; each body that
//! tower-lsp-server can take goes on to it re-framed, anything else is answered with a JSON-RPC
//! error instead, and reading carries on with the next frame.

use memchr::memmem;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use super::message::{self, Rejection};

/// The largest body read: a larger one is answered and skipped unread, so a hostile length
/// can't make the server hold it. 64 MiB is far over any draft the CLI reads (2 MiB cap).
pub const MAX_BODY: usize = 64 << 20;
/// The longest header block looked for before it's taken as junk.
const MAX_HEADER: usize = 8 << 10;
const READ_SIZE: usize = 64 << 10;
/// The input buffer after a large frame shrinks back to this, giving the memory back.
const KEPT_CAPACITY: usize = 1 << 20;
const CONTENT_LENGTH: &[u8] = b"content-length";

/// Reads frames from `input` until it ends or the server stops reading, passing good ones to
/// `server` and sending the error response for bad ones to `errors`.
pub async fn read_frames(
    input: impl AsyncRead + Unpin,
    mut server: impl AsyncWrite + Unpin,
    errors: mpsc::Sender<Vec<u8>>,
) {
    let mut frames = Frames {
        input,
        buf: Vec::with_capacity(READ_SIZE),
    };
    // After a header that can't be framed, the next header is looked for, and junk on the way
    // isn't answered again.
    let mut resyncing = false;
    loop {
        let Some(header) = frames.header().await else {
            return;
        };
        let framed = header.and_then(|len| Ok((len, content_length(&frames.buf[..len - 4])?)));
        let (header_len, length) = match framed {
            Ok(framed) => framed,
            Err(reason) => {
                if !resyncing
                    && errors
                        .send(Rejection::parse_error(reason).to_frame())
                        .await
                        .is_err()
                {
                    return;
                }
                resyncing = true;
                frames.skip_to_next_header();
                continue;
            }
        };
        resyncing = false;
        frames.consume(header_len);
        if length > MAX_BODY {
            let over = Rejection::invalid_request(
                "Invalid Request: the message is over the 64 MiB limit",
                serde_json::Value::Null,
            );
            if errors.send(over.to_frame()).await.is_err() || !frames.skip(length).await {
                return;
            }
            continue;
        }
        if !frames.fill_to(length).await {
            return;
        }
        let body = &frames.buf[..length];
        match message::check(body) {
            Ok(()) => {
                let header = format!("Content-Length: {length}\r\n\r\n");
                if server.write_all(header.as_bytes()).await.is_err()
                    || server.write_all(body).await.is_err()
                {
                    return;
                }
            }
            Err(rejection) => {
                if errors.send(rejection.to_frame()).await.is_err() {
                    return;
                }
            }
        }
        frames.consume(length);
    }
}

/// The input and what has been read of it but not yet used.
struct Frames<R> {
    input: R,
    buf: Vec<u8>,
}

impl<R: AsyncRead + Unpin> Frames<R> {
    /// Reads more; false at the end of the input (or on a read error, which ends it too).
    async fn read_more(&mut self) -> bool {
        self.buf.reserve(READ_SIZE);
        matches!(self.input.read_buf(&mut self.buf).await, Ok(n) if n > 0)
    }

    /// The length of the header block at the start of the buffer, with its blank line, or an
    /// error if there is too much before a blank line for a header; None at the end of the input.
    async fn header(&mut self) -> Option<Result<usize, &'static str>> {
        let mut searched = 0;
        loop {
            if let Some(at) = memmem::find(&self.buf[searched..], b"\r\n\r\n") {
                return Some(Ok(searched + at + 4));
            }
            if self.buf.len() > MAX_HEADER {
                return Some(Err("Parse error: no blank line after the header"));
            }
            searched = self.buf.len().saturating_sub(3);
            if !self.read_more().await {
                return None;
            }
        }
    }

    /// Drops everything before the next `content-length` after the first byte (in any case),
    /// keeping a tail that may be the start of one.
    fn skip_to_next_header(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        let found = self.buf[1..]
            .windows(CONTENT_LENGTH.len())
            .position(|w| w.eq_ignore_ascii_case(CONTENT_LENGTH))
            .map(|at| at + 1);
        let keep_from = found.unwrap_or_else(|| {
            self.buf
                .len()
                .saturating_sub(CONTENT_LENGTH.len() - 1)
                .max(1)
        });
        self.consume(keep_from.min(self.buf.len()));
    }

    /// Reads until the buffer holds `length` bytes; false if the input ends first.
    async fn fill_to(&mut self, length: usize) -> bool {
        if self.buf.len() < length {
            self.buf.reserve(length - self.buf.len());
        }
        while self.buf.len() < length {
            if !self.read_more().await {
                return false;
            }
        }
        true
    }

    /// Drops the next `length` bytes of input, reading them in pieces; false if it ends first.
    async fn skip(&mut self, mut length: usize) -> bool {
        let buffered = length.min(self.buf.len());
        self.consume(buffered);
        length -= buffered;
        while length > 0 {
            self.buf.clear();
            let want = length.min(READ_SIZE);
            self.buf.reserve(want);
            match (&mut self.input)
                .take(want as u64)
                .read_buf(&mut self.buf)
                .await
            {
                Ok(n) if n > 0 => length -= n,
                _ => return false,
            }
        }
        self.buf.clear();
        true
    }

    fn consume(&mut self, n: usize) {
        self.buf.drain(..n);
        if self.buf.capacity() > KEPT_CAPACITY && self.buf.len() < READ_SIZE {
            self.buf.shrink_to(READ_SIZE);
        }
    }
}

/// The body's length from a header block (without its blank line). Names are matched in any
/// case (RFC 9110); other headers are ignored, as the body is checked for UTF-8 anyway.
pub fn content_length(block: &[u8]) -> Result<usize, &'static str> {
    let mut length = None;
    for line in block.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = memchr::memchr(b':', line) else {
            return Err("Parse error: a header line without a ':'");
        };
        if !line[..colon]
            .trim_ascii()
            .eq_ignore_ascii_case(CONTENT_LENGTH)
        {
            continue;
        }
        let value = line[colon + 1..].trim_ascii();
        if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
            return Err("Parse error: Content-Length is not a number");
        }
        // Too many digits for a usize is over any limit; saturate so it is skipped as such.
        let parsed = std::str::from_utf8(value)
            .ok()
            .and_then(|digits| digits.parse::<usize>().ok())
            .unwrap_or(usize::MAX);
        if length.is_some_and(|seen| seen != parsed) {
            return Err("Parse error: two different Content-Length headers");
        }
        length = Some(parsed);
    }
    length.ok_or("Parse error: no Content-Length header")
}
