//! Front-matter: the `---` block at the top of a draft, parsed as YAML with exact byte ranges.
//!
//! The YAML is read through `saphyr-parser`'s event stream into a small tree of our own. We do not
//! use a loader that resolves aliases, because expanding `*alias` nodes is how "billion laughs"
//! documents exhaust memory; an alias here stays an opaque node. Depth and size are capped too.

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// Front-matter larger than this is not parsed: nobody writes 64 KB of recipient facts, and a
/// hostile file must not cost unbounded time.
pub const MAX_FRONTMATTER_BYTES: usize = 64 * 1024;
const MAX_DEPTH: usize = 32;
const MAX_NODES: usize = 10_000;

/// The `---` … `---` block at the top of a file.
#[derive(Clone, Debug)]
pub struct Block {
    /// The opening `---` line, without its line break.
    pub open_line: Range<usize>,
    /// The YAML text between the fences.
    pub yaml: Range<usize>,
    /// The closing `---` (or `...`) line without its line break; `None` when the block never closes.
    pub close_line: Option<Range<usize>>,
    /// Where the body starts: just after the closing line's break (or the end of the text).
    pub body_start: usize,
}

/// Finds the front-matter block. `None` when the file does not start with a `---` line.
pub fn find_block(text: &str) -> Option<Block> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = Lines { text, pos: start };
    let (open, _) = lines.next()?;
    if text[open.clone()].trim_end_matches([' ', '\t']) != "---" {
        return None;
    }
    let yaml_start = lines.pos;
    for (line, next) in lines.by_ref() {
        let trimmed = text[line.clone()].trim_end_matches([' ', '\t']);
        if trimmed == "---" || trimmed == "..." {
            return Some(Block {
                open_line: open,
                yaml: yaml_start..line.start,
                close_line: Some(line),
                body_start: next,
            });
        }
    }
    Some(Block {
        open_line: open,
        yaml: yaml_start..text.len(),
        close_line: None,
        body_start: text.len(),
    })
}

/// Iterates lines as (range without break, start of next line).
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Lines<'_> {
    type Item = (Range<usize>, usize);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
            i += 1;
        }
        let end = i;
        if i < bytes.len() {
            i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
        }
        self.pos = i;
        Some((start..end, i))
    }
}

/// A YAML node with the byte range of its source text in the whole file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub range: Range<usize>,
    pub kind: NodeKind,
    /// Whether the node carries an anchor (`&name`) or a tag (`!tag`): an edit that rewrote it
    /// could break an alias elsewhere or change how it is read, so edits leave such nodes alone.
    pub anchored_or_tagged: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A scalar's value; `plain` is false for quoted and block scalars.
    Scalar {
        value: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// An alias (`*name`): kept opaque, never expanded.
    Alias,
}

impl Node {
    /// The scalar's text, `None` for non-scalars and for YAML's null (`~`, `null`, empty).
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, plain } => {
                if *plain && matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL") {
                    None
                } else {
                    Some(value.as_str())
                }
            }
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    /// The value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }
}

/// A YAML error with the byte range of the line it is on.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub range: Range<usize>,
    pub message: String,
}

/// Parses the YAML between the fences. `base` is the byte offset of `yaml` in the file, so ranges
/// come out in file offsets.
pub fn parse_yaml(yaml: &str, base: usize) -> Result<Option<Node>, YamlError> {
    if yaml.len() > MAX_FRONTMATTER_BYTES {
        return Err(YamlError {
            range: base..base,
            message: format!(
                "front-matter is {} KB; Sendwell reads at most {} KB",
                yaml.len() / 1024,
                MAX_FRONTMATTER_BYTES / 1024
            ),
        });
    }
    // saphyr reports positions in characters; map them to bytes once.
    let char_to_byte: Vec<usize> = yaml
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(yaml.len()))
        .collect();
    let byte = |chars: usize| base + char_to_byte[chars.min(char_to_byte.len() - 1)];
    let line_of = |at: usize| {
        // Errors found at the end of the text (an unclosed `[`) belong to the last written line.
        let local = if yaml[at - base..].trim().is_empty() {
            crate::text::floor_char_boundary(yaml, yaml.trim_end().len().saturating_sub(1))
        } else {
            at - base
        };
        let start = yaml[..local].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let end = yaml[local..]
            .find(['\n', '\r'])
            .map_or(yaml.len(), |i| local + i);
        base + start..base + end
    };

    let mut builder = TreeBuilder::default();
    let mut parser = Parser::new_from_str(yaml);
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ev) => ev,
            Err(err) => {
                let at = byte(err.marker().index());
                return Err(YamlError {
                    range: line_of(at),
                    message: err.info().to_string(),
                });
            }
        };
        let range = byte(span.start.index())..byte(span.end.index());
        let fault_line = line_of(range.start);
        let fail = |message: String| YamlError {
            range: fault_line.clone(),
            message,
        };
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(fail(
                        "front-matter holds more than one YAML document".into(),
                    ));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain;
                builder.push(Node {
                    range,
                    kind: NodeKind::Scalar {
                        value: value.into_owned(),
                        plain,
                    },
                    anchored_or_tagged: anchor != 0 || tag.is_some(),
                })
            }
            Event::Alias(_) => builder.push(Node {
                range,
                kind: NodeKind::Alias,
                anchored_or_tagged: false,
            }),
            Event::SequenceStart(anchor, tag) => builder.open(
                range.start,
                NodeKind::Seq(Vec::new()),
                anchor != 0 || tag.is_some(),
            ),
            Event::MappingStart(anchor, tag) => builder.open(
                range.start,
                NodeKind::Map(Vec::new()),
                anchor != 0 || tag.is_some(),
            ),
            Event::SequenceEnd | Event::MappingEnd => builder.close(range.end),
            Event::StreamEnd => break,
            _ => {}
        }
        if builder.depth() > MAX_DEPTH {
            return Err(fail(format!(
                "front-matter nests deeper than {MAX_DEPTH} levels"
            )));
        }
        if builder.nodes > MAX_NODES {
            return Err(fail(format!(
                "front-matter has more than {MAX_NODES} values"
            )));
        }
        if let Some(msg) = builder.error.take() {
            return Err(fail(msg));
        }
    }
    Ok(builder.root)
}

