//! Property tests: positions round-trip in every encoding, incremental edits agree with a plain
//! string model, and the engine keeps every range and fix inside the text on arbitrary drafts.

use proptest::prelude::*;
use sendwell::engine::analyze;
use sendwell::engine::config::Config;
use sendwell::engine::finding::Edit;
use sendwell::lsp::document::Document;
use sendwell::text::{Encoding, LineCol, LineIndex};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Chars];

/// Pieces that stress positions and the draft grammar: line breaks of every kind, characters of
/// 1–4 UTF-8 bytes and 1–2 UTF-16 units, combining marks, and the syntax the engine looks for.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z ,.?!]{0,12}",
        1 => Just("\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("👋".to_string()),
        1 => Just("👨‍👩‍👧".to_string()),
        1 => Just("日本語".to_string()),
        1 => Just("é".to_string()),
        1 => Just("e\u{301}".to_string()),
        1 => Just("\u{feff}".to_string()),
        1 => Just("---".to_string()),
        1 => Just("{{".to_string()),
        1 => Just("}}".to_string()),
        1 => Just("[Name]".to_string()),
        1 => Just("{{first_name}}".to_string()),
        1 => Just("<!--".to_string()),
        1 => Just("-->".to_string()),
        1 => Just(": ".to_string()),
        1 => Just("- ".to_string()),
        1 => Just("  ".to_string()),
        1 => Just("\"".to_string()),
        1 => Just("&a *a".to_string()),
        1 => any::<char>().prop_map(String::from),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

/// A draft: a front-matter block with a channel (known or not), optional keys from arbitrary
/// text, then an arbitrary body; or, sometimes, arbitrary text with no draft structure.
fn draft() -> impl Strategy<Value = String> {
    let channel = prop_oneof![
        Just("connection-note"),
        Just("inmail"),
        Just("open-profile"),
        Just("message"),
        Just("follow-up"),
        Just("email"),
        Just("conection-note"),
        Just(""),
    ];
    let key = prop_oneof![
        Just("to"),
        Just("first_name"),
        Just("company"),
        Just("subject"),
        Just("plan"),
        Just("vars"),
        Just("sendwell"),
        Just("subjct"),
        Just("step"),
    ];
    let nl = prop_oneof![Just("\n"), Just("\r\n")];
    let entries = prop::collection::vec((key, text()), 0..5);
    prop_oneof![
        4 => (channel, entries, nl, text()).prop_map(|(ch, entries, nl, body)| {
            let mut s = format!("---{nl}channel: {ch}{nl}");
            for (k, v) in entries {
                s.push_str(&format!("{k}: {v}{nl}"));
            }
            s.push_str(&format!("---{nl}{body}"));
            s
        }),
        1 => text(),
    ]
}

/// Offsets that a position can name: char boundaries, except between the `\r` and `\n` of a CRLF.
fn addressable(s: &str) -> Vec<usize> {
    (0..=s.len())
        .filter(|&i| s.is_char_boundary(i))
        .filter(|&i| {
            !(i > 0 && s.as_bytes()[i - 1] == b'\r' && s.as_bytes().get(i) == Some(&b'\n'))
        })
        .collect()
}

fn assert_range_ok(text: &str, r: &std::ops::Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what} {r:?} outside 0..{}",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} {r:?} splits a character"
    );
}

