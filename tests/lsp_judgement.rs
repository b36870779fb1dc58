//! Issue #14's judgement over real stdio: one diagnostic per span, with the other rule's finding
//! as `relatedInformation` in the same document, at exact UTF-16 positions.

mod common;

use common::Server;

#[test]
fn free_in_capitals_is_one_spam_diagnostic_with_shouting_related() {
    let mut s = Server::start();
    let uri = "file:///tmp/sendwell-judgement/free.md";
    // The emoji is two UTF-16 units: "FREE" starts at character 15 on line 4.
    s.open(
        uri,
        "---\nchannel: message\nto: Sam Lee\n---\nHi Sam 👋, get FREE leads. Want some?",
    );
    let diags = s.diagnostics(uri, None);
    let on_free: Vec<_> = diags
        .iter()
        .filter(|d| d["range"]["start"]["line"] == 4 && d["range"]["start"]["character"] == 15)
        .collect();
    assert_eq!(on_free.len(), 1, "{diags:#?}");
    let d = on_free[0];
    assert_eq!(d["code"], "spam.trigger-word");
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri);
    assert_eq!(related["location"]["range"]["start"]["character"], 15);
    assert_eq!(related["location"]["range"]["end"]["character"], 19);
    assert!(related["message"]
        .as_str()
        .unwrap()
        .starts_with("Also spam.shouting"));
}
