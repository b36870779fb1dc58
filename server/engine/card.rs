//! A rule's hover card: its title, one sentence of why, one of how to fix, one public source as
//! a link and a "More" link to the full text, in at most [`MAX_CHARS`] characters. Stacked
//! findings on one word made hovers of thousands of characters; the whole text stays behind
//! `sendwell explain`. Cards cite only public pages: text that names a file (the research notes
//! the figures came from) is left out of them.

use super::catalog::RuleDoc;

/// A card's length cap, in characters: about six lines of a hover window.
pub const MAX_CHARS: usize = 600;

/// Where a card's "More" link leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum More<'a> {
    /// A client command (a `command:` link the client runs) taking the rule ID; the VS Code
    /// extension's opens `sendwell explain RULE`.
    Command(&'a str),
    /// The rule's section of docs/rules.md on the repository's site.
    Docs,
}

/// The card for `doc`. `builtin` says whether docs/rules.md has a section for it.
pub fn card(doc: &RuleDoc, builtin: bool, more: More) -> String {
    let head = format!("**{}** `{}`", doc.title.trim(), doc.id);
    let source = public_source(doc).map(|(title, url)| {
        format!(
            "Source: [{}]({url})",
            shorten(&escape_link_text(&title), 80)
        )
    });
    let more = match more {
        More::Command(command) => format!(
            "[More…](command:{command}?{})",
            percent_encode(&format!("[\"{}\"]", doc.id))
        ),
        More::Docs if builtin => format!("[More…]({})", docs_url(doc)),
        More::Docs => format!("More: `sendwell explain {}`", doc.id),
    };
    let fixed = [Some(&head), source.as_ref(), Some(&more)]
        .into_iter()
        .flatten()
        .map(|s| s.chars().count() + 2)
        .sum::<usize>()
        + "**How to fix:** ".len()
        + 4;
    // What is left goes to the two sentences, the why a little more than the fix.
    let room = MAX_CHARS.saturating_sub(fixed);
    let why = shorten(
        &first_sentence(&without_file_references(&doc.why)),
        room * 11 / 20,
    );
    let fix_room = room.saturating_sub(why.chars().count());
    let fix = shorten(
        &first_sentence(&without_file_references(&doc.fix)),
        fix_room,
    );
    let mut parts = vec![head, why, format!("**How to fix:** {fix}")];
    parts.extend(source);
    parts.push(more);
    parts.retain(|p| !p.trim().is_empty());
    parts.join("\n\n")
}

/// The rule's section of `docs/rules.md`, by the anchor GitHub gives its heading.
pub fn docs_url(doc: &RuleDoc) -> String {
    let heading = format!("{}: {}", doc.id, doc.title);
    format!(
        "{}/blob/main/docs/rules.md#{}",
        env!("CARGO_PKG_REPOSITORY"),
        heading_anchor(&heading)
    )
}

/// GitHub's heading anchors: lower case, punctuation dropped, spaces become hyphens.
pub fn heading_anchor(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first http(s) address in the rule's source, then its why, then its fix, with a title:
/// a Markdown link's text, else the words before the address, else the address's host.
pub fn public_source(doc: &RuleDoc) -> Option<(String, String)> {
    [
        doc.source.as_deref(),
        Some(doc.why.as_str()),
        Some(doc.fix.as_str()),
    ]
    .into_iter()
    .flatten()
    .find_map(first_link)
}

fn first_link(text: &str) -> Option<(String, String)> {
    let start = ["https://", "http://"]
        .iter()
        .filter_map(|p| text.find(p))
        .min()?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | ']' | '"' | '<'))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    let before = &text[..start];
    let title = if let Some(inner) = before.strip_suffix("](") {
        inner.rsplit_once('[').map(|(_, t)| t.to_string())
    } else {
        // "LinkedIn Help, Character limits (https://…)": the words since the last list break,
        // from the quoted title if there is one (“Title” (Nigel P. Daly), https://…: the initial's
        // stop ends no sentence), else from the last sentence break.
        let item = before.rsplit([';', '\n']).next().unwrap_or("");
        let words = match item.find('“') {
            Some(quote) => &item[quote..],
            None => item.rsplit(". ").next().unwrap_or(item),
        };
        let words = words
            .trim()
            .trim_end_matches(['(', ':', '<', '-', '—', ','])
            .trim();
        (!words.is_empty()).then(|| words.to_string())
    };
    let host = || {
        url.split("://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or(url)
            .to_string()
    };
    Some((title.unwrap_or_else(host), url.to_string()))
}

