//! A draft: a text file whose front-matter names a `channel`. This module splits the file into
//! front-matter and body and reads the known keys into [`Facts`], keeping every range.

use std::ops::Range;

use super::frontmatter::{self, Block, Node, YamlError};

/// Front-matter keys Sendwell understands. Others are allowed and kept; near-misses get a hint.
pub const KNOWN_KEYS: &[&str] = &[
    "channel",
    "to",
    "first_name",
    "company",
    "role",
    "subject",
    "plan",
    "sequence",
    "step",
    "send",
    "day",
    "connected",
    "met",
    "vars",
    "sendwell",
];

/// A front-matter value and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub range: Range<usize>,
}

/// A parsed draft. Borrowing the text keeps parsing allocation-light on every keystroke.
#[derive(Debug)]
pub struct Draft<'t> {
    pub text: &'t str,
    pub block: Block,
    /// The parsed front-matter mapping; `None` when it failed to parse (see `yaml_error`).
    pub root: Option<Node>,
    pub yaml_error: Option<YamlError>,
    pub facts: Facts,
    /// The line break this file uses (see [`Draft::newline`]), found once: fixes ask for it per
    /// finding, and a scan of the whole text each time made a lint quadratic in its findings.
    newline: &'static str,
}

/// What the front-matter says about the message and its recipient.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub channel: Option<Spanned<String>>,
    pub to: Option<Spanned<String>>,
    /// `first_name:` if given, else the first word of `to:`.
    pub first_name: Option<String>,
    pub company: Option<Spanned<String>>,
    pub role: Option<Spanned<String>>,
    pub subject: Option<Spanned<String>>,
    /// The `subject:` key's range when present, even with an empty value.
    pub subject_key: Option<Range<usize>>,
    pub plan: Option<Spanned<String>>,
    pub sequence: Option<Spanned<String>>,
    pub step: Option<Spanned<String>>,
    /// `met:` says the sender and recipient have met or talked ("SaaStr 2026", `true`): the
    /// message is not a first touch however the channel and step read.
    pub met: Option<Spanned<String>>,
    pub send: Option<Spanned<String>>,
    pub day: Option<Spanned<String>>,
    /// `connected: true` (or yes, on): the recipient has accepted an invitation, so a direct
    /// message can reach them.
    pub connected: bool,
    /// Values for placeholders from `vars:`, in file order.
    pub vars: Vec<(String, String)>,
    /// Rule IDs switched off by `sendwell: { disable: [...] }`.
    pub disabled: Vec<String>,
}

impl<'t> Draft<'t> {
    /// Parses `text` as a draft. `None` means it is not a draft: no front-matter, or front-matter
    /// without a `channel` key. Malformed front-matter that mentions `channel` is still a draft,
    /// so the writer gets told what is wrong instead of silence.
    pub fn parse(text: &'t str) -> Option<Draft<'t>> {
        Draft::parse_with(text, frontmatter::parse_yaml)
    }

    /// [`Draft::parse`] with the front-matter's YAML (its text and offset) parsed by `parse`:
    /// a lint with a memo keeps the last one, which most keystrokes leave alone.
    pub fn parse_with(
        text: &'t str,
        parse: impl FnOnce(&str, usize) -> Result<Option<Node>, YamlError>,
    ) -> Option<Draft<'t>> {
        let block = frontmatter::find_block(text)?;
        let parsed = parse(&text[block.yaml.clone()], block.yaml.start);
        let mut yaml_error = None;
        let root = match parsed {
            Ok(root) => root,
            Err(err) => {
                yaml_error = Some(err);
                None
            }
        };
        let mut facts = Facts::default();
        match &root {
            Some(root)
                if root
                    .entries()
                    .iter()
                    .any(|(k, _)| k.as_str().is_some_and(is_channel_key)) =>
            {
                facts = Facts::from_yaml(root);
            }
            _ => {
                // Without a parsed mapping, fall back to a `channel:` line so the body can still be
                // checked against the right limits while the YAML is being fixed.
                let channel = channel_line(text, &block)?;
                facts.channel = Some(channel);
                if yaml_error.is_none() {
                    yaml_error = Some(YamlError {
                        range: block.yaml.start..block.yaml.start,
                        message: "front-matter must be a list of “key: value” lines".into(),
                    });
                }
            }
        }
        Some(Draft {
            text,
            block,
            root,
            yaml_error,
            facts,
            newline: line_break_of(text),
        })
    }

    /// The body: everything after the closing `---`.
    pub fn body(&self) -> Range<usize> {
        self.block.body_start..self.text.len()
    }

