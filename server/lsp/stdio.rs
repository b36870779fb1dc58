//! The server's ends of the editor's stdin and stdout, read and written on the server's own thread.
//!
//! Tokio's `stdin()`/`stdout()` hand every read and write to a thread of its blocking pool and
//! wake the server when it is done: two thread switches per message each way, which cost more
//! than linting a connection note (BENCHMARKS.md, 2026-12-06). Editors connect to a language
//! server through pipes (Python, Emacs) or socket pairs (libuv: VS Code, Neovim), and both can be
//! polled without blocking, so those are registered with the runtime's event loop instead. A
//! terminal or a file falls back to tokio's blocking-pool streams.

use std::fs::File;
use std::io;
use std::os::fd::{AsFd, OwnedFd};

use tokio::io::{AsyncRead, AsyncWrite};

pub type Input = Box<dyn AsyncRead + Unpin + Send>;
pub type Output = Box<dyn AsyncWrite + Unpin + Send>;

/// Must be called inside the runtime (the streams register with its reactor).
pub fn input() -> Input {
    match io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .and_then(polled_input)
    {
        Ok(Some(polled)) => polled,
        _ => Box::new(tokio::io::stdin()),
    }
}

/// Must be called inside the runtime (the streams register with its reactor).
pub fn output() -> Output {
    match io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .and_then(polled_output)
    {
        Ok(Some(polled)) => polled,
        _ => Box::new(tokio::io::stdout()),
    }
}

/// What kind of file a descriptor is, as far as polling goes.
enum Kind {
    Pipe,
    Socket,
    Other,
}

fn kind(fd: &OwnedFd) -> io::Result<Kind> {
    use std::os::unix::fs::FileTypeExt;
    let file_type = File::from(fd.try_clone()?).metadata()?.file_type();
    Ok(if file_type.is_fifo() {
        Kind::Pipe
    } else if file_type.is_socket() {
        Kind::Socket
    } else {
        Kind::Other
    })
}

fn polled_input(fd: OwnedFd) -> io::Result<Option<Input>> {
    Ok(match kind(&fd)? {
        // Sets the pipe non-blocking itself.
        Kind::Pipe => Some(Box::new(tokio::net::unix::pipe::Receiver::from_owned_fd(
            fd,
        )?)),
        Kind::Socket => Some(Box::new(socket(fd)?)),
        Kind::Other => None,
    })
}

fn polled_output(fd: OwnedFd) -> io::Result<Option<Output>> {
    Ok(match kind(&fd)? {
        Kind::Pipe => Some(Box::new(tokio::net::unix::pipe::Sender::from_owned_fd(fd)?)),
        Kind::Socket => Some(Box::new(socket(fd)?)),
        Kind::Other => None,
    })
}

fn socket(fd: OwnedFd) -> io::Result<tokio::net::UnixStream> {
    let stream = std::os::unix::net::UnixStream::from(fd);
    stream.set_nonblocking(true)?;
    tokio::net::UnixStream::from_std(stream)
}
