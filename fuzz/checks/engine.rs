//! The whole engine on arbitrary bytes (lossy UTF-8), under every channel: no panic, and every
//! finding, diagnostic position and fix stays inside the text on character boundaries.

use sendwell::engine::analyze;
use sendwell::engine::config::Config;
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
