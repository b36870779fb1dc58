//! The message as it will be sent: the body without HTML comments (notes to self), with
//! placeholders that the front-matter defines filled in, line breaks as `\n`, trimmed.
//!
//! The rendered text keeps a map back to the source, so a count over the rendered text (such as
//! "the 301st character") can be shown at the exact spot in the file.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;
use regex::Regex;

use super::channels::CountMode;
use super::draft::Facts;

/// A template token in the body.
#[derive(Clone, Debug, PartialEq)]
pub struct Placeholder {
    pub range: Range<usize>,
    /// The name inside the token (`first_name` in `{first_name}`); empty for `___` and `XX`.
    pub name: String,
    /// The value the front-matter gives it, if any.
    pub value: Option<String>,
    /// Alone on a line under a closing ("Best,\n[Name]"): the sender's name, not the reader's.
    pub signature: bool,
}

/// Names are ASCII on purpose: a Unicode `\w` repeated 40 times compiles to an automaton that
/// took most of a cold start, and template tokens are written in ASCII.
/// Tokens people leave in templates: `{{name}}` (with a filter, `{{ name | default("x") }}`, or
/// words for the writer, `{{One sentence about their situation}}`), `{name}`, `[Name]` (not a Markdown link),
/// `<name>` (not an HTML tag), `(Name)` and `(fill in the organization)` (brackets holding a slot
/// name or an instruction: see [`paren_slot`]), `%NAME%` (a name, so "50% off 20%" is not one),
/// Mailchimp's `*|FNAME|*`, a shell-style `$RecentProject` (two words run together, so `$USD` and
/// `$Python` are not one),
/// `___`, `[...]`, `XX`. Every alternative starts with one of a few bytes, so the search skips
/// to them: it runs over the whole text on every keystroke.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\{\{(?P<double>[^{}\n]{1,200}(?:\n[^{}\n]{1,120})?)\}\}",
        // Salesforce's `{!Contact.FirstName}`, and a sigil before braces (`${first_name}`,
        // Ruby's `#{first_name}`) is part of the token, so a fill leaves no `$` behind.
        r"|\{!(?P<sfdc>[A-Za-z][A-Za-z0-9_.]{0,60})\}",
        r"|[$#]?\{\s*(?P<single>[A-Za-z_][A-Za-z0-9_ .-]{0,40}?)\s*\}",
        r"|\[(?P<square>[^\[\]\s.…!^][^\[\]\n]{0,200})\](?P<link>[(\[:])?",
        // ERB and ASP tags (`<%= first_name %>`), then `<Company>` and `<<First Name>>`.
        r"|<%=?\s*(?P<erb>[A-Za-z_][A-Za-z0-9_.]{0,40})\s*%>",
        r"|<<?(?P<angle>[A-Za-z][A-Za-z0-9_ -]{0,40})>>?",
        r"|%(?P<percent>[A-Za-z][A-Za-z0-9_]{0,40})%",
        r"|\*\|(?P<merge>[A-Za-z][A-Za-z0-9_:]{0,40})\|\*",
        r"|\$(?P<dollar>[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+)\b",
        r"|\$(?P<snake>[a-z]+(?:_[a-z0-9]+)+)\b",
        // `__FIRST_NAME__`; in capitals only, since `__word__` is Markdown's bold.
        r"|__(?P<under>[A-Z][A-Z0-9_]{0,40}?[A-Z0-9])__",
        r"|\((?P<paren>[A-Za-z][A-Za-z _/-]{0,44})\)",
        r"|(?P<blank>_{3,}|\[\s*(?:\.\.\.|…)\s*\])",
        r"|\b(?P<xx>XX+)\b",
    ))
    .expect("placeholder regex")
});

