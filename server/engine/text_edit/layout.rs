//! Where a front-matter mapping's entries sit in the text, from the parsed tree's spans: the
//! lines a block entry takes (its value's lines included, trailing blank and comment lines
//! not), or a flow mapping's brackets, and the exact text of each value.

use std::ops::Range;

use super::lines::{self, lines_in};
use super::scan::{self, FlowSpan};
use crate::engine::frontmatter::{Node, NodeKind};

/// A mapping and how it is written.
pub struct Mapping<'n> {
    pub node: &'n Node,
    pub shape: Shape,
}

pub enum Shape {
    /// One `key: value` per line at `indent` spaces; its lines end at `end`.
    Block { indent: usize, end: usize },
    /// `{key: value, …}`.
    Flow { span: FlowSpan },
}

/// One entry of a mapping and the ranges an edit of it works on.
pub struct Entry<'n> {
    pub key: &'n Node,
    pub value: &'n Node,
    /// The key as written (with its quotes, if any).
    pub key_range: Range<usize>,
    /// What a new value replaces: the value as written when it starts on the key's line (a
    /// block scalar's header and lines, a nested mapping's lines), else the end of the key's
    /// line after the `:` (an empty value).
    pub value_range: Range<usize>,
    /// Whether the new value needs a space before it: the range starts right after the `:`.
    pub value_after_colon: bool,
    /// What removing the entry takes: a block entry's whole lines with their last break; a
    /// flow entry with one adjoining comma.
    pub remove_range: Range<usize>,
    /// For a block entry, where its lines end (after the last line's break): the end of a
    /// mapping or list nested in it, and where an item added to such a list goes.
    pub lines_end: usize,
}

/// `node` as a mapping whose text ends by `end`. `None` when it is not a mapping, or when its
/// layout is one these edits do not handle (a mapping inside a list item, say).
pub fn mapping<'n>(text: &str, node: &'n Node, end: usize) -> Option<Mapping<'n>> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    if text[node.range.start..].starts_with('{') {
        let span = scan::flow_span(text, node.range.start, end)?;
        return Some(Mapping {
            node,
            shape: Shape::Flow { span },
        });
    }
    let (first_key, _) = entries.first()?;
    let line_start = lines::line_start(text, first_key.range.start);
    let lead = &text[line_start..first_key.range.start];
    lead.bytes().all(|b| b == b' ').then_some(Mapping {
        node,
        shape: Shape::Block {
            indent: lead.len(),
            end,
        },
    })
}

/// The entries of `map` under `key`: `Some(None)` when there is none, `None` when the key is
/// there more than once or its layout cannot be worked out.
pub fn entry<'n>(text: &str, map: &Mapping<'n>, key: &str) -> Option<Option<Entry<'n>>> {
    let entries = map.node.entries();
    let found: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].0.as_str() == Some(key))
        .collect();
    let index = match found[..] {
        [] => return Some(None),
        [index] => index,
        _ => return None,
    };
    let entry = match map.shape {
        Shape::Block { indent, end } => block_entry(text, entries, index, indent, end),
        Shape::Flow { span, .. } => flow_entry(text, &entries[index], span.close),
    };
    entry.map(Some)
}

fn block_entry<'n>(
    text: &str,
    entries: &'n [(Node, Node)],
    index: usize,
    indent: usize,
    end: usize,
) -> Option<Entry<'n>> {
    let (key, value) = &entries[index];
    let line_start = lines::line_start(text, key.range.start);
    if key.range.start - line_start != indent
        || !text[line_start..key.range.start].bytes().all(|b| b == b' ')
    {
        return None;
    }
    let colon_end = colon_end(text, key, end)?;
    let key_line_end = lines::line_end(text, key.range.start);
    if colon_end > key_line_end {
        return None;
    }
    let region_end = match entries.get(index + 1) {
        Some((next, _)) => lines::line_start(text, next.range.start),
        None => end,
    };
    // The entry's lines: the key's, then every line up to the next entry except trailing blank
    // lines and comments no deeper than the key (they belong to what follows).
    let mut last = None;
    for line in lines_in(text, line_start..region_end) {
        let trivia = line.start > line_start
            && (line.is_blank(text) || line.is_comment(text) && line.indent(text) <= indent);
        if !trivia {
            last = Some(line);
        }
    }
    let last = last?;
    let content_end = last.end;
    let lines_end = last.next;
    let value_range = block_value_range(text, value, colon_end, key_line_end, content_end)?;
    let value_after_colon = value_range.start == colon_end;
    Some(Entry {
        key,
        value,
        key_range: key.range.start..key_end(text, key, end)?,
        value_range,
        value_after_colon,
        remove_range: line_start..lines_end,
        lines_end,
    })
}

