//! Settings in the language server: `sendwell.toml` found from the draft, editor settings under
//! it, broken configs and packs shown as diagnostics on their files, reloads on watched files.

mod common;

use std::path::{Path, PathBuf};

use common::Server;
use serde_json::{json, Value};

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sendwell-lspcfg-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn uri(dir: &Path, rel: &str) -> String {
    format!("file://{}", dir.join(rel).display())
}

fn start(dir: &Path, extra: Value) -> Server {
    let mut init = json!({
        "processId": null,
        "rootUri": format!("file://{}", dir.display()),
        "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } },
    });
    if let Value::Object(m) = extra {
        for (k, v) in m {
            init[k] = v;
        }
    }
    Server::start_with(init)
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

// The congratulation (a hook) and the question keep the personalization and no-ask rules quiet,
// so the tests see only the rules they configure.
const DRAFT: &str = "---\nchannel: message\nto: Nadia Hassan\n---\nHi Nadia, a FREE gift. Sorry to bother you. Congrats on the launch! Any news?\n";

#[test]
fn the_file_wins_over_editor_settings_and_both_apply() {
    let dir = workdir("merge");
    write(
        &dir,
        "sendwell.toml",
        "[rules]\n\"spam.shouting\" = \"off\"\n",
    );
    write(&dir, "drafts/note.md", DRAFT);
    let mut s = start(
        &dir,
        json!({ "initializationOptions": { "sendwell": { "rules": { "spam.shouting": "error", "style": "off", "spam.trigger-word": "error" } } } }),
    );
    let note = uri(&dir, "drafts/note.md");
    s.open(&note, DRAFT);
    let diags = s.diagnostics(&note, Some(1));
    assert_eq!(codes(&diags), vec!["spam.trigger-word"], "{diags:?}");
    assert_eq!(
        diags[0]["severity"], 1,
        "the editor's setting applies where the file is silent"
    );
}

#[test]
fn a_broken_config_is_a_diagnostic_and_a_log_message_and_a_fix_reloads() {
    let dir = workdir("broken");
    write(
        &dir,
        "sendwell.toml",
        "plan = \"free\"\n[rules\nspam = \"off\"\n",
    );
    write(&dir, "note.md", DRAFT);
    let mut s = start(&dir, json!({}));
    let config = uri(&dir, "sendwell.toml");
    let log = s.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("sendwell.toml")
    });
    assert!(
        log["params"]["message"].as_str().unwrap().contains(":2:"),
        "{log}"
    );
    let diags = s.diagnostics(&config, None);
    assert_eq!(diags[0]["range"]["start"]["line"], 1, "{diags:?}");
    assert_eq!(diags[0]["source"], "sendwell");
    // Meanwhile the defaults apply.
    let note = uri(&dir, "note.md");
    s.open(&note, DRAFT);
    assert_eq!(
        codes(&s.diagnostics(&note, Some(1))),
        // "FREE" is spam's, with its shouting related (one finding per span).
        vec!["spam.trigger-word", "style.hedging"]
    );
    // Fixed on disk, then the client reports the change: drafts are re-checked, the error goes.
    write(
        &dir,
        "sendwell.toml",
        "plan = \"free\"\n[rules]\nspam = \"off\"\n",
    );
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config, "type": 2 }] }),
    );
    assert_eq!(codes(&s.diagnostics(&note, Some(1))), vec!["style.hedging"]);
    assert_eq!(s.diagnostics(&config, None), Vec::<Value>::new());
}

#[test]
fn watchers_are_registered_for_configs_and_pack_folders() {
    let dir = workdir("watch");
    write(&dir, "sendwell.toml", "packs = [\"rules-extra\"]\n");
    write(&dir, "rules-extra/x.toml", "");
    let mut s = start(&dir, json!({}));
    let reg = s.wait_for(|m| m["method"] == "client/registerCapability");
    let r = &reg["params"]["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = r["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(globs[0], "**/sendwell.toml");
    assert!(globs[1].ends_with("rules-extra/*.toml"), "{globs:?}");
}

#[test]
fn an_open_config_is_linted_as_it_is_typed() {
    let dir = workdir("openconfig");
    write(&dir, "sendwell.toml", "");
    let mut s = start(&dir, json!({}));
    let config = uri(&dir, "sendwell.toml");
    s.open(&config, "[rules]\nspam = \"loud\"\n");
    let diags = s.diagnostics(&config, Some(1));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 1);
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("not a severity"));
}

const PACK: &str = "[[rule]]\nid = \"acme.jargon\"\ntitle = \"Jargon\"\nseverity = \"info\"\nkind = \"phrase\"\nwhy = \"Plain words get more replies.\"\nfix = \"Say it plainly.\"\n[rule.params]\nphrases = [\"hi\"]\n\n[[rule]]\nid = \"acme.bad\"\ntitle = \"Bad\"\nseverity = \"info\"\nkind = \"pattern\"\nwhy = \"w\"\nfix = \"f\"\n[rule.params]\npatterns = ['[unclosed']\n";

#[test]
fn a_user_pack_adds_rules_and_its_bad_regex_is_shown_on_its_line() {
    let dir = workdir("pack");
    write(&dir, "sendwell.toml", "packs = [\"./my-rules\"]\n");
    write(&dir, "my-rules/acme.toml", PACK);
    let mut s = start(&dir, json!({}));
    let pack = uri(&dir, "my-rules/acme.toml");
    let diags = s.diagnostics(&pack, None);
    let line = PACK.lines().position(|l| l.contains("[unclosed")).unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], line as u64);
    assert!(diags[0]["message"].as_str().unwrap().contains("acme.bad"));
    let note = uri(&dir, "note.md");
    s.open(&note, DRAFT);
    let diags = s.diagnostics(&note, Some(1));
    assert!(
        codes(&diags).contains(&"acme.jargon".to_string()),
        "{diags:?}"
    );
    assert!(codes(&diags).contains(&"spam.trigger-word".to_string()));
    let hi = diags.iter().find(|d| d["code"] == "acme.jargon").unwrap();
    let hover = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": note }, "position": hi["range"]["start"] }),
    );
    let md = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(md.contains("Plain words get more replies."), "{hover}");
}

#[test]
fn a_pack_folder_outside_the_workspace_is_an_error_on_the_packs_line_and_is_not_read() {
    let dir = workdir("outside");
    write(&dir, "outside/evil.toml", PACK);
    let project = dir.join("project");
    let config = "plan = \"free\"\npacks = [\"../outside\"]\n";
    write(&project, "sendwell.toml", config);
    let mut s = start(&project, json!({}));
    let diags = s.diagnostics(&uri(&project, "sendwell.toml"), None);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"]["start"]["line"], 1);
    let message = diags[0]["message"].as_str().unwrap();
    assert!(message.contains("“../outside” is outside"), "{message}");
    let note = uri(&project, "note.md");
    s.open(&note, DRAFT);
    let diags = s.diagnostics(&note, Some(1));
    assert!(
        !codes(&diags).iter().any(|c| c.starts_with("acme.")),
        "{diags:?}"
    );
    assert!(codes(&diags).contains(&"spam.trigger-word".to_string()));
    // The outside pack's bad regex would have been published on its file had it been read.
    assert!(!s.backlog.iter().any(|m| m["params"]["uri"]
        .as_str()
        .is_some_and(|u| u.contains("evil.toml"))));
}
