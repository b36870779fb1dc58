//! Hover cards and the counter over real stdio: overlapping findings give short cards, the
//! word's own finding first and the paragraph-wide ones after, at most three and a count of the
//! rest; the counter's click shows the draft's figures.

mod common;

use common::Server;
use serde_json::{json, Value};

/// One paragraph of 75 words that never names Sarah: "no name" and readability cover all of it;
/// "guaranteed" (offset 158 in the file) is a spam word.
fn draft(word: &str) -> String {
    format!(
        "---\nchannel: email\nto: Sarah Chen\ncompany: Northwind\nsubject: Quick question\n---\n\
         I saw your talk on retries and I wanted to reach out because our platform is {word} to \
         double your reply rate and we have helped many companies like yours to grow faster than \
         ever before with our amazing tools that everyone loves and that are trusted by thousands \
         of teams around the world who use them every single day to send more messages and get \
         more meetings booked with less effort than they ever thought possible before now.\n"
    )
}

/// The hover over the word at line 6, column 80 (inside "guaranteed"), split into its sections.
fn hover_sections(s: &mut Server, uri: &str) -> (Vec<String>, Value) {
    let r = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 6, "character": 80 } }),
    );
    let md = r["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let sections = md.split("\n\n---\n\n").map(String::from).collect();
    (sections, r["result"]["range"].clone())
}

#[test]
fn the_words_own_finding_comes_first_and_every_card_is_short() {
    let mut s = Server::start();
    let uri = "file:///w/over.md";
    s.open(uri, &draft("guaranteed"));
    s.diagnostics(uri, Some(1));
    let (cards, range) = hover_sections(&mut s, uri);
    // The word's range, not the paragraph's.
    assert_eq!(
        range,
        json!({ "start": { "line": 6, "character": 77 }, "end": { "line": 6, "character": 87 } })
    );
    assert_eq!(cards.len(), 3, "{cards:#?}");
    assert!(cards[0].contains("`spam.trigger-word`"), "{}", cards[0]);
    for wide in ["personalization.no-name", "style.readability"] {
        assert!(
            cards[1..].iter().any(|c| c.contains(&format!("`{wide}`"))),
            "{wide}: {cards:#?}"
        );
    }
    for card in &cards {
        assert!(
            card.chars().count() <= 600,
            "{} chars: {card}",
            card.chars().count()
        );
        assert!(card.contains("**How to fix:** "), "{card}");
        // Without a client command, "More" is the rule's section of the docs on the repository.
        assert!(
            card.contains("](https://github.com/sendwell/sendwell/blob/main/docs/rules.md#"),
            "{card}"
        );
        for internal in ["seeds/", "../", ".txt"] {
            assert!(!card.contains(internal), "{card}");
        }
    }
}

#[test]
fn the_channel_card_names_no_research_file() {
    let mut s = Server::start();
    let uri = "file:///w/inmail.md";
    s.open(
        uri,
        "---\nchannel: inmail\nto: Sarah Chen\nsubject: Your talk\n---\nHi Sarah, a question?\n",
    );
    s.diagnostics(uri, Some(1));
    let r = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 11 } }),
    );
    let md = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**InMail**"), "{md}");
    assert!(md.contains("*Source:* LinkedIn Help"), "{md}");
    assert!(!md.contains("seeds/") && !md.contains("README.md"), "{md}");
}

#[test]
fn past_three_cards_the_rest_are_counted_and_more_runs_the_clients_command() {
    let mut s = Server::start_with(json!({
        "capabilities": {}, "processId": null, "rootUri": null,
        "initializationOptions": { "explainCommand": "sendwell.explainRule" }
    }));
    let uri = "file:///w/over.md";
    // A second sentence makes the paragraph a wall of text too: four findings under the cursor.
    let text = draft("guaranteed").replace(
        "before now.",
        "before now, every week of the year, in every market.",
    );
    s.open(uri, &text);
    s.diagnostics(uri, Some(1));
    let (cards, _) = hover_sections(&mut s, uri);
    assert_eq!(cards.len(), 4, "{cards:#?}");
    // The word's own finding first, then two of the three paragraph-wide ones.
    assert!(cards[0].contains("`spam.trigger-word`"), "{}", cards[0]);
    let wide = [
        "`personalization.no-name`",
        "`style.readability`",
        "`style.wall-of-text`",
    ];
    for card in &cards[1..3] {
        assert!(wide.iter().any(|r| card.contains(r)), "{card}");
    }
    assert!(
        cards[3].starts_with('+') && cards[3].contains(" more finding"),
        "{}",
        cards[3]
    );
    assert!(
        cards[0].contains("(command:sendwell.explainRule?%5B%22spam."),
        "{}",
        cards[0]
    );
    let total: usize = cards.iter().map(|c| c.chars().count()).sum();
    assert!(total <= 3 * 600 + 100, "{total}");
}

#[test]
fn the_counter_is_short_and_a_click_shows_every_figure() {
    // A client without inlay hints: the counter is a code lens.
    let mut s = Server::start();
    let uri = "file:///w/inmail.md";
    s.open(
        uri,
        "---\nchannel: inmail\nto: Sarah Chen\nsubject: Your talk on retries\n---\nHi Sarah, \
         loved your talk on retries. Could we compare notes next week?\n",
    );
    s.diagnostics(uri, Some(1));
    let r = s.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let command = &r["result"][0]["command"];
    assert_eq!(command["title"], "subject 20/200 · body 71/1900");
    assert_eq!(command["command"], "sendwell.showStats");
    // Clicking runs the command with its arguments: a message the user sees.
    let r = s.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert_eq!(r["result"]["used"], 71);
    let shown = s.wait_for(|m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 3);
    assert_eq!(
        shown["params"]["message"],
        "Sendwell · InMail: body 71/1900 (utf16), subject 20/200, 13 words, reading time about \
         4 s, reading grade 3 (Flesch–Kincaid)."
    );

    // A client with inlay hints: the hint's one part carries the same command.
    let mut s = Server::start_with(json!({
        "capabilities": { "textDocument": { "inlayHint": {} } }, "processId": null, "rootUri": null
    }));
    s.open(
        uri,
        "---\nchannel: note\nto: Sarah Chen\n---\nHi Sarah, coffee?\n",
    );
    s.diagnostics(uri, Some(1));
    let r = s.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 0 } } }),
    );
    let part = &r["result"][0]["label"][0];
    assert_eq!(part["value"], "body 17/300 · 3 words");
    assert_eq!(part["command"]["command"], "sendwell.showStats");
    assert_eq!(part["command"]["arguments"], json!([uri]));
}
