//! The key edits on one draft written in every style and with every line break.

use super::keys::{apply, FrontMatterEdit, NewValue};
use super::{push_item, remove_key, set_key};
use crate::engine::draft::Draft;
use crate::engine::finding::Edit;

fn edited(text: &str, f: impl Fn(&Draft) -> Option<Vec<Edit>>) -> Option<String> {
    let draft = Draft::parse(text).expect("a draft");
    f(&draft).map(|edits| apply(text, &edits))
}

/// `text` with its LF line breaks made `newline`.
fn with_breaks(text: &str, newline: &str) -> String {
    text.replace('\n', newline)
}

const BREAKS: [&str; 3] = ["\n", "\r\n", "\r"];

#[test]
fn set_replaces_fills_and_adds_in_block_style_with_every_line_break() {
    let t = "---\nchannel: note\nstep: 1 # first\nsubject:\n---\nHi";
    for nl in BREAKS {
        let t = with_breaks(t, nl);
        let cases = [
            (
                "channel",
                "inmail",
                "---\nchannel: inmail\nstep: 1 # first\nsubject:\n---\nHi",
            ),
            (
                "step",
                "2",
                "---\nchannel: note\nstep: 2 # first\nsubject:\n---\nHi",
            ),
            (
                "subject",
                "Re: your talk",
                "---\nchannel: note\nstep: 1 # first\nsubject: \"Re: your talk\"\n---\nHi",
            ),
            (
                "to",
                "Sarah Chen",
                "---\nchannel: note\nstep: 1 # first\nsubject:\nto: Sarah Chen\n---\nHi",
            ),
        ];
        for (key, value, want) in cases {
            let got = edited(&t, |d| set_key(d, key, NewValue::Text(value)));
            assert_eq!(got, Some(with_breaks(want, nl)), "{key} {nl:?}");
        }
    }
}

#[test]
fn set_in_flow_style_keeps_the_mapping_flow() {
    let t = "---\n{channel: note, subject: Hi}\n---\nHi";
    assert_eq!(
        edited(t, |d| set_key(d, "subject", NewValue::Text("Acme, Inc"))).unwrap(),
        "---\n{channel: note, subject: \"Acme, Inc\"}\n---\nHi"
    );
    assert_eq!(
        edited(t, |d| set_key(d, "to", NewValue::Empty)).unwrap(),
        "---\n{channel: note, subject: Hi, to: }\n---\nHi"
    );
    let trailing_comma = "---\n{channel: note,\n subject: 'It''s',  # why\n}\n---\nHi";
    assert_eq!(
        edited(trailing_comma, |d| set_key(d, "to", NewValue::Text("Sam"))).unwrap(),
        "---\n{channel: note,\n subject: 'It''s', to: Sam  # why\n}\n---\nHi"
    );
}