#[derive(Default)]
struct TreeBuilder {
    /// Open collections: start, kind, whether anchored or tagged, and a key awaiting its value.
    stack: Vec<(usize, NodeKind, bool, Option<Node>)>,
    root: Option<Node>,
    nodes: usize,
    error: Option<String>,
}

impl TreeBuilder {
    fn depth(&self) -> usize {
        self.stack.len()
    }

    fn open(&mut self, start: usize, kind: NodeKind, anchored_or_tagged: bool) {
        self.nodes += 1;
        self.stack.push((start, kind, anchored_or_tagged, None));
    }

    fn close(&mut self, end: usize) {
        if let Some((start, kind, anchored_or_tagged, pending_key)) = self.stack.pop() {
            if pending_key.is_some() {
                self.error = Some("a key has no value".into());
            }
            self.push_done(Node {
                range: start..end.max(start),
                kind,
                anchored_or_tagged,
            });
        }
    }

    fn push(&mut self, node: Node) {
        self.nodes += 1;
        self.push_done(node);
    }

    fn push_done(&mut self, node: Node) {
        let Some((_, parent, _, pending_key)) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node);
            }
            return;
        };
        match parent {
            NodeKind::Seq(items) => items.push(node),
            NodeKind::Map(entries) => match pending_key.take() {
                None => {
                    if !matches!(node.kind, NodeKind::Scalar { .. }) {
                        self.error = Some("a front-matter key must be plain text".into());
                    }
                    *pending_key = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Block, Result<Option<Node>, YamlError>) {
        let block = find_block(text).expect("block");
        let yaml = parse_yaml(&text[block.yaml.clone()], block.yaml.start);
        (block, yaml)
    }

    #[test]
    fn finds_block_and_body() {
        let text = "---\nchannel: inmail\n---\nHello";
        let (block, root) = parse(text);
        assert_eq!(&text[block.body_start..], "Hello");
        let root = root.unwrap().unwrap();
        let channel = root.get("channel").unwrap();
        assert_eq!(&text[channel.range.clone()], "inmail");
        assert_eq!(channel.as_str(), Some("inmail"));
    }

    #[test]
    fn ranges_are_bytes_with_multibyte_text_and_crlf_and_bom() {
        let text = "\u{feff}---\r\nto: 王芳 👋\r\ncompany: Ünïcode\r\n---\r\nHi";
        let (block, root) = parse(text);
        let root = root.unwrap().unwrap();
        let company = root.get("company").unwrap();
        assert_eq!(&text[company.range.clone()], "Ünïcode");
        assert_eq!(&text[block.body_start..], "Hi");
        let to = root.get("to").unwrap();
        assert_eq!(&text[to.range.clone()], "王芳 👋");
    }

    #[test]
    fn unclosed_block_runs_to_the_end() {
        let block = find_block("---\nchannel: note\nHi").unwrap();
        assert!(block.close_line.is_none());
    }

    #[test]
    fn not_a_block_without_opening_fence() {
        assert!(find_block("Hello\n---\n").is_none());
        assert!(find_block("").is_none());
    }

    #[test]
    fn syntax_error_points_at_its_line() {
        let text = "---\nchannel: note\nto: [Sarah\n---\nHi";
        let (_, res) = parse(text);
        let err = res.unwrap_err();
        assert!(err.range.start >= text.find("to:").unwrap(), "{err:?}");
    }

    #[test]
    fn aliases_are_not_expanded() {
        let text = "---\na: &x [1, 2]\nb: [*x, *x, *x]\nchannel: note\n---\n";
        let (_, res) = parse(text);
        let root = res.unwrap().unwrap();
        assert_eq!(root.get("b").unwrap().items().len(), 3);
        assert!(root
            .get("b")
            .unwrap()
            .items()
            .iter()
            .all(|n| n.kind == NodeKind::Alias));
    }

    #[test]
    fn anchors_and_tags_are_marked_on_their_node() {
        let text = "---\na: &x [1]\nb: !t v\nc: *x\nd: {e: 1}\n---\n";
        let (_, res) = parse(text);
        let root = res.unwrap().unwrap();
        let marked = |key: &str| root.get(key).unwrap().anchored_or_tagged;
        assert_eq!(["a", "b", "c", "d"].map(marked), [true, true, false, false]);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let yaml = format!("channel: note\nx: {}{}\n", "[".repeat(100), "]".repeat(100));
        let text = format!("---\n{yaml}---\n");
        let (_, res) = parse(&text);
        assert!(res.unwrap_err().message.contains("deeper"));
    }
}
