//! `frontmatter.invalid`, `frontmatter.unknown-channel`, `frontmatter.unknown-key`: the
//! front-matter parses, names a channel Sendwell knows, and has no misspelled keys.

use super::{finding, Analysis, Config, Edit, Finding, Fix};
use crate::engine::channels;
use crate::engine::draft::{Draft, KNOWN_KEYS};
use crate::engine::text_edit::repair::{misread_value, MisreadValue, Slip};
use crate::engine::text_edit::{set_key, FrontMatterEdit, NewValue};

pub fn check(a: &Analysis, _config: &Config, out: &mut Vec<Finding>) {
    let d = &a.draft;
    if let Some(repair) = misread_value(d) {
        out.push(misread_value_finding(repair));
    } else if let Some(err) = &d.yaml_error {
        let range = if err.range.is_empty() {
            d.block.open_line.clone()
        } else {
            err.range.clone()
        };
        out.push(finding(
            "frontmatter.invalid",
            range,
            format!(
                "Front-matter does not parse: {}.",
                err.message.trim_end_matches('.')
            ),
        ));
    }
    if d.block.close_line.is_none() {
        out.push(finding(
            "frontmatter.invalid",
            d.block.open_line.clone(),
            "Front-matter is never closed: add a “---” line after the last key.",
        ));
    }
    if let Some(channel) = &d.facts.channel {
        if a.channel.is_none() {
            let mut f = finding(
                "frontmatter.unknown-channel",
                channel.range.clone(),
                format!("Unknown channel “{}”.", channel.value),
            );
            if let Some(s) = channels::suggest(&channel.value) {
                f.message = format!("Unknown channel “{}”. Did you mean “{s}”?", channel.value);
                f.fixes.extend(
                    set_key(d, "channel", NewValue::Text(s))
                        .map(|edits| Fix::safe_rewrite(format!("Change to “{s}”"), edits)),
                );
            } else {
                f.message.push_str(" Known channels: connection-note, inmail, open-profile, message, follow-up, email.");
            }
            f.message.push(' ');
            f.message.push_str(&skipped_until_known());
            out.push(f);
        }
    }
    if let Some(plan) = &d.facts.plan {
        if !matches!(plan.value.to_ascii_lowercase().as_str(), "free" | "premium") {
            out.push(finding(
                "frontmatter.invalid",
                plan.range.clone(),
                format!("“plan” is “free” or “premium”, not “{}”.", plan.value),
            ));
        }
    }
    let Some(root) = &d.root else { return };
    for (key, _) in root.entries() {
        let Some(name) = key.as_str() else { continue };
        if KNOWN_KEYS.contains(&name) {
            continue;
        }
        if let Some(known) = near_miss(name) {
            let mut f = finding(
                "frontmatter.unknown-key",
                key.range.clone(),
                format!("Unknown key “{name}”. Did you mean “{known}”?"),
            );
            // Not offered when `known` is there too: the two keys would clash.
            f.fixes.extend(
                rename_key(d, name, known)
                    .map(|edits| Fix::safe_rewrite(format!("Rename to “{known}”"), edits)),
            );
            out.push(f);
        }
    }
}

/// The commonest YAML slips in a draft, named in the writer's words with their repair:
/// `subject: RE: your talk` and `subject: [Intro] Sarah <> Tom` need quotes, `subject:Hello` a
/// space.
fn misread_value_finding(repair: MisreadValue) -> Finding {
    let key = repair.key;
    let why = match repair.slip {
        Slip::Colon => "has a colon and a space in it, which YAML reads as the start of another key. Put the value in quotes.".to_string(),
        Slip::Indicator(c) => {
            let meaning = match c {
                '[' => "the start of a list",
                '{' => "the start of a mapping",
                '*' => "an alias",
                '&' => "an anchor",
                '!' => "a tag",
                '|' | '>' => "text on the lines below",
                '%' => "a directive",
                _ => "a character it reserves",
            };
            format!("starts with “{c}”, which YAML reads as {meaning}. Put the value in quotes.")
        }
        Slip::NoSpace => "needs a space after the colon: YAML reads the whole line as one word.".to_string(),
    };
    let mut f = finding(
        "frontmatter.invalid",
        repair.value,
        format!("Front-matter does not parse: the value of “{key}” {why}"),
    );
    f.fixes.push(match repair.slip {
        Slip::NoSpace => Fix::safe_rewrite(format!("Add a space after “{key}:”"), repair.edits),
        Slip::Colon | Slip::Indicator(_) => quote_value_fix(&key, repair.edits),
    });
    f
}

