//! Code actions, fix-all and the live counter over real stdio: exact ranges and texts in UTF-16
//! and UTF-8, with emoji and CRLF drafts. Each fix is applied the way an editor applies it, the
//! result is sent back, and the server's next diagnostics must no longer hold the finding.

mod common;

use common::{summarize, Server};
use serde_json::{json, Value};

/// Applies LSP text edits to `text`, counting columns as `utf8` says (bytes) or in UTF-16 units.
fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], utf8),
                offset(text, &e["range"]["end"], utf8),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Back to front; at one point, later edits go after earlier ones (as the LSP specifies).
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        assert!(start <= end, "reversed range");
        out.replace_range(start..end, &new);
    }
    out
}

fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let (line, col) = (
        pos["line"].as_u64().unwrap() as usize,
        pos["character"].as_u64().unwrap() as usize,
    );
    let mut start = 0;
    for _ in 0..line {
        let rest = &text[start..];
        let i = rest.find(['\n', '\r']).expect("line exists");
        start += i + if rest[i..].starts_with("\r\n") { 2 } else { 1 };
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units == col {
            return start + i;
        }
        assert!(
            !matches!(c, '\n' | '\r'),
            "column past the end of line {line}"
        );
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
        if units > col {
            panic!("column {col} splits a character on line {line}");
        }
    }
    assert_eq!(units, col, "column past the end");
    text.len()
}

fn code_actions(s: &mut Server, uri: &str, diag: &Value, only: Option<&str>) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [diag] });
    if let Some(only) = only {
        context["only"] = json!([only]);
    }
    let r = s.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": diag["range"], "context": context }),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| {
            let star = if a["isPreferred"] == true { "* " } else { "" };
            format!("{star}{}", a["title"].as_str().unwrap())
        })
        .collect()
}

fn action<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(title))
        .unwrap_or_else(|| panic!("no action {title:?} in {:?}", titles(actions)))
}

/// Replaces the whole document and returns the diagnostics for it.
fn replace(s: &mut Server, uri: &str, version: i64, text: &str) -> Vec<Value> {
    s.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
    );
    s.diagnostics(uri, Some(version))
}

/// The length findings: the filler sentences of [`long_crlf_note`] are about nobody, which the
/// personalization rules rightly say, but these tests are about the limit.
fn about_length(diags: Vec<Value>) -> Vec<Value> {
    diags
        .into_iter()
        .filter(|d| d["code"] == "limit.body" || d["code"] == "length.long")
        .collect()
}

/// A CRLF connection note with an emoji: "Hi 👋 Sarah. " then 20 sentences of 20 characters.
fn long_crlf_note() -> String {
    let sentences: String = (0..20)
        .map(|i| format!("Sentence number {i:02}. "))
        .collect();
    format!("---\r\nchannel: connection-note\r\nto: Sarah Chen\r\n---\r\nHi 👋 Sarah. {sentences}")
}