/// Slot words in capitals ("Hi NAME,", "buy some PRODUCT"), runs of "xxx", "XYZ", a signature
/// block's field names ("Your Name", "Title", "Phone Number": kept only alone on their line),
/// "NameHere", "InsertName", the stand-in firms and people of worked examples ("Company Z",
/// "ABC Corp", "John Doe"), a greeting to "Name" ("Hi Name,": only the slot is the token) and
/// example sites ("yourwebsite.com", "linkedin.com/in/yourname"): a few literal words, searched
/// apart so that
/// [`PLACEHOLDER`] keeps its one-byte starts.
static WORD_SLOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?-u:\b)(?P<caps>(?:FIRST_?|LAST_?|FULL_?|YOUR_?|COMPANY_?)?(?:NAME|COMPANY|PRODUCT|TITLE))(?-u:\b)",
        r"|(?-u:\b)(?:xxx+|XYZ)(?-u:\b)",
        r"|(?-u:\b)(?P<here>(?:First|Last|Full)?NameHere|Insert(?:First|Last|Full)?Name|Company (?:[XYZ]|ABC)|ABC (?:Company|Corp(?:oration)?|Inc|Ltd|Co)|John Doe|Jane Doe)(?-u:\b)",
        r"|(?-u:\b)(?P<signature>(?:Your |Sender )?(?:Full |First |Last |Company |Job )?(?:Name|Title|Company|Position|Phone(?: Number)?|Email(?: Address)?|Website|Signature)|First Last|Firstname Lastname)(?-u:\b)",
        r"|(?-u:\b)(?:Hi|Hello|Hey|Dear) (?P<greeting>(?:First ?)?Name|Firstname|Recipient|Prospect)(?-u:\b)",
        // "Hey X," greets a stand-in letter; the comma keeps "Hi X users" out.
        r"|(?-u:\b)(?:Hi|Hello|Hey|Dear) (?P<letter>[XYZ]),",
        r"|(?-u:\b)(?P<site>(?:www\.)?your(?:website|site|company|domain|companyname|name)\.com|linkedin\.com/in/(?:yourname|your-name|yourprofile|your-profile|username)|calendly\.com/(?:yourname|your-name))",
    ))
    .expect("word slot regex")
});

/// Whether the words in brackets are a slot: a slot name templates use ("Name", "Company
/// Name", "Role") or an instruction to the writer ("fill in the organization"), not text such
/// as "(backend/infra/AI)".
fn paren_slot(inside: &str) -> bool {
    const OWNERS: &[&str] = &[
        "your ",
        "their ",
        "first ",
        "last ",
        "full ",
        "company ",
        "job ",
        "role ",
        "recipient ",
        "contact ",
        "prospect ",
    ];
    const NAMES: &[&str] = &[
        "name",
        "first name",
        "company",
        "company name",
        "role",
        "role name",
        "title",
        "job title",
        "position",
        "industry",
        "date",
        "day",
        "topic",
        "city",
        "school",
        "team",
        "product",
    ];
    const INSTRUCTIONS: &[&str] = &["fill in", "insert", "add ", "enter ", "put in"];
    let lower = inside.to_ascii_lowercase().replace('_', " ");
    let bare = OWNERS
        .iter()
        .find_map(|o| lower.strip_prefix(o))
        .unwrap_or(&lower);
    // "(meeting/talking/whatever)": choices left open for the writer to pick from.
    const OPEN_ENDS: &[&str] = &["whatever", "etc", "etc.", "something", "anything", "other"];
    let open_choice = lower.contains('/')
        && lower
            .rsplit('/')
            .next()
            .is_some_and(|last| OPEN_ENDS.contains(&last.trim()));
    NAMES.contains(&bare)
        || NAMES.contains(&lower.as_str())
        || INSTRUCTIONS.iter().any(|i| lower.starts_with(i))
        || open_choice
}

/// Lower-case words that are HTML tags, not placeholders, when written `<like this>`.
const HTML_TAGS: &[&str] = &[
    "a",
    "b",
    "i",
    "u",
    "s",
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "div",
    "span",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "sub",
    "sup",
    "small",
    "mark",
    "del",
    "ins",
    "blockquote",
    "table",
    "tr",
    "td",
    "th",
    "img",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "details",
    "summary",
    "kbd",
];

