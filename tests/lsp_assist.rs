//! Hover, completion, render and "Allow in this workspace" over real stdio, with exact ranges in
//! UTF-16 and UTF-8 on emoji and CRLF drafts.

mod common;

use common::Server;
use serde_json::{json, Value};

/// A server in either encoding with the wording rules off: these drafts are about positions and
/// values, and a "no hook" finding over the whole body would join every hover.
fn start(utf8: bool) -> Server {
    let encodings = if utf8 {
        json!(["utf-8"])
    } else {
        json!(["utf-16"])
    };
    let mut init = json!({
        "capabilities": { "general": { "positionEncodings": encodings } },
        "processId": null, "rootUri": null
    });
    for rule in [
        "personalization",
        "etiquette.no-ask",
        "etiquette.self-centered",
        "style.readability",
        "style.wall-of-text",
    ] {
        init["initializationOptions"]["rules"][rule] = json!("off");
    }
    Server::start_with(init)
}

fn hover(s: &mut Server, uri: &str, line: u32, character: u32) -> Value {
    s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
    )["result"]
        .clone()
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({ "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } })
}

/// Line 5 holds "Hi {first_name} 👋 {topic}": the emoji is 2 UTF-16 units and 4 bytes.
const DRAFT: &str = "---\r\nchannel: inmail\r\nto: Dr. Sarah Chen\r\nsubject: Your talk 👋\r\n---\r\nHi {first_name} 👋 {topic}, loved it. Coffee?";

#[test]
fn hover_explains_placeholders_the_channel_to_and_findings() {
    for utf8 in [false, true] {
        let mut s = start(utf8);
        let uri = "file:///w/h.md";
        s.open(uri, DRAFT);
        s.diagnostics(uri, Some(1));
        let wide = if utf8 { 2 } else { 0 };

        let h = hover(&mut s, uri, 5, 5);
        assert_eq!(h["range"], range(5, 3, 5, 15));
        assert_eq!(
            h["contents"]["value"],
            "`{first_name}` renders as **Sarah** (from `to:`)."
        );

        let h = hover(&mut s, uri, 5, 20 + wide);
        assert_eq!(h["range"], range(5, 19 + wide, 5, 26 + wide));
        let md = h["contents"]["value"].as_str().unwrap();
        assert!(
            md.starts_with("`{topic}` has no value yet: it would be sent as written.\n\n---\n\n**Unfilled placeholder**"),
            "{md}"
        );
        assert!(md.contains("`placeholder.unfilled`"), "{md}");

        let h = hover(&mut s, uri, 1, 10);
        assert_eq!(h["range"], range(1, 9, 1, 15));
        let md = h["contents"]["value"].as_str().unwrap();
        for part in [
            "**InMail** — 1900 characters",
            "- Used: **38**/1900 (utf16)",
            "- Words: 6",
            "- Reading time: about 2 s",
            "- Reading grade: 5 (Flesch–Kincaid; 6–8 reads easily)",
            "- Subject: 12/200",
        ] {
            assert!(md.contains(part), "{part:?} not in {md:?}");
        }

        let h = hover(&mut s, uri, 2, 6);
        assert_eq!(h["range"], range(2, 4, 2, 18));
        assert!(h["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("First name used: **Sarah**."));

        // Nothing to say between things.
        assert_eq!(hover(&mut s, uri, 5, 1), Value::Null);
    }
}

fn complete(s: &mut Server, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let r = s.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

#[test]
fn completion_offers_keys_channels_and_defined_placeholders() {
    for utf8 in [false, true] {
        let mut s = start(utf8);
        let uri = "file:///w/c.md";
        let text = "---\r\nchannel: in\r\nto: Sarah Chen\r\nco\r\nvars:\r\n  event: SupplyConf\r\n---\r\nHi 👋 {fi";
        s.open(uri, text);
        s.diagnostics(uri, Some(1));

        let items = complete(&mut s, uri, 1, 11);
        let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
        assert_eq!(
            labels,
            [
                "connection-note",
                "inmail",
                "open-profile",
                "message",
                "follow-up",
                "email"
            ]
        );
        assert_eq!(
            items[0]["detail"],
            "Connection note — 300 characters (200 on the free plan), best under 280 · no subject"
        );
        assert_eq!(
            items[1]["detail"],
            "InMail — 1900 characters, best under 1400 · subject required, 200 max"
        );
        assert_eq!(
            items[1]["textEdit"],
            json!({ "range": range(1, 9, 1, 11), "newText": "inmail" })
        );

        let items = complete(&mut s, uri, 3, 2);
        let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
        assert!(
            labels.contains(&"company") && labels.contains(&"subject"),
            "{labels:?}"
        );
        assert!(
            !labels.contains(&"channel") && !labels.contains(&"to"),
            "{labels:?}"
        );
        let company = items.iter().find(|i| i["label"] == "company").unwrap();
        assert_eq!(
            company["textEdit"],
            json!({ "range": range(3, 0, 3, 2), "newText": "company: " })
        );

        // Body: after "Hi 👋 {" (column 6 in UTF-16, 8 in UTF-8), "fi" typed. The front-matter
        // must parse for its values to be known, so this draft has no half-typed key.
        let uri = "file:///w/c2.md";
        s.open(uri, &text.replace("co\r\n", ""));
        s.diagnostics(uri, Some(1));
        let col = if utf8 { 11 } else { 9 };
        let items = complete(&mut s, uri, 6, col);
        let got: Vec<(String, String, Value)> = items
            .iter()
            .map(|i| {
                (
                    i["label"].as_str().unwrap().to_string(),
                    i["detail"].as_str().unwrap().to_string(),
                    i["textEdit"].clone(),
                )
            })
            .collect();
        let edit = |t: &str| json!({ "range": range(6, col - 2, 6, col), "newText": t });
        assert_eq!(
            got,
            vec![
                ("first_name".into(), "→ Sarah".into(), edit("first_name}")),
                ("to".into(), "→ Sarah Chen".into(), edit("to}")),
                ("event".into(), "→ SupplyConf".into(), edit("event}")),
            ]
        );
        // Outside a brace, plain body text completes nothing.
        assert!(complete(&mut s, uri, 6, 2).is_empty());
    }
}

#[test]
fn render_returns_the_message_as_sent() {
    let mut s = Server::start();
    let uri = "file:///w/r.md";
    s.open(uri, DRAFT);
    s.diagnostics(uri, Some(1));
    let r = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.render", "arguments": [uri] }),
    );
    assert_eq!(r["result"], "Hi Sarah 👋 {topic}, loved it. Coffee?");
}

#[test]
fn allow_writes_the_word_into_a_new_or_existing_sendwell_toml() {
    let dir = std::env::temp_dir().join(format!("sendwell-allow-{}", std::process::id()));
    let drafts = dir.join("drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    let root_uri = format!("file://{}", dir.display());
    let uri = format!("file://{}/note.md", drafts.display());
    let toml_uri = format!("file://{}/sendwell.toml", dir.display());
    let text = "---\nchannel: note\nto: Sarah Chen\n---\nHi Sarah 👋, a free sample?";
    for existing in [None, Some("plan = \"premium\"\n[rules]\nstyle = \"off\"\n")] {
        let _ = std::fs::remove_file(dir.join("sendwell.toml"));
        if let Some(t) = existing {
            std::fs::write(dir.join("sendwell.toml"), t).unwrap();
        }
        let mut s = Server::start_with(json!({
            "capabilities": {}, "processId": null, "rootUri": root_uri,
            "workspaceFolders": [{ "uri": root_uri, "name": "w" }]
        }));
        s.open(&uri, text);
        let diags = s.diagnostics(&uri, Some(1));
        let spam = diags
            .iter()
            .find(|d| d["code"] == "spam.trigger-word")
            .expect("a spam finding")
            .clone();
        assert_eq!(spam["range"], range(4, 15, 4, 19));
        let r = s.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": spam["range"], "context": { "diagnostics": [spam] } }),
        );
        let actions = r["result"].as_array().unwrap();
        let titles: Vec<&str> = actions
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect();
        let allow_at = titles
            .iter()
            .position(|t| *t == "Allow 'free' in this workspace");
        // The listed finding's actions come first and end with its suppressions: the word
        // allowed, then the rule disabled; an overlapping finding's actions follow.
        let disable_at = titles
            .iter()
            .position(|t| *t == "Disable spam.trigger-word in this draft");
        assert!(allow_at.is_some(), "{titles:?}");
        assert_eq!(disable_at, allow_at.map(|i| i + 1), "{titles:?}");
        assert!(actions[..allow_at.unwrap()]
            .iter()
            .all(|a| a["diagnostics"][0]["code"] == "spam.trigger-word"));
        let ops = actions[allow_at.unwrap()]["edit"]["documentChanges"]
            .as_array()
            .unwrap()
            .clone();
        match existing {
            None => {
                assert_eq!(ops.len(), 2);
                assert_eq!(ops[0]["kind"], "create");
                assert_eq!(ops[0]["uri"], toml_uri);
                assert_eq!(
                    ops[1]["edits"],
                    json!([{ "range": range(0, 0, 0, 0), "newText": "allow = [\"free\"]\n" }])
                );
            }
            Some(_) => {
                assert_eq!(ops.len(), 1);
                assert_eq!(ops[0]["textDocument"]["uri"], toml_uri);
                assert_eq!(
                    ops[0]["edits"],
                    json!([{ "range": range(1, 0, 1, 0), "newText": "allow = [\"free\"]\n" }])
                );
            }
        }
        // With the word allowed, the finding goes: the settings the edit writes are read back.
        s.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "allow": ["free"] } }),
        );
        let after = s.diagnostics(&uri, None);
        assert!(
            after.iter().all(|d| d["code"] != "spam.trigger-word"),
            "{after:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The "Allow" actions offered for the `free` finding of a draft at `draft` (a path), with the
/// workspace rooted at `root`: (title, the settings file's new text after the action's edit).
fn allow_actions(root: &std::path::Path, draft: &std::path::Path) -> Vec<(String, Value)> {
    let root_uri = format!("file://{}", root.display());
    let uri = format!("file://{}", draft.display());
    let mut s = Server::start_with(json!({
        "capabilities": {}, "processId": null, "rootUri": root_uri,
        "workspaceFolders": [{ "uri": root_uri, "name": "w" }]
    }));
    s.open(
        &uri,
        "---\nchannel: note\nto: Sarah Chen\n---\nHi Sarah 👋, a free sample?",
    );
    let diags = s.diagnostics(&uri, Some(1));
    let spam = diags
        .iter()
        .find(|d| d["code"] == "spam.trigger-word")
        .expect("a spam finding")
        .clone();
    let r = s.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": spam["range"], "context": { "diagnostics": [spam] } }),
    );
    r["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["title"].as_str().unwrap().starts_with("Allow "))
        .map(|a| (a["title"].as_str().unwrap().to_string(), a["edit"].clone()))
        .collect()
}

#[test]
fn allow_is_not_offered_for_a_settings_file_that_is_not_utf8() {
    let dir = std::env::temp_dir().join(format!("sendwell-allow-bytes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let toml = dir.join("sendwell.toml");
    let draft = dir.join("note.md");
    std::fs::write(&toml, b"allow = [\"x\"] # caf\xe9\nplan = \"premium\"\n").unwrap();
    assert_eq!(allow_actions(&dir, &draft), vec![]);
    // The same file as UTF-8 gets the word in its list, not a second `allow` key.
    std::fs::write(&toml, "\"allow\" = [\"x\"] # café\nplan = \"premium\"\n").unwrap();
    let actions = allow_actions(&dir, &draft);
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0].0, "Allow 'free' in this workspace");
    assert_eq!(
        actions[0].1["documentChanges"][0]["edits"],
        json!([{ "range": range(0, 14, 0, 14), "newText": ", \"free\"" }])
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn allow_names_a_settings_file_outside_the_workspace_in_its_title() {
    let dir = std::env::temp_dir().join(format!("sendwell-allow-above-{}", std::process::id()));
    let root = dir.join("ws");
    std::fs::create_dir_all(root.join("drafts")).unwrap();
    let toml = dir.join("sendwell.toml");
    std::fs::write(&toml, "plan = \"premium\"\n").unwrap();
    let actions = allow_actions(&root, &root.join("drafts/note.md"));
    let titles: Vec<&str> = actions.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        [format!(
            "Allow 'free' in {} (outside this workspace)",
            toml.display()
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
