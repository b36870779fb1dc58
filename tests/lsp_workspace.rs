//! The workspace index over real stdio: drafts that are not open get their cross-file findings at
//! start-up, open buffers win over the disk, one publish per file carries both kinds of finding,
//! created, renamed and deleted files (didChangeWatchedFiles) update the other drafts, workspace
//! folders come and go (didChangeWorkspaceFolders), and the config's `exclude` globs hold.

mod common;

use std::path::{Path, PathBuf};

use common::{summarize, Server};
use serde_json::{json, Value};

/// A temporary workspace folder, removed on drop.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let p = std::env::temp_dir().join(format!("sendwell-ws-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Folder(p)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        uri(&p)
    }

    fn uri(&self, name: &str) -> String {
        uri(&self.0.join(name))
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// Step `n` of one sequence; each step's body is its own.
fn step(n: u32, when: &str) -> String {
    const BODIES: [&str; 4] = [
        "Hi Sarah, your SupplyConf talk on safety stock stuck with me.",
        "Sarah, here is the buffer checklist I mentioned.",
        "One question: how do you size buffers for new suppliers?",
        "I will leave it here; thanks for reading.",
    ];
    let body = BODIES[(n as usize - 1) % 4];
    format!("---\nchannel: dm\nto: Sarah Chen\nsequence: acme\nstep: {n}\n{when}\n---\n{body}\n")
}

/// Waits until `uri` is published with exactly these rule IDs: publishes that happen before the
/// start-up scan has finished see fewer drafts, and a later publish corrects them.
fn wait_rules(s: &mut Server, uri: &str, rules: &[&str]) -> Vec<Value> {
    loop {
        let diags = s.diagnostics(uri, None);
        let got: Vec<String> = summarize(&diags).into_iter().map(|d| d.0).collect();
        if got == rules {
            return diags;
        }
    }
}

/// Starts a server on `folder` that can watch files, and checks it asks to.
fn start(folder: &Folder) -> Server {
    let mut s = Server::start_with(json!({
        "processId": null,
        "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } },
        "workspaceFolders": [{ "uri": uri(&folder.0), "name": "drafts" }],
        // The wording rules have their own tests; here only the cross-file ones and one core rule speak.
        "initializationOptions": { "rules": {
            "personalization": "off", "etiquette": "off", "style": "off", "quality": "off", "spam": "off"
        } },
    }));
    let reg = s.wait_for(|m| {
        m["method"] == "client/registerCapability"
            && m["params"]["registrations"][0]["id"] == "sendwell-watch-drafts"
    });
    let r = &reg["params"]["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        r["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.{md,markdown,txt,text}"
    );
    s
}

fn watched(s: &mut Server, changes: &[(&str, u8)]) {
    let changes: Vec<Value> = changes
        .iter()
        .map(|(u, t)| json!({ "uri": u, "type": t }))
        .collect();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": changes }),
    );
}

#[test]
fn closed_drafts_get_cross_file_findings_at_start_up_with_evidence_ranges() {
    let folder = Folder::new("startup");
    let one = folder.write("1.md", &step(1, "send: 2026-03-02"));
    let two = folder.write("2.md", &step(2, "send: 2026-03-03"));
    folder.write(".gitignore", "archive/\n");
    folder.write("archive/3.md", &step(3, "send: 2026-03-04"));
    let mut s = start(&folder);
    let diags = s.diagnostics(&two, None);
    // Line 5 is `send: 2026-03-03`.
    assert_eq!(
        summarize(&diags),
        [("sequence.too-soon".to_string(), [5, 6, 5, 16])]
    );
    let rel = &diags[0]["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], one);
    assert_eq!(
        rel["location"]["range"],
        json!({ "start": { "line": 5, "character": 6 }, "end": { "line": 5, "character": 16 } })
    );
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("1 day after step 1 (1.md, 2026-03-02)"));
    // The ignored step 3 does not count: a plan of the workspace has two sends.
    let plan = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.plan", "arguments": [] }),
    );
    let sends = plan["result"]["sends"].as_array().unwrap();
    let rows: Vec<(&str, u64)> = sends
        .iter()
        .map(|r| (r["date"].as_str().unwrap(), r["step"].as_u64().unwrap()))
        .collect();
    assert_eq!(rows, [("2026-03-02", 1), ("2026-03-03", 2)]);
    assert_eq!(plan["result"]["days"][0]["messages"], 1);
    assert_eq!(plan["result"]["caps"]["daily_messages"], 100);
    assert_eq!(s.stop(), 0);
}