    /// Where a new front-matter line goes: the start of the closing `---` line.
    pub fn frontmatter_insert_point(&self) -> usize {
        self.block
            .close_line
            .as_ref()
            .map_or(self.block.yaml.end, |r| r.start)
    }

    /// The line break this file uses, so inserted lines match it.
    pub fn newline(&self) -> &'static str {
        self.newline
    }

    pub fn is_free_plan(&self) -> bool {
        self.facts
            .plan
            .as_ref()
            .is_some_and(|p| p.value.eq_ignore_ascii_case("free"))
    }
}

/// The break a fix's new lines use: CRLF where the file has one, a lone CR in a file that has
/// only those (classic Mac), else LF.
/// Runs on every lint: an LF file (most) costs one SIMD scan for a CR.
fn line_break_of(text: &str) -> &'static str {
    let bytes = text.as_bytes();
    let Some(first_cr) = memchr::memchr(b'\r', bytes) else {
        return "\n";
    };
    if memchr::memmem::find(&bytes[first_cr..], b"\r\n").is_some() {
        "\r\n"
    } else if memchr::memchr(b'\n', bytes).is_none() {
        "\r"
    } else {
        "\n"
    }
}

/// `channel`, or a likely misspelling of it (`chanel`, `Channel`): a file that tries to name a
/// channel is a draft, and gets a hint about the key rather than silence.
pub(crate) fn is_channel_key(key: &str) -> bool {
    key == "channel" || strsim::damerau_levenshtein(&key.to_lowercase(), "channel") <= 2
}

fn channel_line(text: &str, block: &Block) -> Option<Spanned<String>> {
    let yaml = &text[block.yaml.clone()];
    let mut offset = block.yaml.start;
    for line in yaml.split_inclusive('\n') {
        let content = line.trim_end_matches(['\r', '\n']);
        if let Some(rest) = content.strip_prefix("channel") {
            if let Some(value) = rest.trim_start().strip_prefix(':') {
                let lead = content.len() - value.len();
                let trimmed = value.trim();
                let start = offset + lead + (value.len() - value.trim_start().len());
                return Some(Spanned {
                    value: trimmed.trim_matches(['"', '\'']).to_string(),
                    range: start..start + trimmed.len(),
                });
            }
        }
        offset += line.len();
    }
    None
}

