//! Whether a frame's body is a message tower-lsp-server can take, and if not, the JSON-RPC 2.0
//! error that answers it.
//!
//! tower-lsp-server ends its read loop on the first body it cannot decode (and the server with
//! it), so a body goes on only if tower's own decoder is sure to accept it. The check reads the
//! body once with the same serde_json deserializer tower uses, so the same limits apply (UTF-8,
//! lone surrogate escapes, numbers out of range, nesting depth), without building any values:
//! only `jsonrpc`, `id` and `method` are kept.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

/// Why a body was not passed on: the error response's code, message and id.
#[derive(Debug, PartialEq)]
pub struct Rejection {
    pub code: i64,
    pub message: &'static str,
    /// The message's own id when it could be read, else null (as JSON-RPC 2.0 asks).
    pub id: Value,
}

impl Rejection {
    pub fn parse_error(message: &'static str) -> Rejection {
        Rejection {
            code: PARSE_ERROR,
            message,
            id: Value::Null,
        }
    }

    pub fn invalid_request(message: &'static str, id: Value) -> Rejection {
        Rejection {
            code: INVALID_REQUEST,
            message,
            id,
        }
    }

    /// The error response, framed.
    pub fn to_frame(&self) -> Vec<u8> {
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": { "code": self.code, "message": self.message },
        })
        .to_string();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body.as_bytes());
        frame
    }
}

/// `Ok` when tower-lsp-server will decode `body` as a request, notification or response.
pub fn check(body: &[u8]) -> Result<(), Rejection> {
    let text = std::str::from_utf8(body)
        .map_err(|_| Rejection::parse_error("Parse error: the message is not valid UTF-8"))?;
    let mut reader = serde_json::Deserializer::from_str(text);
    let top = Top::deserialize(&mut reader)
        .and_then(|top| reader.end().map(|()| top))
        .map_err(|_| Rejection::parse_error("Parse error: the message is not valid JSON"))?;
    match top {
        Top::Object(envelope) => envelope.check(),
        Top::Batch { empty: true } => Err(Rejection::invalid_request(
            "Invalid Request: an empty batch",
            Value::Null,
        )),
        // LSP has no batches: one answer for the whole array, whatever it holds.
        Top::Batch { empty: false } => Err(Rejection::invalid_request(
            "Invalid Request: batches are not part of LSP; send each message in its own frame",
            Value::Null,
        )),
        Top::Other => Err(Rejection::invalid_request(
            "Invalid Request: a message must be a JSON object",
            Value::Null,
        )),
    }
}

enum Top {
    Object(Envelope),
    Batch { empty: bool },
    Other,
}

/// The members of a message that decide whether it is one; the rest are only read through.
#[derive(Default)]
struct Envelope {
    jsonrpc: Option<Value>,
    id: Option<Value>,
    method: Option<Value>,
    has_result: bool,
    has_error: bool,
    /// Only counted: tower's request struct has a `params` field, so a second one is refused.
    has_params: bool,
    /// A key given twice: serde_json's Value would keep the last, tower's structs refuse it.
    repeated_key: bool,
}

impl Envelope {
    fn check(self) -> Result<(), Rejection> {
        if self.repeated_key {
            return Err(Rejection::invalid_request(
                "Invalid Request: a member appears twice",
                Value::Null,
            ));
        }
        let id = match self.id {
            None => None,
            Some(id @ (Value::Null | Value::String(_))) => Some(id),
            // tower-lsp-server holds numeric ids as i64.
            Some(Value::Number(n)) if n.as_i64().is_some() => Some(Value::Number(n)),
            Some(_) => {
                return Err(Rejection::invalid_request(
                    "Invalid Request: 'id' must be a string, an integer or null",
                    Value::Null,
                ))
            }
        };
        let answer_to = id.clone().unwrap_or(Value::Null);
        if self.jsonrpc.as_ref().and_then(Value::as_str) != Some("2.0") {
            return Err(Rejection::invalid_request(
                "Invalid Request: 'jsonrpc' must be \"2.0\"",
                answer_to,
            ));
        }
        match self.method {
            Some(Value::String(_)) => Ok(()),
            Some(_) => Err(Rejection::invalid_request(
                "Invalid Request: 'method' must be a string",
                answer_to,
            )),
            None if id.is_some() && self.has_result != self.has_error => Ok(()),
            None => Err(Rejection::invalid_request(
                "Invalid Request: neither a request ('method') nor a response ('id' with one of 'result' and 'error')",
                answer_to,
            )),
        }
    }
}

impl<'de> Deserialize<'de> for Top {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Top, D::Error> {
        deserializer.deserialize_any(TopVisitor)
    }
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON-RPC message")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut envelope = Envelope::default();
        while let Some(Key(key)) = map.next_key()? {
            let slot = match key.as_ref() {
                "jsonrpc" => &mut envelope.jsonrpc,
                "id" => &mut envelope.id,
                "method" => &mut envelope.method,
                other => {
                    let seen = match other {
                        "result" => &mut envelope.has_result,
                        "error" => &mut envelope.has_error,
                        "params" => &mut envelope.has_params,
                        _ => {
                            map.next_value::<ReadThrough>()?;
                            continue;
                        }
                    };
                    envelope.repeated_key |= *seen;
                    *seen = true;
                    map.next_value::<ReadThrough>()?;
                    continue;
                }
            };
            envelope.repeated_key |= slot.is_some();
            *slot = Some(map.next_value()?);
        }
        Ok(Top::Object(envelope))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
        let mut empty = true;
        while seq.next_element::<ReadThrough>()?.is_some() {
            empty = false;
        }
        Ok(Top::Batch { empty })
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Top, E> {
        Ok(Top::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Top, E> {
        Ok(Top::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Top, E> {
        Ok(Top::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Top, E> {
        Ok(Top::Other)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Top, E> {
        Ok(Top::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Top, E> {
        Ok(Top::Other)
    }
}

/// A key, borrowed from the body unless it holds escapes (`"\u0069d"` is `id` to tower too).
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Any JSON value, read through as tower's decoder reads it (`deserialize_any`, so escapes are
/// decoded and numbers parsed) but kept nowhere.
struct ReadThrough;

impl<'de> Deserialize<'de> for ReadThrough {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ReadThrough, D::Error> {
        deserializer.deserialize_any(ReadThroughVisitor)
    }
}

struct ReadThroughVisitor;

impl<'de> Visitor<'de> for ReadThroughVisitor {
    type Value = ReadThrough;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<ReadThrough, E> {
        Ok(ReadThrough)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<ReadThrough, E> {
        Ok(ReadThrough)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<ReadThrough, E> {
        Ok(ReadThrough)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<ReadThrough, E> {
        Ok(ReadThrough)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<ReadThrough, E> {
        Ok(ReadThrough)
    }
    fn visit_unit<E: de::Error>(self) -> Result<ReadThrough, E> {
        Ok(ReadThrough)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ReadThrough, A::Error> {
        while seq.next_element::<ReadThrough>()?.is_some() {}
        Ok(ReadThrough)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ReadThrough, A::Error> {
        while map.next_entry::<ReadThrough, ReadThrough>()?.is_some() {}
        Ok(ReadThrough)
    }
}

#[cfg(test)]
mod tests;
