//! What applying a fix did to a draft that it should not have: the check that tests and the
//! fuzzer run on every fix the engine offers. A front-matter that parsed still parses, still
//! names a channel, and every entry no edit touched reads the same; the body is byte-identical
//! except where an edit's own range lies in it.

use super::keys::apply;
use super::value::{key_text, Value};
use crate::engine::draft::Draft;
use crate::engine::finding::Edit;
use crate::engine::frontmatter::{find_block, parse_yaml};

/// The first harm applying `edits` (non-overlapping) to `before` does, in words; `None` when
/// there is none.
pub fn damage(before: &str, edits: &[Edit]) -> Option<String> {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let old = Draft::parse(before)?;
    let after = apply(before, &edits);
    let body_start = old.block.body_start;
    if let Some(e) = edits
        .iter()
        .find(|e| e.range.start < body_start && e.range.end > body_start)
    {
        return Some(format!("an edit crosses the closing fence: {:?}", e.range));
    }
    // The body as it should be: the old one with the edits that lie in it. A block that never
    // closes runs to the end of the text, so an insertion there is front-matter.
    let in_body = |e: &&Edit| e.range.start >= body_start && old.block.close_line.is_some();
    let body_edits: Vec<Edit> = edits
        .iter()
        .filter(in_body)
        .map(|e| Edit {
            range: e.range.start - body_start..e.range.end - body_start,
            text: e.text.clone(),
        })
        .collect();
    let want_body = apply(&before[body_start..], &body_edits);
    let Some(new_block) = find_block(&after) else {
        return Some("the front-matter block is gone".into());
    };
    if after[new_block.body_start..] != want_body {
        return Some(format!(
            "the body changed outside the fix's edits: {:?}",
            &after[new_block.body_start..]
        ));
    }
    let (Some(old_root), None) = (&old.root, &old.yaml_error) else {
        return None; // what did not parse before is not this check's business
    };
    let new_root = match parse_yaml(&after[new_block.yaml.clone()], new_block.yaml.start) {
        Ok(Some(root)) => root,
        Ok(None) => return Some("the front-matter is empty".into()),
        Err(e) => return Some(format!("the front-matter no longer parses: {}", e.message)),
    };
    let names_channel = |d: &Draft| d.facts.channel.is_some();
    if names_channel(&old) && !Draft::parse(&after).is_some_and(|d| names_channel(&d)) {
        return Some("the draft no longer names a channel".into());
    }
    let Value::Map(new_entries) = Value::of(&new_root) else {
        return Some("the front-matter is no longer a mapping".into());
    };
    // Keys are compared by name with all their values, so a key written twice stays twice.
    let values_of = |entries: &[(String, Value)], name: &str| -> Vec<Value> {
        entries
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    };
    let Value::Map(old_entries) = Value::of(old_root) else {
        return None;
    };
    let touched = |name: &str| {
        old_root.entries().iter().any(|(key, value)| {
            // An empty value's span is at its key, before the `:`; the rest of the line is
            // the entry's too.
            let end = value.range.end.max(key.range.end);
            let span = key.range.start..super::lines::line_end(before, end);
            key_text(key) == name
                && edits
                    .iter()
                    .any(|e| e.range.start <= span.end && e.range.end >= span.start)
        })
    };
    for (name, _) in &old_entries {
        if touched(name) {
            continue;
        }
        let (was, now) = (values_of(&old_entries, name), values_of(&new_entries, name));
        if was != now {
            return Some(format!("'{name}' was {was:?} and is now {now:?}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(range: std::ops::Range<usize>, text: &str) -> Edit {
        Edit {
            range,
            text: text.into(),
        }
    }

    #[test]
    fn harmless_edits_pass() {
        let text = "---\nchannel: note\nto: Sarah\n---\nHi there";
        assert_eq!(damage(text, &[edit(13..17, "inmail")]), None);
        assert_eq!(
            damage(text, &[edit(text.len() - 5..text.len(), "Sarah")]),
            None
        );
        assert_eq!(damage(text, &[edit(18..28, "")]), None);
    }

    #[test]
    fn each_kind_of_harm_is_named() {
        let text = "---\nchannel: note\nto: Sarah\nsubject: |\n  Hello\n---\nHi there";
        let to_line = text.find("to:").unwrap();
        let subject_line = text.find("subject").unwrap();
        let body = text.find("Hi").unwrap();
        let cases = [
            (edit(0..4, ""), "block is gone"),
            (edit(subject_line..subject_line + 11, ""), "'to' was"),
            (edit(to_line..to_line, "x: [\n"), "no longer parses"),
            (edit(4..17, ""), "no longer names a channel"),
            (edit(body - 4..body + 2, ""), "crosses the closing fence"),
            (edit(to_line..to_line, "---\n"), "body changed"),
        ];
        for (e, want) in cases {
            let got = damage(text, &[e.clone()]).unwrap_or_default();
            assert!(got.contains(want), "{e:?}: {got}");
        }
    }
}
