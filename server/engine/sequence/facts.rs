//! What the cross-file rules need to know about one draft, and nothing more: a workspace of
//! ten thousand drafts is held as these, not as texts.

use std::ops::Range;
use std::path::PathBuf;

use super::date::{parse_day, Date};
use super::flat_front::{self, Flat};
use super::shingles::Shingles;
use crate::engine::channels;
use crate::engine::draft::{self, Draft, Spanned};
use crate::engine::render;

/// A front-matter value as written, with its parsed form (`None` when it does not parse).
#[derive(Clone, Debug, PartialEq)]
pub struct Value<T> {
    pub raw: String,
    pub parsed: Option<T>,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DraftFacts {
    pub path: PathBuf,
    /// The canonical channel ID (`connection-note`), when the channel is known.
    pub channel: Option<Spanned<&'static str>>,
    /// The recipient as written in `to:`.
    pub to: Option<Spanned<String>>,
    pub sequence: Option<Spanned<String>>,
    pub step: Option<Value<u32>>,
    pub send: Option<Value<Date>>,
    pub day: Option<Value<i64>>,
    /// `plan:` as written: `Some(true)` for free, `Some(false)` for another plan.
    pub free_plan: Option<bool>,
    /// The body says something (an invitation with a note, not a bare one).
    pub has_body: bool,
    pub shingles: Shingles,
    /// Rule IDs (or categories) switched off in this draft.
    pub disabled: Vec<String>,
}

impl DraftFacts {
    /// Reads the facts of `text`; `None` when it is not a draft.
    pub fn extract(path: PathBuf, text: &str, shingle_words: usize) -> Option<DraftFacts> {
        if let Some(flat) = flat_front::read(text) {
            if flat.entries.iter().any(|(k, _)| draft::is_channel_key(k)) {
                let front = Front::of_flat(&flat, text);
                return Some(Self::with_front(
                    path,
                    text,
                    front,
                    flat.body_start,
                    shingle_words,
                ));
            }
        }
        Self::extract_parsed(path, text, shingle_words)
    }

    /// [`DraftFacts::extract`] through the YAML parser, whatever the front-matter.
    fn extract_parsed(path: PathBuf, text: &str, shingle_words: usize) -> Option<DraftFacts> {
        let draft = Draft::parse(text)?;
        let front = Front::of_facts(&draft.facts);
        Some(Self::with_front(
            path,
            text,
            front,
            draft.body().start,
            shingle_words,
        ))
    }

    fn with_front(
        path: PathBuf,
        text: &str,
        f: Front,
        body_start: usize,
        shingle_words: usize,
    ) -> DraftFacts {
        let body = body_start..text.len();
        let comments = render::comments(text, body.clone());
        let has_body = has_text_outside(text, body.clone(), &comments);
        let sequence = f.sequence.filter(|s| !s.value.is_empty());
        let in_sequence = sequence.is_some();
        DraftFacts {
            path,
            channel: f.channel.and_then(|c| {
                channels::lookup(&c.value).map(|ch| Spanned {
                    value: canonical(&ch.id),
                    range: c.range,
                })
            }),
            to: f.to.filter(|t| !t.value.is_empty()),
            sequence,
            step: f
                .step
                .as_ref()
                .map(|s| parsed(s, |v| v.parse::<u32>().ok())),
            send: f.send.as_ref().map(|s| parsed(s, Date::parse)),
            day: f.day.as_ref().map(|s| parsed(s, parse_day)),
            free_plan: f
                .plan
                .as_ref()
                .map(|p| p.value.eq_ignore_ascii_case("free")),
            has_body,
            // Only drafts of one sequence are compared (`sequence.repeated-text`): the others
            // skip a pass over their body, which the server would otherwise make per keystroke.
            shingles: if in_sequence {
                Shingles::of(text, body, &comments, shingle_words)
            } else {
                Shingles::default()
            },
            disabled: f.disabled,
        }
    }

    pub fn channel_id(&self) -> Option<&'static str> {
        self.channel.as_ref().map(|c| c.value)
    }

    /// The recipient compared loosely: "Sarah  Chen" and "sarah chen" are one person.
    pub fn recipient_key(&self) -> Option<String> {
        let to = self.to.as_ref()?;
        let key = to
            .value
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        (!key.is_empty()).then_some(key)
    }

    /// Whether a rule is switched off in this draft's front-matter.
    pub fn disables(&self, rule: &str) -> bool {
        self.disabled
            .iter()
            .any(|d| d == rule || rule.starts_with(&format!("{d}.")))
    }

    /// The file name, for messages that name other drafts.
    pub fn name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// The front-matter values the facts are read from, by either reader.
struct Front {
    channel: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    sequence: Option<Spanned<String>>,
    step: Option<Spanned<String>>,
    send: Option<Spanned<String>>,
    day: Option<Spanned<String>>,
    plan: Option<Spanned<String>>,
    disabled: Vec<String>,
}

impl Front {
    fn of_facts(f: &draft::Facts) -> Front {
        Front {
            channel: f.channel.clone(),
            to: f.to.clone(),
            sequence: f.sequence.clone(),
            step: f.step.clone(),
            send: f.send.clone(),
            day: f.day.clone(),
            plan: f.plan.clone(),
            disabled: f.disabled.clone(),
        }
    }