fn limit_body_actions_are_exact(utf8: bool) {
    // A client that can create files, so the move into a follow-up is offered.
    let encodings = if utf8 {
        json!(["utf-8", "utf-16"])
    } else {
        json!(["utf-16"])
    };
    let mut s = Server::start_with(json!({
        "capabilities": {
            "general": { "positionEncodings": encodings },
            "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] } }
        },
        "processId": null, "rootUri": null
    }));
    let uri = "file:///w/sarah.md";
    let text = long_crlf_note();
    s.open(uri, &text);
    let diags = about_length(s.diagnostics(uri, Some(1)));
    // "Hi 👋 Sarah. " is 13 UTF-16 units (15 bytes); 14 sentences of 20 fill 293 units and the
    // 15th cuts at 300: its 8th character, "n" of "number", is the first that does not fit.
    let emoji_extra = if utf8 { 2 } else { 0 };
    let cut = 300 + emoji_extra;
    let end = 13 + 20 * 20 - 1 + emoji_extra;
    assert_eq!(
        summarize(&diags),
        vec![("limit.body".to_string(), [4, cut, 4, end as u64])]
    );
    let actions = code_actions(&mut s, uri, &diags[0], None);
    assert_eq!(
        titles(&actions),
        vec![
            // Shortening deletes sentences here: never applied unseen, so nothing is preferred.
            "Shorten to fit",
            "Switch to InMail (1900 characters), with “subject: A note for Sarah”",
            "Switch to Open Profile message (1900 characters), with “subject: A note for Sarah”",
            "Move the rest into a follow-up (sarah-chen-step-2.md)",
            "Disable limit.body in this draft",
        ]
    );
    for a in &actions {
        assert_eq!(a["kind"], "quickfix");
        assert_eq!(a["diagnostics"][0]["code"], "limit.body");
        assert!(a.get("command").is_none(), "edits, never commands");
    }

    // Shorten: deletes the last sentences, from "Sentence number 14." to the end of the sent text.
    let trim = action(&actions, "Shorten to fit");
    let edits = trim["edit"]["changes"][uri].as_array().unwrap();
    let keep_end = 13 + 14 * 20 - 1 + emoji_extra;
    assert_eq!(
        edits[0]["range"],
        json!({ "start": { "line": 4, "character": keep_end }, "end": { "line": 4, "character": end } })
    );
    assert_eq!(edits[0]["newText"], "");
    let trimmed = apply_edits(&text, edits, utf8);
    assert!(trimmed.ends_with("Sentence number 13. "), "{trimmed:?}");
    // 292 characters fit the limit; only the softer "reads better under 280" remains, over
    // the first line (with the space left after the last sentence).
    assert_eq!(
        summarize(&about_length(replace(&mut s, uri, 2, &trimmed))),
        vec![("length.long".to_string(), [4, 0, 4, keep_end + 1])]
    );

    // Switch to InMail: the channel value and a subject line, CRLF kept.
    replace(&mut s, uri, 3, &text);
    let switch = action(&actions, "Switch to InMail");
    let edits = switch["edit"]["changes"][uri].as_array().unwrap();
    assert_eq!(
        edits,
        &vec![
            json!({ "range": { "start": { "line": 1, "character": 9 }, "end": { "line": 1, "character": 24 } }, "newText": "inmail" }),
            json!({ "range": { "start": { "line": 3, "character": 0 }, "end": { "line": 3, "character": 0 } }, "newText": "subject: A note for Sarah\r\n" }),
        ]
    );
    let switched = apply_edits(&text, edits, utf8);
    assert!(switched.starts_with(
        "---\r\nchannel: inmail\r\nto: Sarah Chen\r\nsubject: A note for Sarah\r\n---\r\n"
    ));
    let after = replace(&mut s, uri, 4, &switched);
    assert!(after.iter().all(|d| d["severity"] != 1), "{after:?}");
    assert!(after.iter().all(|d| d["code"] != "limit.body"));

    // Move the rest: a new file with the overflow, then this draft's edits.
    let mv = action(&actions, "Move the rest");
    let ops = mv["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops.len(), 3, "{ops:?}");
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], "file:///w/sarah-chen-step-2.md");
    assert_eq!(ops[0]["options"]["overwrite"], false);
    assert_eq!(
        ops[1]["textDocument"]["uri"],
        "file:///w/sarah-chen-step-2.md"
    );
    assert_eq!(ops[2]["textDocument"]["uri"], uri);
    assert_eq!(ops[2]["textDocument"]["version"], 1);
    let new_text = ops[1]["edits"][0]["newText"].as_str().unwrap();
    assert_eq!(
        new_text,
        "---\r\nchannel: follow-up\r\nto: Sarah Chen\r\nstep: 2\r\nsequence: sarah-chen\r\n---\r\nSentence number 14. Sentence number 15. Sentence number 16. Sentence number 17. Sentence number 18. Sentence number 19.\r\n"
    );
    let moved = apply_edits(&text, ops[2]["edits"].as_array().unwrap(), utf8);
    assert!(moved.starts_with(
        "---\r\nchannel: connection-note\r\nto: Sarah Chen\r\nsequence: sarah-chen\r\nstep: 1\r\n---\r\nHi 👋 Sarah. Sentence number 00."
    ));
    assert_eq!(
        summarize(&about_length(replace(&mut s, uri, 5, &moved))),
        vec![("length.long".to_string(), [6, 0, 6, keep_end + 1])]
    );
    s.open("file:///w/sarah-chen-step-2.md", new_text);
    let follow_up = s.diagnostics("file:///w/sarah-chen-step-2.md", Some(1));
    assert!(
        follow_up.iter().all(|d| d["severity"] != 1),
        "{follow_up:?}"
    );
}

#[test]
fn limit_body_actions_in_utf16() {
    limit_body_actions_are_exact(false);
}

