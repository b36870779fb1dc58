//! User configuration and rule packs: arbitrary TOML never panics the parser, and whatever rules a
//! pack manages to define (regexes, word lists) run on a draft without panicking.

use std::sync::Arc;

use sendwell::engine::analyze;
use sendwell::engine::config::Config;
use sendwell::engine::packs::Pack;

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // The fuzzer's text is the pack (or the config); a second part after a NUL, if any, is the draft.
    let (toml_text, body) = text
        .split_once('\0')
        .unwrap_or((&text, "Hi Sarah, quick question?"));
    let mut config = toml::from_str::<Config>(toml_text).unwrap_or_default();
    let pack = Pack::parse("fuzz.toml", toml_text);
    for p in &pack.problems {
        let _ = p.to_string();
    }
    config.user_packs = vec![Arc::new(pack)];
    let draft = format!("---\nchannel: message\nto: Sarah Chen\n---\n{body}");
    let _ = analyze(&draft, &config).map(|a| a.findings.len());
}
