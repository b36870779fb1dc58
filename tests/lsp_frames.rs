//! Bad frames on the server's input: each one gets the JSON-RPC 2.0 error it calls for
//! (-32700 for what can't be read as UTF-8 JSON or framed, -32600 for JSON that isn't a valid
//! message) and the server goes on serving the frames after it.

mod common;

use common::Server;
use proptest::prelude::*;
use serde_json::{json, Value};

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// `body` framed with its true length.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The first error response with `code`.
fn error_with(s: &mut Server, code: i64) -> Value {
    s.wait_for(|m| m["error"]["code"] == code)
}

/// The server answers a request after the bad frame, then shuts down cleanly: it was still
/// running and still reading frames.
fn still_serving(mut s: Server) {
    let hover = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///w/none.md" }, "position": { "line": 0, "character": 0 } }),
    );
    assert!(
        hover.get("error").is_none(),
        "hover after a bad frame: {hover}"
    );
    assert_eq!(s.stop(), 0, "clean exit after shutdown");
}

/// Sends `bad` raw, expects an error with `code` and `id`, then checks the server still serves.
fn answers_and_survives(bad: &[u8], code: i64, id: Value) {
    let mut s = Server::start();
    s.send_raw(bad);
    let error = error_with(&mut s, code);
    assert_eq!(error["id"], id, "error response: {error}");
    assert_eq!(error["jsonrpc"], "2.0");
    assert!(error["error"]["message"].is_string());
    still_serving(s);
}

#[test]
fn malformed_json_is_a_parse_error() {
    answers_and_survives(
        &frame(br#"{"jsonrpc":"2.0","id":5,"method":"#),
        PARSE_ERROR,
        Value::Null,
    );
}

#[test]
fn invalid_utf8_is_a_parse_error() {
    answers_and_survives(
        &frame(b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\xff\xfe\"}"),
        PARSE_ERROR,
        Value::Null,
    );
}

#[test]
fn a_lone_surrogate_escape_is_a_parse_error() {
    // What JSON.stringify writes for half an emoji.
    answers_and_survives(
        &frame(
            br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"text":"\ud83d"}}"#,
        ),
        PARSE_ERROR,
        Value::Null,
    );
}

