//! The fixes for `limit.body`, best first: shorten to fit (`shorten.rs`), switch to a channel
//! with room, or move the overflow into a follow-up draft.

use std::ops::Range;

use super::follow_up_text::follow_up_body;
use super::shorten::{about_them, shorten};
use super::subject_fixes::suggested_subject;
use super::{Analysis, Config, Edit, Fix};
use crate::engine::channels::{CountMode, SubjectPolicy, CHANNELS};
use crate::engine::file_name::FileName;
use crate::engine::finding::{FixKind, NewFile};
use crate::engine::render::cut_offset;
use crate::engine::text_edit::{FrontMatterEdit, NewValue};

/// Channels offered as a move target: the ones with a hard limit a draft can be switched to.
/// A follow-up is a later step, not a place for a first message, and email is another medium.
const NOT_A_TARGET: &[&str] = &["follow-up", "email"];

pub(crate) fn for_body(a: &Analysis, config: &Config, limit: usize) -> Vec<Fix> {
    let mut fixes = Vec::new();
    fixes.extend(shorten_to_fit(a, limit));
    fixes.extend(switch_channel(a, config));
    if let Some(split) = split_point(a, limit) {
        fixes.extend(move_to_follow_up(a, split));
    }
    fixes
}

/// "Shorten to fit" (see `shorten.rs`), the best rewrite, offered only when what must stay
/// fits: a shortening that leaves the message over its limit resolves nothing (the move and
/// the channel switches are the way out then). Safe to apply unseen only when it took out
/// nothing but words that say nothing.
fn shorten_to_fit(a: &Analysis, limit: usize) -> Option<Fix> {
    let s = shorten(a, limit).filter(|s| s.over == 0)?;
    Some(Fix {
        title: "Shorten to fit".into(),
        edits: s.edits,
        new_file: None,
        preferred: true,
        safe: s.only_filler,
        kind: FixKind::Rewrite,
    })
}

/// The source range to cut so that the message ends at its last whole sentence within `limit`:
/// from just after that sentence to the end of the sent text, or, where the ask (the last
/// question) would go with it, to just before the ask, so the message keeps its ask and its
/// sign-off ("Move the rest" once took "Would you be open to a call?" and the signature away).
/// `None` when not even the first sentence fits, or the ask and what follows it do not fit with
/// the first sentence.
fn split_point(a: &Analysis, limit: usize) -> Option<Range<usize>> {
    let rendered = &a.rendered;
    let text = rendered.text.as_str();
    let mode = a.count_mode();
    let cut = cut_offset(text, limit, mode)?;
    let mut keep = last_sentence_end(text, cut)?;
    let mut moved_end = text.len();
    if let Some(close) = close_start(text).filter(|&c| c >= keep) {
        let tail = mode.count(&text[close..]);
        let cut = cut_offset(text, limit.checked_sub(tail)?, mode)?;
        keep = last_sentence_end(text, cut)?;
        moved_end = close;
    }
    // The message sent first keeps what makes it about them: a move that takes the only
    // sentence about them leaves a greeting, a pleasantry and an ask.
    let kept = format!("{} {}", without_greeting(&text[..keep]), &text[moved_end..]);
    if !says_about_them(a, &kept) && says_about_them(a, &text[keep..moved_end]) {
        return None;
    }
    let start = rendered.source_offset(keep, false)?;
    let end = rendered.source_offset(moved_end, moved_end == text.len())?;
    (start < end && start > a.draft.body().start).then_some(start..end)
}

/// Whether a sentence of `text` is about the recipient (see `shorten::about_them`).
fn says_about_them(a: &Analysis, text: &str) -> bool {
    text.split_inclusive(['.', '!', '?', '\n'])
        .any(|s| !s.trim().is_empty() && about_them(a, s))
}