    /// As `Facts::from_yaml` reads them: trimmed text, the range of the value as written. A flat
    /// block has no `sendwell:` map, so nothing is disabled.
    fn of_flat(flat: &Flat, text: &str) -> Front {
        let get = |key: &str| {
            flat.get(text, key).map(|(v, range)| Spanned {
                value: v.trim().to_string(),
                range,
            })
        };
        Front {
            channel: get("channel"),
            to: get("to"),
            sequence: get("sequence"),
            step: get("step"),
            send: get("send"),
            day: get("day"),
            plan: get("plan"),
            disabled: Vec::new(),
        }
    }
}

fn parsed<T>(s: &Spanned<String>, parse: impl Fn(&str) -> Option<T>) -> Value<T> {
    Value {
        raw: s.value.clone(),
        parsed: parse(s.value.trim()),
        range: s.range.clone(),
    }
}

/// Channel IDs as `'static` strings, so a workspace of drafts does not hold one copy each.
fn canonical(id: &str) -> &'static str {
    channels::CHANNELS
        .iter()
        .find(|c| c.id == id)
        .map_or("", |c| c.id.as_str())
}

fn has_text_outside(text: &str, range: Range<usize>, skip: &[Range<usize>]) -> bool {
    let mut pos = range.start;
    for s in skip {
        if text.get(pos..s.start).is_some_and(|t| !t.trim().is_empty()) {
            return true;
        }
        pos = pos.max(s.end);
    }
    text.get(pos..range.end)
        .is_some_and(|t| !t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> DraftFacts {
        DraftFacts::extract("/w/a.md".into(), text, 5).expect("a draft")
    }

    #[test]
    fn reads_the_sequence_keys_with_their_ranges() {
        let text = "---\nchannel: note\nto: Sarah  Chen\nsequence: acme\nstep: 2\nsend: 2026-03-02\nday: 4\n---\nHi Sarah";
        let f = facts(text);
        assert_eq!(f.channel_id(), Some("connection-note"));
        assert_eq!(f.recipient_key().as_deref(), Some("sarah chen"));
        assert_eq!(f.sequence.as_ref().unwrap().value, "acme");
        let step = f.step.as_ref().unwrap();
        assert_eq!((step.parsed, &text[step.range.clone()]), (Some(2), "2"));
        let send = f.send.as_ref().unwrap();
        assert_eq!(&text[send.range.clone()], "2026-03-02");
        assert_eq!(send.parsed.unwrap().to_string(), "2026-03-02");
        assert_eq!(f.day.as_ref().unwrap().parsed, Some(4));
        assert!(f.has_body);
    }

    #[test]
    fn values_that_do_not_parse_are_kept_as_written() {
        let f = facts("---\nchannel: dm\nstep: two\nsend: next monday\nday: soon\n---\n");
        assert_eq!(f.step.unwrap().parsed, None);
        assert_eq!(f.send.unwrap().raw, "next monday");
        assert_eq!(f.day.unwrap().parsed, None);
    }

    #[test]
    fn only_drafts_in_a_sequence_have_their_text_shingled() {
        let body = "Hi Sarah, one two three four five six seven.";
        let alone = facts(&format!("---\nchannel: dm\n---\n{body}"));
        assert!(alone.shingles.words.is_empty());
        let step = facts(&format!("---\nchannel: dm\nsequence: acme\n---\n{body}"));
        assert_eq!(step.shingles.words.len(), 9);
        assert_eq!(step.shingles.hashes.len(), 5);
    }

    #[test]
    fn a_body_of_only_comments_is_empty() {
        assert!(!facts("---\nchannel: note\n---\n<!-- no note -->\n  \n").has_body);
        assert!(facts("---\nchannel: note\n---\n<!-- x -->\nHi\n").has_body);
    }

    proptest::proptest! {
        /// The flat reader is a shortcut, never a different answer.
        #[test]
        fn flat_front_matter_gives_the_parsers_facts(
            lines in proptest::collection::vec(
                (0usize..10, "[ ]{0,2}", proptest::sample::select(vec![
                    "dm", "note", "Sarah  Chen", "2", "two", "2026-03-02", "+4", "day 8", "free",
                    "~", "null", "", "a#b", "C# dev", "👋 陈 x", "3.5", "true", "x: y", "'q'",
                    "acme-cfo", "1e3", "0x10", "- a", "a ,b", "?", "|", "@me",
                ])),
                1..8,
            ),
            crlf in proptest::bool::ANY,
        ) {
            const KEYS: [&str; 10] = [
                "channel", "to", "sequence", "step", "send", "day", "plan", "company", "chanel", "# c",
            ];
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("---{nl}");
            for (k, pad, v) in &lines {
                let sep = if v.is_empty() { "" } else { " " };
                text.push_str(&format!("{}:{sep}{pad}{v}{pad}{nl}", KEYS[*k]));
            }
            text.push_str(&format!("---{nl}Hi there, a body.{nl}"));
            let fast = DraftFacts::extract("/w/a.md".into(), &text, 3);
            let full = DraftFacts::extract_parsed("/w/a.md".into(), &text, 3);
            proptest::prop_assert_eq!(fast, full, "{:?}", text);
        }
    }

    #[test]
    fn day_offsets_accept_plus_and_day_prefix() {
        assert_eq!(parse_day("+4"), Some(4));
        assert_eq!(parse_day("Day 8"), Some(8));
        assert_eq!(parse_day("4.5"), None);
        assert_eq!(parse_day("99999"), None);
    }
}