#[test]
fn remove_takes_whole_lines_block_scalars_and_one_flow_comma() {
    let block =
        "---\nto: Sarah Chen\nsubject: |\n  Hello there\n\n  second line\nchannel: note\n---\nHi";
    for nl in BREAKS {
        let t = with_breaks(block, nl);
        assert_eq!(
            edited(&t, |d| remove_key(d, "subject")),
            Some(with_breaks(
                "---\nto: Sarah Chen\nchannel: note\n---\nHi",
                nl
            ))
        );
    }
    let cases = [
        (
            "---\n{channel: note, subject: Hi}\n---\nHi",
            "---\n{channel: note}\n---\nHi",
        ),
        (
            "---\n{subject: Hi, channel: note}\n---\nHi",
            "---\n{channel: note}\n---\nHi",
        ),
        (
            "---\n{ channel: note, subject: \"a, b\" , to: S }\n---\nHi",
            "---\n{ channel: note, to: S }\n---\nHi",
        ),
        (
            "---\nchannel: note\nsubject: >-\n  folded\n  text\n# about to\nto: S\n---\nHi",
            "---\nchannel: note\n# about to\nto: S\n---\nHi",
        ),
        (
            "---\nchannel: note\nsubject:\n  nested: map\n  list:\n  - a\n---\nHi",
            "---\nchannel: note\n---\nHi",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(
            edited(text, |d| remove_key(d, "subject")).as_deref(),
            Some(want),
            "{text}"
        );
    }
    assert_eq!(
        edited("---\nchannel: note\n---\nHi", |d| remove_key(d, "subject")).as_deref(),
        Some("---\nchannel: note\n---\nHi"),
        "nothing to remove"
    );
}

#[test]
fn replacing_a_block_scalar_takes_all_its_lines() {
    let t = "---\nchannel: email\nsubject: |\n  Hello\n  there\nto: S\n---\nHi";
    assert_eq!(
        edited(t, |d| set_key(d, "subject", NewValue::Text("New"))).unwrap(),
        "---\nchannel: email\nsubject: New\nto: S\n---\nHi"
    );
}

#[test]
fn push_extends_block_and_flow_lists_or_makes_one() {
    let rule = "spam.shouting";
    let cases = [
        (
            "---\nchannel: note\nsendwell:\n  disable:\n    - length.long\n---\nHi",
            "---\nchannel: note\nsendwell:\n  disable:\n    - length.long\n    - spam.shouting\n---\nHi",
        ),
        (
            "---\nchannel: note\nsendwell:\n  disable:\n  - length.long\n  # later\n---\nHi",
            "---\nchannel: note\nsendwell:\n  disable:\n  - length.long\n  - spam.shouting\n  # later\n---\nHi",
        ),
        (
            "---\nchannel: note\nsendwell: { disable: [length.long] }\n---\nHi",
            "---\nchannel: note\nsendwell: { disable: [length.long, spam.shouting] }\n---\nHi",
        ),
        (
            "---\nchannel: note\nsendwell: { disable: [] }\n---\nHi",
            "---\nchannel: note\nsendwell: { disable: [spam.shouting] }\n---\nHi",
        ),
        (
            "---\nchannel: note\nsendwell:\n  disable: length.long\n---\nHi",
            "---\nchannel: note\nsendwell:\n  disable: [length.long, spam.shouting]\n---\nHi",
        ),
        (
            "---\nchannel: note\n---\nHi",
            "---\nchannel: note\nsendwell:\n  disable: [spam.shouting]\n---\nHi",
        ),
        (
            "---\nchannel: note\nsendwell:\n---\nHi",
            "---\nchannel: note\nsendwell:\n  disable: [spam.shouting]\n---\nHi",
        ),
        (
            "---\n{channel: note}\n---\nHi",
            "---\n{channel: note, sendwell: {disable: [spam.shouting]}}\n---\nHi",
        ),
    ];
    for nl in BREAKS {
        for (text, want) in cases {
            let text = with_breaks(text, nl);
            let got = edited(&text, |d| push_item(d, &["sendwell", "disable"], rule));
            assert_eq!(got, Some(with_breaks(want, nl)), "{text:?}");
        }
    }
}

#[test]
fn what_cannot_be_edited_safely_is_refused() {
    let refused = [
        // Anchors, tags and aliases on the node.
        (
            "---\nchannel: note\nsubject: &s Hi\nto: *s\n---\nHi",
            "subject",
        ),
        ("---\nchannel: note\nsubject: !!str Hi\n---\nHi", "subject"),
        ("---\nchannel: note\nto: *x\n---\nHi", "to"),
        // The key twice.
        (
            "---\nchannel: note\nsubject: A\nsubject: B\n---\nHi",
            "subject",
        ),
        // Front-matter that does not parse.
        ("---\nchannel: note\nsubject: [Hi\n---\nHi", "subject"),
        // A mapping inside a list.
        ("---\n- channel: note\n  subject: Hi\n---\nHi", "subject"),
    ];
    for (text, key) in refused {
        let Some(draft) = Draft::parse(text) else {
            continue;
        };
        assert!(
            set_key(&draft, key, NewValue::Text("x")).is_none(),
            "{text}"
        );
        assert!(remove_key(&draft, key).is_none(), "{text}");
    }
}

#[test]
fn several_keys_added_at_one_point_are_one_edit_in_order() {
    let t = "---\r\nchannel: note\r\n---\r\nHi";
    let draft = Draft::parse(t).unwrap();
    let mut edit = FrontMatterEdit::new(&draft).unwrap();
    edit.set(&["sequence"], NewValue::Text("q3"))
        .unwrap()
        .set(&["step"], NewValue::Text("1"))
        .unwrap()
        .set(&["channel"], NewValue::Text("follow-up"))
        .unwrap();
    let edits = edit.finish().unwrap();
    assert_eq!(edits.len(), 2);
    assert_eq!(
        apply(t, &edits),
        "---\r\nchannel: follow-up\r\nsequence: q3\r\nstep: 1\r\n---\r\nHi"
    );
}

#[test]
fn an_unclosed_block_gets_its_new_line_after_a_break() {
    let t = "---\nchannel: note";
    assert_eq!(
        edited(t, |d| set_key(d, "to", NewValue::Text("S"))).unwrap(),
        "---\nchannel: note\nto: S"
    );
}

#[test]
fn rename_keeps_the_value_and_refuses_a_clash() {
    let rename = |text: &str, key: &str, new_key: &str| {
        edited(text, |d| {
            let mut edit = FrontMatterEdit::new(d)?;
            edit.rename(key, new_key)?;
            edit.finish()
        })
    };
    assert_eq!(
        rename(
            "---\rchannel: note\r'Subjcet' : Hi\r---\rHi",
            "Subjcet",
            "subject"
        )
        .unwrap(),
        "---\rchannel: note\rsubject : Hi\r---\rHi"
    );
    assert_eq!(
        rename("---\n{channel: note, tO: S}\n---\nHi", "tO", "to").unwrap(),
        "---\n{channel: note, to: S}\n---\nHi"
    );
    assert_eq!(
        rename(
            "---\nchannel: note\nChannel: x\n---\nHi",
            "Channel",
            "channel"
        ),
        None
    );
}