#[test]
fn an_object_id_is_an_invalid_request() {
    answers_and_survives(
        &frame(br#"{"jsonrpc":"2.0","id":{"n":1},"method":"shutdown"}"#),
        INVALID_REQUEST,
        Value::Null,
    );
}

#[test]
fn a_float_id_is_an_invalid_request() {
    answers_and_survives(
        &frame(br#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#),
        INVALID_REQUEST,
        Value::Null,
    );
}

#[test]
fn a_missing_jsonrpc_is_an_invalid_request_answered_by_id() {
    answers_and_survives(
        &frame(br#"{"id":7,"method":"shutdown"}"#),
        INVALID_REQUEST,
        json!(7),
    );
}

#[test]
fn a_wrong_jsonrpc_is_an_invalid_request_answered_by_id() {
    answers_and_survives(
        &frame(br#"{"jsonrpc":"1.0","id":"seven","method":"shutdown"}"#),
        INVALID_REQUEST,
        json!("seven"),
    );
}

#[test]
fn an_empty_batch_is_an_invalid_request() {
    answers_and_survives(&frame(b"[]"), INVALID_REQUEST, Value::Null);
}

#[test]
fn a_batch_is_one_invalid_request_as_lsp_has_none() {
    answers_and_survives(
        &frame(br#"[{"jsonrpc":"2.0","id":8,"method":"shutdown"}]"#),
        INVALID_REQUEST,
        Value::Null,
    );
}

#[test]
fn a_repeated_key_is_an_invalid_request() {
    answers_and_survives(
        &frame(br#"{"jsonrpc":"2.0","id":1,"id":2,"method":"shutdown"}"#),
        INVALID_REQUEST,
        Value::Null,
    );
}

#[test]
fn a_non_numeric_length_is_a_parse_error_and_the_next_header_is_found() {
    // The body after the bad header has no known length; the reader skips to the next header.
    let mut bad =
        b"Content-Length: twelve\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"initialized\"}".to_vec();
    bad.extend(frame(
        br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    answers_and_survives(&bad, PARSE_ERROR, Value::Null);
}

#[test]
fn a_lower_case_content_length_header_just_works() {
    let mut s = Server::start();
    let body = br#"{"jsonrpc":"2.0","id":41,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/none.md"},"position":{"line":0,"character":0}}}"#;
    let mut bytes = format!("content-length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    s.send_raw(&bytes);
    let answer = s.wait_for(|m| m["id"] == 41);
    assert!(answer.get("error").is_none(), "{answer}");
    assert!(answer.get("result").is_some(), "{answer}");
    still_serving(s);
}

#[test]
fn an_oversized_frame_is_answered_and_skipped_without_holding_it() {
    const DECLARED: usize = 80 << 20;
    let mut s = Server::start();
    // Measured against the server's own size once it has linted a draft (its rules compiled),
    // which grows with the rules: a held body would add all of its 80 MiB.
    s.open(
        "file:///w/warm.md",
        "---\nchannel: email\n---\nHi [Name], FREE offer!!",
    );
    assert!(!s.diagnostics("file:///w/warm.md", Some(1)).is_empty());
    let before = common::memory_kib(s.pid(), "VmHWM");
    s.send_raw(format!("Content-Length: {DECLARED}\r\n\r\n").as_bytes());
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..DECLARED / chunk.len() {
        s.send_raw(&chunk);
    }
    let error = error_with(&mut s, INVALID_REQUEST);
    assert_eq!(error["id"], Value::Null);
    let hover = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///w/none.md" }, "position": { "line": 0, "character": 0 } }),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    let peak = common::memory_kib(s.pid(), "VmHWM");
    assert!(
        peak - before < 24 << 10,
        "peak RSS {peak} KiB, {before} KiB before the frame: the 80 MiB body was held"
    );
    still_serving(s);
}

/// One piece of hostile input: framed junk, unframed junk, or a frame that should be served.
#[derive(Debug, Clone)]
enum Piece {
    FramedJunk(Vec<u8>),
    /// Bytes up to a blank line with no usable length: a header block to resynchronise past.
    UnframedJunk(Vec<u8>),
    Valid,
}

fn piece() -> impl Strategy<Value = Piece> {
    let junk_byte = prop_oneof![
        any::<u8>(),
        Just(b'{'),
        Just(b'}'),
        Just(b'"'),
        Just(b'\\'),
        Just(b':'),
        Just(b'\r'),
        Just(b'\n'),
    ];
    let json_ish = prop_oneof![
        proptest::collection::vec(junk_byte.clone(), 0..64),
        Just(b"[]".to_vec()),
        Just(br#"{"jsonrpc":"2.0","id":[],"method":"x"}"#.to_vec()),
        Just(br#"{"jsonrpc":"2.0","id":1e999,"method":"x"}"#.to_vec()),
        Just(br#"{"jsonrpc":2,"method":"x"}"#.to_vec()),
        Just(br#"{"jsonrpc":"2.0","method":"x","params":"\udc00"}"#.to_vec()),
        Just(br#"{"jsonrpc":"2.0","method":7}"#.to_vec()),
        Just(br#"{"jsonrpc":"2.0","id":"junk","result":1,"error":{}}"#.to_vec()),
        Just(br#"{"jsonrpc":"2.0","method":"x","params":"#.to_vec()),
        Just(format!("{}1{}", "[".repeat(300), "]".repeat(300)).into_bytes()),
    ];
    prop_oneof![
        json_ish.prop_map(Piece::FramedJunk),
        proptest::collection::vec(junk_byte, 0..48).prop_map(|mut bytes| {
            // Junk that happened to spell a header name would swallow the next frame.
            bytes.retain(|b| !b.is_ascii_alphabetic());
            bytes.extend_from_slice(b"\r\n\r\n");
            Piece::UnframedJunk(bytes)
        }),
        Just(Piece::Valid),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn junk_between_frames_never_stops_the_server(pieces in proptest::collection::vec(piece(), 1..24)) {
        let mut s = Server::start();
        for (n, piece) in pieces.iter().enumerate() {
            match piece {
                Piece::FramedJunk(body) => s.send_raw(&frame(body)),
                Piece::UnframedJunk(bytes) => s.send_raw(bytes),
                Piece::Valid => {
                    let id = 1000 + n as i64;
                    let body = json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
                        "params": { "textDocument": { "uri": "file:///w/none.md" }, "position": { "line": 0, "character": 0 } } });
                    s.send_raw(&frame(body.to_string().as_bytes()));
                    let answer = s.wait_for(|m| m["id"] == id);
                    prop_assert!(answer.get("result").is_some(), "{}", answer);
                }
            }
        }
        still_serving(s);
    }
}