#[test]
fn limit_body_actions_in_utf8() {
    limit_body_actions_are_exact(true);
}

#[test]
fn fix_all_applies_every_safe_fix_at_once() {
    let mut s = Server::start();
    let uri = "file:///w/typos.md";
    let text =
        "---\nchannel: inmial\nsubjet: Your talk 👋\n---\nHi Sarah, a question about your talk?";
    s.open(uri, text);
    let diags = s.diagnostics(uri, Some(1));
    let rules: Vec<_> = summarize(&diags).into_iter().map(|d| d.0).collect();
    assert!(rules.contains(&"frontmatter.unknown-channel".to_string()));
    assert!(rules.contains(&"frontmatter.unknown-key".to_string()));
    let r = s.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    let actions = r["result"].as_array().unwrap();
    assert_eq!(titles(actions), vec!["Fix all safe Sendwell findings"]);
    assert_eq!(actions[0]["kind"], "source.fixAll.sendwell");
    let edits = actions[0]["edit"]["changes"][uri].as_array().unwrap();
    assert_eq!(
        edits,
        &vec![
            json!({ "range": { "start": { "line": 1, "character": 9 }, "end": { "line": 1, "character": 15 } }, "newText": "inmail" }),
            json!({ "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 6 } }, "newText": "subject" }),
        ]
    );
    let fixed = apply_edits(text, edits, false);
    assert_eq!(
        fixed,
        "---\nchannel: inmail\nsubject: Your talk 👋\n---\nHi Sarah, a question about your talk?"
    );
    assert_eq!(replace(&mut s, uri, 2, &fixed), Vec::<Value>::new());
    // Only quick fixes asked for: no fix-all.
    let r = s.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 0 } }, "context": { "diagnostics": [], "only": ["quickfix"] } }),
    );
    assert_eq!(r["result"], Value::Null);
}

#[test]
fn every_action_on_a_crlf_emoji_draft_resolves_its_finding() {
    for utf8 in [false, true] {
        let mut s = if utf8 {
            Server::start_utf8()
        } else {
            Server::start()
        };
        let uri = "file:///w/all.md";
        let text = "---\r\nchannel: inmial\r\nsubjet: 👋 hi\r\n---\r\nHi 👋 [Name], XX\r\n";
        s.open(uri, text);
        let diags = s.diagnostics(uri, Some(1));
        let mut version = 1;
        for diag in &diags {
            let actions = code_actions(&mut s, uri, diag, Some("quickfix"));
            assert!(!actions.is_empty(), "no action for {diag}");
            let preferred: Vec<&Value> = actions
                .iter()
                .filter(|a| a["isPreferred"] == true)
                .collect();
            assert!(preferred.len() <= 1, "{:?}", titles(&actions));
            assert!(
                preferred.iter().all(|a| {
                    let t = a["title"].as_str().unwrap();
                    !t.starts_with("Disable ") && !t.starts_with("Allow ")
                }),
                "a suppression is preferred: {:?}",
                titles(&actions)
            );
            for a in &actions {
                let Some(edits) = a["edit"]["changes"][uri].as_array() else {
                    continue;
                };
                let fixed = apply_edits(text, edits, utf8);
                version += 1;
                let after = replace(&mut s, uri, version, &fixed);
                let same = |d: &&Value| d["code"] == diag["code"] && d["range"] == diag["range"];
                let title = a["title"].as_str().unwrap();
                if title.starts_with("Add `") {
                    // Adding a key with no value yet cannot fill the placeholder; typing does.
                    continue;
                }
                assert!(
                    !after.iter().any(|d| same(&d)),
                    "{title}: {diag} still there in {fixed:?}"
                );
                let errors_before = diags.iter().filter(|d| d["severity"] == 1).count();
                let errors_after = after.iter().filter(|d| d["severity"] == 1).count();
                assert!(errors_after <= errors_before, "{title}: {after:?}");
            }
            version += 1;
            replace(&mut s, uri, version, text);
        }
    }
}