/// Byte ranges of HTML comments in `range` of `text`. A comment alone on its line takes the whole
/// line with it, so removing it leaves no blank line behind. An unclosed comment runs to the end.
pub fn comments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = range.start;
    let bytes = text.as_bytes();
    let (open, close) = (Finder::new("<!--"), Finder::new("-->"));
    // Where the current line starts, searched for only in the bytes since the last comment:
    // looking back to the line's start from each comment was quadratic on one long line.
    let mut line_start = range.start;
    while let Some(found) = open.find(&bytes[pos..range.end]) {
        let start = pos + found;
        let end = close
            .find(&bytes[start + 4..range.end])
            .map_or(range.end, |e| start + 4 + e + 3);
        if let Some(i) = memchr::memrchr(b'\n', &bytes[pos..start]) {
            line_start = pos + i + 1;
        }
        #[cfg(test)]
        tests::SCANNED.with(|n| n.set(n.get() + (start - pos)));
        let mut line_end = end;
        while line_end < range.end && matches!(bytes[line_end], b' ' | b'\t') {
            line_end += 1;
        }
        let alone = text[line_start..start].trim().is_empty()
            && (line_end == range.end || matches!(bytes[line_end], b'\r' | b'\n'));
        if alone {
            let mut full_end = line_end;
            if full_end < range.end && bytes[full_end] == b'\r' {
                full_end += 1;
            }
            if full_end < range.end && bytes[full_end] == b'\n' {
                full_end += 1;
            }
            out.push(line_start..full_end);
        } else {
            out.push(start..end);
        }
        pos = end;
    }
    out
}

/// Placeholders in the parts of `range` that are not comments.
pub fn placeholders(
    text: &str,
    range: Range<usize>,
    skip: &[Range<usize>],
    facts: &Facts,
) -> Vec<Placeholder> {
    let mut out = Vec::new();
    for part in gaps(range, skip) {
        for caps in PLACEHOLDER.captures_iter(&text[part.clone()]) {
            let whole = caps.get(0).expect("match");
            if caps.name("link").is_some() {
                continue; // `[text](url)`, `[text][ref]` and `[ref]: url` are Markdown links.
            }
            let name = [
                "double", "single", "square", "angle", "percent", "merge", "dollar", "paren",
                "sfdc", "erb", "snake", "under",
            ]
            .iter()
            .find_map(|g| caps.name(g))
            .map(|m| m.as_str().trim().to_string())
            .unwrap_or_default();
            // A filter names a fallback, not the field: `{{ company | default("your team") }}`
            // is the `company` field (Jinja, Liquid, Handlebars helpers alike).
            let name = match (caps.name("double"), name.split_once('|')) {
                (Some(_), Some((field, _))) if !field.trim().is_empty() => field.trim().to_string(),
                _ => name,
            };
            if caps.name("angle").is_some() && HTML_TAGS.contains(&name.as_str()) {
                continue;
            }
            if caps.name("square").is_some()
                && (matches!(
                    name.as_str(),
                    "sic" | "snip" | "email protected" | "email\u{a0}protected"
                ) || (matches!(name.as_str(), "x" | "X")
                    && checkbox(&text[part.clone()], whole.start()))
                    || inside_a_word(&text[part.clone()], whole.start())
                    || name
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b',' || b == b' '))
            {
                // Task-list checkboxes, an editor's "[sic]" and "[snip]", the "[email
                // protected]" a web page leaves where it hid an address, footnotes ("[1]",
                // "[2, 3]") and brackets inside a word ("M[ade] I[n]", "items[0]").
                continue;
            }
            if caps.name("paren").is_some() && !paren_slot(&name) {
                continue; // "(backend/infra/AI)" is text
            }
            let signs = signs_off(&text[part.clone()], whole);
            out.push(placeholder(part.start, whole, name, signs, facts));
        }
        for caps in WORD_SLOT.captures_iter(&text[part.clone()]) {
            let whole = caps
                .name("greeting")
                .or_else(|| caps.name("letter"))
                .unwrap_or_else(|| caps.get(0).expect("match"));
            if caps.name("signature").is_some() && !alone_on_its_line(&text[part.clone()], whole) {
                continue; // "Your Name" inside a sentence is words, not a slot
            }
            let at = part.start + whole.start()..part.start + whole.end();
            if out
                .iter()
                .any(|p| p.range.start < at.end && at.start < p.range.end)
            {
                continue; // inside a token found above: `{{FIRST_NAME}}`
            }
            let name = ["caps", "signature", "here", "greeting", "letter", "site"]
                .iter()
                .find_map(|g| caps.name(g))
                .map_or(String::new(), |m| m.as_str().to_string());
            let signs = signs_off(&text[part.clone()], whole);
            out.push(placeholder(part.start, whole, name, signs, facts));
        }
        for at in example_addresses(&text[part.clone()]) {
            let at = part.start + at.start..part.start + at.end;
            if !out
                .iter()
                .any(|p| p.range.start < at.end && at.start < p.range.end)
            {
                out.push(Placeholder {
                    name: text[at.clone()].to_string(),
                    range: at,
                    value: None,
                    signature: false,
                });
            }
        }
    }
    out.sort_by_key(|p| p.range.start);
    out
}

