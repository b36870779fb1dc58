//! Linting with a memo gives what linting from scratch gives: on generated drafts put through
//! random edits (in the body and the front-matter) and changes of settings, every lint with the
//! document's memo is compared with a fresh one, fixes included. And a keystroke re-reads one
//! paragraph, not all of them.

use proptest::prelude::*;

use super::config::Config;
use super::finding::Finding;
use super::memo::Memo;
use super::packs::PackParagraph;
use super::rules::WordingParagraph;
use super::{analyze, analyze_with, diagnose_with};

/// Pieces that trip every family of rules that keeps paragraphs: stock openers, self-centred
/// and hard sentences, asks, hooks, spam and shouting, names, addresses, comments (one with a
/// blank line inside), placeholders, and the blank lines that split paragraphs.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Hi Sarah,",
        "Hi {first_name},",
        "I hope this finds you well.",
        "I wanted to reach out.",
        "I built my company and I grew my team and my revenue.",
        "Your post on forecasting was sharp.",
        "Congrats on the new role at Northwind!",
        "Would a comparative evaluation of automated adjudication implementations be operationally valuable?",
        "Open to a quick chat?",
        "Let me know.",
        "FREE money!!! ACT NOW",
        "Guaranteed ROI, limited time offer.",
        "See https://example.com/a?b=1 or mail me@example.com.",
        "<!-- note\n\nto self -->",
        "<!-- aside -->",
        "我们聊聊吧。",
        "👋 Best,",
        "\n\n",
        "\r\n\r\n",
        "\n",
        " ",
    ])
}

fn draft() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["message", "note", "inmail", "follow-up", "email"]),
        prop::option::of(prop::sample::select(vec!["Sarah Chen", "Mark Lee"])),
        prop::option::of(prop::sample::select(vec!["Northwind", "Acme Inc."])),
        prop::collection::vec(piece(), 1..30),
    )
        .prop_map(|(channel, to, company, pieces)| {
            let mut s = format!("---\nchannel: {channel}\n");
            if let Some(to) = to {
                s.push_str(&format!("to: {to}\n"));
            }
            if let Some(company) = company {
                s.push_str(&format!("company: {company}\n"));
            }
            s.push_str("subject: Hello\n---\n");
            s.push_str(&pieces.concat());
            s
        })
}

/// An edit: where (a share of the text), how much to delete, what to insert. Half of them
/// replace one byte with one byte, so a paragraph keeps its place and length but not its text
/// (what a memo that finds paragraphs by place must not be fooled by).
fn edits() -> impl Strategy<Value = Vec<(f64, usize, &'static str)>> {
    let any_edit = (
        0.0..1.0f64,
        0usize..12,
        prop::sample::select(vec![
            "",
            "a",
            "I",
            " you",
            "?",
            "\n\n",
            "FREE",
            "Sarah",
            "é👋",
            "to: Mark Lee\n",
        ]),
    );
    let same_length = (
        0.0..1.0f64,
        prop::sample::select(vec!["?", ".", "!", "I", "a", "\n"]),
    )
        .prop_map(|(at, byte)| (at, 1, byte));
    prop::collection::vec(prop_oneof![any_edit, same_length], 1..16)
}

fn apply(text: &mut String, (at, delete, insert): (f64, usize, &str)) {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor((text.len() as f64 * at) as usize);
    let end = floor((start + delete).min(text.len()));
    text.replace_range(start..end.max(start), insert);
}

