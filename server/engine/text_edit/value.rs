//! Front-matter as plain data, without positions: what an edit is checked against. An edit is
//! offered only when the edited text parses back to exactly the data it was meant to produce.

use crate::engine::frontmatter::{Node, NodeKind};

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Str(String),
    Seq(Vec<Value>),
    Map(Vec<(String, Value)>),
    /// An alias (`*name`), compared only as "an alias".
    Alias,
}

impl Value {
    pub fn of(node: &Node) -> Value {
        match &node.kind {
            NodeKind::Scalar { .. } => node.as_str().map_or(Value::Null, |s| Value::Str(s.into())),
            NodeKind::Seq(items) => Value::Seq(items.iter().map(Value::of).collect()),
            NodeKind::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| (key_text(k), Value::of(v)))
                    .collect(),
            ),
            NodeKind::Alias => Value::Alias,
        }
    }

    /// Sets `path` to `value`, creating the mappings on the way; `None` when something on the
    /// way is not a mapping or a key is there twice.
    pub fn set(&mut self, path: &[&str], value: Value) -> Option<()> {
        let Some((first, rest)) = path.split_first() else {
            *self = value;
            return Some(());
        };
        if *self == Value::Null {
            *self = Value::Map(Vec::new());
        }
        let Value::Map(entries) = self else {
            return None;
        };
        let mut found = entries.iter_mut().filter(|(k, _)| k == first);
        match (found.next(), found.next()) {
            (Some((_, v)), None) => v.set(rest, value),
            (None, _) => {
                let mut v = Value::Null;
                v.set(rest, value)?;
                entries.push((first.to_string(), v));
                Some(())
            }
            _ => None,
        }
    }

    /// Renames the top-level key `key` to `new_key`, keeping its place.
    pub fn rename(&mut self, key: &str, new_key: &str) {
        if let Value::Map(entries) = self {
            for (k, _) in entries.iter_mut().filter(|(k, _)| k == key) {
                *k = new_key.to_string();
            }
        }
    }

    /// Removes the entry at `path`; nothing to do when it is not there.
    pub fn remove(&mut self, path: &[&str]) {
        let Some((last, parents)) = path.split_last() else {
            return;
        };
        let mut map = self;
        for key in parents {
            let Value::Map(entries) = map else { return };
            let Some((_, v)) = entries.iter_mut().find(|(k, _)| k == key) else {
                return;
            };
            map = v;
        }
        if let Value::Map(entries) = map {
            entries.retain(|(k, _)| k != last);
        }
    }
}

/// A key's text: its value, or what is written for a key YAML reads as null (`~:`).
pub fn key_text(key: &Node) -> String {
    match &key.kind {
        NodeKind::Scalar { value, .. } => value.clone(),
        _ => String::new(),
    }
}
