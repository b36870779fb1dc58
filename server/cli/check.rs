//! `sendwell check [PATH...]`: lint drafts in files and folders, report like a compiler.
//!
//! Exit status: 0 when no finding reaches the gate (`--error-on`, default error), 1 when one
//! does, 2 on usage or I/O errors (files that cannot be read are reported by name and the others
//! are still checked).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;

use super::gates::Gates;
use super::{fix, github, sarif, write_back};
use crate::config_file;
use crate::engine::analyze;
use crate::engine::config::Config;
use crate::engine::finding::{Finding, Severity};
use crate::engine::sequence::{DraftFacts, Index, Params};
use crate::engine::size;
use crate::text::{Encoding, LineIndex};
use crate::workspace::exclude::Exclusions;
use crate::workspace::walk;

/// What one run found, in the shape `docs/check-json.schema.json` describes.
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
    /// Other places that explain the finding (the other drafts of a sequence, say).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<JsonRelated>,
}

#[derive(Serialize)]
pub struct JsonRelated {
    pub path: String,
    pub message: String,
    /// `None` when the file was not among those checked.
    pub range: Option<JsonRange>,
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

/// How `check` prints what it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Like a compiler: each finding with its source line.
    Human,
    /// One JSON object (`docs/check-json.schema.json`).
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

pub fn run(paths: &[PathBuf], format: Format, gates: &Gates, mode: fix::Mode) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && paths.len() > 1 && mode == fix::Mode::Fix {
        eprintln!(
            "error: “--fix” with “-” prints the fixed draft to standard output, so “-” must be \
             the only path"
        );
        return ExitCode::from(2);
    }
    let mut report = Report {
        version: 1,
        ..Default::default()
    };
    let renderer = Renderer::styled();
    let mut configs = config_file::Cache::default();
    // The cross-file rules see all drafts at once: they use the settings of the folder the
    // check runs in. Each draft's own rules use the `sendwell.toml` nearest to it.
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config = config_for_dir(&cwd, &mut configs, &mut report);
    report.errors.extend(gates.unknown_rules(&config));
    let mut files = read_files(&paths, size::max_bytes(&config), &mut report);
    match mode {
        fix::Mode::Report => {}
        fix::Mode::Diff => return print_diffs(&files, gates, &mut configs, &mut report),
        fix::Mode::Fix if stdin => {
            return fix_stdin(&files, gates, &mut configs, &mut report);
        }
        fix::Mode::Fix => {
            // Fix lines go where they do not spoil a machine-read report.
            let to_stdout = format == Format::Human;
            fix_files(&mut files, gates, &mut configs, &mut report, to_stdout);
        }
    }
    let cross = cross_file_findings(&files, &config);
    for (path, text) in &files {
        let others = cross.findings(path);
        let config = config_for(path, &mut configs, &mut report);
        check_file(
            path,
            text,
            others,
            &files,
            &config,
            gates,
            &mut report,
            (format == Format::Human).then_some(&renderer),
        );
    }
    report.summary.unreadable = report.errors.len();
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serializes")
        );
    } else if format == Format::Github {
        print!("{}", github::commands(&report));
        print_summary(&report.summary);
    } else if format == Format::Sarif {
        let texts = files
            .iter()
            .map(|(p, t)| (display(p), t.as_str()))
            .collect();
        println!("{}", sarif::log(&report, &texts, &cwd, &config));
    } else {
        print_errors(&report);
        print_summary(&report.summary);
    }
    exit_code(&report, gates)
}

