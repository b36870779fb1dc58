//! The editor's side of the output: tower-lsp-server's frames passed through as they come, with
//! the reader's error responses put in between two of them, never inside one.

use std::io;

use memchr::memmem;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use super::read::content_length;

const READ_SIZE: usize = 64 << 10;

/// Copies `server`'s output to `output` until it ends, writing each frame from `errors` where
/// the server's output is between frames; then writes the errors still queued.
pub async fn write_frames(
    mut server: impl AsyncRead + Unpin,
    mut errors: mpsc::Receiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) -> io::Result<()> {
    let mut buf = vec![0; READ_SIZE];
    let mut edges = FrameEdges::default();
    let mut errors_open = true;
    loop {
        tokio::select! {
            biased;
            read = server.read(&mut buf) => {
                let n = read?;
                if n == 0 {
                    break;
                }
                output.write_all(&buf[..n]).await?;
                edges.advance(&buf[..n]);
            }
            error = errors.recv(), if errors_open && edges.between_frames() => match error {
                Some(frame) => output.write_all(&frame).await?,
                None => errors_open = false,
            },
        }
        output.flush().await?;
    }
    while let Ok(frame) = errors.try_recv() {
        output.write_all(&frame).await?;
    }
    output.flush().await
}

/// Where tower's frames (`Content-Length: N\r\n\r\n` and N bytes) begin and end in its output.
#[derive(Default)]
struct FrameEdges {
    /// The header read so far of a frame whose header is split between reads.
    header: Vec<u8>,
    body_left: usize,
}

impl FrameEdges {
    fn between_frames(&self) -> bool {
        self.header.is_empty() && self.body_left == 0
    }

    fn advance(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.body_left > 0 {
                let n = self.body_left.min(bytes.len());
                self.body_left -= n;
                bytes = &bytes[n..];
                continue;
            }
            // tower's headers are short: take a little at a time so a chunk of many frames
            // isn't copied over and over.
            let old = self.header.len();
            let take = bytes.len().min(64);
            self.header.extend_from_slice(&bytes[..take]);
            let from = old.saturating_sub(3);
            match memmem::find(&self.header[from..], b"\r\n\r\n") {
                Some(at) => {
                    let end = from + at + 4;
                    // Our own server's header: it always parses.
                    self.body_left = content_length(&self.header[..end - 4]).unwrap_or(0);
                    self.header.clear();
                    bytes = &bytes[end - old..];
                }
                None => bytes = &bytes[take..],
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FrameEdges;

    /// Two frames, the second with a blank line inside its body.
    const STREAM: &[u8] =
        b"Content-Length: 2\r\n\r\n{}Content-Length: 12\r\n\r\n{\"a\":\"\r\n\r\n\"}";
    const EDGES: [usize; 3] = [0, 23, STREAM.len()];

    #[test]
    fn edges_are_found_byte_by_byte() {
        let mut edges = FrameEdges::default();
        let mut seen = vec![];
        for (i, byte) in STREAM.iter().enumerate() {
            if edges.between_frames() {
                seen.push(i);
            }
            edges.advance(std::slice::from_ref(byte));
        }
        if edges.between_frames() {
            seen.push(STREAM.len());
        }
        assert_eq!(seen, EDGES);
    }

    #[test]
    fn edges_are_found_across_any_split() {
        for split in 0..=STREAM.len() {
            let mut edges = FrameEdges::default();
            edges.advance(&STREAM[..split]);
            assert_eq!(
                edges.between_frames(),
                EDGES.contains(&split),
                "split at {split}"
            );
            edges.advance(&STREAM[split..]);
            assert!(edges.between_frames(), "split at {split}");
        }
    }
}