/// `text` without the greeting that opens it ("Hello Daniel, "), which names them but says
/// nothing about them.
fn without_greeting(text: &str) -> &str {
    let t = text.trim_start();
    let lower = t.to_lowercase();
    let greets = ["hi ", "hello ", "hey ", "dear "]
        .iter()
        .any(|g| lower.starts_with(g));
    match t
        .char_indices()
        .take(48)
        .find(|&(_, c)| matches!(c, ',' | '!' | '\n'))
    {
        Some((i, _)) if greets => &t[i + 1..],
        _ => t,
    }
}

/// Where the message's close begins: the whitespace before the sentence that holds its last
/// question, which with everything after it (a sign-off) stays in the first message. `None`
/// when the message asks nothing.
fn close_start(text: &str) -> Option<usize> {
    let question = text.rfind(['?', '？'])?;
    let mut at = question;
    // An ask that opens on "Or"/"And"/"But" goes on from the sentence before it: that one stays
    // too ("Would it help to compare notes? Or should I ask someone else?").
    loop {
        let ask = last_sentence_end(text, at).unwrap_or(0);
        let ask = ask.max(text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1));
        let first = text[ask..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        if ask == 0 || !matches!(first.as_str(), "or" | "and" | "but" | "so") {
            return Some(text[..ask].trim_end().len());
        }
        at = text[..ask].trim_end().len().saturating_sub(1);
    }
}

/// The last byte offset at or before `cut` just after a sentence's end mark (and any closing
/// quote or bracket), where whitespace or the end of the text follows. Only the text before
/// `cut` is scanned (and what follows a mark), since an over-limit message is longest after it.
fn last_sentence_end(text: &str, cut: usize) -> Option<usize> {
    // Looks back from `cut` through a growing window rather than reading from the start: a
    // code action on a long draft asks this several times (BENCHMARKS.md, code-action).
    let cut = cut.min(text.len());
    let mut window = 512;
    loop {
        let mut from = cut.saturating_sub(window);
        // Start at whitespace (or the start), so a run of marks and closing quotes is read
        // whole, as a scan from the start would read it.
        while from > 0
            && !(text.is_char_boundary(from) && text[from..].starts_with(char::is_whitespace))
        {
            from -= 1;
        }
        if let Some(end) = last_sentence_end_from(text, from, cut) {
            return Some(end);
        }
        if from == 0 {
            return None;
        }
        window = window.saturating_mul(4);
    }
}