#[test]
fn open_buffers_win_and_one_publish_carries_both_kinds_of_finding() {
    let folder = Folder::new("buffers");
    let one = folder.write("1.md", &step(1, "send: 2026-03-02"));
    let two = folder.write("2.md", &step(2, "send: 2026-03-09"));
    let mut s = start(&folder);
    // Step 2 as an InMail without a subject, sent the next day: its own finding and a sequence one.
    let inmail = "---\nchannel: inmail\nto: Sarah Chen\nsequence: acme\nstep: 2\nsend: 2026-03-03\n---\nHi Sarah, a new thought on your post for step 2?\n";
    s.open(&two, inmail);
    let diags = wait_rules(&mut s, &two, &["subject.missing", "sequence.too-soon"]);
    assert_eq!(
        diags[1]["range"],
        json!({ "start": { "line": 5, "character": 6 }, "end": { "line": 5, "character": 16 } })
    );
    // Editing step 1's buffer (not saved) moves it a week earlier: step 2 is re-published.
    s.open(&one, &step(1, "send: 2026-03-02"));
    s.change(&one, 2, &[(5, 6, 5, 16, "2026-02-23")]);
    let diags = s.diagnostics(&two, Some(1));
    let rules: Vec<String> = summarize(&diags).into_iter().map(|d| d.0).collect();
    assert_eq!(rules, ["subject.missing"]);
    // Closing step 1 goes back to the disk, where it is the day before: too soon again.
    s.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": one } }),
    );
    let diags = s.diagnostics(&two, Some(1));
    let rules: Vec<String> = summarize(&diags).into_iter().map(|d| d.0).collect();
    assert_eq!(rules, ["subject.missing", "sequence.too-soon"]);
}

#[test]
fn created_renamed_and_deleted_files_update_the_other_drafts() {
    let folder = Folder::new("events");
    let one = folder.write("1.md", &step(1, "send: 2026-03-02"));
    let three = folder.write("3.md", &step(3, "send: 2026-03-12"));
    let mut s = start(&folder);
    assert_eq!(
        summarize(&s.diagnostics(&three, None)),
        [("sequence.gap".to_string(), [4, 6, 4, 7])]
    );

    // Created: step 2 fills the gap.
    let two = folder.write("2.md", &step(2, "send: 2026-03-06"));
    watched(&mut s, &[(&two, 1)]);
    assert_eq!(s.diagnostics(&three, None), Vec::<Value>::new());

    // Renamed into an ignored folder: gone from the sequence, so the gap is back.
    folder.write(".ignore", "old/\n");
    std::fs::create_dir_all(folder.0.join("old")).unwrap();
    std::fs::rename(folder.0.join("2.md"), folder.0.join("old/2.md")).unwrap();
    watched(&mut s, &[(&two, 3), (&folder.uri("old/2.md"), 1)]);
    assert_eq!(
        summarize(&s.diagnostics(&three, None)),
        [("sequence.gap".to_string(), [4, 6, 4, 7])]
    );

    // Renamed to a new name in the folder: the draft's own findings move with it.
    std::fs::rename(folder.0.join("3.md"), folder.0.join("3-final.md")).unwrap();
    let final_ = folder.uri("3-final.md");
    watched(&mut s, &[(&three, 3), (&final_, 1)]);
    assert_eq!(s.diagnostics(&three, None), Vec::<Value>::new());
    assert_eq!(
        summarize(&s.diagnostics(&final_, None)),
        [("sequence.gap".to_string(), [4, 6, 4, 7])]
    );

    // Deleted: without step 1, step 3 is the first step left (the earlier ones may have been
    // sent and archived), so there is no hole to report.
    std::fs::remove_file(folder.0.join("1.md")).unwrap();
    watched(&mut s, &[(&one, 3)]);
    assert_eq!(s.diagnostics(&final_, None), Vec::<Value>::new());
}

#[test]
fn the_plan_command_is_advertised() {
    let mut s = Server::spawn();
    let r = s.request("initialize", json!({ "capabilities": {} }));
    let commands = r["result"]["capabilities"]["executeCommandProvider"]["commands"]
        .as_array()
        .unwrap();
    assert!(commands.contains(&json!("sendwell.plan")));
    let folders = &r["result"]["capabilities"]["workspace"]["workspaceFolders"];
    assert_eq!(
        folders,
        &json!({ "supported": true, "changeNotifications": true })
    );
}