/// The fix that puts a front-matter value in quotes (`text_edit::repair` checks that the key
/// then reads back as typed).
pub(super) fn quote_value_fix(key: &str, edits: Vec<Edit>) -> Fix {
    Fix::safe_rewrite(format!("Put the value of “{key}” in quotes"), edits)
}

fn rename_key(d: &Draft, key: &str, new_key: &str) -> Option<Vec<Edit>> {
    let mut edit = FrontMatterEdit::new(d)?;
    edit.rename(key, new_key)?;
    edit.finish()
}

/// The known key a misspelled one was probably meant to be. Short keys (`to`) need an exact
/// case-insensitive match or a one-letter slip; anything else unknown is the user's own key.
fn near_miss(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase().replace('-', "_");
    KNOWN_KEYS
        .iter()
        .map(|k| (*k, strsim::damerau_levenshtein(&lower, k)))
        .filter(|(k, d)| {
            *d == 0
                || (*d
                    <= if k.len() <= 3 {
                        0
                    } else if k.len() <= 5 {
                        1
                    } else {
                        2
                    })
        })
        .min_by_key(|(_, d)| *d)
        .map(|(k, _)| k)
}

/// What a draft with an unknown channel is not checked for: the channel's limits and the rules
/// for some channels only (from the packs, so a new rule is named without a change here).
fn skipped_until_known() -> String {
    let some_channels: Vec<&str> = crate::engine::catalog::BUILTIN
        .rules
        .iter()
        .filter(|r| {
            !r.channels.is_empty() && !r.id.starts_with("sequence.") && !r.id.starts_with("volume.")
        })
        .map(|r| r.id.as_str())
        .collect();
    format!(
        "Until it names a known channel, these are skipped: the channel's limits (limit.body, \
         limit.subject, length.long) and {}.",
        some_channels.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn broken_yaml_is_reported_on_its_line() {
        let text = "---\nchannel: note\nto: \"Sarah\n---\nHi Sarah";
        let f = findings(text, "frontmatter.invalid");
        assert_eq!(f.len(), 1);
        assert_eq!(covered(text, &f[0]), "to: \"Sarah", "{f:?}");
        assert!(f[0].fixes.is_empty(), "an unclosed quote has no one repair");
    }

    #[test]
    fn values_yaml_misreads_are_named_and_repaired() {
        for (line, covers, says, fixed) in [
            (
                "subject: [Intro] Sarah <> Tom",
                "[Intro] Sarah <> Tom",
                "“[”, which YAML reads as the start of a list",
                "subject: \"[Intro] Sarah <> Tom\"",
            ),
            (
                "subject: {first_name}, quick question",
                "{first_name}, quick question",
                "the start of a mapping",
                "subject: \"{first_name}, quick question\"",
            ),
            (
                "subject: @Sarah quick question",
                "@Sarah quick question",
                "a character it reserves",
                "subject: \"@Sarah quick question\"",
            ),
            (
                "subject: *urgent* question",
                "*urgent* question",
                "an alias",
                "subject: \"*urgent* question\"",
            ),
            (
                "subject:Quick question",
                "Quick question",
                "needs a space after the colon",
                "subject: Quick question",
            ),
            (
                "to: [Sarah",
                "[Sarah",
                "the start of a list",
                "to: \"[Sarah\"",
            ),
            (
                "subject: ] closing note",
                "] closing note",
                "“]”, which YAML reads as a character it reserves",
                "subject: \"] closing note\"",
            ),
        ] {
            let text = format!("---\nchannel: email\n{line}\n---\nHi Sarah, a question?");
            let f = findings(&text, "frontmatter.invalid");
            assert_eq!(f.len(), 1, "{line}: {f:?}");
            assert_eq!(covered(&text, &f[0]), covers, "{line}");
            assert!(f[0].message.contains(says), "{line}: {}", f[0].message);
            assert!(f[0].fixes[0].preferred && f[0].fixes[0].safe, "{line}");
            let after = apply(&text, &f[0].fixes[0]);
            assert_eq!(
                after,
                format!("---\nchannel: email\n{fixed}\n---\nHi Sarah, a question?")
            );
            assert!(
                findings(&after, "frontmatter.invalid").is_empty(),
                "{after}"
            );
        }
    }

    #[test]
    fn a_colon_in_a_plain_value_is_named_and_quoting_it_is_the_fix() {
        let text = "---\r\nchannel: email\r\nsubject: RE: your talk at SaaStr\r\n---\r\nHi Sarah";
        let f = findings(text, "frontmatter.invalid");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(covered(text, &f[0]), "RE: your talk at SaaStr");
        assert!(f[0].message.contains("“subject”"), "{}", f[0].message);
        assert!(f[0].fixes[0].preferred && f[0].fixes[0].safe);
        let fixed = apply(text, &f[0].fixes[0]);
        assert_eq!(
            fixed,
            "---\r\nchannel: email\r\nsubject: \"RE: your talk at SaaStr\"\r\n---\r\nHi Sarah"
        );
        assert!(findings(&fixed, "frontmatter.invalid").is_empty());
        // Once it parses, the subject is read: a fake reply on a first message is reported.
        assert_eq!(findings(&fixed, "subject.fake-reply").len(), 1);
    }

    #[test]
    fn unclosed_front_matter_is_reported_on_the_opening_line() {
        let text = "---\nchannel: note\nHi Sarah";
        let f = findings(text, "frontmatter.invalid");
        assert!(
            f.iter()
                .any(|f| f.range == (0..3) && f.message.contains("never closed")),
            "{f:?}"
        );
    }

    #[test]
    fn unknown_channel_suggests_the_closest() {
        let text = "---\nchannel: inmial\n---\nHi";
        let f = findings(text, "frontmatter.unknown-channel");
        assert_eq!(covered(text, &f[0]), "inmial");
        assert!(f[0].message.contains("Did you mean “inmail”?"));
        assert_eq!(apply(text, &f[0].fixes[0]), "---\nchannel: inmail\n---\nHi");
    }

    #[test]
    fn unknown_channel_says_what_is_skipped_and_the_rest_still_runs() {
        let text = "---\nchannel: inmial\n---\nHi there, I came across your profile. FREE offer!!";
        let f = findings(text, "frontmatter.unknown-channel");
        let message = &f[0].message;
        for skipped in [
            "limit.body",
            "length.long",
            "etiquette.pitch-in-note",
            "etiquette.no-ask",
        ] {
            assert!(message.contains(skipped), "{skipped}: {message}");
        }
        assert!(!message.contains("spam.trigger-word"), "{message}");
        for runs in [
            "personalization.no-name",
            "personalization.generic-opener",
            "spam.trigger-word",
        ] {
            assert!(!findings(text, runs).is_empty(), "{runs}");
        }
        assert!(findings(text, "etiquette.no-ask").is_empty());
    }

    #[test]
    fn known_channel_is_silent() {
        assert!(findings("---\nchannel: dm\n---\nHi", "frontmatter.unknown-channel").is_empty());
    }

    #[test]
    fn near_miss_keys_get_a_hint_and_user_keys_do_not() {
        let text = "---\nchannel: note\nsubjet: Hi\ncompnay: X\nexpect: []\nowner: me\n---\nHi";
        let f = findings(text, "frontmatter.unknown-key");
        let keys: Vec<_> = f.iter().map(|f| covered(text, f)).collect();
        assert_eq!(keys, vec!["subjet", "compnay"]);
        assert!(f[0].message.contains("“subject”"));
    }

    #[test]
    fn bad_plan_value_is_invalid() {
        let f = findings(
            "---\nchannel: note\nplan: gold\n---\nHi",
            "frontmatter.invalid",
        );
        assert!(f[0].message.contains("gold"));
    }
}