/// Whether the `[` at `at` opens a task-list checkbox: only a list marker ("- ", "* ", "1. ")
/// and spaces before it on its line. Elsewhere "[X]" is a slot ("you were working on [X]").
/// Only the few characters a marker can take are read, so many "[x]" on one long line stay
/// linear.
fn checkbox(text: &str, at: usize) -> bool {
    const MARKER_ROOM: usize = 12;
    let before = &text[..at];
    let mut line_start = 0;
    for (n, (i, c)) in before.char_indices().rev().enumerate() {
        if c == '\n' || c == '\r' {
            line_start = i + 1;
            break;
        }
        if n == MARKER_ROOM {
            return false; // more than a marker before it on its line
        }
    }
    let line = before[line_start..].trim();
    let marker = line.trim_end_matches(['.', ')']);
    matches!(line, "-" | "*" | "+")
        || (!marker.is_empty()
            && marker.len() < line.len()
            && marker.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the `[` at `at` follows a letter or digit: part of a word or an index, not a slot.
fn inside_a_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// Example addresses that templates leave for the writer's own ("email@gmail.com",
/// "yourname@company.com", "jane@example.com"): a stand-in mailbox or a stand-in domain. Found
/// from each `@`, so the scan costs nothing on text without one.
fn example_addresses(text: &str) -> Vec<Range<usize>> {
    const MAILBOXES: &[&str] = &[
        "email",
        "youremail",
        "your.email",
        "name",
        "yourname",
        "your.name",
        "your_name",
        "firstname",
        "first.last",
        "firstname.lastname",
        "first_name",
        "you",
        "username",
    ];
    const DOMAINS: &[&str] = &[
        "example",
        "domain",
        "yourdomain",
        "company",
        "yourcompany",
        "companyname",
        "website",
        "yourwebsite",
    ];
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let host = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    let mut out = Vec::new();
    for at in memchr::memchr_iter(b'@', bytes) {
        let start = (0..at).rev().take_while(|&i| local(bytes[i])).last();
        let end = (at + 1..bytes.len())
            .take_while(|&i| host(bytes[i]))
            .last()
            .map(|i| i + 1);
        let (Some(start), Some(mut end)) = (start, end) else {
            continue;
        };
        while bytes[end - 1] == b'.' {
            end -= 1; // the sentence's full stop
        }
        let mailbox = text[start..at].to_ascii_lowercase();
        let domain = text[at + 1..end].to_ascii_lowercase();
        let Some((name, _tld)) = domain.rsplit_once('.') else {
            continue;
        };
        let name = name.rsplit('.').next().unwrap_or(name);
        if MAILBOXES.contains(&mailbox.as_str()) || DOMAINS.contains(&name) {
            out.push(start..end);
        }
    }
    out
}

/// `signs`: the slot is alone on a line under a closing ("Best,\n[Name]"), where a name is the
/// sender's, so `to:` and `first_name:` (the recipient's) do not fill it; only `vars:` can.
fn placeholder(
    offset: usize,
    whole: regex::Match,
    name: String,
    signs: bool,
    facts: &Facts,
) -> Placeholder {
    let value = if name.is_empty() {
        None
    } else if signs {
        facts.var_value(&name).map(str::to_string)
    } else {
        facts.placeholder_value(&name).map(str::to_string)
    };
    Placeholder {
        range: offset + whole.start()..offset + whole.end(),
        name,
        value,
        signature: signs,
    }
}

/// Whether `m` is alone on its line and the line above it closes the message ("Best,",
/// "Thanks!", "Kind regards"): a signature.
fn signs_off(text: &str, m: regex::Match) -> bool {
    if !alone_on_its_line(text, m) {
        return false;
    }
    let above = text[..m.start()].trim_end();
    let line = above.rsplit(['\n', '\r']).next().unwrap_or("").trim();
    let words = line.split_whitespace().count();
    // "Hi Name,\n[Add a line about their launch]" is under the greeting, not a closing, and an
    // instruction of many words is no one's name.
    let greeting = ["hi", "hello", "hey", "dear", "good"].iter().any(|g| {
        line.get(..g.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(g))
            && !line[g.len()..].starts_with(char::is_alphanumeric)
    });
    (1..=4).contains(&words)
        && (line.ends_with([',', '!', '-', '—', '–']) || !line.contains(['.', '?', ':']))
        && !line.starts_with(['[', '{', '<', '('])
        && !greeting
        && m.as_str().split_whitespace().count() <= 5
}

/// Whether `m` has only spaces and tabs around it on its line. Looked at only next to the
/// token, so that many tokens on one long line stay linear.
fn alone_on_its_line(text: &str, m: regex::Match) -> bool {
    let line_break = |c: Option<char>| c.is_none_or(|c| c == '\n' || c == '\r');
    let spaces = [' ', '\t'];
    line_break(
        text[..m.start()]
            .trim_end_matches(spaces)
            .chars()
            .next_back(),
    ) && line_break(text[m.end()..].trim_start_matches(spaces).chars().next())
}

/// The parts of `range` not covered by the sorted, disjoint `holes`.
fn gaps(range: Range<usize>, holes: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = range.start;
    for hole in holes {
        if hole.start > pos {
            out.push(pos..hole.start);
        }
        pos = pos.max(hole.end);
    }
    if pos < range.end {
        out.push(pos..range.end);
    }
    out
}

/// One piece of rendered text and where it came from.
#[derive(Clone, Debug)]
struct Segment {
    /// Start of this piece in the rendered text.
    out_start: usize,
    src: Range<usize>,
    /// `true` when the rendered piece is the source text byte for byte.
    verbatim: bool,
}

/// The message as sent, with a map back to the source.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub text: String,
    segments: Vec<Segment>,
}

impl Rendered {
    /// Renders `range` of `text`, leaving out `comments` and filling `placeholders` with values.
    pub fn build(
        text: &str,
        range: Range<usize>,
        comments: &[Range<usize>],
        placeholders: &[Placeholder],
    ) -> Rendered {
        let mut r = Rendered::default();
        let mut fills = placeholders.iter().filter(|p| p.value.is_some()).peekable();
        for part in gaps(range, comments) {
            let mut pos = part.start;
            while pos < part.end {
                let next_fill = fills.peek().filter(|p| p.range.start < part.end);
                let chunk_end = next_fill.map_or(part.end, |p| p.range.start.max(pos));
                r.push_source(text, pos..chunk_end);
                pos = chunk_end;
                if let Some(p) = next_fill {
                    if p.range.start >= pos {
                        r.push_fill(p.range.clone(), p.value.as_deref().unwrap_or_default());
                        pos = p.range.end;
                    }
                    fills.next();
                }
            }
        }
        r.trim();
        r
    }

    /// Copies source text, turning `\r\n` and lone `\r` into `\n`.
    fn push_source(&mut self, text: &str, range: Range<usize>) {
        let mut pos = range.start;
        let s = &text[range.clone()];
        let mut rest = s;
        while let Some(i) = rest.find('\r') {
            let at = pos + i;
            self.push_verbatim(text, pos..at);
            let len = if text[at..range.end].starts_with("\r\n") {
                2
            } else {
                1
            };
            self.push_fill(at..at + len, "\n");
            pos = at + len;
            rest = &text[pos..range.end];
        }
        self.push_verbatim(text, pos..range.end);
    }

    fn push_verbatim(&mut self, text: &str, src: Range<usize>) {
        if src.is_empty() {
            return;
        }
        self.segments.push(Segment {
            out_start: self.text.len(),
            src: src.clone(),
            verbatim: true,
        });
        self.text.push_str(&text[src]);
    }

    fn push_fill(&mut self, src: Range<usize>, value: &str) {
        self.segments.push(Segment {
            out_start: self.text.len(),
            src,
            verbatim: false,
        });
        self.text.push_str(value);
    }

    fn trim(&mut self) {
        let lead = self.text.len() - self.text.trim_start().len();
        let keep = self.text.trim().len();
        if lead > 0 {
            let old_len = self.text.len();
            self.text.drain(..lead);
            // Segments wholly inside the trimmed lead go; one cut by it starts later in the
            // source too, so that rendered offset 0 maps to the first character kept.
            let ends: Vec<usize> = self
                .segments
                .iter()
                .skip(1)
                .map(|s| s.out_start)
                .chain(std::iter::once(old_len))
                .collect();
            let mut kept = Vec::with_capacity(self.segments.len());
            for (mut seg, end) in self.segments.drain(..).zip(ends) {
                if end <= lead {
                    continue;
                }
                if seg.out_start < lead {
                    if seg.verbatim {
                        seg.src.start += lead - seg.out_start;
                    }
                    seg.out_start = 0;
                } else {
                    seg.out_start -= lead;
                }
                kept.push(seg);
            }
            self.segments = kept;
        }
        self.text.truncate(keep);
        // Drop segments that now start past the end; the map clamps the rest.
        let len = self.text.len();
        self.segments.retain(|s| s.out_start < len || len == 0);
    }

    /// The source byte offset of a rendered byte offset. Inside a filled placeholder it is the
    /// placeholder's start (or end, for the end of the text), since no finer spot exists.
    pub fn source_offset(&self, out: usize, at_end: bool) -> Option<usize> {
        let idx = self
            .segments
            .partition_point(|s| s.out_start <= out)
            .checked_sub(1)?;
        let seg = &self.segments[idx];
        let delta = out - seg.out_start;
        Some(if seg.verbatim {
            (seg.src.start + delta).min(seg.src.end)
        } else if at_end {
            seg.src.end
        } else {
            seg.src.start
        })
    }

    /// The source range of the rendered text after its first `limit` units: what a platform that
    /// stops at `limit` would cut. `None` when the text fits.
    pub fn overflow(&self, limit: usize, mode: CountMode) -> Option<Range<usize>> {
        let cut = cut_offset(&self.text, limit, mode)?;
        let start = self.source_offset(cut, false)?;
        let end = self.source_offset(self.text.len(), true)?;
        Some(start..end.max(start))
    }
}

/// The byte offset in `s` where the first `limit` units end, if `s` is longer than that.
pub fn cut_offset(s: &str, limit: usize, mode: CountMode) -> Option<usize> {
    let mut used = 0;
    match mode {
        CountMode::Graphemes => {
            for (i, _) in unicode_segmentation::UnicodeSegmentation::grapheme_indices(s, true) {
                if used == limit {
                    return Some(i);
                }
                used += 1;
            }
        }
        CountMode::Utf16 | CountMode::Chars => {
            // Byte by byte, without decoding (see `text::width`).
            for (i, &b) in s.as_bytes().iter().enumerate() {
                if !crate::text::starts_char(b) {
                    continue;
                }
                let w = if mode == CountMode::Utf16 && crate::text::starts_astral_char(b) {
                    2
                } else {
                    1
                };
                if used + w > limit {
                    return Some(i);
                }
                used += w;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    thread_local! {
        /// Bytes [`super::comments`] searched for line starts: the work that was quadratic.
        pub(super) static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn comments_on_one_long_line_are_found_in_linear_work() {
        let body = format!("Hi Sarah, {}\nnext\n", "<!-- x -->".repeat(20_000));
        let text = format!("---\nchannel: dm\n---\n{body}");
        SCANNED.with(|n| n.set(0));
        let found = super::comments(&text, 19..text.len());
        assert_eq!(found.len(), 20_000);
        let scanned = SCANNED.with(|n| n.get());
        assert!(
            scanned <= text.len(),
            "{scanned} bytes scanned for {} bytes",
            text.len()
        );
    }
    use super::*;

    fn facts() -> Facts {
        let d = super::super::draft::Draft::parse(
            "---\nchannel: note\nto: Sarah Chen\ncompany: Northwind\n---\n",
        )
        .unwrap();
        d.facts
    }

    fn render(body: &str) -> (Rendered, Vec<Placeholder>) {
        let c = comments(body, 0..body.len());
        let p = placeholders(body, 0..body.len(), &c, &facts());
        (Rendered::build(body, 0..body.len(), &c, &p), p)
    }

    #[test]
    fn comments_are_removed_with_their_line() {
        let (r, _) = render("Hi Sarah,\n<!-- remember the talk -->\nGreat talk.\n");
        assert_eq!(r.text, "Hi Sarah,\nGreat talk.");
        let (r, _) = render("Hi <!-- x --> Sarah");
        assert_eq!(r.text, "Hi  Sarah");
    }

    #[test]
    fn unclosed_comment_runs_to_the_end() {
        let (r, _) = render("Hi Sarah <!-- draft notes");
        assert_eq!(r.text, "Hi Sarah");
    }

    #[test]
    fn defined_placeholders_are_filled_and_others_kept() {
        let (r, p) = render("Hi {first_name}, how is {{company}}? Re [Topic] and XX.");
        assert_eq!(r.text, "Hi Sarah, how is Northwind? Re [Topic] and XX.");
        let unfilled: Vec<_> = p
            .iter()
            .filter(|p| p.value.is_none())
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(unfilled, vec!["Topic", ""]);
    }

    #[test]
    fn percent_tokens_are_placeholders_and_percentages_are_not() {
        let (_, found) = render("Hi %EMPLOYEE%, 50% off and 20% more at %COMPANY%.");
        let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["EMPLOYEE", "COMPANY"]);
        // Mailchimp's merge tags and written-out slots.
        let (_, found) = render("Dear NameHere, readers of *|BLOG|* at Company Z. A *bold* word.");
        let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["NameHere", "BLOG", "Company Z"]);
        let (_, found) =
            render("I'm a recruiter at $CoolCompany, paid in $USD for $500, on $Python.");
        let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["CoolCompany"]);
        let (_, found) = render(
            "Hello (Name), I saw (Company Name) hiring (backend/infra/AI) folks (and more).",
        );
        let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Name", "Company Name"]);
        let (_, found) = render("Hi NAME, buy some PRODUCT at XYZ (fill in the organization) [...] xxxxxx. Name names xx and Xerox. Your Name is kind.\nYour Name\n");
        let names: Vec<&str> = found.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "NAME",
                "PRODUCT",
                "",
                "fill in the organization",
                "",
                "",
                "Your Name"
            ]
        );
    }

    #[test]
    fn template_stand_ins_of_any_form_are_placeholders() {
        let names =
            |body: &str| -> Vec<String> { render(body).1.into_iter().map(|p| p.name).collect() };
        // An instruction in square brackets, however long and however punctuated.
        assert_eq!(
            names("Hi Sam,\n[FORWARDABLE for Tom: context, value, ask; two times?]\nThanks"),
            ["FORWARDABLE for Tom: context, value, ask; two times?"]
        );
        assert_eq!(
            names("It rose [2-3 specific results]."),
            ["2-3 specific results"]
        );
        // Template filters name their field; a slot of words for the writer is one token.
        assert_eq!(
            names("I build {{ my_company | default(\"a startup\") }} for {{customer.first_name | default: \"there\"}}."),
            ["my_company", "customer.first_name"]
        );
        assert_eq!(
            names("Hi,\n{{One sentence about their specific situation — show you\ndid research.}}\nOk"),
            ["One sentence about their specific situation — show you\ndid research."]
        );
        // Footnotes, alerts, ellipses and links are not.
        assert_eq!(
            names("As noted [1] and [^2].\n> [!NOTE]\nCut [...] and [a post](https://x.y)."),
            [""]
        );
        // A signature block's field names, alone on their lines; in a sentence they are words.
        assert_eq!(
            names("Best,\nName\nYour Title\nPhone Number\n\nThe Title of your talk, Name it."),
            ["Name", "Your Title", "Phone Number"]
        );
        // Worked examples' stand-in people, firms, greetings, sites and mailboxes.
        assert_eq!(
            names("Hi Name, John Doe of ABC Corp here (yourwebsite.com, email@gmail.com, jo@example.com)."),
            ["Name", "John Doe", "ABC Corp", "yourwebsite.com", "email@gmail.com", "jo@example.com"]
        );
        assert!(names("Hi Nameera, mail jo@acme.io or ABC News at abcd.com.").is_empty());
        // A stand-in letter: "[X]" in running text and "Hey X," are slots; a checkbox, an
        // editor's "[snip]", brackets inside a word and "Hi X users" are not.
        assert_eq!(
            names("Hey X, you were working on [X] and [Y]."),
            ["X", "X", "Y"]
        );
        assert!(names(
            "- [X] done\n1. [x] too\nIP [snip], Project M[ade] I[n], items[0]. Hi X users!"
        )
        .is_empty());
        assert!(names("Write to me at [email protected] any time.").is_empty());
    }

    #[test]
    fn markdown_links_and_html_tags_are_not_placeholders() {
        let (_, p) = render("See [my post](https://x.y) and <b>bold</b> and\n- [x] done");
        assert!(p.is_empty(), "{p:?}");
    }

    #[test]
    fn crlf_renders_as_lf() {
        let (r, _) = render("a\r\nb\rc");
        assert_eq!(r.text, "a\nb\nc");
    }

    #[test]
    fn overflow_maps_back_to_source_exactly() {
        let body = "  Hi {first_name} 👋 abcdef  ";
        let (r, _) = render(body);
        assert_eq!(r.text, "Hi Sarah 👋 abcdef");
        // "Hi Sarah " is 9 units, 👋 is 2, " " 1: the 13th unit onwards is "abcdef".
        let over = r.overflow(12, CountMode::Utf16).unwrap();
        assert_eq!(&body[over], "abcdef");
        assert!(r.overflow(100, CountMode::Utf16).is_none());
        // A cut inside the emoji's two units cuts the whole emoji.
        let over = r.overflow(10, CountMode::Utf16).unwrap();
        assert_eq!(&body[over], "👋 abcdef");
    }

    #[test]
    fn leading_blank_lines_and_spaces_map_to_the_first_kept_character() {
        let body = "\r\n\n  Hi {first_name},\nthanks";
        let (r, _) = render(body);
        assert_eq!(r.text, "Hi Sarah,\nthanks");
        assert_eq!(r.source_offset(0, false), Some(body.find("Hi").unwrap()));
        assert_eq!(r.source_offset(3, false), Some(body.find('{').unwrap()));
        let t = r.text.find("thanks").unwrap();
        assert_eq!(
            r.source_offset(t, false),
            Some(body.find("thanks").unwrap())
        );
    }

    #[test]
    fn cut_counts_graphemes_when_asked() {
        assert_eq!(cut_offset("e\u{301}xy", 1, CountMode::Graphemes), Some(3));
        assert_eq!(cut_offset("ab", 2, CountMode::Chars), None);
    }
}
