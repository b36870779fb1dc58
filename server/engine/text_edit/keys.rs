//! Edits to front-matter keys that fixes share: set a value (replace it, fill an empty one, or
//! add the key), remove a key, add an item to a list. They work from the parsed YAML's spans in
//! every style (block, flow, block scalars) and with every line break (LF, CRLF, lone CR), and
//! each set of edits is offered only when the edited text parses back to exactly the intended
//! data with the body untouched: where an edit cannot be made safely, it is not made.

use std::ops::Range;

use super::layout::{self, Entry, Mapping, Shape};
use super::lines;
use super::quote::{yaml_scalar, Context};
use super::scan;
use super::value::Value;
use crate::engine::draft::Draft;
use crate::engine::finding::Edit;
use crate::engine::frontmatter::{find_block, parse_yaml, Block, Node, NodeKind};

/// A value to write.
#[derive(Clone, Copy, Debug)]
pub enum NewValue<'v> {
    /// A string, quoted when YAML needs it.
    Text(&'v str),
    /// Nothing after `key: `, for the writer to type.
    Empty,
    /// A flow list, `[a, b]`.
    List(&'v [&'v str]),
}

impl NewValue<'_> {
    fn data(self) -> Value {
        match self {
            NewValue::Text(s) => Value::Str(s.into()),
            NewValue::Empty => Value::Null,
            NewValue::List(items) => {
                Value::Seq(items.iter().map(|s| Value::Str((*s).into())).collect())
            }
        }
    }

    fn yaml(self, context: Context) -> String {
        match self {
            NewValue::Text(s) => yaml_scalar(s, context),
            NewValue::Empty => String::new(),
            NewValue::List(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|s| yaml_scalar(s, Context::Flow))
                    .collect();
                format!("[{}]", items.join(", "))
            }
        }
    }
}

/// Edits to one draft's front-matter, gathered and then checked together by [`Self::finish`].
/// Every step answers `None` when it cannot be made safely; the caller then offers no fix.
pub struct FrontMatterEdit<'t> {
    text: &'t str,
    block: &'t Block,
    root: &'t Node,
    /// The file's own line break, for new lines.
    newline: &'static str,
    edits: Vec<Edit>,
    /// The front-matter's data as the edits should leave it.
    expected: Value,
}

impl<'t> FrontMatterEdit<'t> {
    /// `None` when the front-matter did not parse as a mapping.
    pub fn new(draft: &'t Draft<'t>) -> Option<Self> {
        let root = draft.root.as_ref()?;
        if draft.yaml_error.is_some() || !matches!(root.kind, NodeKind::Map(_)) {
            return None;
        }
        Some(FrontMatterEdit {
            text: draft.text,
            block: &draft.block,
            root,
            newline: lines::break_after(draft.text, draft.block.open_line.start),
            edits: Vec::new(),
            expected: Value::of(root),
        })
    }

