//! "Move the rest into a follow-up" over real stdio: the new draft goes in the old one's folder
//! under a free name whatever `sequence:` says, the create comes before the cut, and drafts that
//! are not local files (or clients that cannot create files) get no move at all.

mod common;

use std::path::{Path, PathBuf};

use common::Server;
use serde_json::{json, Value};

/// A client that applies `CreateFile` in `documentChanges`, as VS Code and Neovim do.
fn start() -> Server {
    Server::start_with(json!({
        "capabilities": { "workspace": { "workspaceEdit": {
            "documentChanges": true, "resourceOperations": ["create", "rename", "delete"]
        } } },
        "processId": null, "rootUri": null
    }))
}

/// An InMail 500 characters over its limit, in `sequence`.
fn long_inmail(sequence: &str) -> String {
    format!(
        "---\nchannel: inmail\nto: Sarah Chen\nsubject: Hi\nsequence: {sequence}\n---\n{}",
        "Word. ".repeat(400)
    )
}

/// A fresh folder of its own for one test, canonical (so URIs built from it match the server's).
fn folder(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("sendwell-follow-up-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The `limit.body` diagnostic of a document just opened.
fn limit_diagnostic(s: &mut Server, uri: &str) -> Value {
    let diags = s.diagnostics(uri, Some(1));
    diags
        .iter()
        .find(|d| d["code"] == "limit.body")
        .cloned()
        .unwrap_or_else(|| panic!("no limit.body in {diags:?}"))
}

fn actions_for(s: &mut Server, uri: &str, diag: &Value) -> Vec<Value> {
    let r = s.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": diag["range"], "context": { "diagnostics": [diag] } }),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

/// The actions for the `limit.body` finding of a document just opened.
fn limit_actions(s: &mut Server, uri: &str) -> Vec<Value> {
    let diag = limit_diagnostic(s, uri);
    actions_for(s, uri, &diag)
}

fn titles(actions: &[Value]) -> Vec<&str> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect()
}

fn move_action(actions: &[Value]) -> &Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Move the rest"))
        .unwrap_or_else(|| panic!("no move in {:?}", titles(actions)))
}

fn has_move(actions: &[Value]) -> bool {
    titles(actions)
        .iter()
        .any(|t| t.starts_with("Move the rest"))
}

/// The operations of the move, checked to be create, then the new file's text, then the cut;
/// returns the created URI.
fn created_uri(mv: &Value, draft_uri: &str) -> String {
    let ops = mv["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops.len(), 3, "{ops:?}");
    assert_eq!(ops[0]["kind"], "create", "{ops:?}");
    assert_eq!(ops[0]["options"]["overwrite"], false);
    assert_eq!(ops[0]["options"]["ignoreIfExists"], false);
    let new_uri = ops[0]["uri"].as_str().unwrap().to_string();
    assert_eq!(ops[1]["textDocument"]["uri"], new_uri.as_str());
    assert_eq!(ops[1]["textDocument"]["version"], Value::Null);
    assert!(ops[1]["edits"][0]["newText"]
        .as_str()
        .unwrap()
        .contains("channel: follow-up"));
    assert_eq!(ops[2]["textDocument"]["uri"], draft_uri);
    assert_eq!(ops[2]["textDocument"]["version"], 1);
    assert!(mv["edit"].get("changes").is_none_or(Value::is_null));
    new_uri
}

#[test]
fn the_create_comes_before_the_cut() {
    let dir = folder("order");
    let draft = dir.join("q3.md");
    let text = long_inmail("q3");
    std::fs::write(&draft, &text).unwrap();
    let uri = file_uri(&draft);
    let mut s = start();
    s.open(&uri, &text);
    let actions = limit_actions(&mut s, &uri);
    let mv = move_action(&actions);
    assert_eq!(mv["title"], "Move the rest into a follow-up (q3-step-2.md)");
    assert_eq!(created_uri(mv, &uri), file_uri(&dir.join("q3-step-2.md")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_existing_follow_up_is_never_replaced() {
    let dir = folder("existing");
    let draft = dir.join("q3.md");
    let text = long_inmail("q3");
    std::fs::write(&draft, &text).unwrap();
    std::fs::write(dir.join("q3-step-2.md"), "Already written.\n").unwrap();
    let uri = file_uri(&draft);
    let mut s = start();
    s.open(&uri, &text);
    let diag = limit_diagnostic(&mut s, &uri);
    let actions = actions_for(&mut s, &uri, &diag);
    let mv = move_action(&actions);
    assert_eq!(
        mv["title"],
        "Move the rest into a follow-up (q3-step-2-2.md)"
    );
    assert_eq!(created_uri(mv, &uri), file_uri(&dir.join("q3-step-2-2.md")));

    // A document open in the editor but never saved takes its name too.
    s.open(&file_uri(&dir.join("q3-step-2-2.md")), "Unsaved.\n");
    let actions = actions_for(&mut s, &uri, &diag);
    assert_eq!(
        created_uri(move_action(&actions), &uri),
        file_uri(&dir.join("q3-step-2-3.md"))
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("q3-step-2.md")).unwrap(),
        "Already written.\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hostile_sequences_stay_in_the_drafts_folder() {
    let dir = folder("hostile");
    let mut s = start();
    for (i, (sequence, name)) in [
        ("../outside/newdir/x", "outside-newdir-x-step-2.md"),
        ("/tmp/abs/x", "tmp-abs-x-step-2.md"),
        ("\"..\\\\..\\\\win\\\\x\"", "win-x-step-2.md"),
        ("\"a\\0b\\r\\nc\"", "a-b-c-step-2.md"),
        ("..%2F..%2Fz", "2F..-2Fz-step-2.md"),
        ("\"..\"", "sarah-chen-step-2.md"),
    ]
    .into_iter()
    .enumerate()
    {
        let draft = dir.join(format!("draft-{i}.md"));
        let text = long_inmail(sequence);
        std::fs::write(&draft, &text).unwrap();
        let uri = file_uri(&draft);
        s.open(&uri, &text);
        let actions = limit_actions(&mut s, &uri);
        let mv = move_action(&actions);
        let created = created_uri(mv, &uri);
        assert_eq!(created, file_uri(&dir.join(name)), "{sequence}");
        assert_eq!(
            mv["title"],
            format!("Move the rest into a follow-up ({name})"),
            "{sequence}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn documents_that_are_not_local_files_get_no_move() {
    let mut s = start();
    let text = long_inmail("q3");
    for uri in [
        "untitled:Untitled-1",
        "http://example.com/w/q3.md",
        "vscode-notebook-cell:/w/notes.ipynb#W0sZmlsZQ%3D%3D",
        "file:///w/a%2F..%2F..%2Fq3.md",
        "file://server/w/q3.md",
    ] {
        s.open(uri, &text);
        let actions = limit_actions(&mut s, uri);
        // The other fixes stay; the move, cut included, is not offered.
        assert!(
            titles(&actions).iter().any(|t| t.starts_with("Shorten")),
            "{uri}: {:?}",
            titles(&actions)
        );
        assert!(!has_move(&actions), "{uri}: {:?}", titles(&actions));
    }
}

#[test]
fn clients_that_cannot_create_files_get_no_move() {
    let text = long_inmail("q3");
    let uri = "file:///w/q3.md";
    for capabilities in [
        json!({}),
        json!({ "workspace": { "workspaceEdit": { "documentChanges": true } } }),
        json!({ "workspace": { "workspaceEdit": { "documentChanges": false, "resourceOperations": ["create"] } } }),
    ] {
        let mut s = Server::start_with(
            json!({ "capabilities": capabilities, "processId": null, "rootUri": null }),
        );
        s.open(uri, &text);
        let actions = limit_actions(&mut s, uri);
        assert!(
            titles(&actions).iter().any(|t| t.starts_with("Shorten")),
            "{capabilities}"
        );
        assert!(
            !has_move(&actions),
            "{capabilities}: {:?}",
            titles(&actions)
        );
    }
}

#[test]
fn the_new_follow_up_is_shown_where_the_client_shows_documents() {
    let dir = folder("show");
    let draft = dir.join("q3.md");
    let text = long_inmail("q3");
    std::fs::write(&draft, &text).unwrap();
    let uri = file_uri(&draft);

    // A client without window.showDocument gets the edit alone.
    let mut s = start();
    s.open(&uri, &text);
    let actions = limit_actions(&mut s, &uri);
    assert!(move_action(&actions).get("command").is_none());

    let mut s = Server::start_with(json!({
        "capabilities": {
            "workspace": { "workspaceEdit": {
                "documentChanges": true, "resourceOperations": ["create"]
            } },
            "window": { "showDocument": { "support": true } }
        },
        "processId": null, "rootUri": null
    }));
    s.open(&uri, &text);
    let actions = limit_actions(&mut s, &uri);
    let mv = move_action(&actions);
    let created = created_uri(mv, &uri);
    // The command runs after the edit: it shows the file the edit created.
    assert_eq!(mv["command"]["command"], "sendwell.showDocument", "{mv}");
    assert_eq!(mv["command"]["arguments"], json!([created.clone()]));
    // Nothing else carries a command.
    for a in actions.iter().filter(|a| a["title"] != mv["title"]) {
        assert!(a.get("command").is_none(), "{a}");
    }
    let r = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.showDocument", "arguments": [created.clone()] }),
    );
    assert!(r.get("error").is_none(), "{r}");
    let shown = s.wait_for(|m| m["method"] == "window/showDocument");
    assert_eq!(shown["params"]["uri"], created.as_str());
    assert_eq!(shown["params"]["takeFocus"], true);

    // Only local files: the server opens nothing else on a client's say-so.
    let r = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.showDocument", "arguments": ["https://example.com/x.md"] }),
    );
    assert!(r.get("error").is_some(), "{r}");
    std::fs::remove_dir_all(&dir).unwrap();
}
