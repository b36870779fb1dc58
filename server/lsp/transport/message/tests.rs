use std::str::FromStr;

use proptest::prelude::*;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Request, Response};

use super::*;

fn code_and_id(body: &str) -> Option<(i64, Value)> {
    check(body.as_bytes()).err().map(|r| (r.code, r.id))
}

/// What tower-lsp-server's decoder does with a body: it tries a response, then a request.
fn tower_accepts(body: &str) -> bool {
    Response::from_str(body).is_ok() || Request::from_str(body).is_ok()
}

#[test]
fn messages_pass() {
    for body in [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        r#"{"jsonrpc":"2.0","id":"a","method":"shutdown","params":null}"#,
        r#"{"jsonrpc":"2.0","id":null,"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","id":3,"result":[null]}"#,
        r#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"no"}}"#,
        r#"{"\u006asonrpc":"2.0","method":"x","params":{"text":"👋 \ud83d\udc4b","n":1e300,"x":{"y":[]}}}"#,
        " {\"jsonrpc\":\"2.0\",\"method\":\"x\"}\n",
    ] {
        assert_eq!(check(body.as_bytes()), Ok(()), "{body}");
        assert!(tower_accepts(body), "{body}");
    }
}

#[test]
fn bodies_that_are_not_utf8_json_are_parse_errors() {
    let not_utf8 = check(b"{\"jsonrpc\":\"2.0\",\"method\":\"\xff\"}");
    assert_eq!(not_utf8.err().map(|r| r.code), Some(PARSE_ERROR));
    let too_deep = format!(
        r#"{{"jsonrpc":"2.0","method":"x","params":{}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    for body in [
        "",
        "{",
        r#"{"jsonrpc":"2.0","method":"x"} {}"#,
        r#"{"jsonrpc":"2.0","method":"x","params":"\ud83d"}"#,
        r#"{"jsonrpc":"2.0","method":"x","params":{"\udc4b":1}}"#,
        r#"{"jsonrpc":"2.0","method":"x","params":[1e999]}"#,
        &too_deep,
    ] {
        assert_eq!(
            code_and_id(body),
            Some((PARSE_ERROR, Value::Null)),
            "{body}"
        );
        assert!(!tower_accepts(body), "tower takes {body}");
    }
}

#[test]
fn json_that_is_no_message_is_an_invalid_request_answered_by_id_when_it_has_one() {
    let cases = [
        (r#"[]"#, Value::Null),
        (r#"[{"jsonrpc":"2.0","method":"x"}]"#, Value::Null),
        (r#"5"#, Value::Null),
        (
            r#"{"jsonrpc":"2.0","id":{"n":1},"method":"x"}"#,
            Value::Null,
        ),
        (r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#, Value::Null),
        (
            r#"{"jsonrpc":"2.0","id":18446744073709551615,"method":"x"}"#,
            Value::Null,
        ),
        (
            r#"{"jsonrpc":"2.0","id":1,"id":1,"method":"x"}"#,
            Value::Null,
        ),
        (
            r#"{"params":{},"params":null,"jsonrpc":"2.0","method":"x"}"#,
            Value::Null,
        ),
        (r#"{"id":7,"method":"x"}"#, json!(7)),
        (r#"{"jsonrpc":"1.0","id":"s","method":"x"}"#, json!("s")),
        (r#"{"jsonrpc":2.0,"id":7,"method":"x"}"#, json!(7)),
        (r#"{"jsonrpc":"2.0","id":7,"method":7}"#, json!(7)),
        (r#"{"jsonrpc":"2.0","id":7}"#, json!(7)),
        (r#"{"jsonrpc":"2.0","result":1}"#, Value::Null),
        (
            r#"{"jsonrpc":"2.0","id":7,"result":1,"error":{}}"#,
            json!(7),
        ),
    ];
    for (body, id) in cases {
        assert_eq!(code_and_id(body), Some((INVALID_REQUEST, id)), "{body}");
    }
}

#[test]
fn an_error_frame_is_framed_json_rpc() {
    let frame = Rejection::invalid_request("Invalid Request: x", json!(4)).to_frame();
    let text = String::from_utf8(frame).unwrap();
    let (header, body) = text.split_once("\r\n\r\n").unwrap();
    assert_eq!(header, format!("Content-Length: {}", body.len()));
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        json!({"jsonrpc":"2.0","id":4,"error":{"code":-32600,"message":"Invalid Request: x"}})
    );
}

/// Members a message might have, good and bad.
fn member() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(r#""jsonrpc":"2.0""#),
        Just(r#""jsonrpc":"1.0""#),
        Just(r#""jsonrpc":null"#),
        Just(r#""method":"x""#),
        Just(r#""method":[]"#),
        Just(r#""id":1"#),
        Just(r#""id":-9223372036854775808"#),
        Just(r#""id":9223372036854775808"#),
        Just(r#""id":"s""#),
        Just(r#""id":null"#),
        Just(r#""id":true"#),
        Just(r#""id":-0"#),
        Just(r#""id":1e2"#),
        Just(r#""params":{"a":[1,2.5,"\ud83d\udc4b"]}"#),
        Just(r#""params":"\udc4b""#),
        Just(r#""params":null"#),
        Just(r#""result":null"#),
        Just(r#""error":{"code":1,"message":"m"}"#),
        Just(r#""error":{"code":1}"#),
        Just(r#""other":[{}]"#),
        Just(r#""\u0069d":2"#),
    ]
}

proptest! {
    /// The check never lets through what tower's decoder would choke on (which ends the server).
    #[test]
    fn what_passes_tower_accepts(members in proptest::collection::vec(member(), 0..6)) {
        let body = format!("{{{}}}", members.join(","));
        if check(body.as_bytes()).is_ok() {
            prop_assert!(tower_accepts(&body), "{}", body);
        }
    }

    #[test]
    fn any_bytes_are_checked_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..128)) {
        if check(&bytes).is_ok() {
            prop_assert!(tower_accepts(std::str::from_utf8(&bytes).unwrap()));
        }
    }
}
