//! `sendwell check [PATH...]`: lint drafts in files and folders, report like a compiler.
//!
//! Exit status: 0 when no finding is an error, 1 when one is, 2 on usage or I/O errors (files
//! that cannot be read are reported by name and the others are still checked).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;

use crate::engine::analyze;
use crate::engine::config::Config;
use crate::engine::finding::{Finding, Severity};
use crate::text::{Encoding, LineIndex};

/// File extensions looked at when walking a folder. Files named on the command line are always read.
const DRAFT_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "text"];

/// What one run found, in the JSON schema's shape (`docs/json-output.md`).
#[derive(Serialize, Default)]
pub struct Report {
    pub version: u32,
    pub files: Vec<FileReport>,
    pub errors: Vec<FileError>,
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct FileReport {
    pub path: String,
    pub channel: Option<String>,
    pub findings: Vec<JsonFinding>,
}

#[derive(Serialize)]
pub struct JsonFinding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub range: JsonRange,
}

#[derive(Serialize)]
pub struct JsonRange {
    pub start: JsonPos,
    pub end: JsonPos,
}

/// A position: `line` and `column` count from 1, columns in Unicode characters; `offset` is the
/// byte offset from the start of the file.
#[derive(Serialize)]
pub struct JsonPos {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
}

#[derive(Serialize)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

#[derive(Serialize, Default)]
pub struct Summary {
    pub drafts: usize,
    pub skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    pub unreadable: usize,
}

pub fn run(paths: &[PathBuf], json: bool) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut report = Report {
        version: 1,
        ..Default::default()
    };
    let renderer = Renderer::styled();
    for path in &paths {
        if !path.exists() {
            report.errors.push(FileError {
                path: display(path),
                message: "no such file or folder".into(),
            });
            continue;
        }
        for file in files_under(path, &mut report) {
            check_file(&file, &mut report, (!json).then_some(&renderer));
        }
    }
    report.summary.unreadable = report.errors.len();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serializes")
        );
    } else {
        for e in &report.errors {
            anstream::eprintln!(
                "{}",
                renderer.render(&[annotate_snippets::Group::with_title(
                    Level::ERROR.primary_title(format!("{}: {}", e.path, e.message))
                )])
            );
        }
        print_summary(&report.summary);
    }
    if !report.errors.is_empty() {
        ExitCode::from(2)
    } else if report.summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The files to read under `path`: itself if it is a file, else the draft-like files in the
/// folder, honouring `.gitignore` and `.ignore` (inside a Git repository or not).
fn files_under(path: &Path, report: &mut Report) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    for entry in ignore::WalkBuilder::new(path).require_git(false).build() {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let ext = e
                    .path()
                    .extension()
                    .and_then(|x| x.to_str())
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if DRAFT_EXTENSIONS.contains(&ext.as_str()) {
                    out.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(err) => report.errors.push(FileError {
                path: display(path),
                message: err.to_string(),
            }),
        }
    }
    out.sort();
    out
}

fn check_file(path: &Path, report: &mut Report, human: Option<&Renderer>) {
    let name = display(path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            report.errors.push(FileError {
                path: name,
                message: format!("cannot read: {err}"),
            });
            return;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            report.errors.push(FileError {
                path: name,
                message: format!("not UTF-8 text (invalid byte at offset {at}); save it as UTF-8"),
            });
            return;
        }
    };
    let config = Config::default();
    let Some(analysis) = analyze(&text, &config) else {
        report.summary.skipped += 1;
        return;
    };
    report.summary.drafts += 1;
    let index = LineIndex::new(&text);
    for f in &analysis.findings {
        match f.severity {
            Severity::Error => report.summary.errors += 1,
            Severity::Warning => report.summary.warnings += 1,
            Severity::Info => report.summary.infos += 1,
            Severity::Hint => report.summary.hints += 1,
        }
        if let Some(renderer) = human {
            anstream::println!("{}", render_finding(renderer, &name, &text, f));
        }
    }
    report.files.push(FileReport {
        path: name,
        channel: analysis.channel.as_ref().map(|c| c.id.clone()),
        findings: analysis
            .findings
            .iter()
            .map(|f| json_finding(f, &text, &index))
            .collect(),
    });
}

fn render_finding(renderer: &Renderer, path: &str, text: &str, f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::HELP.with_name("hint"),
    };
    // An empty range still deserves a caret.
    let span = if f.range.is_empty() {
        f.range.start..f.range.start
    } else {
        f.range.clone()
    };
    let report = [level
        .primary_title(f.message.as_str())
        .id(f.rule.as_str())
        .element(
            Snippet::source(text)
                .path(path)
                .annotation(AnnotationKind::Primary.span(span)),
        )];
    renderer.render(&report)
}

fn json_finding(f: &Finding, text: &str, index: &LineIndex) -> JsonFinding {
    let pos = |offset: usize| {
        let lc = index.line_col(text, offset, Encoding::Chars);
        JsonPos {
            line: lc.line + 1,
            column: lc.col + 1,
            offset,
        }
    };
    JsonFinding {
        rule: f.rule.clone(),
        severity: f.severity,
        message: f.message.clone(),
        range: JsonRange {
            start: pos(f.range.start),
            end: pos(f.range.end),
        },
    }
}

fn print_summary(s: &Summary) {
    let mut parts = vec![];
    for (n, what) in [
        (s.errors, "error"),
        (s.warnings, "warning"),
        (s.infos, "info"),
        (s.hints, "hint"),
    ] {
        if n > 0 {
            parts.push(format!(
                "{n} {what}{}",
                if n == 1 || what == "info" { "" } else { "s" }
            ));
        }
    }
    let found = if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    };
    let drafts = if s.drafts == 1 { "draft" } else { "drafts" };
    let mut line = format!("Checked {} {drafts}: {found}.", s.drafts);
    if s.skipped > 0 {
        line.push_str(&format!(
            " Skipped {} file{} without a `channel:` front-matter.",
            s.skipped,
            if s.skipped == 1 { "" } else { "s" }
        ));
    }
    if s.unreadable > 0 {
        line.push_str(&format!(
            " {} file{} could not be read.",
            s.unreadable,
            if s.unreadable == 1 { "" } else { "s" }
        ));
    }
    println!("{line}");
}

fn display(path: &Path) -> String {
    path.strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string()
}