#[test]
fn hover_explains_a_cross_file_finding() {
    let folder = Folder::new("hover");
    folder.write("1.md", &step(1, "send: 2026-03-02"));
    let two = folder.write("2.md", &step(2, "send: 2026-03-03"));
    let mut s = start(&folder);
    s.open(&two, &step(2, "send: 2026-03-03"));
    wait_rules(&mut s, &two, &["sequence.too-soon"]);
    let hover = s.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": two }, "position": { "line": 5, "character": 9 } }),
    );
    let md = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.starts_with("**Follow-up planned too soon** `sequence.too-soon`"),
        "{md}"
    );
    // A short card: the full text stays behind `sendwell explain`; it never names a file the
    // reader cannot open (issue #14: sources are public pages by title and URL).
    assert!(!md.contains(".txt") && !md.contains("seeds/"), "{md}");
    assert!(md.contains("docs/rules.md#sequencetoo-soon"), "{md}");
}

fn folders_changed(s: &mut Server, added: &[&Folder], removed: &[&Folder]) {
    let list = |fs: &[&Folder]| -> Vec<Value> {
        fs.iter()
            .map(|f| json!({ "uri": uri(&f.0), "name": "drafts" }))
            .collect()
    };
    s.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": list(added), "removed": list(removed) } }),
    );
}

#[test]
fn added_folders_join_the_index_and_removed_ones_leave_it_with_their_diagnostics() {
    let a = Folder::new("folders-a");
    let b = Folder::new("folders-b");
    a.write("1.md", &step(1, "send: 2026-03-02"));
    let three = a.write("3.md", &step(3, "send: 2026-03-12"));
    let two = b.write("2.md", &step(2, "send: 2026-03-03"));
    let mut s = start(&a);
    wait_rules(&mut s, &three, &["sequence.gap"]);

    // Folder b brings step 2: the hole closes, and step 2 is a day after step 1.
    folders_changed(&mut s, &[&b], &[]);
    wait_rules(&mut s, &three, &[]);
    let diags = wait_rules(&mut s, &two, &["sequence.too-soon"]);
    assert_eq!(
        summarize(&diags),
        [("sequence.too-soon".to_string(), [5, 6, 5, 16])]
    );

    // Removing it takes step 2 out: its diagnostics are cleared and the hole is back.
    folders_changed(&mut s, &[], &[&b]);
    wait_rules(&mut s, &two, &[]);
    wait_rules(&mut s, &three, &["sequence.gap"]);
    assert_eq!(s.stop(), 0);
}

#[test]
fn the_configs_exclusions_keep_drafts_out_until_the_config_changes() {
    let folder = Folder::new("exclude");
    let config = folder.write("sendwell.toml", "exclude = [\"archive/**\"]\n");
    folder.write("1.md", &step(1, "send: 2026-03-02"));
    let archived = folder.write("archive/2.md", &step(2, "send: 2026-03-03"));
    let three = folder.write("3.md", &step(3, "send: 2026-03-12"));
    let mut s = start(&folder);
    // Step 2 is archived, so step 3 follows a hole.
    let diags = wait_rules(&mut s, &three, &["sequence.gap"]);
    assert_eq!(
        summarize(&diags),
        [("sequence.gap".to_string(), [4, 6, 4, 7])]
    );
    // A new file in the excluded folder stays out too: the plan has the two live sends.
    let late = folder.write("archive/2-resend.md", &step(2, "send: 2026-03-06"));
    watched(&mut s, &[(&late, 1)]);
    let plan = s.request(
        "workspace/executeCommand",
        json!({ "command": "sendwell.plan", "arguments": [] }),
    );
    let dates: Vec<&str> = plan["result"]["sends"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-03-02", "2026-03-12"]);
    std::fs::remove_file(folder.0.join("archive/2-resend.md")).unwrap();

    // Without the exclusion the archived step is back in the sequence.
    folder.write("sendwell.toml", "");
    watched(&mut s, &[(&config, 2)]);
    wait_rules(&mut s, &three, &[]);
    wait_rules(&mut s, &archived, &["sequence.too-soon"]);
    assert_eq!(s.stop(), 0);
}
