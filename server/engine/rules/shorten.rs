//! "Shorten to fit", the fix for a message over its channel's limit: takes out what a careful
//! writer would take out first, and only as much as the limit needs. In order: stock sentences
//! ("I hope this message finds you well."), stock openings ("I'm reaching out because"), wordy
//! phrases ("in order to" → "to"), filler words ("just", "really"), optional clauses (an aside
//! in brackets or dashes, ", which …"), then whole sentences, the sign-off among them. It never
//! touches the greeting, and keeps the sentence about the recipient, every question and the ask
//! (the last question or call to action). The lists are data: `limit.body`'s `[rule.params]`.
//!
//! It works on the sent text (comments out, placeholders filled) and maps each cut back to the
//! file; a cut that would take a comment (a note to self) with it is not made.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde::Deserialize;

use super::greeting;
use super::prose::{fold, Prose, ProseParts, SharedParts};
use super::recipient::Recipient;
use super::{no_ask, no_hook, params, Analysis};
use crate::engine::channels::CountMode;
use crate::engine::finding::Edit;

#[derive(Deserialize)]
pub(crate) struct Params {
    stock_sentences: Vec<String>,
    stock_openers: Vec<String>,
    filler_words: Vec<String>,
    clause_openers: Vec<String>,
    asks: Vec<String>,
    pub(crate) first_contact_closers: Vec<String>,
    wordy: HashMap<String, String>,
}

pub(crate) static PARAMS: LazyLock<Params> = LazyLock::new(|| params::builtin("limit.body"));