#[test]
fn counter_is_an_inlay_hint_at_the_closing_line_and_follows_edits() {
    for utf8 in [false, true] {
        let init = json!({
            "capabilities": {
                "general": { "positionEncodings": if utf8 { json!(["utf-8"]) } else { json!(["utf-16"]) } },
                "textDocument": { "inlayHint": { "dynamicRegistration": false } }
            },
            "processId": null, "rootUri": null
        });
        let mut s = Server::start_with(init);
        let uri = "file:///w/inmail.md";
        let text = "\u{feff}---\r\nchannel: inmail\r\nsubject: Your talk 👋\r\n---\r\nHi Sarah 👋, loved your talk. Coffee?";
        s.open(uri, text);
        s.diagnostics(uri, Some(1));
        let ask = |s: &mut Server| {
            s.request(
                "textDocument/inlayHint",
                json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 0 } } }),
            )
        };
        let r = ask(&mut s);
        let hints = r["result"].as_array().unwrap();
        assert_eq!(hints.len(), 1);
        assert_eq!(hints[0]["position"], json!({ "line": 3, "character": 3 }));
        assert_eq!(
            hints[0]["label"][0]["value"],
            "subject 12/200 · body 37/1900"
        );
        assert_eq!(hints[0]["paddingLeft"], true);
        // Type on the body's line (after the emoji): the counter follows.
        let col = if utf8 { 13 } else { 11 };
        s.change(uri, 2, &[(4, col, 4, col, " Sarah")]);
        s.diagnostics(uri, Some(2));
        let r = ask(&mut s);
        assert_eq!(
            r["result"][0]["label"][0]["value"],
            "subject 12/200 · body 43/1900"
        );
        // A range that does not hold the closing line gets nothing.
        let r = s.request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": 4, "character": 0 }, "end": { "line": 4, "character": 5 } } }),
        );
        assert_eq!(r["result"], json!([]));
    }
}

#[test]
fn clients_without_inlay_hints_get_a_code_lens_and_stats_still_work() {
    let mut s = Server::spawn();
    let r = s.request("initialize", json!({ "capabilities": {} }));
    assert!(r["result"]["capabilities"]["codeLensProvider"].is_object());
    assert!(r["result"]["capabilities"]["inlayHintProvider"].is_null());
    s.notify("initialized", json!({}));
    let uri = "file:///w/note.md";
    s.open(
        uri,
        "---\nchannel: note\nto: Sarah Chen\n---\nHi {first_name}, coffee?\n",
    );
    s.diagnostics(uri, Some(1));
    let r = s.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(
        r["result"],
        json!([{
            "range": { "start": { "line": 3, "character": 0 }, "end": { "line": 3, "character": 3 } },
            "command": { "title": "body 17/300 · 3 words", "command": "sendwell.showStats", "arguments": [uri] }
        }])
    );
    let r = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.stats", "arguments": [uri] }),
    );
    assert_eq!(r["result"]["used"], 17);
    assert_eq!(r["result"]["limit"], 300);
    assert_eq!(r["result"]["words"], 3);
    assert_eq!(r["result"]["grade"], 5);

    let mut s = Server::spawn();
    let r = s.request(
        "initialize",
        json!({ "capabilities": { "textDocument": { "inlayHint": {} } } }),
    );
    assert!(
        r["result"]["capabilities"]["inlayHintProvider"].is_object()
            || r["result"]["capabilities"]["inlayHintProvider"] == true
    );
    assert!(r["result"]["capabilities"]["codeLensProvider"].is_null());
}

