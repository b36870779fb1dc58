//! The whole engine on arbitrary bytes (lossy UTF-8), under every channel: no panic, and every
//! finding, diagnostic position and fix stays inside the text on character boundaries. And a
//! lint that keeps paragraphs from the last (the server's, `engine::memo`) finds, after an
//! edit, what a fresh lint finds.

use sendwell::engine::config::Config;
use sendwell::engine::memo::Memo;
use sendwell::engine::{analyze, analyze_with};
use sendwell::lsp::convert::{self, Positions};
use sendwell::text::Encoding;

const CHANNELS: &[&str] = &[
    "connection-note",
    "inmail",
    "open-profile",
    "message",
    "follow-up",
    "email",
];

pub fn check(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let body = String::from_utf8_lossy(rest);
    // Half the inputs get a valid front-matter header so the rules run; the others are taken as
    // they are, so the parser sees whatever the fuzzer makes.
    let text = if selector & 0x80 == 0 {
        let channel = CHANNELS[selector as usize % CHANNELS.len()];
        let nl = if selector & 0x40 == 0 { "\n" } else { "\r\n" };
        format!("---{nl}channel: {channel}{nl}to: Sarah Chen{nl}---{nl}{body}")
    } else {
        body.into_owned()
    };
    let mut config = Config::default();
    if selector & 0x20 != 0 {
        config.plan = Some("free".into());
    }
    let Some(a) = analyze(&text, &config) else {
        return;
    };
    same_with_a_memo(&text, selector, &config);
    let _ = a.stats(&config);
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        let pos = Positions::new(&text, enc);
        for f in &a.findings {
            assert!(
                f.range.start <= f.range.end && f.range.end <= text.len(),
                "{}",
                f.rule
            );
            assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
            let d = convert::diagnostic(f, &pos);
            assert!(d.range.start <= d.range.end, "{}", f.rule);
        }
    }
}

/// Lints `text`, then the text with a piece cut out of its middle (where depends on
/// `selector`), with one memo; the second lint must equal a fresh one.
fn same_with_a_memo(text: &str, selector: u8, config: &Config) {
    let memo = Memo::new();
    let _ = analyze_with(text, config, &memo);
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let at = floor(text.len() * usize::from(selector & 0x1f) / 32);
    let end = floor((at + 1 + usize::from(selector & 0x07)).min(text.len())).max(at);
    let edited = format!("{}{}", &text[..at], &text[end..]);
    let kept = analyze_with(&edited, config, &memo).map(|a| a.findings);
    let fresh = analyze(&edited, config).map(|a| a.findings);
    assert!(
        kept == fresh,
        "a lint with the memo differs from a fresh one"
    );
}