/// Just past the `:` after `key`.
fn colon_end(text: &str, key: &Node, limit: usize) -> Option<usize> {
    let key_end = key_end(text, key, limit)?;
    let after = text[key_end..].trim_start_matches([' ', '\t']);
    after
        .starts_with(':')
        .then_some(text.len() - after.len() + 1)
}

/// The end of `key` as written: a quoted key's span runs on past its closing quote.
fn key_end(text: &str, key: &Node, limit: usize) -> Option<usize> {
    if text[key.range.start..].starts_with(['"', '\'']) {
        scan::quoted_end(text, key.range.start, limit)
    } else {
        Some(key.range.end)
    }
}

/// What a new value replaces in a block entry: after the `:`, the value's own text (a comment
/// after a one-line value stays), or all of its lines (a block scalar, a nested mapping or list).
fn block_value_range(
    text: &str,
    value: &Node,
    colon_end: usize,
    key_line_end: usize,
    content_end: usize,
) -> Option<Range<usize>> {
    let on_key_line = &text[colon_end..key_line_end];
    let first = colon_end + (on_key_line.len() - on_key_line.trim_start_matches([' ', '\t']).len());
    match text.as_bytes().get(first).filter(|_| first < key_line_end) {
        None | Some(b'#') if content_end > key_line_end => Some(colon_end..content_end),
        None | Some(b'#') => {
            let end = scan::comment_start(text, colon_end, key_line_end).unwrap_or(key_line_end);
            Some(colon_end..colon_end + text[colon_end..end].trim_end_matches([' ', '\t']).len())
        }
        Some(b'|' | b'>') => Some(first..content_end),
        Some(_) => {
            let end = value_end(text, value, first, content_end)?;
            Some(first..end)
        }
    }
}

/// The end of a scalar or flow collection written at `start`, no later than `limit`. `None` for
/// anchors, tags, aliases and block collections.
fn value_end(text: &str, value: &Node, start: usize, limit: usize) -> Option<usize> {
    if value.anchored_or_tagged || value.kind == NodeKind::Alias {
        return None;
    }
    match text.as_bytes()[start] {
        b'"' | b'\'' => scan::quoted_end(text, start, limit),
        b'[' | b'{' => scan::flow_span(text, start, limit).map(|s| s.close + 1),
        b'&' | b'!' | b'*' | b'|' | b'>' => None,
        _ => match &value.kind {
            NodeKind::Scalar { plain: true, .. } if value.range.start == start => {
                Some(value.range.end)
            }
            _ => None,
        },
    }
}

fn flow_entry<'n>(text: &str, (key, value): &'n (Node, Node), close: usize) -> Option<Entry<'n>> {
    let colon_end = colon_end(text, key, close)?;
    let after = &text[colon_end..close];
    let first = colon_end + (after.len() - after.trim_start().len());
    let (value_start, value_end) =
        if value.as_str().is_none() && matches!(value.kind, NodeKind::Scalar { .. }) {
            // `{key: , …}` or `{key:}`: nothing written.
            if !matches!(text.as_bytes()[first], b',' | b'}' | b'#') {
                return None;
            }
            (colon_end, colon_end)
        } else {
            (first, value_end(text, value, first, close)?)
        };
    let remove_range = flow_remove_range(text, key.range.start..value_end, close)?;
    Some(Entry {
        key,
        value,
        key_range: key.range.start..key_end(text, key, close)?,
        value_range: value_start..value_end,
        value_after_colon: value_start == colon_end,
        remove_range,
        lines_end: value_end,
    })
}

/// A flow entry with the comma after it (and the spaces after that), or else the comma before
/// it; the only entry alone.
fn flow_remove_range(text: &str, entry: Range<usize>, close: usize) -> Option<Range<usize>> {
    let after = &text[entry.end..close];
    let gap = after.len() - after.trim_start().len();
    if after[gap..].starts_with(',') {
        let rest = &after[gap + 1..];
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        return Some(entry.start..entry.end + gap + 1 + spaces);
    }
    let before = text[..entry.start].trim_end();
    if before.ends_with(',') {
        return Some(before.len() - 1..entry.end);
    }
    before.ends_with('{').then_some(entry)
}

/// Where an item goes at the end of the block list `list`, the value of an entry whose lines
/// end at `lines_end`, and the indentation of its dashes. `None` unless every item starts a
/// `- ` line at one indentation.
pub fn block_list_end(text: &str, list: &Node, lines_end: usize) -> Option<(usize, usize)> {
    let mut indent = None;
    for item in list.items() {
        let line_start = lines::line_start(text, item.range.start);
        let lead = &text[line_start..item.range.start];
        let dash_at = lead.len() - lead.trim_start_matches(' ').len();
        let after_dash = lead[dash_at..].strip_prefix('-')?;
        if !after_dash.bytes().all(|b| b == b' ') || after_dash.is_empty() {
            return None;
        }
        if *indent.get_or_insert(dash_at) != dash_at {
            return None;
        }
    }
    Some((lines_end, indent?))
}
