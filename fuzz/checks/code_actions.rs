//! Every fix the engine offers, and "fix all": edits inside the text, on character boundaries,
//! not overlapping, and the fixed text re-lints without a panic.

use sendwell::engine::analyze;
use sendwell::engine::config::Config;
use sendwell::engine::finding::Edit;
use sendwell::engine::fix_all;

const HEADERS: &[&str] = &[
    "---\nchannel: connection-note\nto: Sarah Chen\n---\n",
    "---\r\nchannel: inmail\r\nto: Sarah Chen\r\nsubject: Quick question\r\n---\r\n",
    "---\nchannel: email\nsubject: \n---\n",
    "---\nchannel: message\nsendwell:\n  disable: [x.y]\n---\n",
    "---\nchannel: follow-up\nto: Ana\nvars:\n  hook: your talk\n---\n",
    "",
];

fn check_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    for e in &sorted {
        assert!(e.range.start <= e.range.end && e.range.end <= text.len());
        assert!(text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
    }
    for w in sorted.windows(2) {
        assert!(
            w[0].range.end <= w[1].range.start,
            "overlap {:?} {:?}",
            w[0].range,
            w[1].range
        );
    }
    let owned: Vec<Edit> = sorted.into_iter().cloned().collect();
    fix_all::apply(text, &owned)
}

pub fn check(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = format!(
        "{}{}",
        HEADERS[selector as usize % HEADERS.len()],
        String::from_utf8_lossy(rest)
    );
    let config = Config::default();
    let Some(a) = analyze(&text, &config) else {
        return;
    };
    // Every fix's edits are checked and applied; only one fix (picked by the input) is re-linted,
    // since a re-lint costs as much as the whole input and a draft offers dozens of fixes. Over
    // many inputs every fix gets its turn, at many more inputs per second.
    let fixes: Vec<_> = a.findings.iter().flat_map(|f| &f.fixes).collect();
    let relint = (selector as usize / HEADERS.len() + rest.len()) % fixes.len().max(1);
    for (i, fix) in fixes.iter().enumerate() {
        let fixed = check_edits(&text, &fix.edits);
        if i == relint {
            let _ = analyze(&fixed, &config).map(|a| a.findings.len());
        }
    }
    let all = fix_all::safe_edits(&a.findings);
    let fixed = check_edits(&text, &all);
    let _ = analyze(&fixed, &config).map(|a| a.findings.len());
}