#[test]
fn adding_a_missing_key_then_typing_the_value_clears_the_placeholder() {
    for utf8 in [false, true] {
        let mut s = if utf8 {
            Server::start_utf8()
        } else {
            Server::start()
        };
        let uri = "file:///w/p.md";
        let text = "---\r\nchannel: message\r\n---\r\nHi {first_name} 👋 {hook}";
        s.open(uri, text);
        let diags = s.diagnostics(uri, Some(1));
        let unfilled: Vec<&Value> = diags
            .iter()
            .filter(|d| d["code"] == "placeholder.unfilled")
            .collect();
        assert_eq!(unfilled.len(), 2);
        // Other rules' findings on the same text bring their own actions; these are this one's.
        let own = |actions: Vec<Value>| -> Vec<Value> {
            actions
                .into_iter()
                .filter(|a| a["diagnostics"][0]["code"] == "placeholder.unfilled")
                .collect()
        };
        let actions = own(code_actions(&mut s, uri, unfilled[0], Some("quickfix")));
        assert_eq!(
            titles(&actions),
            vec![
                "Add “to:” to the front-matter (then type their full name)",
                "Remove “{first_name}”",
                "Disable placeholder.unfilled in this draft",
            ]
        );
        let edits = actions[0]["edit"]["changes"][uri].as_array().unwrap();
        assert_eq!(
            edits,
            &vec![
                json!({ "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 0 } }, "newText": "to: \r\n" })
            ]
        );
        let added = apply_edits(text, edits, utf8);
        // Honest: the empty key fills nothing yet, and the message says what to type where.
        let after = replace(&mut s, uri, 2, &added);
        let still = after
            .iter()
            .find(|d| d["code"] == "placeholder.unfilled")
            .unwrap();
        assert_eq!(
            still["message"],
            "Unfilled placeholder “{first_name}”: “to:” is empty; type their full name after it."
        );
        // Typing the name right after `to: ` resolves it; the other placeholder is still there.
        s.change(uri, 3, &[(2, 4, 2, 4, "Sarah Chen")]);
        let typed = s.diagnostics(uri, Some(3));
        let left: Vec<_> = summarize(&typed)
            .into_iter()
            .filter(|d| d.0 == "placeholder.unfilled")
            .collect();
        let hook_start = if utf8 { 21 } else { 19 };
        assert_eq!(
            left,
            vec![(
                "placeholder.unfilled".to_string(),
                [4, hook_start, 4, hook_start + 6]
            )]
        );
        // And `{hook}` offers a `vars:` entry to type into.
        let hook = typed
            .iter()
            .find(|d| d["code"] == "placeholder.unfilled")
            .unwrap();
        let actions = own(code_actions(&mut s, uri, hook, Some("quickfix")));
        assert_eq!(
            actions[0]["title"],
            "Add “hook” under “vars:” (then type its value)"
        );
        assert_eq!(
            actions[0]["edit"]["changes"][uri][0]["newText"],
            "vars:\r\n  hook: \r\n"
        );
    }
}

/// A word inside a long paragraph: the word's own finding heads the menu, whatever order the
/// client lists the diagnostics in; no suppression is preferred; no title repeats.
#[test]
fn a_words_menu_starts_with_its_own_rewrite_and_never_prefers_a_suppression() {
    let mut s = Server::start();
    let uri = "file:///w/wall.md";
    let sentence = "Our platform helps teams plan their week with a clear view of every project. ";
    let text = format!(
        "---\nchannel: email\nto: Sarah Chen\nsubject: Planning\n---\nHi Sarah,\n\n{}It is free for small teams. {}\n",
        sentence.repeat(4),
        sentence.repeat(4)
    );
    s.open(uri, &text);
    let diags = s.diagnostics(uri, Some(1));
    let spam = diags
        .iter()
        .find(|d| d["code"] == "spam.trigger-word")
        .unwrap_or_else(|| panic!("no spam finding in {diags:?}"))
        .clone();
    let wall = diags
        .iter()
        .find(|d| d["code"] == "style.wall-of-text")
        .unwrap_or_else(|| panic!("no wall-of-text finding in {diags:?}"))
        .clone();
    // The client lists the paragraph first, as VS Code does for a marker that starts earlier.
    let r = s.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": spam["range"], "context": { "diagnostics": [wall, spam] } }),
    );
    let actions = r["result"].as_array().cloned().unwrap_or_default();
    let owner = |a: &Value| {
        a["diagnostics"][0]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        owner(&actions[0]),
        "spam.trigger-word",
        "{:?}",
        titles(&actions)
    );
    let first_wall = actions
        .iter()
        .position(|a| owner(a) == "style.wall-of-text")
        .expect("the paragraph's actions are still offered");
    assert!(
        actions[..first_wall]
            .iter()
            .all(|a| owner(a) == "spam.trigger-word"),
        "{:?}",
        titles(&actions)
    );
    let mut seen = std::collections::HashSet::new();
    for a in &actions {
        assert!(
            seen.insert(a["title"].clone()),
            "repeated title: {:?}",
            titles(&actions)
        );
    }
    for code in ["spam.trigger-word", "style.wall-of-text"] {
        let own: Vec<&Value> = actions.iter().filter(|a| owner(a) == code).collect();
        let preferred: Vec<&&Value> = own.iter().filter(|a| a["isPreferred"] == true).collect();
        assert!(preferred.len() <= 1, "{:?}", titles(&actions));
        // Suppressions come last in each finding's own list, and none is preferred.
        let first_suppression = own
            .iter()
            .position(|a| {
                let t = a["title"].as_str().unwrap();
                t.starts_with("Disable ") || t.starts_with("Allow ")
            })
            .unwrap_or(own.len());
        assert!(own[first_suppression..]
            .iter()
            .all(|a| a["isPreferred"] != true));
        assert!(
            own[first_suppression..].iter().all(|a| {
                let t = a["title"].as_str().unwrap();
                t.starts_with("Disable ") || t.starts_with("Allow ")
            }),
            "{:?}",
            titles(&actions)
        );
    }
    // Splitting a paragraph is not safe unseen, so it is never the preferred action.
    assert!(actions
        .iter()
        .filter(|a| owner(a) == "style.wall-of-text")
        .all(|a| a["isPreferred"] != true));
}

/// A note over its limit by words that say nothing: "Shorten to fit" heads the menu and is the
/// only preferred action (safe to apply unseen); the channel switches are alternatives, no
/// direct message without "connected: true", and the suppression comes last.
#[test]
fn shortening_filler_is_the_preferred_fix_and_alternatives_never_are() {
    let mut s = Server::start();
    let uri = "file:///w/filler.md";
    let text = "---\nchannel: connection-note\nto: Sarah Chen\ncompany: Northwind\n---\nHi Sarah, I hope this message finds you well. I really enjoyed your SupplyConf talk on forecasting with sparse data; it was very clear and it changed how we plan safety stock. I run planning at a small retailer and we are just starting in order to do the same with our suppliers. Would you be open to connecting?\n";
    s.open(uri, text);
    let diags = about_length(s.diagnostics(uri, Some(1)));
    let limit = diags
        .iter()
        .find(|d| d["code"] == "limit.body")
        .expect("limit.body");
    let actions = code_actions(&mut s, uri, limit, None);
    let t = titles(&actions);
    // Starred: the preferred action.
    assert_eq!(t[0], "* Shorten to fit", "{t:?}");
    let quick_fixes: Vec<&String> = t.iter().filter(|t| !t.starts_with("Fix all")).collect();
    assert_eq!(
        quick_fixes.last().unwrap().as_str(),
        "Disable limit.body in this draft",
        "{t:?}"
    );
    assert!(t.iter().any(|t| t.starts_with("Switch to InMail")), "{t:?}");
    assert!(
        !t.iter().any(|t| t.starts_with("Switch to Direct")),
        "{t:?}"
    );
    let preferred: Vec<&str> = actions
        .iter()
        .filter(|a| a["isPreferred"] == true)
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(preferred, ["Shorten to fit"]);
    let edits = actions[0]["edit"]["changes"][uri].as_array().unwrap();
    let fixed = apply_edits(text, edits, false);
    assert!(
        fixed.contains("Hi Sarah, I really enjoyed your SupplyConf talk"),
        "{fixed}"
    );
    assert!(about_length(replace(&mut s, uri, 2, &fixed))
        .iter()
        .all(|d| d["code"] != "limit.body"));
}

#[test]
fn a_subject_with_a_colon_is_quoted_by_its_preferred_action_at_exact_utf16_positions() {
    let mut s = Server::start();
    let uri = "file:///w/colon.md";
    let text = "---\r\nchannel: email\r\nsubject: 👋 RE: your talk\r\n---\r\nHi Sarah, a question about your talk?\r\n";
    s.open(uri, text);
    let diags = s.diagnostics(uri, Some(1));
    let invalid: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "frontmatter.invalid")
        .collect();
    assert_eq!(invalid.len(), 1, "{diags:?}");
    assert_eq!(
        invalid[0]["range"],
        json!({ "start": { "line": 2, "character": 9 }, "end": { "line": 2, "character": 25 } })
    );
    assert!(
        !diags.iter().any(|d| d["code"] == "subject.missing"),
        "{diags:?}"
    );
    let actions = code_actions(&mut s, uri, invalid[0], Some("quickfix"));
    assert_eq!(actions[0]["title"], "Put the value of “subject” in quotes");
    assert_eq!(actions[0]["isPreferred"], true);
    let edits = actions[0]["edit"]["changes"][uri].as_array().unwrap();
    let fixed = apply_edits(text, edits, false);
    assert_eq!(
        fixed,
        "---\r\nchannel: email\r\nsubject: \"👋 RE: your talk\"\r\n---\r\nHi Sarah, a question about your talk?\r\n"
    );
    let after = replace(&mut s, uri, 2, &fixed);
    assert!(
        !after.iter().any(|d| d["code"] == "frontmatter.invalid"),
        "{after:?}"
    );
}
