//! Front-matter and draft parsing on arbitrary text: no panic, every range inside the text.

use sendwell::engine::draft::Draft;
use sendwell::engine::frontmatter;

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = frontmatter::parse_yaml(&text, 0);
    let Some(draft) = Draft::parse(&text) else {
        return;
    };
    let body = draft.body();
    assert!(body.start <= body.end && body.end <= text.len());
    assert!(text.is_char_boundary(body.start));
    for s in [&draft.facts.channel, &draft.facts.to, &draft.facts.subject]
        .into_iter()
        .flatten()
    {
        assert!(s.range.end <= text.len() && text.is_char_boundary(s.range.start));
        assert!(text.is_char_boundary(s.range.end));
    }
}