impl Facts {
    fn from_yaml(root: &Node) -> Facts {
        let text = |key: &str| {
            root.get(key).and_then(|n| {
                n.as_str().map(|s| Spanned {
                    value: s.trim().to_string(),
                    range: n.range.clone(),
                })
            })
        };
        let to = text("to");
        let first_name = text("first_name")
            .map(|s| s.value)
            .or_else(|| to.as_ref().and_then(|t| first_name_of(&t.value)));
        let subject_key = root
            .entries()
            .iter()
            .find(|(k, _)| k.as_str() == Some("subject"))
            .map(|(k, _)| k.range.clone());
        let vars = root
            .get("vars")
            .map(|v| {
                v.entries()
                    .iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let disabled = root
            .get("sendwell")
            .and_then(|s| s.get("disable"))
            .map(|d| match d.as_str() {
                Some(one) => vec![one.to_string()],
                None => d
                    .items()
                    .iter()
                    .filter_map(|i| i.as_str().map(String::from))
                    .collect(),
            })
            .unwrap_or_default();
        Facts {
            channel: text("channel"),
            first_name,
            to,
            company: text("company"),
            role: text("role"),
            subject: text("subject").filter(|s| !s.value.is_empty()),
            subject_key,
            plan: text("plan"),
            sequence: text("sequence"),
            step: text("step"),
            met: text("met"),
            send: text("send"),
            day: text("day"),
            connected: text("connected").is_some_and(|c| {
                matches!(
                    c.value.to_ascii_lowercase().as_str(),
                    "true" | "yes" | "on" | "1"
                )
            }),
            vars,
            disabled,
        }
    }

    /// The value `vars:` gives a placeholder name, compared as loosely as below.
    pub fn var_value(&self, name: &str) -> Option<&str> {
        let key = placeholder_key(name);
        self.vars
            .iter()
            .find(|(k, _)| placeholder_key(k) == key)
            .map(|(_, v)| v.as_str())
    }

    /// The value a placeholder name stands for, if the front-matter defines it. Names compare
    /// loosely (`First Name`, `first-name` and `firstName` are all `first_name`).
    pub fn placeholder_value(&self, name: &str) -> Option<&str> {
        if let Some(v) = self.var_value(name) {
            return Some(v);
        }
        match placeholder_key(name).as_str() {
            "first_name" | "firstname" | "first" | "name" => self.first_name.as_deref(),
            "to" | "full_name" | "fullname" | "recipient" => {
                self.to.as_ref().map(|s| s.value.as_str())
            }
            "company" | "company_name" | "companyname" | "organization" | "org" => {
                self.company.as_ref().map(|s| s.value.as_str())
            }
            "role" | "title" | "job_title" | "position" => {
                self.role.as_ref().map(|s| s.value.as_str())
            }
            _ => None,
        }
    }
}

/// Normalizes a placeholder or key name: lower case, `_` between words.
pub fn placeholder_key(name: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in name.trim().chars() {
        if c == ' ' || c == '-' || c == '_' || c == '.' {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            prev_lower = false;
        } else if c.is_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.extend(c.to_lowercase());
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_lowercase();
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The first name in a full name: the first word, skipping honorifics ("Dr. Sarah Chen" → Sarah).
/// Names written without spaces (as many CJK names are) are used whole.
pub fn first_name_of(full: &str) -> Option<String> {
    const HONORIFICS: &[&str] = &[
        "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "mx", "mx.",
    ];
    full.split_whitespace()
        .find(|w| !HONORIFICS.contains(&w.to_lowercase().as_str()))
        .map(|w| w.trim_end_matches(',').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_lines_use_the_files_own_break() {
        assert_eq!(line_break_of("---\nchannel: dm\n---\nHi"), "\n");
        assert_eq!(line_break_of("---\r\nchannel: dm\r\n---\r\nHi"), "\r\n");
        assert_eq!(line_break_of("---\rchannel: dm\r---\rHi"), "\r");
        // Mixed: CRLF wins where there is one; a stray CR in an LF file does not make it CR.
        assert_eq!(line_break_of("a\rb\nc\r\nd"), "\r\n");
        assert_eq!(line_break_of("a\rb\nc"), "\n");
    }

    #[test]
    fn a_file_without_channel_is_not_a_draft() {
        assert!(Draft::parse("---\ntitle: Notes\n---\nHello").is_none());
        assert!(Draft::parse("# Just markdown\n").is_none());
    }

    #[test]
    fn facts_come_from_front_matter() {
        let d = Draft::parse("---\nchannel: note\nto: Dr. Sarah Chen\ncompany: Northwind\nvars:\n  event: SupplyConf\n---\nHi").unwrap();
        assert_eq!(d.facts.channel.as_ref().unwrap().value, "note");
        assert_eq!(d.facts.first_name.as_deref(), Some("Sarah"));
        assert_eq!(d.facts.placeholder_value("Company"), Some("Northwind"));
        assert_eq!(d.facts.placeholder_value("first_name"), Some("Sarah"));
        assert_eq!(d.facts.placeholder_value("firstName"), Some("Sarah"));
        assert_eq!(d.facts.placeholder_value("event"), Some("SupplyConf"));
        assert_eq!(d.facts.placeholder_value("pain_point"), None);
    }

    #[test]
    fn first_name_override_wins() {
        let d =
            Draft::parse("---\nchannel: note\nto: Robert Smith\nfirst_name: Bob\n---\n").unwrap();
        assert_eq!(d.facts.first_name.as_deref(), Some("Bob"));
    }

    #[test]
    fn broken_yaml_with_a_channel_line_is_still_a_draft() {
        let d = Draft::parse("---\nchannel: inmail\nto: [oops\n---\nHi").unwrap();
        assert!(d.yaml_error.is_some());
        assert_eq!(d.facts.channel.unwrap().value, "inmail");
    }

    #[test]
    fn disable_list_is_read() {
        let d = Draft::parse(
            "---\nchannel: note\nsendwell:\n  disable: [spam.shouting, limit.body]\n---\n",
        )
        .unwrap();
        assert_eq!(d.facts.disabled, vec!["spam.shouting", "limit.body"]);
    }

    #[test]
    fn placeholder_keys_normalize() {
        assert_eq!(placeholder_key("First Name"), "first_name");
        assert_eq!(placeholder_key("firstName"), "first_name");
        assert_eq!(placeholder_key("company-name"), "company_name");
    }
}

#[cfg(test)]
mod channel_key_tests {
    use super::*;

    #[test]
    fn a_misspelled_channel_key_still_makes_a_draft() {
        let d = Draft::parse("---\nchanel: inmail\n---\nHi").unwrap();
        assert!(d.facts.channel.is_none());
    }
}
