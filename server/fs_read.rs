//! Every read of a user's file goes through here, so the size cap and the regular-file rule live
//! in one place. A FIFO named `pipe.md` would block a reader for good and `/dev/zero` never ends,
//! so the server reads regular files only, and nothing is read past the cap.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The one cap on a file's size: drafts over it are not checked (`max_file_bytes` in
/// sendwell.toml raises it for drafts).
pub const MAX_BYTES: usize = crate::engine::size::DEFAULT_MAX_FILE_BYTES;

#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// A FIFO, device, socket or folder: reading it could block or never end.
    NotRegular(&'static str),
    /// `len` is known for regular files, not for streams.
    TooLarge {
        len: Option<u64>,
        max: usize,
    },
    NotUtf8 {
        valid_up_to: usize,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind}); not read"),
            ReadError::TooLarge {
                len: Some(len),
                max,
            } => f.write_str(&crate::engine::size::too_large_message(*len as usize, *max)),
            ReadError::TooLarge { len: None, max } => write!(
                f,
                "more than {} MiB, so not read further; it was not checked",
                *max as f64 / (1024.0 * 1024.0)
            ),
            ReadError::NotUtf8 { valid_up_to } => write!(
                f,
                "not UTF-8 text (invalid byte at offset {valid_up_to}); save it as UTF-8"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// A regular file's text, at most [`MAX_BYTES`].
pub fn read_capped(path: &Path) -> Result<String, ReadError> {
    read_capped_to(path, MAX_BYTES)
}

/// A regular file's text, at most `max` bytes. The file type is checked on the path and again
/// on the opened handle, which is opened non-blocking: a FIFO swapped in between the two checks
/// neither blocks the open nor gets read.
pub fn read_capped_to(path: &Path, max: usize) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    let file = open_non_blocking(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    if meta.len() > max as u64 {
        return Err(ReadError::TooLarge {
            len: Some(meta.len()),
            max,
        });
    }
    read_stream(file, max)
}

/// A file named on the command line: a regular file, or a stream (a pipe from `<(…)`,
/// `/dev/stdin`, a FIFO, a device) read as `cat` would, up to `max` bytes.
pub fn read_named(path: &Path, max: usize) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if meta.is_file() {
        return read_capped_to(path, max);
    }
    if meta.is_dir() {
        return Err(ReadError::NotRegular("a folder"));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    read_stream(file, max)
}

/// Standard input (`-` on the command line), up to `max` bytes.
pub fn read_stdin(max: usize) -> Result<String, ReadError> {
    read_stream(std::io::stdin().lock(), max)
}

/// Reads at most `max + 1` bytes: one more than the cap tells "too large" from "exactly full".
fn read_stream(reader: impl Read, max: usize) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > max {
        return Err(ReadError::TooLarge { len: None, max });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        valid_up_to: e.utf8_error().valid_up_to(),
    })
}

#[cfg(unix)]
fn open_non_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_non_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn kind_of(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::walk::tempdir;

    #[test]
    fn regular_files_are_read_up_to_the_cap_and_no_further() {
        let dir = tempdir::Dir::new();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "x".repeat(100)).unwrap();
        assert_eq!(read_capped_to(&path, 100).unwrap().len(), 100);
        let err = read_capped_to(&path, 99).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::TooLarge {
                    len: Some(100),
                    max: 99
                }
            ),
            "{err:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempdir::Dir::new();
        let path = dir.path().join("pipe.md");
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_capped(&path).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a FIFO); not read");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_endless_device_stops_at_the_cap() {
        let err = read_named(Path::new("/dev/zero"), 1000).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::TooLarge {
                    len: None,
                    max: 1000
                }
            ),
            "{err:?}"
        );
        assert!(matches!(
            read_capped(Path::new("/dev/zero")),
            Err(ReadError::NotRegular("a device"))
        ));
    }

    #[test]
    fn invalid_utf8_names_its_offset() {
        let err = read_stream(&b"ab\xffc"[..], 10).unwrap_err();
        assert_eq!(
            err.to_string(),
            "not UTF-8 text (invalid byte at offset 2); save it as UTF-8"
        );
    }
}
