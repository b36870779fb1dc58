//! `sendwell check --fix` and `--diff` on copies of tests/fixtures/fix/before: LF, CRLF, lone-CR
//! and BOM drafts, a file that is not a draft, and a draft with nothing to fix. The fixed files
//! and the diff are golden files (tests/fixtures/fix/after/, fix/diff.golden); regenerate them
//! with `SENDWELL_BLESS=1 cargo test --test check_fix`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fix");
const DRAFTS: [&str; 6] = [
    "lf.md", "crlf.md", "cr.md", "bom.md", "notes.md", "clean.md",
];

/// A fresh copy of the fixture drafts in `<tmp>/drafts`, removed when dropped.
struct Copy {
    root: PathBuf,
}

impl Copy {
    fn new(name: &str) -> Copy {
        let root = std::env::temp_dir().join(format!("sendwell-fix-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("drafts")).unwrap();
        for d in DRAFTS {
            fs::copy(
                Path::new(FIXTURES).join("before").join(d),
                root.join("drafts").join(d),
            )
            .unwrap();
        }
        Copy { root }
    }

    fn draft(&self, name: &str) -> PathBuf {
        self.root.join("drafts").join(name)
    }

    fn bytes(&self, name: &str) -> Vec<u8> {
        fs::read(self.draft(name)).unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_sendwell"))
            .arg("check")
            .args(args)
            .current_dir(&self.root)
            .stdin(Stdio::null())
            .output()
            .expect("run sendwell")
    }

    /// Every file in the drafts folder, temporary files included.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.root.join("drafts"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn blessing() -> bool {
    std::env::var_os("SENDWELL_BLESS").is_some_and(|v| v == "1")
}

fn golden(name: &str, actual: &[u8]) {
    let path = Path::new(FIXTURES).join(name);
    if blessing() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read(&path)
        .unwrap_or_else(|_| panic!("no {name}: run SENDWELL_BLESS=1 cargo test --test check_fix"));
    assert!(
        actual == expected,
        "{name} changed (if deliberate: SENDWELL_BLESS=1 cargo test --test check_fix)\n\
         actual:   {:?}\nexpected: {:?}",
        String::from_utf8_lossy(actual),
        String::from_utf8_lossy(&expected)
    );
}

/// The line breaks a text uses: (CRLF, lone CR, lone LF).
fn breaks(t: &str) -> (usize, usize, usize) {
    let crlf = t.matches("\r\n").count();
    (
        crlf,
        t.matches('\r').count() - crlf,
        t.matches('\n').count() - crlf,
    )
}

#[test]
fn fix_writes_the_golden_files_and_keeps_line_breaks_and_the_bom() {
    let copy = Copy::new("golden");
    let out = copy.run(&["--fix", "drafts"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    for d in DRAFTS {
        golden(&format!("after/{d}"), &copy.bytes(d));
    }
    // What it says it did, per file, and the check that follows.
    assert!(
        stdout.contains(
            "Fixed drafts/crlf.md: 3 fixes (frontmatter.unknown-channel, frontmatter.unknown-key, \
             personalization.no-name)"
        ),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("Fixed drafts/lf.md: 2 fixes (subject.unexpected, personalization.no-name)"),
        "{stdout}"
    );
    assert!(stdout.contains("Applied 7 fixes to 4 files"), "{stdout}");
    assert!(
        stdout.contains("Checked 5 drafts: no findings."),
        "{stdout}"
    );
    assert!(!stdout.contains("Fixed drafts/notes.md") && !stdout.contains("clean.md"));
    // Each file keeps its own kind of line break, the new lines included.
    for (d, only) in [("lf.md", 2), ("crlf.md", 0), ("cr.md", 1), ("bom.md", 2)] {
        let before = text(&fs::read(Path::new(FIXTURES).join("before").join(d)).unwrap());
        let after = text(&copy.bytes(d));
        let (b, a) = (breaks(&before), breaks(&after));
        let pick = |t: (usize, usize, usize)| [t.0, t.1, t.2];
        for kind in 0..3 {
            if kind != only {
                assert_eq!(pick(a)[kind], 0, "{d}: {after:?}");
            }
        }
        assert!(pick(a)[only] >= pick(b)[only], "{d} lost lines: {after:?}");
        assert!(after.contains("Hi "), "{d} was greeted: {after:?}");
    }
    assert!(copy.bytes("bom.md").starts_with("\u{feff}---".as_bytes()));
    // No temporary file left behind.
    let mut expected: Vec<String> = DRAFTS.iter().map(|d| d.to_string()).collect();
    expected.sort();
    assert_eq!(copy.names(), expected);
}

#[test]
fn a_second_fix_changes_nothing() {
    let copy = Copy::new("twice");
    assert_eq!(copy.run(&["--fix", "drafts"]).status.code(), Some(0));
    let first: Vec<_> = DRAFTS.iter().map(|d| copy.bytes(d)).collect();
    let again = copy.run(&["--fix", "drafts"]);
    let stdout = text(&again.stdout);
    assert!(!stdout.contains("Fixed"), "{stdout}");
    assert_eq!(again.status.code(), Some(0));
    let second: Vec<_> = DRAFTS.iter().map(|d| copy.bytes(d)).collect();
    assert!(first == second, "the second run changed a file");
    // And --diff agrees: nothing left to do.
    let diff = copy.run(&["--diff", "drafts"]);
    assert_eq!(
        (text(&diff.stdout), diff.status.code()),
        (String::new(), Some(0))
    );
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_files_mode_and_never_touches_a_file_that_is_not_a_draft() {
    use std::os::unix::fs::PermissionsExt;
    let copy = Copy::new("mode");
    fs::set_permissions(copy.draft("crlf.md"), fs::Permissions::from_mode(0o640)).unwrap();
    let notes_before = fs::metadata(copy.draft("notes.md")).unwrap();
    let out = copy.run(&["--fix", "drafts"]);
    assert_eq!(out.status.code(), Some(0));
    let mode = fs::metadata(copy.draft("crlf.md"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o7777, 0o640);
    assert_eq!(
        copy.bytes("notes.md"),
        fs::read(Path::new(FIXTURES).join("before/notes.md")).unwrap()
    );
    let notes_after = fs::metadata(copy.draft("notes.md")).unwrap();
    assert_eq!(
        notes_before.modified().unwrap(),
        notes_after.modified().unwrap()
    );
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(
            notes_before.ino(),
            notes_after.ino(),
            "notes.md was replaced"
        );
    }
}

#[test]
fn diff_prints_the_golden_diff_exits_1_and_writes_nothing() {
    let copy = Copy::new("diff");
    let before: Vec<_> = DRAFTS.iter().map(|d| copy.bytes(d)).collect();
    let out = copy.run(&["--diff", "drafts"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    golden("diff.golden", &out.stdout);
    assert!(
        text(&out.stderr).contains("Would apply 7 fixes to 4 files"),
        "{}",
        text(&out.stderr)
    );
    let after: Vec<_> = DRAFTS.iter().map(|d| copy.bytes(d)).collect();
    assert!(before == after, "--diff wrote a file");
    // --fix --diff is --diff.
    let both = copy.run(&["--fix", "--diff", "drafts"]);
    assert_eq!((both.stdout, both.status.code()), (out.stdout, Some(1)));
    let after: Vec<_> = DRAFTS.iter().map(|d| copy.bytes(d)).collect();
    assert!(before == after, "--fix --diff wrote a file");
    // A draft with nothing to fix: no diff, exit 0.
    let clean = copy.run(&["--diff", "drafts/clean.md"]);
    assert_eq!(
        (text(&clean.stdout), clean.status.code()),
        (String::new(), Some(0))
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_draft_is_an_error_with_exit_2_and_keeps_its_text() {
    use std::os::unix::fs::PermissionsExt;
    let copy = Copy::new("readonly");
    fs::set_permissions(copy.draft("crlf.md"), fs::Permissions::from_mode(0o444)).unwrap();
    let out = copy.run(&["--fix", "drafts"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("drafts/crlf.md: is read-only; not rewritten"),
        "{stderr}"
    );
    assert_eq!(
        copy.bytes("crlf.md"),
        fs::read(Path::new(FIXTURES).join("before/crlf.md")).unwrap()
    );
    // The others were still fixed, and no temporary file was left behind.
    assert!(text(&copy.bytes("lf.md")).contains("Hi Sarah,"));
    assert_eq!(copy.names().len(), DRAFTS.len(), "{:?}", copy.names());
    // The unfixed draft's findings are still reported.
    assert!(
        text(&out.stdout).contains("frontmatter.unknown-channel"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn fix_on_stdin_prints_the_fixed_draft_to_stdout() {
    let input = fs::read(Path::new(FIXTURES).join("before/crlf.md")).unwrap();
    let run = |args: &[&str], input: &[u8]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sendwell"))
            .arg("check")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        // A usage error exits before reading: the pipe may be closed.
        let _ = child.stdin.take().unwrap().write_all(input);
        child.wait_with_output().unwrap()
    };
    let out = run(&["--fix", "-"], &input);
    assert_eq!(
        out.stdout,
        fs::read(Path::new(FIXTURES).join("after/crlf.md")).unwrap()
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("Fixed -: 3 fixes"),
        "{}",
        text(&out.stderr)
    );
    // With another path there is no single place for the fixed text: a usage error.
    let out = run(&["--fix", "-", "tests/fixtures/fix/before"], &input);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("must be the only path"));
}

#[test]
fn fix_keeps_a_machine_report_clean_and_fixes_only_the_selected_rules() {
    let copy = Copy::new("select");
    let out = copy.run(&[
        "--fix",
        "--select",
        "frontmatter",
        "--format",
        "json",
        "drafts",
    ]);
    // What was fixed goes to stderr; stdout stays one JSON report.
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(report["summary"]["drafts"], 5);
    assert!(
        text(&out.stderr).contains("Fixed drafts/crlf.md: 2 fixes"),
        "{}",
        text(&out.stderr)
    );
    // The channel and key were fixed; the greeting (personalization) was not selected.
    let crlf = text(&copy.bytes("crlf.md"));
    assert!(
        crlf.contains("channel: inmail\r\nto: Sarah Chen\r\nsubject: "),
        "{crlf:?}"
    );
    assert!(!crlf.contains("Hi Sarah"), "{crlf:?}");
    assert_eq!(
        copy.bytes("lf.md"),
        fs::read(Path::new(FIXTURES).join("before/lf.md")).unwrap()
    );
}

#[cfg(unix)]
#[test]
fn a_draft_named_twice_through_a_link_is_fixed_once() {
    let copy = Copy::new("twice-named");
    std::os::unix::fs::symlink("crlf.md", copy.draft("link.md")).unwrap();
    let out = copy.run(&["--fix", "drafts/crlf.md", "drafts/link.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        copy.bytes("crlf.md"),
        fs::read(Path::new(FIXTURES).join("after/crlf.md")).unwrap()
    );
    assert!(fs::symlink_metadata(copy.draft("link.md"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn check_help_documents_fix_and_diff() {
    let out = Command::new(env!("CARGO_BIN_EXE_sendwell"))
        .args(["check", "--help"])
        .output()
        .unwrap();
    let help = text(&out.stdout);
    for part in [
        "--fix",
        "--diff",
        "atomically",
        "exit 1 when something would",
    ] {
        assert!(help.contains(part), "{part:?} not in {help}");
    }
}