/// The text up to the end of its first sentence (a stop followed by a space or the end).
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut end = flat.len();
    for (i, c) in flat.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let next = flat[i + c.len_utf8()..].chars().next();
            // "e.g. this" and "1.5" are not ends of sentences.
            let abbreviation = flat[..i].ends_with("e.g") || flat[..i].ends_with("i.e");
            if !abbreviation && next.is_none_or(|n| n == ' ') {
                end = i + c.len_utf8();
                break;
            }
        }
    }
    flat[..end].to_string()
}

/// File names in parenthesised asides are dropped, since the reader cannot open them:
/// `(LinkedIn data, seeds/README.md)` keeps `(LinkedIn data)`, and an aside of file names only
/// goes whole.
pub fn without_file_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let kept: Vec<&str> = rest[open + 1..close]
            .split([',', ';'])
            .map(str::trim)
            .filter(|item| !names_a_file(item))
            .collect();
        if kept.is_empty() {
            // The space before the aside goes with it.
            while out.ends_with(' ') {
                out.pop();
            }
        } else if kept.len() == rest[open + 1..close].split([',', ';']).count() {
            out.push_str(&rest[open..=close]);
        } else {
            out.push('(');
            out.push_str(&kept.join(", "));
            out.push(')');
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn names_a_file(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .any(|word| {
            !word.contains("://")
                && (word.contains('/') && word.contains('.')
                    || [".txt", ".md", ".toml", ".json"]
                        .iter()
                        .any(|ext| word.ends_with(ext)))
        })
}

/// `text` cut to `max` characters at a word boundary, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

fn escape_link_text(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}

/// Percent-encodes all but unreserved characters, for a `command:` link's JSON arguments.
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::BUILTIN;

    fn rule(why: &str, fix: &str, source: Option<&str>) -> RuleDoc {
        let mut doc = BUILTIN.get("spam.trigger-word").unwrap().clone();
        doc.why = why.into();
        doc.fix = fix.into();
        doc.source = source.map(String::from);
        doc
    }

    #[test]
    fn every_builtin_card_fits_and_names_no_file() {
        for doc in &BUILTIN.rules {
            for more in [More::Docs, More::Command("sendwell.explainRule")] {
                let c = card(doc, true, more);
                assert!(c.chars().count() <= MAX_CHARS, "{}: {c}", doc.id);
                assert!(c.starts_with(&format!("**{}**", doc.title)), "{c}");
                assert!(c.contains("**How to fix:** "), "{c}");
                for internal in ["seeds/", "../", ".txt", "README.md"] {
                    assert!(!c.contains(internal), "{}: {c}", doc.id);
                }
            }
        }
    }

    #[test]
    fn the_first_public_link_is_the_source_and_files_are_dropped() {
        let doc = rule(
            "Long notes get fewer replies (LinkedIn data, seeds/README.md). More text here.",
            "Cut it. Then cut more.",
            Some("seeds/001.txt; LinkedIn Help, Character limits (https://www.linkedin.com/help/x). Also https://example.com/y"),
        );
        let c = card(&doc, true, More::Docs);
        assert_eq!(
            c,
            format!(
                "**Spam trigger word** `spam.trigger-word`\n\nLong notes get fewer replies (LinkedIn data).\n\n\
                 **How to fix:** Cut it.\n\n\
                 Source: [LinkedIn Help, Character limits](https://www.linkedin.com/help/x)\n\n\
                 [More…]({})",
                docs_url(&doc)
            )
        );
        let daly = "“Writing messages for networking” (Nigel P. Daly), https://nigelpdaly.com/?p=666; “Other” (X), https://x.example";
        assert_eq!(
            first_link(daly),
            Some((
                "“Writing messages for networking” (Nigel P. Daly)".into(),
                "https://nigelpdaly.com/?p=666".into()
            ))
        );
        assert_eq!(
            first_link("Guides agree. Read LinkedIn Help (https://l.example/h)."),
            Some(("Read LinkedIn Help".into(), "https://l.example/h".into()))
        );
        let md = rule("See [the guide](https://a.example/g).", "Fix.", None);
        assert_eq!(
            public_source(&md),
            Some(("the guide".into(), "https://a.example/g".into()))
        );
        // No address anywhere: no source line, nothing made up.
        let none = rule("Why.", "Fix.", Some("seeds/002.txt (hard sells)"));
        assert!(!card(&none, true, More::Docs).contains("Source"));
    }

    #[test]
    fn long_text_is_cut_at_a_word_and_the_more_link_can_run_a_command() {
        let long = "word ".repeat(400);
        let doc = rule(&long, &long, None);
        let c = card(&doc, true, More::Command("sendwell.explainRule"));
        assert!(c.chars().count() <= MAX_CHARS, "{}", c.chars().count());
        assert!(c.contains("word…"), "{c}");
        assert!(
            c.ends_with("[More…](command:sendwell.explainRule?%5B%22spam.trigger-word%22%5D)"),
            "{c}"
        );
        // A user pack's rule has no docs/rules.md section: the command line instead.
        assert!(
            card(&doc, false, More::Docs).ends_with("More: `sendwell explain spam.trigger-word`")
        );
    }

    #[test]
    fn rule_text_is_in_us_english() {
        // The British forms that have crept in before; cards, `explain` and docs/rules.md all
        // come from this text.
        let british = [
            "personalis",
            "behaviour",
            "colour",
            "favour",
            "organis",
            "recognis",
            "prioritis",
            "summaris",
            "optimis",
            "centre",
            "honour",
        ];
        for doc in &BUILTIN.rules {
            let text = [&doc.title, &doc.why, &doc.fix]
                .into_iter()
                .chain(doc.source.as_ref())
                .chain(doc.message.as_ref())
                .map(|t| t.to_lowercase())
                .collect::<Vec<_>>()
                .join(" ");
            for word in british {
                assert!(!text.contains(word), "{}: “{word}…”", doc.id);
            }
        }
    }

    #[test]
    fn file_names_leave_their_asides_and_the_rest_stays() {
        assert_eq!(
            without_file_references("Fewer (LinkedIn data, seeds/README.md). Body (seeds/a.txt)."),
            "Fewer (LinkedIn data). Body."
        );
        assert_eq!(
            without_file_references("Kept (Boomerang, 40M emails) as is."),
            "Kept (Boomerang, 40M emails) as is."
        );
    }

    #[test]
    fn sentences_end_at_a_stop_and_a_space() {
        assert_eq!(
            first_sentence("A 1.5x rise, e.g. here. Next."),
            "A 1.5x rise, e.g. here."
        );
        assert_eq!(first_sentence("No stop"), "No stop");
    }

    /// Every built-in rule's card names its source by a title a reader recognises: a quoted
    /// title or words, never a fragment cut at an initial's stop or a bare closing bracket.
    #[test]
    fn every_builtin_source_has_a_whole_title() {
        for doc in &crate::engine::catalog::BUILTIN.rules {
            let Some((title, url)) = public_source(doc) else {
                continue;
            };
            assert!(url.starts_with("http"), "{}: {url}", doc.id);
            let opens = title.matches(['(', '“']).count();
            let closes = title.matches([')', '”']).count();
            assert_eq!(opens, closes, "{}: {title}", doc.id);
            assert!(title.chars().count() >= 4, "{}: {title}", doc.id);
        }
    }
}