/// `--diff`: each draft's safe fixes as a unified diff on standard output; nothing is written.
/// Exit 1 when something would change, as `ruff check --diff` does; 2 on unreadable files.
fn print_diffs(
    files: &BTreeMap<PathBuf, String>,
    gates: &Gates,
    configs: &mut config_file::Cache,
    report: &mut Report,
) -> ExitCode {
    let (mut fixes, mut changed) = (0, 0);
    for (path, text) in files {
        let config = config_for(path, configs, report);
        if let Some(fixed) = fix::fix_text(text, &config, gates) {
            print!("{}", fix::unified_diff(&display(path), text, &fixed.text));
            fixes += fixed.rules.len();
            changed += 1;
        }
    }
    print_errors(report);
    if changed == 0 {
        eprintln!("No safe fixes to apply.");
    } else {
        eprintln!(
            "Would apply {fixes} fix{} to {changed} file{} (run with --fix to write them).",
            if fixes == 1 { "" } else { "es" },
            if changed == 1 { "" } else { "s" }
        );
    }
    if !report.errors.is_empty() {
        ExitCode::from(2)
    } else if changed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--fix`: writes each draft's safe fixes back to its file (`write_back`) and says what it
/// changed; `files` then holds the text on disk, for the check that follows. A file that cannot
/// be written is an error and keeps its text.
fn fix_files(
    files: &mut BTreeMap<PathBuf, String>,
    gates: &Gates,
    configs: &mut config_file::Cache,
    report: &mut Report,
    to_stdout: bool,
) {
    let say = |line: String| {
        if to_stdout {
            println!("{line}");
        } else {
            eprintln!("{line}");
        }
    };
    let (mut fixes, mut changed) = (0, 0);
    // A file named twice (itself and through a link) is written once; its other name then
    // checks the fixed text.
    let mut written: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (path, text) in files.iter_mut() {
        let target = std::fs::canonicalize(path).ok();
        if let Some(done) = target.as_ref().and_then(|t| written.get(t)) {
            *text = done.clone();
            continue;
        }
        let config = config_for(path, configs, report);
        let Some(fixed) = fix::fix_text(text, &config, gates) else {
            continue;
        };
        match write_back::replace(path, text, &fixed.text) {
            Ok(()) => {
                if let Some(target) = target {
                    written.insert(target, fixed.text.clone());
                }
                say(format!(
                    "Fixed {}: {}",
                    display(path),
                    fix::summary(&fixed.rules)
                ));
                fixes += fixed.rules.len();
                changed += 1;
                *text = fixed.text;
            }
            Err(message) => report.errors.push(FileError {
                path: display(path),
                message,
            }),
        }
    }
    if changed > 0 {
        say(format!(
            "Applied {fixes} fix{} to {changed} file{}; checking again.",
            if fixes == 1 { "" } else { "es" },
            if changed == 1 { "" } else { "s" }
        ));
    }
}

/// `check --fix -`: the fixed draft on standard output (the text as it was when nothing is
/// fixable), as `ruff check --fix -` does, so an editor or a pipe can take it; what was fixed
/// and what remains go to standard error, and the exit code is the remaining findings' gate.
fn fix_stdin(
    files: &BTreeMap<PathBuf, String>,
    gates: &Gates,
    configs: &mut config_file::Cache,
    report: &mut Report,
) -> ExitCode {
    let Some((path, text)) = files.iter().next() else {
        print_errors(report);
        return ExitCode::from(2);
    };
    let config = config_for(path, configs, report);
    let fixed = fix::fix_text(text, &config, gates);
    let out = fixed.as_ref().map_or(text.as_str(), |f| f.text.as_str());
    print!("{out}");
    if let Some(fixed) = &fixed {
        eprintln!("Fixed -: {}", fix::summary(&fixed.rules));
    }
    let only = BTreeMap::from([(path.clone(), out.to_string())]);
    check_file(path, out, vec![], &only, &config, gates, report, None);
    report.summary.unreadable = report.errors.len();
    print_errors(report);
    eprintln!("{}", summary_line(&report.summary));
    exit_code(report, gates)
}

fn exit_code(report: &Report, gates: &Gates) -> ExitCode {
    if !report.errors.is_empty() {
        ExitCode::from(2)
    } else if gates.fails(&report.summary) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_errors(report: &Report) {
    let renderer = Renderer::styled();
    for e in &report.errors {
        anstream::eprintln!(
            "{}",
            renderer.render(&[annotate_snippets::Group::with_title(
                Level::ERROR.primary_title(format!("{}: {}", e.path, e.message))
            )])
        );
    }
}

/// Every file to check under `paths`, read once: the cross-file rules need all of them before
/// any can be reported. Unreadable files are recorded and left out. `-` is standard input; any
/// other path that is not a folder is read as named, even a pipe (`<(cat draft.md)`).
fn read_files(
    paths: &[PathBuf],
    max_bytes: usize,
    report: &mut Report,
) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    for path in paths {
        if files.contains_key(path) {
            continue;
        }
        if path.as_os_str() == "-" {
            let read = crate::fs_read::read_stdin(max_bytes);
            keep_or_report(path, read, &mut files, report);
            continue;
        }
        if !path.exists() {
            report.errors.push(FileError {
                path: display(path),
                message: "no such file or folder".into(),
            });
            continue;
        }
        if !path.is_dir() {
            let read = crate::fs_read::read_named(path, max_bytes);
            keep_or_report(path, read, &mut files, report);
            continue;
        }
        let found = walk::draft_files(path, &Exclusions::for_roots(std::slice::from_ref(path)));
        for (_, message) in found.errors {
            report.errors.push(FileError {
                path: display(path),
                message,
            });
        }
        for file in found.files {
            if files.contains_key(&file) {
                continue;
            }
            // Capped: a 50 MB log must not stall the run or hold its memory.
            let read = crate::fs_read::read_capped_to(&file, max_bytes);
            keep_or_report(&file, read, &mut files, report);
        }
    }
    files
}

fn keep_or_report(
    path: &Path,
    read: Result<String, crate::fs_read::ReadError>,
    files: &mut BTreeMap<PathBuf, String>,
    report: &mut Report,
) {
    match read {
        Ok(text) => {
            files.insert(path.to_path_buf(), text);
        }
        Err(e) => report.errors.push(FileError {
            path: display(path),
            message: e.to_string(),
        }),
    }
}

/// The `sendwell.toml` that governs `file` (the nearest one above it).
fn config_for(file: &Path, configs: &mut config_file::Cache, report: &mut Report) -> Config {
    let dir = std::path::absolute(file)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    config_for_dir(&dir, configs, report)
}

/// The settings for drafts in `dir`. Problems in the config file are reported once, as errors
/// naming the file and line; the defaults apply meanwhile.
fn config_for_dir(dir: &Path, configs: &mut config_file::Cache, report: &mut Report) -> Config {
    let (loaded, fresh) = configs.for_dir(dir);
    if fresh {
        for p in &loaded.problems {
            report.errors.push(FileError {
                path: display(Path::new(&p.path)),
                message: format!("line {}, column {}: {}", p.line, p.column, p.message),
            });
        }
    }
    loaded.config.clone()
}

/// The sequence and volume findings over all the drafts given.
fn cross_file_findings(files: &BTreeMap<PathBuf, String>, config: &Config) -> Index {
    let params = Params::builtin();
    let k = params.shingle_words;
    let facts = files
        .iter()
        .filter_map(|(path, text)| DraftFacts::extract(path.clone(), text, k));
    Index::build(params, config.clone(), facts)
}

fn check_file(
    path: &Path,
    text: &str,
    cross: Vec<Finding>,
    files: &BTreeMap<PathBuf, String>,
    config: &Config,
    gates: &Gates,
    report: &mut Report,
    human: Option<&Renderer>,
) {
    let name = display(path);
    let Some(analysis) = analyze(text, config) else {
        report.summary.skipped += 1;
        return;
    };
    report.summary.drafts += 1;
    let mut findings = analysis.findings.clone();
    // A related place with no path is in this draft (another rule on the same text).
    for r in findings.iter_mut().flat_map(|f| f.related.iter_mut()) {
        if r.path.as_os_str().is_empty() {
            r.path = path.to_path_buf();
        }
    }
    findings.extend(cross);
    findings.retain(|f| gates.selects(&f.rule));
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    let index = LineIndex::new(text);
    for f in &findings {
        match f.severity {
            Severity::Error => report.summary.errors += 1,
            Severity::Warning => report.summary.warnings += 1,
            Severity::Info => report.summary.infos += 1,
            Severity::Hint => report.summary.hints += 1,
        }
        if let Some(renderer) = human {
            anstream::println!("{}", render_finding(renderer, &name, text, f, files));
        }
    }
    report.files.push(FileReport {
        path: name,
        channel: analysis.channel.as_ref().map(|c| c.id.clone()),
        findings: findings
            .iter()
            .map(|f| json_finding(f, text, &index, files))
            .collect(),
    });
}

fn render_finding(
    renderer: &Renderer,
    path: &str,
    text: &str,
    f: &Finding,
    files: &BTreeMap<PathBuf, String>,
) -> String {
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::HELP.with_name("hint"),
    };
    let own = Excerpt::around(text, &f.range);
    let mut group = level
        .primary_title(f.message.as_str())
        .id(f.rule.as_str())
        .element(
            Snippet::source(own.text)
                .line_start(own.first_line)
                .path(path)
                .annotation(AnnotationKind::Primary.span(own.span)),
        );
    for r in &f.related {
        if let Some(other) = files.get(&r.path) {
            let related = Excerpt::around(other, &r.range);
            group = group.element(
                Snippet::source(related.text)
                    .line_start(related.first_line)
                    .path(display(&r.path))
                    .annotation(
                        AnnotationKind::Context
                            .span(related.span)
                            .label(r.message.as_str()),
                    ),
            );
        }
    }
    renderer.render(&[group])
}

/// The whole lines a span is on, numbered as in the file: the snippet renderer gets only these,
/// so a report costs what its findings' lines cost, not the file's length per finding.
struct Excerpt<'t> {
    text: &'t str,
    /// 1-based, as the renderer counts (lines end at `\n`).
    first_line: usize,
    /// The span, relative to `text`.
    span: std::ops::Range<usize>,
}

/// Bytes kept either side of a span on a very long line.
const LONG_LINE_CONTEXT: usize = 2048;

impl<'t> Excerpt<'t> {
    fn around(text: &'t str, range: &std::ops::Range<usize>) -> Excerpt<'t> {
        let span = span_in(text, range);
        let bytes = text.as_bytes();
        let start = memchr::memrchr(b'\n', &bytes[..span.start]).map_or(0, |i| i + 1);
        // With its line break, so the renderer sees a `\r\n` as one, as in the whole file.
        let end =
            memchr::memchr(b'\n', &bytes[span.end..]).map_or(text.len(), |i| span.end + i + 1);
        // Lines before the excerpt, counted with SIMD: cheap next to rendering a whole file.
        let first_line = memchr::memchr_iter(b'\n', &bytes[..start]).count() + 1;
        // On a line of megabytes (a paste), only the neighbourhood of the span: the terminal
        // shows no more than that of it anyway.
        let start = start.max(crate::text::floor_char_boundary(
            text,
            span.start.saturating_sub(LONG_LINE_CONTEXT),
        ));
        let mut cut_end = (span.end + LONG_LINE_CONTEXT).min(end);
        while !text.is_char_boundary(cut_end) {
            cut_end += 1;
        }
        let end = if end - start > 2 * LONG_LINE_CONTEXT {
            cut_end
        } else {
            end
        };
        Excerpt {
            text: &text[start..end],
            first_line,
            span: span.start - start..span.end - start,
        }
    }
}

/// `range` clamped into `text` on character boundaries; an empty range still gets a caret.
fn span_in(text: &str, range: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(range.start);
    start..floor(range.end).max(start)
}

fn json_finding(
    f: &Finding,
    text: &str,
    index: &LineIndex,
    files: &BTreeMap<PathBuf, String>,
) -> JsonFinding {
    JsonFinding {
        rule: f.rule.clone(),
        severity: f.severity,
        message: f.message.clone(),
        range: json_range(text, index, &f.range),
        related: f
            .related
            .iter()
            .map(|r| JsonRelated {
                path: display(&r.path),
                message: r.message.clone(),
                range: files
                    .get(&r.path)
                    .map(|t| json_range(t, &LineIndex::new(t), &r.range)),
            })
            .collect(),
    }
}

fn json_range(text: &str, index: &LineIndex, range: &std::ops::Range<usize>) -> JsonRange {
    let pos = |offset: usize| {
        let lc = index.line_col(text, offset, Encoding::Chars);
        JsonPos {
            line: lc.line + 1,
            column: lc.col + 1,
            offset,
        }
    };
    JsonRange {
        start: pos(range.start),
        end: pos(range.end),
    }
}

fn print_summary(s: &Summary) {
    println!("{}", summary_line(s));
}

/// "Checked 3 drafts: 1 error, 2 warnings.", with what was skipped or unreadable.
fn summary_line(s: &Summary) -> String {
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
    if s.drafts + s.skipped + s.unreadable == 0 {
        // Say why nothing was checked: a wrong path or a folder of other files passes silently
        // otherwise.
        return "Checked 0 drafts: no .md, .markdown or .txt files were found.".into();
    }
    let drafts = if s.drafts == 1 { "draft" } else { "drafts" };
    let mut line = format!("Checked {} {drafts}: {found}.", s.drafts);
    if s.skipped > 0 {
        line.push_str(&format!(
            " Skipped {} file{} without a “channel:” front-matter.",
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
    line
}

pub(crate) fn display(path: &Path) -> String {
    path.strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::finding::{Finding, Severity};

    /// What rendering the whole file gives, as `check` did before excerpts.
    fn whole_file(text: &str, f: &Finding) -> String {
        let group = Level::WARNING
            .primary_title(f.message.as_str())
            .id(f.rule.as_str())
            .element(
                Snippet::source(text)
                    .path("d.md")
                    .annotation(AnnotationKind::Primary.span(span_in(text, &f.range))),
            );
        Renderer::plain().render(&[group])
    }

    #[test]
    fn excerpts_render_exactly_as_the_whole_file_and_hold_only_the_spans_lines() {
        let text = "---\r\nchannel: dm\r\n---\r\nline one\r\nemoji 👋 陈 here\nlast\rlone cr\nend";
        let files = BTreeMap::new();
        let at = |s: &str| text.find(s).unwrap();
        for range in [
            0..3,
            at("one")..at("one") + 3,
            at("👋")..at("陈") + 3,
            at("line")..at("here"),
            at("lone")..at("lone") + 4,
            at("end")..text.len(),
            text.len()..text.len(),
        ] {
            let f = Finding::new("spam.x", Severity::Warning, range.clone(), "m");
            let cut = render_finding(&Renderer::plain(), "d.md", text, &f, &files);
            assert_eq!(cut, whole_file(text, &f), "{range:?}");
        }
        // Line 2,000 of 3,000: the renderer gets that line and is told its number.
        let long: String = (1..=3000).map(|i| format!("line {i}\n")).collect();
        let start = long.find("line 2000\n").unwrap();
        let e = Excerpt::around(&long, &(start..start + 4));
        assert_eq!((e.text, e.first_line, e.span), ("line 2000\n", 2000, 0..4));
    }
}