/// Applies edits (non-overlapping, any order) to `text`.
fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn offsets_round_trip_through_line_and_column(s in text()) {
        let idx = LineIndex::new(&s);
        for enc in ENCODINGS {
            for i in addressable(&s) {
                let lc = idx.line_col(&s, i, enc);
                prop_assert_eq!(idx.offset(&s, lc, enc), i, "{:?} at {}", enc, i);
            }
        }
    }

    #[test]
    fn positions_in_any_order_match_the_line_index(
        s in text(), offsets in prop::collection::vec(0usize..400, 0..30)
    ) {
        use sendwell::lsp::convert::Positions;
        let idx = LineIndex::new(&s);
        for enc in ENCODINGS {
            let pos = Positions::new(&s, enc);
            for &o in &offsets {
                let want = idx.line_col(&s, o, enc);
                let got = pos.position(o);
                prop_assert_eq!((got.line, got.character), (want.line, want.col), "{:?} at {}", enc, o);
            }
        }
    }

    #[test]
    fn utf16_columns_are_what_an_editor_counts(s in text()) {
        let idx = LineIndex::new(&s);
        for i in addressable(&s) {
            let lc = idx.line_col(&s, i, Encoding::Utf16);
            let line = idx.line_range(&s, lc.line as usize);
            prop_assert_eq!(lc.col as usize, s[line.start..i].encode_utf16().count());
        }
    }

    #[test]
    fn any_position_gives_a_char_boundary_inside_the_text(
        s in text(), line in 0u32..50, col in 0u32..200
    ) {
        let idx = LineIndex::new(&s);
        for enc in ENCODINGS {
            let o = idx.offset(&s, LineCol { line, col }, enc);
            prop_assert!(o <= s.len() && s.is_char_boundary(o));
            // Any byte offset, even mid-character or past the end, maps to a real position.
            let lc = idx.line_col(&s, (line as usize) * 7 + col as usize, enc);
            prop_assert!((lc.line as usize) < idx.line_count());
        }
    }

}

proptest! {
    // Each case replays up to a dozen notifications; fewer cases keep the suite quick in debug.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn incremental_edits_agree_with_a_string_model(
        start in text(),
        edits in prop::collection::vec(
            prop::collection::vec((0u32..12, 0u32..40, 0u32..12, 0u32..40, text()), 1..4),
            1..12,
        ),
        utf8 in any::<bool>(),
    ) {
        let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let mut doc = Document::new(&start, 0);
        let mut model = start.clone();
        for (version, batch) in edits.into_iter().enumerate() {
            let changes: Vec<TextDocumentContentChangeEvent> = batch
                .iter()
                .map(|(l1, c1, l2, c2, t)| TextDocumentContentChangeEvent {
                    range: Some(Range::new(Position::new(*l1, *c1), Position::new(*l2, *c2))),
                    range_length: None,
                    text: t.clone(),
                })
                .collect();
            // The model: each change in order, positions resolved against the text so far.
            for (l1, c1, l2, c2, t) in &batch {
                let idx = LineIndex::new(&model);
                let a = idx.offset(&model, LineCol { line: *l1, col: *c1 }, enc);
                let b = idx.offset(&model, LineCol { line: *l2, col: *c2 }, enc).max(a);
                model.replace_range(a..b, t);
            }
            doc.apply(&changes, version as i32 + 1, enc);
            prop_assert_eq!(&*doc.text, model.as_str());
            prop_assert_eq!(doc.version, version as i32 + 1);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_keeps_findings_and_fixes_inside_the_text(s in draft()) {
        let config = Config::default();
        let Some(a) = analyze(&s, &config) else { return Ok(()) };
        let _ = a.stats(&config);
        for f in &a.findings {
            assert_range_ok(&s, &f.range, &f.rule);
            for fix in &f.fixes {
                let mut edits: Vec<&Edit> = fix.edits.iter().collect();
                edits.sort_by_key(|e| (e.range.start, e.range.end));
                for e in &edits {
                    assert_range_ok(&s, &e.range, &format!("{} fix {:?}", f.rule, fix.title));
                }
                for w in edits.windows(2) {
                    prop_assert!(
                        w[0].range.end <= w[1].range.start,
                        "{} fix {:?}: overlapping edits {:?} {:?}", f.rule, fix.title, w[0].range, w[1].range
                    );
                }
                let fixed = apply_edits(&s, &fix.edits);
                let _ = analyze(&fixed, &config).map(|a| a.findings.len());
            }
        }
    }
}

/// The draft generator must reach the code it is meant to test: findings that carry fixes.
#[test]
fn generated_drafts_produce_findings_with_fixes() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let config = Config::default();
    let mut with_fixes = 0;
    for _ in 0..300 {
        let s = draft().new_tree(&mut runner).unwrap().current();
        if let Some(a) = analyze(&s, &config) {
            with_fixes += a.findings.iter().filter(|f| !f.fixes.is_empty()).count();
        }
    }
    assert!(with_fixes > 50, "only {with_fixes} findings with fixes");
}