/// A phrase list as one case-blind regex alternative: whole words, any run of spaces between
/// words, straight or curly apostrophes.
pub(crate) fn alternation(phrases: &[String]) -> String {
    let mut sorted: Vec<&String> = phrases.iter().collect();
    // Longest first, so "I just wanted to say that" wins over a shorter phrase it contains.
    sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    sorted
        .iter()
        .map(|p| {
            p.split_whitespace()
                .map(|w| regex::escape(w).replace('\'', "['’]"))
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

struct Patterns {
    stock_sentence: Regex,
    stock_opener: Regex,
    wordy: Regex,
    filler: Regex,
    clause: Regex,
    aside: Regex,
    ask: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let p = &*PARAMS;
    let wordy: Vec<String> = p.wordy.keys().cloned().collect();
    let re = |s: String| Regex::new(&s).expect("limit.body params");
    Patterns {
        stock_sentence: re(format!(
            // A wish may run on with another wish ("… finds you well and that the week is
            // treating you kindly."): still a sentence that says nothing.
            r"(?i)^(?:{})(?:,?\s+and\s+(?:that\s+)?(?:the|your)\s+(?:week|day|weekend|month|year)\b[^.!?;:]*)?[.!…]*$",
            alternation(&p.stock_sentences)
        )),
        stock_opener: re(format!(r"(?i)^(?:{}),?\s+", alternation(&p.stock_openers))),
        wordy: re(format!(r"(?i)\b(?:{})\b", alternation(&wordy))),
        filler: re(format!(r"(?i)\b(?:{})\b", alternation(&p.filler_words))),
        clause: re(format!(
            r"(?i),\s+(?:{})\b[^,.!?;:()\n]*",
            alternation(&p.clause_openers)
        )),
        // A bracketed aside, or one between dashes, with the space before it.
        aside: re(r"[ \t]+(?:\([^()?\n]{1,200}\)|[—–][ \t][^—–?\n]{1,200}?[ \t][—–])".to_string()),
        ask: re(format!(r"(?i)(?:{})", p.asks.join("|"))),
    }
});

/// The most words a last line with no sentence in it may have and be a sign-off ("Best regards,
/// Ingrid Novak, Northwind").
const SIGN_OFF_MAX_WORDS: usize = 8;

/// The most sentences "Shorten to fit" takes out.
const MAX_SENTENCES_CUT: usize = 100;

/// How many times its limit a message may be and still be shortened: past that, fitting would
/// take out more than half of what was written, a rewrite rather than a shortening (moving the
/// rest into a follow-up is the fix then). It also keeps the code action on a huge draft cheap.
const MAX_TIMES_THE_LIMIT: usize = 2;

/// What kind of piece of the message a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Greeting,
    Sentence,
    /// A short last line with no sentence in it ("Best,\nSara"): it may go.
    SignOff,
}

#[derive(Debug)]
struct Unit {
    range: Range<usize>,
    kind: Kind,
    /// The greeting, the sentence about the recipient, a question or the ask: never cut whole.
    kept: bool,
}

/// One change to the sent text, and how many units it saves.
#[derive(Clone, Debug)]
struct Cut {
    range: Range<usize>,
    text: String,
    saves: isize,
}

/// The shortening found: its edits to the file, how far over the limit it still is (0 when it
/// fits; the fix is offered only then) and whether it only took out words that say nothing (safe to apply unseen).
#[derive(Debug)]
pub(crate) struct Shortened {
    pub edits: Vec<Edit>,
    pub over: usize,
    pub only_filler: bool,
}

/// The shortest change of `a`'s message, in the order above, that brings it within `limit`, or
/// as close as it gets with what must stay; `None` when nothing can be taken out.
pub(crate) fn shorten(a: &Analysis, limit: usize) -> Option<Shortened> {
    let text = a.rendered.text.as_str();
    let mode = a.count_mode();
    if mode.count(text) > limit.saturating_mul(MAX_TIMES_THE_LIMIT) {
        return None;
    }
    let prose = Prose::read(&a.rendered, |_, paragraph| {
        let parts: SharedParts = Arc::new(ProseParts::of(paragraph));
        parts
    });
    let units = units(a, &prose);
    let mut s = State {
        a,
        text,
        mode,
        cuts: Vec::new(),
        used: mode.count(text) as isize,
        limit: limit as isize,
    };
    let mut only_filler = true;
    s.words_that_say_nothing(&units);
    if !s.fits() {
        s.clauses(&units);
        only_filler = false;
    }
    if !s.fits() {
        s.sentences(&units);
    }
    if s.cuts.is_empty() {
        return None;
    }
    // The count of the text as it will be sent, not the running estimate.
    let after = apply(text, &s.cuts);
    // Cuts that leave the prose worse than it was ("Hi Hi 👋" where a sentence between two
    // greetings went) are not offered: shortening must not break a sentence.
    if crate::engine::text_edit::prose_damage::prose_damage(text, &after).is_some() {
        return None;
    }
    let over = mode.count(after.trim()).saturating_sub(limit);
    let only_filler = only_filler && over == 0;
    // Sentences cut one after another are one edit.
    let mut cuts: Vec<Cut> = Vec::with_capacity(s.cuts.len());
    for c in s.cuts {
        match cuts.last_mut() {
            Some(last)
                if last.text.is_empty()
                    && c.text.is_empty()
                    && last.range.end == c.range.start
                    && !holds_comment(a, &(last.range.start..c.range.end)) =>
            {
                last.range.end = c.range.end;
            }
            _ => cuts.push(c),
        }
    }
    let edits = cuts
        .iter()
        .map(|c| {
            Some(Edit {
                range: to_source(a, &c.range)?,
                text: c.text.clone(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Shortened {
        edits,
        over,
        only_filler,
    })
}

/// The message's pieces: the greeting, its sentences (the first one from after the greeting),
/// and a sign-off, each marked when it must stay.
fn units(a: &Analysis, prose: &Prose) -> Vec<Unit> {
    let text = prose.text;
    let greeting = greeting::parse(prose);
    let greeting_end = greeting.as_ref().map_or(0, |g| g.end);
    let mut units = Vec::new();
    if greeting_end > 0 {
        units.push(Unit {
            range: 0..greeting_end,
            kind: Kind::Greeting,
            kept: true,
        });
    }
    // "Hi 👋 it's been a while. Northwind's team…": a greeting with no stop of its own runs
    // into its sentence, and cutting that sentence would greet whatever comes next.
    let word_end = text[..greeting_end].trim_end().len();
    let gap = &text[word_end..];
    let gap = &gap[..gap.find(|c: char| !c.is_whitespace()).unwrap_or(gap.len())];
    let mut runs_on =
        text[..word_end].ends_with(|c: char| c.is_alphanumeric()) && !gap.contains('\n');
    for s in prose.sentences() {
        let start = s.start.max(greeting_end);
        let piece = &text[start..s.end.max(start)];
        let lead = piece.len() - piece.trim_start().len();
        let range = start + lead..s.end.max(start);
        if !range.is_empty() && !text[range.clone()].trim().is_empty() {
            units.push(Unit {
                range,
                kind: Kind::Sentence,
                kept: std::mem::take(&mut runs_on),
            });
        }
    }
    if let Some(last) = units.last_mut() {
        let t = &text[last.range.clone()];
        let on_own_line = text[..last.range.start]
            .trim_end_matches([' ', '\t'])
            .ends_with('\n');
        let words = t.split_whitespace().count();
        if last.kind == Kind::Sentence
            && on_own_line
            && words <= SIGN_OFF_MAX_WORDS
            && !t.contains(['.', '!', '?', '？', '。'])
        {
            last.kind = Kind::SignOff;
        }
    }
    // The ask: the last sentence with a question or a call to action. Questions all stay.
    let asks = |t: &str| {
        t.contains(['?', '？']) || no_ask::is_call_to_action(t) || PATTERNS.ask.is_match(t)
    };
    if let Some(ask) = units
        .iter_mut()
        .rev()
        .find(|u| u.kind == Kind::Sentence && asks(&text[u.range.clone()]))
    {
        ask.kept = true;
    }
    for u in units.iter_mut().filter(|u| u.kind == Kind::Sentence) {
        if text[u.range.clone()].contains(['?', '？']) {
            u.kept = true;
        }
    }
    // The sentence about them: the first that names something of theirs (their talk, a mutual
    // contact), else the first that names them or their company. A company's name alone is
    // what a template has; the hook is what makes the note personal.
    let about = |t: &str| about_them(a, t);
    let hook = units
        .iter()
        .position(|u| u.kind == Kind::Sentence && no_hook::is_hook(&text[u.range.clone()]));
    let first_about = hook.or_else(|| {
        units
            .iter()
            .position(|u| u.kind == Kind::Sentence && about(&text[u.range.clone()]))
    });
    if let Some(i) = first_about {
        units[i].kept = true;
    }
    // Where they are called by name: a message that loses its only use of their name reads as
    // sent to anyone (personalization.no-name).
    if let Some(r) = Recipient::of(&a.draft.facts) {
        for u in units.iter_mut().filter(|u| u.kind == Kind::Sentence) {
            if r.first_name_in(&fold(&text[u.range.clone()])) {
                u.kept = true;
            }
        }
    }
    units
}

/// Whether a sentence is about the recipient: their first name, their company or their work.
pub(crate) fn about_them(a: &Analysis, sentence: &str) -> bool {
    let facts = &a.draft.facts;
    let folded = fold(sentence);
    let named = Recipient::of(facts).is_some_and(|r| r.first_name_in(&folded));
    let company = facts.company.as_ref().is_some_and(|c| {
        let c = fold(&c.value);
        c.len() >= 2 && folded.contains(&c)
    });
    named || company || no_hook::is_hook(sentence)
}

struct State<'s, 't> {
    a: &'s Analysis<'t>,
    text: &'s str,
    mode: CountMode,
    /// Sorted, non-overlapping changes to the sent text.
    cuts: Vec<Cut>,
    used: isize,
    limit: isize,
}

impl State<'_, '_> {
    fn fits(&self) -> bool {
        self.used <= self.limit
    }

    /// Adds `cut` unless it overlaps one already made, or its place in the file holds a comment
    /// (or a placeholder, for a cut that writes text).
    fn add(&mut self, range: Range<usize>, text: String) -> bool {
        if range.is_empty() && text.is_empty() {
            return false;
        }
        let at = self.cuts.partition_point(|c| c.range.start < range.start);
        let overlaps = |c: &Cut| {
            c.range.start < range.end && range.start < c.range.end || c.range.start == range.start
        };
        if self.cuts.get(at).is_some_and(overlaps)
            || at > 0 && self.cuts.get(at - 1).is_some_and(overlaps)
        {
            return false;
        }
        let Some(source) = to_source(self.a, &range) else {
            return false;
        };
        let written = &self.a.text()[source];
        if holds_comment(self.a, &range) {
            return false;
        }
        if !text.is_empty() && written != &self.text[range.clone()] {
            return false;
        }
        let saves =
            self.mode.count(&self.text[range.clone()]) as isize - self.mode.count(&text) as isize;
        self.used -= saves;
        self.cuts.insert(at, Cut { range, text, saves });
        true
    }

    /// Replaces the cuts inside `range` by one cut of it all. Next to a sentence already cut,
    /// the two share the space between them: they become one cut, with the space that goes with
    /// the pair.
    fn add_over(&mut self, mut range: Range<usize>) -> bool {
        while let Some(next) = self
            .cuts
            .iter()
            .find(|c| {
                c.text.is_empty()
                    && c.range.start < range.end
                    && range.start < c.range.end
                    && !(range.start <= c.range.start && c.range.end <= range.end)
            })
            .map(|c| c.range.clone())
        {
            let union = range.start.min(next.start)..range.end.max(next.end);
            let piece = &self.text[union.clone()];
            let lead = piece.len() - piece.trim_start().len();
            let core = union.start + lead..union.start + piece.trim_end().len();
            range = whole(self.text, &core);
            range = range.start.min(union.start)..range.end.max(union.end);
        }
        let inside: Vec<Cut> = self
            .cuts
            .iter()
            .filter(|c| range.start <= c.range.start && c.range.end <= range.end)
            .cloned()
            .collect();
        self.cuts
            .retain(|c| !(range.start <= c.range.start && c.range.end <= range.end));
        let undone: isize = inside.iter().map(|c| c.saves).sum();
        self.used += undone;
        if self.add(range, String::new()) {
            return true;
        }
        // Put back what was there.
        self.used -= undone;
        for c in inside {
            let at = self.cuts.partition_point(|x| x.range.start < c.range.start);
            self.cuts.insert(at, c);
        }
        false
    }

    /// Stock sentences and openings, wordy phrases and filler words, one at a time until the
    /// message fits.
    fn words_that_say_nothing(&mut self, units: &[Unit]) {
        let text = self.text;
        let p = &*PATTERNS;
        let sentences: Vec<&Unit> = units.iter().filter(|u| u.kind == Kind::Sentence).collect();
        for u in &sentences {
            if self.fits() {
                return;
            }
            if !u.kept && p.stock_sentence.is_match(text[u.range.clone()].trim()) {
                self.add_over(whole(text, &u.range));
            }
        }
        for u in &sentences {
            if self.fits() {
                return;
            }
            let t = &text[u.range.clone()];
            let Some(m) = p.stock_opener.find(t) else {
                continue;
            };
            let rest = &t[m.end()..];
            let Some(first) = rest.chars().next().filter(|c| c.is_alphabetic()) else {
                continue;
            };
            // After "Hi Sarah, " the sentence goes on in lower case; else it starts with a capital.
            let after_greeting_comma = text[..u.range.start]
                .trim_end_matches([' ', '\t'])
                .ends_with(',');
            let first_word = rest
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .next()
                .unwrap_or("");
            let new_first: String = if after_greeting_comma
                && first_word != "I"
                && !first_word.starts_with("I'")
                && !first_word.starts_with("I’")
            {
                first.to_lowercase().collect()
            } else {
                first.to_uppercase().collect()
            };
            let start = u.range.start;
            self.add(start..start + m.end() + first.len_utf8(), new_first);
        }
        let mut wordy = Vec::new();
        let mut filler = Vec::new();
        for u in sentences.iter().take(500) {
            let t = &text[u.range.clone()];
            for m in p.wordy.find_iter(t) {
                wordy.push((
                    u.range.start + m.start()..u.range.start + m.end(),
                    m.as_str(),
                ));
            }
            for m in p.filler.find_iter(t) {
                filler.push((
                    u.range.clone(),
                    u.range.start + m.start()..u.range.start + m.end(),
                ));
            }
        }
        for (range, found) in wordy {
            if self.fits() {
                return;
            }
            let key = found
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let Some(short) = PARAMS.wordy.get(&key) else {
                continue;
            };
            let short = if found.starts_with(char::is_uppercase) {
                capitalized(short)
            } else {
                short.clone()
            };
            self.add(range, short);
        }
        for (unit, word) in filler {
            if self.fits() {
                return;
            }
            if let Some(cut) = filler_cut(text, &unit, &word) {
                self.add(cut, String::new());
            }
        }
    }

    /// Asides in brackets or between dashes, and clauses such as ", which …", while the
    /// sentence keeps what made it one to keep.
    fn clauses(&mut self, units: &[Unit]) {
        let text = self.text;
        let p = &*PATTERNS;
        for u in units.iter().filter(|u| u.kind == Kind::Sentence).take(500) {
            let t = &text[u.range.clone()];
            let found: Vec<Range<usize>> = p
                .aside
                .find_iter(t)
                .chain(p.clause.find_iter(t))
                .map(|m| u.range.start + m.start()..u.range.start + m.end())
                .collect();
            for r in found {
                if self.fits() {
                    return;
                }
                // The clause must end where a comma, the sentence's end or its last word is.
                let after = text[r.end..u.range.end].chars().next();
                if !after.is_none_or(|c| matches!(c, ',' | '.' | '!' | '?' | ';' | ':' | ' ' | '…'))
                {
                    continue;
                }
                let remaining = format!(
                    "{}{}",
                    &text[u.range.start..r.start],
                    &text[r.end..u.range.end]
                );
                if u.kept && !self.still_kept(t, &remaining) {
                    continue;
                }
                self.add(r, String::new());
            }
        }
    }

    /// Whether a kept sentence, cut to `remaining`, still does its job.
    fn still_kept(&self, was: &str, remaining: &str) -> bool {
        let asks = |t: &str| {
            t.contains(['?', '？']) || no_ask::is_call_to_action(t) || PATTERNS.ask.is_match(t)
        };
        (!asks(was) || asks(remaining))
            && (!about_them(self.a, was) || about_them(self.a, remaining))
    }

    /// Whole sentences that are not kept, and the sign-off: the one that saves just enough, or
    /// else the longest, until the message fits.
    fn sentences(&mut self, units: &[Unit]) {
        let text = self.text;
        let mut candidates: Vec<Range<usize>> = units
            .iter()
            .filter(|u| !u.kept && u.kind != Kind::Greeting)
            .map(|u| whole(text, &u.range))
            .collect();
        // A message is never cut down to nothing but its greeting and sign-off.
        let mut sentences_left = units.iter().filter(|u| u.kind == Kind::Sentence).count();
        let signed_off = units.iter().any(|u| u.kind == Kind::SignOff);
        let text_end = text.trim_end().len();
        let is_sign_off = |r: &Range<usize>| signed_off && r.end >= text_end;
        // What each would save, worked out once (less what the cuts inside it already saved):
        // a long message has thousands of sentences, and the final count is exact anyway.
        let mut savings: Vec<isize> = candidates
            .iter()
            .map(|r| {
                let from = self.cuts.partition_point(|c| c.range.start < r.start);
                let inside: isize = self.cuts[from..]
                    .iter()
                    .take_while(|c| c.range.end <= r.end)
                    .map(|c| c.saves)
                    .sum();
                self.mode.count(&text[r.clone()]) as isize - inside
            })
            .collect();
        // A message that needs more sentences gone than this is not shortened but split: that
        // is what the move to a follow-up is for.
        let mut budget = MAX_SENTENCES_CUT;
        while !self.fits() && !candidates.is_empty() && budget > 0 {
            budget -= 1;
            if sentences_left <= 1 {
                // Only the sign-off may still go.
                let Some(i) = candidates.iter().position(is_sign_off) else {
                    break;
                };
                candidates = vec![candidates[i].clone()];
                savings = vec![savings[i]];
            }
            let over = self.used - self.limit;
            // Of equals, the later sentence: a message says who and why before it pitches.
            let enough = (0..candidates.len())
                .filter(|&i| savings[i] >= over)
                .min_by_key(|&i| (savings[i], std::cmp::Reverse(i)));
            let pick = enough.unwrap_or_else(|| {
                (0..candidates.len())
                    .max_by_key(|&i| savings[i])
                    .unwrap_or(0)
            });
            let r = candidates.remove(pick);
            savings.remove(pick);
            let sign_off = is_sign_off(&r);
            if self.add_over(r) && !sign_off {
                sentences_left -= 1;
            }
        }
    }
}

/// A unit's range with the space that goes with it: the spaces after it when its line goes on,
/// else the spaces before it on its line, else (alone on its lines) the line breaks after it,
/// or before it at the end of the text.
fn whole(text: &str, r: &Range<usize>) -> Range<usize> {
    let after = &text[r.end..];
    let spaces_after = after.len() - after.trim_start_matches([' ', '\t']).len();
    let line_goes_on = after[spaces_after..]
        .chars()
        .next()
        .is_some_and(|c| c != '\n');
    if line_goes_on {
        return r.start..r.end + spaces_after;
    }
    let before = &text[..r.start];
    let spaces_before = before.len() - before.trim_end_matches([' ', '\t']).len();
    let text_before_on_line = before[..before.len() - spaces_before]
        .chars()
        .next_back()
        .is_some_and(|c| c != '\n');
    if text_before_on_line {
        return r.start - spaces_before..r.end;
    }
    let breaks_after = after.len() - after.trim_start().len();
    if r.end + breaks_after < text.len() {
        // Up to the next line's start, so the text after it keeps its own indentation.
        let mut end = r.end + breaks_after;
        while end > r.end && matches!(text.as_bytes()[end - 1], b' ' | b'\t') {
            end -= 1;
        }
        return r.start..end;
    }
    let breaks_before = before.len() - before.trim_end().len();
    r.start - breaks_before..r.end
}

/// The cut that drops a filler word with one space, or `None` where dropping it would leave
/// the sentence without a first word, or a space before punctuation.
fn filler_cut(text: &str, unit: &Range<usize>, word: &Range<usize>) -> Option<Range<usize>> {
    if word.start == unit.start {
        return None;
    }
    let before = text[..word.start].chars().next_back()?;
    let after = text[word.end..].chars().next()?;
    if before != ' ' || after != ' ' {
        return None;
    }
    // "not just X but also Y" keeps its "just".
    let prev = text[unit.start..word.start].trim_end();
    if prev.to_lowercase().ends_with("not") {
        return None;
    }
    Some(word.start..word.end + 1)
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` with the sorted cuts made.
fn apply(text: &str, cuts: &[Cut]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for c in cuts {
        out.push_str(&text[at..c.range.start]);
        out.push_str(&c.text);
        at = c.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether the file text behind a range of the sent text holds a comment (or part of one).
fn holds_comment(a: &Analysis, r: &Range<usize>) -> bool {
    to_source(a, r).is_none_or(|source| {
        let written = &a.text()[source];
        written.contains("<!--") || written.contains("-->")
    })
}

/// The file range of a range of the sent text: a cut that ends at a comment stops before it.
fn to_source(a: &Analysis, r: &Range<usize>) -> Option<Range<usize>> {
    let rendered = &a.rendered;
    let start = rendered.source_offset(r.start, false)?;
    let end = if r.end >= rendered.text.len() {
        rendered.source_offset(rendered.text.len(), true)?
    } else {
        rendered.source_offset(r.end, false)?
    };
    (start <= end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::engine::config::Config;
    use crate::engine::finding::{Finding, Fix};

    const NOTE: &str = "---\nchannel: connection-note\nto: Sarah Chen\ncompany: Northwind\n---\n";

    fn shorten_fix(f: &Finding) -> Option<&Fix> {
        f.fixes.iter().find(|x| x.title.starts_with("Shorten"))
    }

    fn sent(text: &str) -> String {
        crate::engine::analyze(text, &Config::default())
            .unwrap()
            .rendered
            .text
    }

    /// The harm a fix must not leave in prose (the same list as the fix battery's).
    pub(crate) fn prose_damage(text: &str) -> Option<String> {
        let body = sent(text);
        for bad in ["  ", " ,", " .", " ?", " !", "Hi ,", ",,", "..", ", ."] {
            if body.contains(bad) {
                return Some(format!("{bad:?} in {body:?}"));
            }
        }
        let words: Vec<String> = body
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if let Some(w) = words.windows(2).find(|w| w[0] == w[1]) {
            return Some(format!("repeated {:?} in {body:?}", w[0]));
        }
        for (open, close) in [('(', ')'), ('“', '”'), ('[', ']')] {
            if body.matches(open).count() != body.matches(close).count() {
                return Some(format!("unbalanced {open}{close} in {body:?}"));
            }
        }
        if body.matches('"').count() % 2 == 1 {
            return Some(format!("unbalanced quotes in {body:?}"));
        }
        for end in body.split_inclusive(['.', '!', '?']) {
            let last = end
                .trim_end_matches(['.', '!', '?'])
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_lowercase();
            if [
                "a", "the", "or", "and", "to", "your", "of", "with", "for", "my",
            ]
            .contains(&last.as_str())
            {
                return Some(format!("sentence ends on {last:?} in {body:?}"));
            }
        }
        None
    }

    fn questions(text: &str) -> usize {
        sent(text).matches('?').count()
    }

    /// Applies "Shorten" and checks what every shortening must give: the limit finding gone
    /// (when it says it fits), no new error, no damage, the greeting, the questions kept.
    fn shortened(text: &str) -> (String, Fix) {
        let f = &findings(text, "limit.body")[0];
        let fix = shorten_fix(f)
            .unwrap_or_else(|| panic!("no Shorten in {:?}", f.fixes))
            .clone();
        let fixed = apply(text, &fix);
        assert_eq!(fix.title, "Shorten to fit");
        assert!(findings(&fixed, "limit.body").is_empty(), "{fixed}");
        let before = serious(text);
        for rule in serious(&fixed) {
            assert!(before.contains(&rule), "new {rule} in {fixed}");
        }
        assert_eq!(prose_damage(&fixed), None);
        assert_eq!(questions(&fixed), questions(text), "{fixed}");
        (fixed, fix)
    }

    #[test]
    fn a_wish_that_runs_on_is_still_filler() {
        // Found by QA: the run-on wish stayed and the sender's own sentence went instead.
        let text = format!(
            "{NOTE}Hi Sarah, I hope this message finds you well and that the week is treating you kindly. I really enjoyed your SupplyConf talk on forecasting with sparse data; it was very clear and it changed how we plan safety stock. I run planning at a small retailer in Porto with forty stores. Would you be open to connecting?"
        );
        let (fixed, _) = shortened(&text);
        assert!(
            fixed.ends_with("---\nHi Sarah, I really enjoyed your SupplyConf talk on forecasting with sparse data; it was very clear and it changed how we plan safety stock. I run planning at a small retailer in Porto with forty stores. Would you be open to connecting?"),
            "{fixed}"
        );
    }

    #[test]
    fn filler_goes_first_and_alone_is_safe() {
        let text = format!(
            "{NOTE}Hi Sarah, I hope this message finds you well. I really enjoyed your SupplyConf talk on forecasting with sparse data; it was very clear and it changed how we plan safety stock. I run planning at a small retailer and we are just starting in order to do the same with our suppliers. Would you be open to connecting?"
        );
        let (fixed, fix) = shortened(&text);
        assert_eq!(fix.title, "Shorten to fit");
        assert!(fix.preferred && fix.safe, "{fix:?}");
        assert!(
            fixed.ends_with("---\nHi Sarah, I really enjoyed your SupplyConf talk on forecasting with sparse data; it was very clear and it changed how we plan safety stock. I run planning at a small retailer and we are just starting in order to do the same with our suppliers. Would you be open to connecting?"),
            "{fixed}"
        );
    }

    #[test]
    fn wordy_phrases_and_filler_words_go_when_the_stock_sentence_is_not_enough() {
        let text = format!(
            "{NOTE}Hi Sarah,\n\nI really enjoyed your SupplyConf talk on forecasting with sparse data. It was very clear and it changed how we plan safety stock in order to cut waste at this point in time. I run planning at a small retailer and we are just starting to do the same with our own suppliers. Would you be open to connecting?"
        );
        let (fixed, fix) = shortened(&text);
        assert!(fix.safe, "{fix:?}");
        assert!(fixed.contains("stock to cut waste now."), "{fixed}");
        assert!(fixed.contains("Hi Sarah,\n\nI "), "{fixed}");
    }

    #[test]
    fn keeps_greeting_hook_and_ask_and_drops_the_pitch() {
        // 416 characters: the trim this replaces kept only the pitch and lost the ask.
        let text = format!(
            "{NOTE}Hi Sarah,\n\nYour SupplyConf talk on forecasting with sparse data changed how we plan safety stock. We build a demand-planning tool for mid-size retailers and have helped forty of them cut stockouts by a third within a quarter. Our customers include several of the largest grocers in Europe and we have raised a Series B round. Would you be open to connecting?\n\nBest,\nIngrid"
        );
        let (fixed, fix) = shortened(&text);
        assert_eq!(fix.title, "Shorten to fit");
        assert!(fix.preferred && !fix.safe, "drops sentences: {fix:?}");
        assert!(
            fixed.contains("Hi Sarah,\n\nYour SupplyConf talk"),
            "{fixed}"
        );
        assert!(
            fixed.contains("Would you be open to connecting?"),
            "{fixed}"
        );
        // The one sentence whose loss is just enough goes; the rest, sign-off too, stays.
        assert!(!fixed.contains("Our customers include"), "{fixed}");
        assert!(fixed.contains("We build a demand-planning tool"), "{fixed}");
        assert!(fixed.ends_with("connecting?\n\nBest,\nIngrid"), "{fixed}");
    }

    #[test]
    fn a_clause_goes_before_a_sentence() {
        let text = format!(
            "{NOTE}Hi Sarah, your SupplyConf talk on forecasting with sparse data changed how we plan safety stock at our stores, which was a surprise to our whole planning team and to our suppliers in the region. We plan for forty stores across three countries and two climates. Would you be open to connecting and comparing notes some time soon?"
        );
        let (fixed, _) = shortened(&text);
        assert!(
            fixed.contains("plan safety stock at our stores. We plan for forty"),
            "{fixed}"
        );
    }

    #[test]
    fn not_offered_when_what_must_stay_does_not_fit() {
        let text = format!(
            "{NOTE}Hi Sarah, your SupplyConf talk on forecasting with sparse data {} changed how we plan. We sell software. Would you be open to connecting?",
            "and seasonal demand ".repeat(12).trim_end()
        );
        let f = &findings(&text, "limit.body")[0];
        assert!(shorten_fix(f).is_none(), "{:?}", f.fixes);
        // The shortening that was possible leaves it over: the hook and the ask stay.
        let a = crate::engine::analyze(&text, &Config::default()).unwrap();
        let s = super::shorten(&a, 300).unwrap();
        assert!(s.over > 0 && !s.only_filler, "{s:?}");
        // Nothing to take out at all.
        let text = format!("{NOTE}Hi Sarah, {}?", "word ".repeat(80).trim_end());
        let f = &findings(&text, "limit.body")[0];
        assert!(shorten_fix(f).is_none(), "{:?}", f.fixes);
    }

    #[test]
    fn not_offered_for_a_message_over_twice_its_limit() {
        // 60 removable sentences and a short ask: fitting 300 would take out nine tenths of it.
        let text = format!(
            "{NOTE}Hi Sarah, I really enjoyed your SupplyConf talk. {}Would you be open to connecting?",
            "We also build planning tools for stores. ".repeat(15)
        );
        let a = crate::engine::analyze(&text, &Config::default()).unwrap();
        assert!(a.rendered.text.len() > 600);
        assert!(super::shorten(&a, 300).is_none());
        let f = &findings(&text, "limit.body")[0];
        assert!(shorten_fix(f).is_none(), "{:?}", f.fixes);
    }

    #[test]
    fn the_sign_off_may_go_and_comments_stay() {
        let text = format!(
            "{NOTE}Hi Sarah,\r\n<!-- met at SupplyConf -->\r\nYour SupplyConf talk on forecasting with sparse data changed how we plan safety stock across forty stores, two warehouses and three cross-docks this year.\r\nWe are rolling the same approach out to our suppliers in Poland and Czechia next spring.\r\nWould you be open to connecting?\r\n\r\nBest regards,\r\nIngrid Novak"
        );
        let (fixed, _) = shortened(&text);
        assert!(fixed.contains("<!-- met at SupplyConf -->\r\n"), "{fixed}");
        assert!(!fixed.contains("Ingrid Novak"), "{fixed:?}");
        assert!(fixed.contains("We are rolling"), "{fixed:?}");
        assert!(
            fixed.ends_with("Would you be open to connecting?"),
            "{fixed:?}"
        );
    }

    #[test]
    fn a_stock_opener_goes_and_the_sentence_reads_on() {
        let text = format!(
            "{NOTE}Hi Sarah, I'm reaching out because your SupplyConf talk on forecasting with sparse data changed how we plan safety stock across all forty of our stores this year. We are now rolling the same approach out to our suppliers in Poland and in Czechia. Our planners still talk about it. I'd love to connect."
        );
        let (fixed, _) = shortened(&text);
        assert!(
            fixed.contains("Hi Sarah, your SupplyConf talk"),
            "lower case after the greeting's comma: {fixed}"
        );
        assert!(fixed.ends_with("I'd love to connect."), "{fixed}");
    }

    #[test]
    fn filler_words_keep_the_sentence_whole() {
        let text = "Just a note. It's really? Not just cheap but good. We very much care.";
        let units = 0..text.len();
        let at = |w: &str| {
            let i = text.find(w).unwrap();
            i..i + w.len()
        };
        assert_eq!(super::filler_cut(text, &(0..12), &(0..4)), None);
        assert_eq!(super::filler_cut(text, &units, &at("really")), None);
        assert_eq!(super::filler_cut(text, &units, &at("just")), None);
        let very = at("very");
        assert_eq!(
            super::filler_cut(text, &units, &very),
            Some(very.start..very.end + 1)
        );
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    use super::tests::prose_damage;
    use crate::engine::config::Config;
    use crate::engine::test_support::{apply, findings, serious};

    const PIECES: &[&str] = &[
        "I hope this message finds you well.",
        "I'm reaching out because your team shipped a great release.",
        "Your SupplyConf talk on forecasting with sparse data changed how we plan.",
        "We help retailers (mostly grocers) cut stockouts by a third.",
        "Our tool is really simple, which our customers love.",
        "I just wanted to say that the demo was very clear.",
        "We work with forty stores in order to plan safety stock at this point in time.",
        "It was a surprise — a good one — for the whole team.",
        "Northwind's data team is growing fast.",
        "We raised a Series B round last spring.",
        "Would you be open to a quick chat?",
        "I'd love to connect.",
        "Let me know if a copy helps.",
        "<!-- note to self: mention Rotterdam -->",
        "Hi 👋 it's been a while since 東京.",
        "Thanks, {first_name}.",
    ];

    fn draft() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(0..PIECES.len(), 4..14),
            prop::sample::select(vec![" ", "\n", "\n\n", "\r\n", "\r\n\r\n"]),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(picks, sep, greet, sign)| {
                let mut body = String::new();
                if greet {
                    body.push_str("Hi Sarah,");
                    body.push_str(sep);
                }
                let sentences: Vec<&str> = picks.iter().map(|&i| PIECES[i]).collect();
                body.push_str(&sentences.join(sep));
                if sign {
                    body.push_str("\n\nBest,\nIngrid");
                }
                format!("---\nchannel: connection-note\nto: Sarah Chen\ncompany: Northwind\n---\n{body}\n")
            })
    }

    fn sent(text: &str) -> String {
        crate::engine::analyze(text, &Config::default())
            .unwrap()
            .rendered
            .text
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// Any bytes of text (line breaks of every kind, comments, placeholders, emoji, CJK):
        /// the fixes are worked out without a panic, and their edits lie on character bounds.
        #[test]
        fn any_text_is_shortened_without_a_panic(
            body in "([a-zA-Z ,.?!;:()—'\"\r\n\t]|\r\n|<!--|-->|\\{first_name\\}|👋|東京|。|？|just |very |Hi Sarah,){200,500}"
        ) {
            let text = format!("---\nchannel: connection-note\nto: Sarah Chen\n---\n{body}");
            for f in findings(&text, "limit.body") {
                for fix in &f.fixes {
                    for e in &fix.edits {
                        prop_assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
                    }
                    let _ = apply(&text, fix);
                }
            }
        }

        /// On any note over its limit, "Shorten to fit" fits, brings no new error, leaves no
        /// damage the draft did not have, keeps every question, the greeting and the comments.
        #[test]
        fn shortening_fits_and_keeps_what_must_stay(text in draft()) {
            let Some(f) = findings(&text, "limit.body").into_iter().next() else {
                return Ok(());
            };
            let Some(fix) = f.fixes.iter().find(|x| x.title == "Shorten to fit") else {
                return Ok(());
            };
            let fixed = apply(&text, fix);
            prop_assert!(findings(&fixed, "limit.body").is_empty(), "{}", fixed);
            let before = serious(&text);
            for rule in serious(&fixed) {
                prop_assert!(before.contains(&rule), "new {} in {}", rule, fixed);
            }
            if prose_damage(&text).is_none() {
                prop_assert_eq!(prose_damage(&fixed), None);
            }
            prop_assert_eq!(sent(&fixed).matches('?').count(), sent(&text).matches('?').count());
            prop_assert_eq!(fixed.matches("<!--").count(), text.matches("<!--").count());
            if text.contains("---\nHi Sarah,") {
                prop_assert!(fixed.contains("---\nHi Sarah,"), "{}", fixed);
            }
        }
    }
}
