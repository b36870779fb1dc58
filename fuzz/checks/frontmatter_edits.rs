//! Any edit the engine offers, and "fix all", applied to a draft: the front-matter still parses
//! and names a channel, every entry no edit touched reads the same, and the body is unchanged
//! outside the edits' own ranges (`sendwell::engine::text_edit::damage`). The input's first byte
//! picks a front-matter (every style and line break) to put before the rest, or none, so that
//! the fuzzer writes the front-matter itself.

use sendwell::engine::analyze;
use sendwell::engine::config::Config;
use sendwell::engine::fix_all;
use sendwell::engine::text_edit::damage::damage;

const HEADERS: &[&str] = &[
    "---\nchannel: note\nto: Sarah Chen\nsubject: Hello\n---\n",
    "---\r\nchannel: inmail\r\ncompany: Northwind\r\n---\r\n",
    "---\rchannel: note\rsubject: Hello\rsendwell:\r  disable:\r    - length.long\r---\r",
    "---\n{channel: note, subject: Hi, to: Sarah Chen}\n---\n",
    "---\n{channel: inmail, sendwell: {disable: [x.y]}, vars: {talk: X}}\n---\n",
    "---\nto: Sarah Chen\nsubject: |\n  Hello there\n\n  second line\nchannel: note\n---\n",
    "---\nchannel: email\nsubject: >-\n  folded\n# a comment\nvars:\n  hook: 'it''s'\n---\n",
    "---\nchannel: note\nsubject: &s Hi\nto: *s\n---\n",
    "---\nchanel: inmial\nSubject: \"Re: x\" # why\n---\n",
    "---\nchannel: note\nsubject: A\nsubject: B\n---\n",
];

pub fn check(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let rest = String::from_utf8_lossy(rest);
    let text = match HEADERS.get(selector as usize % (HEADERS.len() + 1)) {
        Some(header) => format!("{header}{rest}"),
        None => rest.into_owned(),
    };
    let Some(a) = analyze(&text, &Config::default()) else {
        return;
    };
    for fix in a.findings.iter().flat_map(|f| &f.fixes) {
        if let Some(harm) = damage(&text, &fix.edits) {
            panic!("{}: {harm}", fix.title);
        }
    }
    if let Some(harm) = damage(&text, &fix_all::safe_edits(&a.findings)) {
        panic!("fix all: {harm}");
    }
}