    fn top(&self) -> Option<Mapping<'t>> {
        layout::mapping(self.text, self.root, self.block.yaml.end)
    }

    /// Sets the value at `path` (keys from the top), adding the key, and the mappings on the
    /// way, when they are missing.
    pub fn set(&mut self, path: &[&str], value: NewValue) -> Option<&mut Self> {
        let top = self.top()?;
        self.set_in(&top, path, value)?;
        self.expected.set(path, value.data())?;
        Some(self)
    }

    /// Removes the entry at `path` with its lines; nothing to do when it is not there.
    pub fn remove(&mut self, path: &[&str]) -> Option<&mut Self> {
        let (last, parents) = path.split_last()?;
        let mut map = self.top()?;
        for key in parents {
            match layout::entry(self.text, &map, key)? {
                Some(entry) if matches!(entry.value.kind, NodeKind::Map(_)) => {
                    map = self.inner(&map, &entry)?;
                }
                _ => return Some(self),
            }
        }
        if let Some(entry) = layout::entry(self.text, &map, last)? {
            untouchable(&entry).then_none()?;
            self.replace(entry.remove_range, String::new());
            self.expected.remove(path);
        }
        Some(self)
    }

    /// Renames top-level `key` to `new_key` in place; `None` when `new_key` is there already
    /// (the two would clash) or `key` is not there.
    pub fn rename(&mut self, key: &str, new_key: &str) -> Option<&mut Self> {
        let top = self.top()?;
        if layout::entry(self.text, &top, new_key)?.is_some() {
            return None;
        }
        let entry = layout::entry(self.text, &top, key)??;
        untouchable(&entry).then_none()?;
        self.replace(
            entry.key_range,
            yaml_scalar(new_key, Within::of(&top).context()),
        );
        self.expected.rename(key, new_key);
        Some(self)
    }

    /// Adds `item` at the end of the list at `path`, making the list when there is none (and
    /// a list of the value and `item` when the value is a single string).
    pub fn push(&mut self, path: &[&str], item: &str) -> Option<&mut Self> {
        let (last, parents) = path.split_last()?;
        let mut map = self.top()?;
        for key in parents {
            match layout::entry(self.text, &map, key)? {
                Some(entry) if matches!(entry.value.kind, NodeKind::Map(_)) => {
                    map = self.inner(&map, &entry)?;
                }
                // Missing or empty: `set` writes the mappings on the way; anything else it refuses.
                _ => return self.set(path, NewValue::List(&[item])),
            }
        }
        let Some(entry) = layout::entry(self.text, &map, last)? else {
            return self.set(path, NewValue::List(&[item]));
        };
        untouchable(&entry).then_none()?;
        let list = entry.value;
        match &list.kind {
            NodeKind::Seq(_) => {
                let item_yaml = yaml_scalar(item, Context::Flow);
                if self.text[list.range.start..].starts_with('[') {
                    let span = scan::flow_span(self.text, list.range.start, self.block.yaml.end)?;
                    self.append_in_flow(span, &item_yaml);
                } else {
                    let (at, indent) = layout::block_list_end(self.text, list, entry.lines_end)?;
                    let line = format!("{}- {item_yaml}{}", " ".repeat(indent), self.newline);
                    self.insert_line(at, line);
                }
                let Some(Value::Seq(items)) = self.expected_at_mut(path) else {
                    return None;
                };
                items.push(Value::Str(item.into()));
                Some(self)
            }
            NodeKind::Scalar { .. } => match list.as_str() {
                None => self.set(path, NewValue::List(&[item])),
                Some(one) => {
                    let one = one.to_string();
                    self.set(path, NewValue::List(&[one.as_str(), item]))
                }
            },
            _ => None,
        }
    }

    /// The edits, in document order, once applying them is checked to leave the body as it was
    /// and the front-matter parsing to exactly the intended data.
    pub fn finish(self) -> Option<Vec<Edit>> {
        let edits = merged(self.edits)?;
        let yaml = &self.block.yaml;
        if edits
            .iter()
            .any(|e| e.range.start < yaml.start || e.range.end > yaml.end)
        {
            return None;
        }
        let after = apply(self.text, &edits);
        let block = find_block(&after)?;
        if after[block.body_start..] != self.text[self.block.body_start..] {
            return None;
        }
        let root = parse_yaml(&after[block.yaml.clone()], block.yaml.start).ok()??;
        (Value::of(&root) == self.expected).then_some(edits)
    }

    fn set_in(&mut self, map: &Mapping<'t>, path: &[&str], value: NewValue) -> Option<()> {
        let (key, rest) = path.split_first()?;
        let within = Within::of(map);
        let context = within.context();
        let Some(entry) = layout::entry(self.text, map, key)? else {
            let written = format!(
                "{}:{}",
                yaml_scalar(key, context),
                self.nested(rest, value, within)
            );
            self.add_entry(map, written);
            return Some(());
        };
        untouchable(&entry).then_none()?;
        if rest.is_empty() {
            let text = match value.yaml(context) {
                v if v.is_empty() && entry.value_range.is_empty() => return Some(()),
                v if entry.value_after_colon => format!(" {v}"),
                v => v,
            };
            self.replace(entry.value_range, text);
            return Some(());
        }
        match &entry.value.kind {
            NodeKind::Map(_) => {
                let inner = self.inner(map, &entry)?;
                self.set_in(&inner, rest, value)
            }
            NodeKind::Scalar { .. } if entry.value.as_str().is_none() => {
                let text = self.nested(rest, value, within);
                self.replace(entry.value_range, text);
                Some(())
            }
            _ => None,
        }
    }

    /// The text after `key:` that gives `key` the value `value` at `path` below it: the value
    /// itself, or mappings holding it (one line per key, two spaces deeper, in block style).
    fn nested(&self, path: &[&str], value: NewValue, within: Within) -> String {
        let Some((key, rest)) = path.split_first() else {
            return format!(" {}", value.yaml(within.context()));
        };
        let key = yaml_scalar(key, within.context());
        match within {
            Within::Block { indent } => format!(
                "{}{}{key}:{}",
                self.newline,
                " ".repeat(indent + 2),
                self.nested(rest, value, Within::Block { indent: indent + 2 })
            ),
            Within::Flow => format!(" {{{key}:{}}}", self.nested(rest, value, within)),
        }
    }

    /// The mapping that is `entry`'s value.
    fn inner(&self, map: &Mapping, entry: &Entry<'t>) -> Option<Mapping<'t>> {
        let end = match map.shape {
            Shape::Block { .. } => entry.lines_end,
            Shape::Flow { span, .. } => span.close,
        };
        layout::mapping(self.text, entry.value, end)
    }

    fn add_entry(&mut self, map: &Mapping, written: String) {
        match map.shape {
            Shape::Block { indent, end } => {
                let line = format!("{}{written}{}", " ".repeat(indent), self.newline);
                self.insert_line(end, line);
            }
            Shape::Flow { span, .. } => self.append_in_flow(span, &written),
        }
    }

    /// Inserts a whole line at `at`, the start of a line or the end of the text.
    fn insert_line(&mut self, at: usize, line: String) {
        let starts_line = at == 0 || self.text[..at].ends_with(['\n', '\r']);
        let line = if starts_line {
            line
        } else {
            format!("{}{}", self.newline, line.trim_end_matches(['\n', '\r']))
        };
        self.replace(at..at, line);
    }

    /// Adds `item` as the last entry of a flow collection, after its last item (with a comma).
    fn append_in_flow(&mut self, span: scan::FlowSpan, item: &str) {
        let text = match span.last_token {
            b'[' | b'{' => item.to_string(),
            b',' => format!(" {item}"),
            _ => format!(", {item}"),
        };
        self.replace(span.last_token_end..span.last_token_end, text);
    }

    fn replace(&mut self, range: Range<usize>, text: String) {
        self.edits.push(Edit { range, text });
    }

    fn expected_at_mut(&mut self, path: &[&str]) -> Option<&mut Value> {
        let mut at = &mut self.expected;
        for key in path {
            let Value::Map(entries) = at else { return None };
            at = &mut entries.iter_mut().find(|(k, _)| k == key)?.1;
        }
        Some(at)
    }
}