/// [`last_sentence_end`] among the marks at or after `from`.
fn last_sentence_end_from(text: &str, from: usize, cut: usize) -> Option<usize> {
    let mut last = None;
    let mut chars = text[from..]
        .char_indices()
        .map(|(i, c)| (from + i, c))
        .peekable();
    while let Some((i, c)) = chars.next() {
        if i >= cut {
            break;
        }
        if !matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if matches!(
                next,
                '.' | '!' | '?' | '…' | '"' | '\'' | ')' | '”' | '’' | '»'
            ) {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let ends_here = text[end..].chars().next().is_none_or(char::is_whitespace)
            || matches!(c, '。' | '！' | '？');
        if ends_here && end <= cut {
            last = Some(end);
        }
    }
    last
}

/// "Switch to CHANNEL": every channel whose hard limit holds the message, smallest first; a
/// direct message only where `connected: true` says they accepted. Alternatives, never preferred:
/// a paid InMail is no answer to a note a few characters over.
fn switch_channel(a: &Analysis, config: &Config) -> Vec<Fix> {
    let (Some(current), Some(_)) = (&a.channel, &a.draft.facts.channel) else {
        return Vec::new();
    };
    let free = a.draft.is_free_plan()
        || (a.draft.facts.plan.is_none() && config.plan.as_deref() == Some("free"));
    // Channels share a handful of counting modes: count the message once per mode.
    let mut counts: Vec<(CountMode, usize)> = Vec::new();
    let mut count = |mode: CountMode| match counts.iter().find(|(m, _)| *m == mode) {
        Some(&(_, n)) => n,
        None => {
            let n = mode.count(&a.rendered.text);
            counts.push((mode, n));
            n
        }
    };
    let mut targets: Vec<_> = CHANNELS
        .iter()
        .filter(|c| c.id != current.id && !NOT_A_TARGET.contains(&c.id.as_str()))
        // A direct message needs an accepted invitation, which the front-matter must state.
        .filter(|c| c.id != "message" || a.draft.facts.connected)
        .map(|c| crate::engine::apply_overrides(c, config))
        .filter_map(|c| {
            let limit = c.limit_for(free)?;
            (count(c.count) <= limit).then_some((limit, c))
        })
        .collect();
    targets.sort_by_key(|(limit, _)| *limit);
    targets
        .into_iter()
        .filter_map(|(limit, c)| {
            let mut edit = FrontMatterEdit::new(&a.draft)?;
            edit.set(&["channel"], NewValue::Text(&c.id))?;
            let mut extra = String::new();
            match c.subject {
                SubjectPolicy::Required if a.draft.facts.subject.is_none() => {
                    let subject = suggested_subject(a);
                    edit.set(&["subject"], NewValue::Text(&subject))?;
                    extra = format!(", with “subject: {subject}”");
                }
                SubjectPolicy::Forbidden if a.draft.facts.subject_key.is_some() => {
                    edit.remove(&["subject"])?;
                    extra = ", without the subject".into();
                }
                _ => {}
            }
            Some(Fix {
                title: format!("Switch to {} ({limit} characters){extra}", c.name),
                edits: edit.finish()?,
                new_file: None,
                preferred: false,
                safe: false,
                kind: crate::engine::finding::FixKind::Alternative,
            })
        })
        .collect()
}

/// "Move the rest into a follow-up": cuts at `split` and creates the next step's draft with the
/// cut text (without first-contact closers; no move when that leaves only a sign-off), the same front-matter, `channel: follow-up` and the next `step`. Both drafts join a
/// `sequence` (named after the recipient when the draft had none), so sequence rules see them.
fn move_to_follow_up(a: &Analysis, split: Range<usize>) -> Option<Fix> {
    let text = a.text();
    a.draft.block.close_line.as_ref()?;
    let facts = &a.draft.facts;
    let step: u32 = match &facts.step {
        Some(s) => s.value.trim().parse().ok()?,
        None => 1,
    };
    let next = step.checked_add(1)?;
    let to = facts.to.as_ref().map_or("", |t| t.value.as_str());
    let sequence = match &facts.sequence {
        Some(s) => s.value.clone(),
        None => slug(to),
    };

    let mut here = vec![Edit {
        range: split.clone(),
        text: String::new(),
    }];
    let mut joins = Vec::new();
    if facts.sequence.is_none() {
        joins.push(("sequence", sequence.as_str()));
    }
    if facts.step.is_none() {
        joins.push(("step", "1"));
    }
    here.extend(set_keys(a, &joins)?);

    // The follow-up's front-matter: this one's, edited. Scheduling keys are dropped, since the
    // follow-up's timing is the writer's call; a follow-up has no subject.
    let next_step = next.to_string();
    let mut keys = vec![("channel", "follow-up"), ("step", next_step.as_str())];
    if facts.sequence.is_none() {
        keys.push(("sequence", sequence.as_str()));
    }
    let header = set_keys_without(a, &keys, &["subject", "send", "day"])?;
    // Never a follow-up that is only a sign-off, nor one that still hopes to connect.
    let body = follow_up_body(&text[split.clone()])?;
    let mut follow_up = apply_edits(&text[..a.draft.block.body_start], header);
    follow_up.push_str(&body);
    if !follow_up.ends_with('\n') {
        follow_up.push_str(a.draft.newline());
    }
    // The sequence as written stays in the front-matter; only the file name is made safe.
    let name = FileName::new(&sequence, &slug(to), &format!("-step-{next}"), "md");
    Some(Fix {
        title: format!("Move the rest into a follow-up ({})", name.first()),
        edits: here,
        new_file: Some(NewFile {
            name,
            text: follow_up,
        }),
        preferred: false,
        safe: false,
        kind: crate::engine::finding::FixKind::Alternative,
    })
}

/// The edits that set `pairs` in the front-matter (the missing keys added in the listed order).
fn set_keys(a: &Analysis, pairs: &[(&str, &str)]) -> Option<Vec<Edit>> {
    set_keys_without(a, pairs, &[])
}

/// The edits that set `pairs` and remove the keys `without`, or `None` when they cannot all be
/// made safely (see `text_edit::FrontMatterEdit`).
fn set_keys_without(a: &Analysis, pairs: &[(&str, &str)], without: &[&str]) -> Option<Vec<Edit>> {
    let mut edit = FrontMatterEdit::new(&a.draft)?;
    for (key, value) in pairs {
        edit.set(&[key], NewValue::Text(value))?;
    }
    for key in without {
        edit.remove(&[key])?;
    }
    edit.finish()
}

/// Applies non-overlapping edits to `text`; insertions at one point keep their listed order.
fn apply_edits(text: &str, edits: Vec<Edit>) -> String {
    let mut indexed: Vec<(usize, Edit)> = edits.into_iter().enumerate().collect();
    indexed.sort_by_key(|(i, e)| std::cmp::Reverse((e.range.start, *i)));
    let mut out = text.to_string();
    for (_, e) in indexed {
        out.replace_range(e.range, &e.text);
    }
    out
}

/// A file-name-safe name: ASCII letters and digits, `-` between words; `outreach` when nothing
/// usable is left (a name in another script, say).
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "outreach".into()
    } else {
        out.into()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::engine::finding::Severity;

    /// Looking back through a window finds what a scan from the start finds, at every cut.
    #[test]
    fn the_last_sentence_end_is_the_same_looked_for_from_either_side() {
        let piece = "Hi Sam. We met (at SXSW!) \"Really?\" she said… 好的。Then   — ok?! ";
        for n in [1, 3, 40] {
            let text = piece.repeat(n);
            for cut in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
                assert_eq!(
                    super::last_sentence_end(&text, cut),
                    super::last_sentence_end_from(&text, 0, cut),
                    "cut {cut} of {n}"
                );
            }
        }
    }

    fn apply_fix(text: &str, fix: &Fix) -> String {
        super::super::test_support::apply(text, fix)
    }

    fn note(body: &str) -> String {
        format!("---\nchannel: connection-note\nto: Sarah Chen\n---\n{body}")
    }

    fn errors(text: &str) -> Vec<String> {
        crate::engine::analyze(text, &Config::default())
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.rule)
            .collect()
    }

    /// 20 sentences of 20 characters each: 400 characters, 100 over a note's limit.
    fn long_body() -> String {
        (0..20)
            .map(|i| format!("Sentence number {i:02}. "))
            .collect::<String>()
    }

    fn fix<'f>(f: &'f crate::engine::finding::Finding, title: &str) -> &'f Fix {
        f.fixes
            .iter()
            .find(|x| x.title.starts_with(title))
            .unwrap_or_else(|| panic!("no fix {title:?} in {:?}", f.fixes))
    }

    #[test]
    fn sentence_ends_skip_decimals_and_keep_closing_quotes() {
        let t = "It costs 3.5k. She said \"yes!\" Then… ok";
        let before = |cut: usize| last_sentence_end(t, cut).map(|e| &t[..e]);
        assert_eq!(
            before(t.len()),
            Some("It costs 3.5k. She said \"yes!\" Then…")
        );
        assert_eq!(before(38), Some("It costs 3.5k. She said \"yes!\" Then…"));
        assert_eq!(before(37), Some("It costs 3.5k. She said \"yes!\""));
        // A closing quote past the cut takes the sentence with it.
        assert_eq!(before(29), Some("It costs 3.5k."));
        assert_eq!(before(13), None);
    }

    #[test]
    fn shorten_keeps_whole_sentences_within_the_limit() {
        let text = note(&long_body());
        let f = &findings(&text, "limit.body")[0];
        let trim = fix(f, "Shorten to fit");
        assert!(
            trim.preferred && !trim.safe,
            "it drops sentences: never unseen"
        );
        assert_eq!(f.fixes[0].title, "Shorten to fit");
        let fixed = apply_fix(&text, trim);
        // Each sentence takes 20 characters with its space: 15 end at 299, the 16th at 319.
        // Whitespace after the sent text is not part of the message and stays.
        assert!(fixed.ends_with("Sentence number 14. "), "{fixed}");
        assert!(findings(&fixed, "limit.body").is_empty());
        assert!(errors(&fixed).is_empty(), "{:?}", errors(&fixed));
    }

    #[test]
    fn shorten_keeps_comments_and_emoji_outside_the_cut_and_works_with_crlf() {
        let body = format!("<!-- keep me -->\r\nHi 👋 Sarah. {}", long_body());
        let text = note(&body).replace('\n', "\r\n").replace("\r\r\n", "\r\n");
        let f = &findings(&text, "limit.body")[0];
        let fixed = apply_fix(&text, fix(f, "Shorten"));
        assert!(fixed.contains("<!-- keep me -->\r\nHi 👋 Sarah. Sentence"));
        assert!(fixed.ends_with("number 13. "), "{fixed:?}");
        assert!(findings(&fixed, "limit.body").is_empty());
        assert!(errors(&fixed).is_empty());
    }

    #[test]
    fn no_shortening_when_the_first_sentence_is_already_too_long() {
        let text = note(&"a".repeat(400));
        let f = &findings(&text, "limit.body")[0];
        assert!(f.fixes.iter().all(|x| !x.title.starts_with("Shorten")));
        assert!(f.fixes.iter().all(|x| !x.title.starts_with("Move")));
    }

    #[test]
    fn switching_a_note_to_inmail_adds_a_subject() {
        let text = note(&long_body());
        let f = &findings(&text, "limit.body")[0];
        let titles: Vec<&str> = f.fixes.iter().map(|x| x.title.as_str()).collect();
        // Not a direct message: nothing says they accepted an invitation.
        assert_eq!(
            titles[1..3],
            [
                "Switch to InMail (1900 characters), with “subject: A note for Sarah”",
                "Switch to Open Profile message (1900 characters), with “subject: A note for Sarah”",
            ]
        );
        assert!(!titles[3].starts_with("Switch"), "{titles:?}");
        for x in f.fixes.iter().filter(|x| x.title.starts_with("Switch")) {
            assert!(!x.preferred && !x.safe && x.kind == FixKind::Alternative);
        }
        let fixed = apply_fix(&text, fix(f, "Switch to InMail"));
        assert!(fixed
            .starts_with("---\nchannel: inmail\nto: Sarah Chen\nsubject: A note for Sarah\n---\n"));
        assert!(findings(&fixed, "limit.body").is_empty());
        assert!(errors(&fixed).is_empty(), "{:?}", errors(&fixed));
    }

    #[test]
    fn switching_away_from_a_subject_channel_keeps_it_and_plan_limits_count() {
        // A free-plan note of 250 characters fits a premium note, but not the free one.
        let text = format!(
            "---\nchannel: note\nplan: free\n---\n{}",
            "Short one. ".repeat(25)
        );
        let f = &findings(&text, "limit.body")[0];
        assert!(f
            .fixes
            .iter()
            .any(|x| x.title.starts_with("Switch to InMail")));
        let inmail = format!(
            "---\nchannel: inmail\nsubject: Hi\nconnected: yes\n---\n{}",
            "Word. ".repeat(400)
        );
        let f = &findings(&inmail, "limit.body")[0];
        let fixed = apply_fix(&inmail, fix(f, "Switch to Direct message"));
        assert!(fixed.starts_with("---\nchannel: message\nsubject: Hi\nconnected: yes\n---\n"));
        assert!(errors(&fixed).is_empty(), "{:?}", errors(&fixed));
    }

    #[test]
    fn direct_message_only_for_a_connection() {
        let switch = |head: &str| {
            let text = format!("---\nchannel: note\n{head}---\n{}", long_body());
            findings(&text, "limit.body")[0]
                .fixes
                .iter()
                .any(|x| x.title.starts_with("Switch to Direct message"))
        };
        assert!(!switch(""));
        assert!(!switch("connected: no\n"));
        assert!(switch("connected: true\n"));
        assert!(switch("connected: Yes\n"));
        let text = format!("---\nchannel: note\nconnected: true\n---\n{}", long_body());
        assert!(findings(&text, "frontmatter.unknown-key").is_empty());
    }

    #[test]
    fn the_move_keeps_the_ask_and_the_sign_off() {
        // Found by QA: the overflow held the only question and the signature, and both went.
        let text = format!(
            "---\nchannel: note\nto: Ana Ruiz\n---\nHi Ana, {}\n\nWould you be open to a call?\n\nBest,\nJo\n",
            "We build things for schools. ".repeat(12).trim_end()
        );
        let f = &findings(&text, "limit.body")[0];
        let fixed = apply_fix(&text, fix(f, "Move the rest"));
        assert!(
            fixed.ends_with("for schools.\n\nWould you be open to a call?\n\nBest,\nJo\n"),
            "{fixed}"
        );
        assert!(findings(&fixed, "limit.body").is_empty(), "{fixed}");
        // An ask that goes on from the question before it keeps that question too.
        let text = format!(
            "---\nchannel: note\nto: Ana Ruiz\n---\nHi Ana, {} Would a call help? Or should I ask Sam?\n",
            "We build things for schools. ".repeat(12).trim_end()
        );
        let f = &findings(&text, "limit.body")[0];
        let fixed = apply_fix(&text, fix(f, "Move the rest"));
        assert!(
            fixed.ends_with("schools. Would a call help? Or should I ask Sam?\n"),
            "{fixed}"
        );
        // A move that would take the only sentence about them: none.
        let text = format!(
            "---\nchannel: note\nto: Ana Ruiz\n---\nHello Ana, I hope this finds you well and that the week is treating you kindly. I read your post on rural schools and {}stayed with me. Would a call help?\n",
            "the way three villages share one bus, one library and one nurse ".repeat(3)
        );
        let f = &findings(&text, "limit.body")[0];
        let kept = f
            .fixes
            .iter()
            .find(|x| x.title.starts_with("Move the rest"))
            .map(|x| apply_fix(&text, x));
        assert!(
            kept.as_deref()
                .is_none_or(|k| k.contains("I read your post")),
            "{kept:?}"
        );
        // An ask too long to keep: no move.
        let text = format!(
            "---\nchannel: note\nto: Ana Ruiz\n---\nHi Ana. {}?\n",
            "we build things for schools and ".repeat(12)
        );
        let f = &findings(&text, "limit.body")[0];
        assert!(!f.fixes.iter().any(|x| x.title.starts_with("Move the rest")));
    }

    #[test]
    fn overflow_moves_into_the_next_step() {
        let text = format!(
            "---\nchannel: note\nto: Dr. Sarah Chen\nsend: 2026-03-02\n---\n{}",
            long_body()
        );
        let f = &findings(&text, "limit.body")[0];
        let mv = fix(f, "Move the rest");
        assert_eq!(
            mv.title,
            "Move the rest into a follow-up (dr-sarah-chen-step-2.md)"
        );
        let fixed = apply_fix(&text, mv);
        assert!(fixed.starts_with(
            "---\nchannel: note\nto: Dr. Sarah Chen\nsend: 2026-03-02\nsequence: dr-sarah-chen\nstep: 1\n---\nSentence number 00."
        ), "{fixed}");
        assert!(findings(&fixed, "limit.body").is_empty());
        assert!(errors(&fixed).is_empty());
        let new = mv.new_file.as_ref().unwrap();
        assert_eq!(
            new.text,
            "---\nchannel: follow-up\nto: Dr. Sarah Chen\nstep: 2\nsequence: dr-sarah-chen\n---\nSentence number 15. Sentence number 16. Sentence number 17. Sentence number 18. Sentence number 19.\n"
        );
        assert!(errors(&new.text).is_empty(), "{:?}", errors(&new.text));
        // Nothing is lost: the two drafts' messages together are the original.
        let before = crate::engine::analyze(&text, &Config::default())
            .unwrap()
            .rendered
            .text;
        let kept = crate::engine::analyze(&fixed, &Config::default())
            .unwrap()
            .rendered
            .text;
        let moved = crate::engine::analyze(&new.text, &Config::default())
            .unwrap()
            .rendered
            .text;
        assert_eq!(format!("{kept} {moved}"), before);
    }

    #[test]
    fn no_follow_up_of_only_a_sign_off_and_no_closer_in_one() {
        // 14 sentences (279 characters) fit; only the signature is over.
        let body: String = (0..14)
            .map(|i| format!("Sentence number {i:02}. "))
            .collect();
        let text = note(&format!(
            "{}\n\nBest regards,\nIngrid Novak",
            body.trim_end()
        ));
        let f = &findings(&text, "limit.body")[0];
        assert!(
            f.fixes.iter().all(|x| !x.title.starts_with("Move")),
            "{:?}",
            f.fixes
        );
        // A closer that hopes to connect does not travel to a message sent after they did.
        let text = note(&format!(
            "{} Our checklist cut stockouts by a third. Looking forward to connecting!\n\nBest,\nIngrid",
            body.trim_end()
        ));
        let f = &findings(&text, "limit.body")[0];
        let new = fix(f, "Move the rest").new_file.as_ref().unwrap();
        assert!(
            new.text
                .ends_with("---\nOur checklist cut stockouts by a third.\n\nBest,\nIngrid\n"),
            "{}",
            new.text
        );
    }

    #[test]
    fn follow_up_of_a_step_in_a_sequence_is_the_next_step_in_crlf() {
        let text = format!(
            "---\r\nchannel: inmail\r\nsubject: Hi\r\nsequence: q3\r\nstep: 3\r\n---\r\n{}",
            "Word. ".repeat(400)
        );
        let f = &findings(&text, "limit.body")[0];
        let mv = fix(f, "Move the rest");
        let new = mv.new_file.as_ref().unwrap();
        assert_eq!(new.name.first(), "q3-step-4.md");
        assert!(new
            .text
            .starts_with("---\r\nchannel: follow-up\r\nsequence: q3\r\nstep: 4\r\n---\r\nWord."));
        assert_eq!(mv.edits.len(), 1, "the draft already has sequence and step");
    }

    #[test]
    fn follow_up_names_from_a_hostile_sequence_stay_one_segment() {
        for (sequence, want) in [
            ("../outside/newdir/x", "outside-newdir-x-step-2.md"),
            ("/tmp/abs/x", "tmp-abs-x-step-2.md"),
            ("\"..\"", "sarah-chen-step-2.md"),
        ] {
            let text = format!(
                "---\nchannel: inmail\nto: Sarah Chen\nsubject: Hi\nsequence: {sequence}\n---\n{}",
                "Word. ".repeat(400)
            );
            let f = &findings(&text, "limit.body")[0];
            let mv = fix(f, "Move the rest");
            let new = mv.new_file.as_ref().unwrap();
            assert_eq!(new.name.first(), want, "{sequence:?}");
            assert_eq!(mv.title, format!("Move the rest into a follow-up ({want})"));
            assert!(!mv.safe, "fix-all never creates files");
        }
    }

    #[test]
    fn slugs_are_file_safe() {
        assert_eq!(slug("Dr. Sarah Chen"), "dr-sarah-chen");
        assert_eq!(slug("王芳"), "outreach");
        assert_eq!(slug(""), "outreach");
    }
}
