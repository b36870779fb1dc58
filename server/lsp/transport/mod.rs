//! The JSON-RPC transport between the editor and tower-lsp-server: frames are checked before
//! tower reads them, because tower's read loop ends on the first one it cannot decode, and the
//! server with it. A bad frame is answered here (-32700 Parse error, -32600 Invalid Request)
//! and the next one is served; see `read.rs` for framing and `message.rs` for the checks.

mod message;
mod read;
mod write;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tower_lsp_server::{ClientSocket, LspService, Server};

use super::Backend;

/// Bytes in flight between this layer and tower, each way.
const PIPE_SIZE: usize = 64 << 10;
/// Error responses waiting for a gap in tower's output; reading pauses when it is full.
const QUEUED_ERRORS: usize = 64;

/// Serves `service` over the editor's `input` and `output` until tower's server stops (after
/// `exit`, or at the end of the input), with everything tower wrote delivered.
pub async fn serve(
    input: impl AsyncRead + Unpin,
    output: impl AsyncWrite + Unpin,
    service: LspService<Backend>,
    socket: ClientSocket,
) {
    let (to_server, server_input) = tokio::io::duplex(PIPE_SIZE);
    let (server_output, from_server) = tokio::io::duplex(PIPE_SIZE);
    let (errors, queued_errors) = mpsc::channel(QUEUED_ERRORS);

    let serving = Server::new(server_input, server_output, socket).serve(service);
    let reading = read::read_frames(input, to_server, errors);
    let serve_and_read = async {
        tokio::pin!(serving);
        tokio::select! {
            () = &mut serving => {}
            // The input ended; with the pipe into tower dropped, tower sees the end too.
            () = reading => serving.await,
        }
    };
    let writing = write::write_frames(from_server, queued_errors, output);
    // A write error means the editor is gone; there is no one left to tell.
    let ((), _) = tokio::join!(serve_and_read, writing);
}