/// An entry edits leave alone: an anchor, tag or alias on its key or value.
fn untouchable(entry: &Entry) -> bool {
    entry.key.anchored_or_tagged
        || entry.value.anchored_or_tagged
        || entry.value.kind == NodeKind::Alias
}

trait ThenNone {
    /// `None` when `self` is true: `untouchable(e).then_none()?` stops there.
    fn then_none(self) -> Option<()>;
}

impl ThenNone for bool {
    fn then_none(self) -> Option<()> {
        (!self).then_some(())
    }
}

/// The style of the mapping a new value is written in.
#[derive(Clone, Copy)]
enum Within {
    /// A block mapping whose keys are `indent` spaces in.
    Block {
        indent: usize,
    },
    Flow,
}

impl Within {
    fn of(map: &Mapping) -> Within {
        match map.shape {
            Shape::Block { indent, .. } => Within::Block { indent },
            Shape::Flow { .. } => Within::Flow,
        }
    }

    fn context(self) -> Context {
        match self {
            Within::Block { .. } => Context::Block,
            Within::Flow => Context::Flow,
        }
    }
}

/// Sorts the edits; insertions at one point become one edit, in the order they were made (two
/// insertions at one point are easy for a client to apply in the wrong order). `None` when two
/// edits overlap.
fn merged(mut edits: Vec<Edit>) -> Option<Vec<Edit>> {
    edits.sort_by_key(|e| e.range.start);
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        match out.last_mut() {
            Some(prev) if prev.range.is_empty() && prev.range.start == e.range.start => {
                prev.range.end = e.range.end;
                prev.text.push_str(&e.text);
            }
            Some(prev) if prev.range.end > e.range.start => return None,
            _ => out.push(e),
        }
    }
    Some(out)
}

/// Applies sorted, non-overlapping edits.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.text);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Sets top-level `key` to `value` (see [`FrontMatterEdit::set`]).
pub fn set_key(draft: &Draft, key: &str, value: NewValue) -> Option<Vec<Edit>> {
    let mut edit = FrontMatterEdit::new(draft)?;
    edit.set(&[key], value)?;
    edit.finish()
}

/// Removes top-level `key` (see [`FrontMatterEdit::remove`]): no edits when it is not there.
pub fn remove_key(draft: &Draft, key: &str) -> Option<Vec<Edit>> {
    let mut edit = FrontMatterEdit::new(draft)?;
    edit.remove(&[key])?;
    edit.finish()
}

/// Adds `item` to the list at `path` (see [`FrontMatterEdit::push`]).
pub fn push_item(draft: &Draft, path: &[&str], item: &str) -> Option<Vec<Edit>> {
    let mut edit = FrontMatterEdit::new(draft)?;
    edit.push(path, item)?;
    edit.finish()
}
