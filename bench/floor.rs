//! The measuring floor: a stdio "language server" that does no work. It answers `initialize`,
//! and for every `didOpen`/`didChange` publishes an empty diagnostics list carrying the
//! document's version at once. What lspbench measures for it is the harness's own round trip
//! (pipe, framing, Python's reader thread), the least any server can show on this machine.
//! Built by `bench/lsp.sh` with plain `rustc -O` (no dependencies, so no JSON parser: it reads
//! the few fields it needs by searching the message text, which suffices for lspbench's input).
use std::io::{self, BufRead, Read, Write};

fn main() {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut out = io::stdout().lock();
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if input.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                length = v.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.unwrap_or(0)];
        if input.read_exact(&mut body).is_err() {
            return;
        }
        let msg = String::from_utf8_lossy(&body);
        let reply = if msg.contains("\"method\":\"initialize\"") {
            let id = field(&msg, "\"id\":").unwrap_or("0");
            format!(
                r#"{{"jsonrpc":"2.0","id":{id},"result":{{"capabilities":{{"textDocumentSync":2}},"serverInfo":{{"name":"floor"}}}}}}"#
            )
        } else if msg.contains("\"method\":\"shutdown\"") {
            let id = field(&msg, "\"id\":").unwrap_or("0");
            format!(r#"{{"jsonrpc":"2.0","id":{id},"result":null}}"#)
        } else if msg.contains("\"method\":\"exit\"") {
            return;
        } else if msg.contains("\"method\":\"textDocument/didOpen\"")
            || msg.contains("\"method\":\"textDocument/didChange\"")
        {
            let uri = field(&msg, "\"uri\":").unwrap_or("\"\"");
            let version = field(&msg, "\"version\":").unwrap_or("0");
            format!(
                r#"{{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{{"uri":{uri},"version":{version},"diagnostics":[]}}}}"#
            )
        } else if let Some(id) = field(&msg, "\"id\":") {
            // Any other request: an empty answer, so the client never waits.
            format!(r#"{{"jsonrpc":"2.0","id":{id},"result":null}}"#)
        } else {
            continue;
        };
        let _ = write!(out, "Content-Length: {}\r\n\r\n{reply}", reply.len());
        let _ = out.flush();
    }
}

/// The JSON value after the first `key` (a string with its quotes, or a bare number).
fn field<'m>(msg: &'m str, key: &str) -> Option<&'m str> {
    let rest = msg[msg.find(key)? + key.len()..].trim_start();
    let end = if let Some(s) = rest.strip_prefix('"') {
        s.find('"')? + 2
    } else {
        rest.find(|c: char| !c.is_ascii_digit() && c != '-')
            .unwrap_or(rest.len())
    };
    Some(&rest[..end])
}