fn settings() -> Vec<Config> {
    let tuned: Config = toml::from_str(
        "allow = [\"guaranteed\"]\n[words.\"spam.trigger-word\"]\nadd = [\"forecasting\"]",
    )
    .expect("settings");
    vec![Config::default(), tuned]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn a_lint_with_the_memo_finds_what_a_fresh_lint_finds(
        mut text in draft(),
        edits in edits(),
        switch_settings_at in 0usize..16,
    ) {
        let memo = Memo::new();
        let configs = settings();
        for (i, edit) in std::iter::once(None).chain(edits.into_iter().map(Some)).enumerate() {
            if let Some(edit) = edit {
                apply(&mut text, edit);
            }
            let config = &configs[usize::from(i >= switch_settings_at)];
            let fresh = analyze(&text, config).map(|a| a.findings);
            // A publish and a code action share the memo, in either order.
            let diagnose = || diagnose_with(&text, config, &memo).map(|a| a.findings);
            let (kept, diagnosed) = if i % 2 == 0 {
                let d = diagnose();
                (analyze_with(&text, config, &memo).map(|a| a.findings), d)
            } else {
                let k = analyze_with(&text, config, &memo).map(|a| a.findings);
                (k, diagnose())
            };
            prop_assert_eq!(diagnosed, fresh.clone().map(without_fixes), "{:?}", text);
            prop_assert_eq!(kept, fresh, "{:?}", text);
        }
    }
}

fn without_fixes(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.iter_mut().for_each(|f| f.fixes.clear());
    findings
}

#[test]
fn a_keystroke_rereads_only_its_paragraph() {
    let paragraph = "I built my company and I grew my team. Your post on forecasting was sharp. Open to a chat?";
    let body: Vec<String> = (0..20).map(|i| format!("{paragraph} ({i})")).collect();
    let mut text = format!(
        "---\nchannel: message\nto: Sarah Chen\n---\nHi Sarah,\n\n{}",
        body.join("\n\n")
    );
    let memo = Memo::new();
    let config = Config::default();
    let first = analyze_with(&text, &config, &memo)
        .expect("a draft")
        .findings;
    assert!(!first.is_empty());
    let reads = || {
        (
            memo.reads::<WordingParagraph>(),
            memo.reads::<PackParagraph>(),
        )
    };
    let (wording, packs) = reads();
    assert!(wording >= 21 && packs >= 21, "{wording} {packs}");

    let at = text.find("(7)").expect("paragraph 7");
    text.insert_str(at, "FREE ");
    let second = analyze_with(&text, &config, &memo)
        .expect("a draft")
        .findings;
    assert_eq!(
        reads(),
        (wording + 1, packs + 1),
        "one paragraph read again"
    );
    assert_eq!(second, analyze(&text, &config).expect("a draft").findings);
    assert_eq!(
        (
            memo.held::<WordingParagraph>(),
            memo.held::<PackParagraph>()
        ),
        (21, 21),
        "the edited paragraph's old reading was dropped"
    );
}

/// A word in capitals written again in another paragraph reads as a name there: when the
/// other paragraph changes, the kept paragraph's shouting must follow.
#[test]
fn a_kept_paragraph_follows_a_name_written_again_elsewhere() {
    let config = Config::default();
    let memo = Memo::new();
    let shouts = |text: &str| {
        let kept = diagnose_with(text, &config, &memo).map(|a| a.findings);
        let fresh = analyze(text, &config).map(|a| without_fixes(a.findings));
        assert_eq!(kept, fresh, "{text}");
        kept.unwrap()
            .iter()
            .filter(|f| f.rule == "spam.shouting")
            .map(|f| text[f.range.clone()].to_string())
            .collect::<Vec<_>>()
    };
    let head = "---\nchannel: message\n---\n";
    let tail = "\n\nAsk about ACME ROCKETS today.";
    assert_eq!(
        shouts(&format!("{head}We run ACME ROCKETS.{tail}")),
        Vec::<String>::new()
    );
    // The first paragraph changes; the second, kept, now shouts.
    assert_eq!(
        shouts(&format!("{head}We run it.{tail}")),
        vec!["ACME ROCKETS"]
    );
    assert_eq!(
        shouts(&format!("{head}We run ACME ROCKETS.{tail}")),
        Vec::<String>::new()
    );
}
