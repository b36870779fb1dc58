//! `check --format sarif`: the run as a SARIF 2.1.0 log (the format code-scanning dashboards
//! read), built with `serde-sarif`'s types. Regions count columns in UTF-16 code units, SARIF's
//! default `columnKind`, so an emoji before a finding moves it two columns, as editors show it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::json;
use serde_sarif::sarif;

use crate::engine::card;
use crate::engine::catalog::{RuleDoc, BUILTIN};
use crate::engine::config::Config;
use crate::engine::finding::Severity;
use crate::text::{Encoding, LineIndex};

use super::check::{FileError, JsonFinding, JsonRange, Report};

/// The official schema's address: the errata version, as `tests/fixtures/sarif/` vendors it.
const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Relative artifact URIs are relative to the folder the check ran in; SARIF consumers such as
/// GitHub code scanning resolve this base to the repository checkout.
const SRCROOT: &str = "%SRCROOT%";

/// The SARIF log of one run. `texts` holds each checked file's text by its report path (for the
/// UTF-16 columns); `cwd` makes absolute paths relative; `config` brings user packs' rule text.
pub fn log(report: &Report, texts: &BTreeMap<String, &str>, cwd: &Path, config: &Config) -> String {
    let mut rules = Rules::new(
        BUILTIN
            .rules
            .iter()
            .chain(config.user_packs.iter().flat_map(|p| p.rules.iter())),
    );
    let places = Places { texts, cwd };
    let mut results = vec![];
    for file in &report.files {
        let index = texts.get(&file.path).map(|t| LineIndex::new(t));
        for f in &file.findings {
            results.push(result(f, &file.path, index.as_ref(), &places, &mut rules));
        }
    }
    let invocation = sarif::Invocation::builder()
        .execution_successful(report.errors.is_empty())
        .tool_execution_notifications(
            report
                .errors
                .iter()
                .map(|e| notification(e, &places))
                .collect::<Vec<_>>(),
        )
        .build();
    let driver = sarif::ToolComponent::builder()
        .name("Sendwell")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(rules.descriptors)
        .build();
    let run = sarif::Run::builder()
        .tool(driver)
        .results(results)
        .invocations(vec![invocation])
        .column_kind(json!("utf16CodeUnits"))
        // Our line breaks (`text::LineIndex`) include a lone CR; SARIF's default list does not.
        .newline_sequences(vec!["\r\n".to_string(), "\n".to_string(), "\r".to_string()])
        .build();
    let log = sarif::Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).expect("SARIF serializes")
}

/// The rule descriptors in the log, and where each rule ID sits among them.
struct Rules {
    descriptors: Vec<sarif::ReportingDescriptor>,
    index: HashMap<String, usize>,
}

impl Rules {
    fn new<'r>(docs: impl Iterator<Item = &'r RuleDoc>) -> Rules {
        let mut rules = Rules {
            descriptors: vec![],
            index: HashMap::new(),
        };
        for doc in docs {
            if !rules.index.contains_key(&doc.id) {
                rules.push(doc.id.clone(), descriptor(doc));
            }
        }
        rules
    }

    fn push(&mut self, id: String, descriptor: sarif::ReportingDescriptor) -> usize {
        let at = self.descriptors.len();
        self.descriptors.push(descriptor);
        self.index.insert(id, at);
        at
    }

    /// The index of `id`; a rule from a pack this log has no text for gets a bare descriptor.
    fn index_of(&mut self, id: &str) -> usize {
        match self.index.get(id) {
            Some(&at) => at,
            None => self.push(
                id.to_string(),
                sarif::ReportingDescriptor::builder().id(id).build(),
            ),
        }
    }
}

fn descriptor(doc: &RuleDoc) -> sarif::ReportingDescriptor {
    let builtin = BUILTIN.get(&doc.id).is_some();
    let help = sarif::MultiformatMessageString::builder()
        .text(one_paragraph(&doc.fix))
        .markdown(doc.markdown())
        .build();
    let level = sarif::ReportingConfiguration::builder()
        .level(json!(level(doc.severity)))
        .build();
    let builder = sarif::ReportingDescriptor::builder()
        .id(doc.id.clone())
        .short_description(&doc.title)
        .full_description(&one_paragraph(&doc.why))
        .help(help)
        .default_configuration(level);
    if builtin {
        builder.help_uri(card::docs_url(doc)).build()
    } else {
        builder.build()
    }
}

/// Rule text is wrapped in the packs; a SARIF viewer shows it as one paragraph per blank line.
fn one_paragraph(s: &str) -> String {
    s.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn result_level(severity: Severity) -> sarif::ResultLevel {
    match severity {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Info | Severity::Hint => sarif::ResultLevel::Note,
    }
}

fn result(
    f: &JsonFinding,
    path: &str,
    index: Option<&LineIndex>,
    places: &Places,
    rules: &mut Rules,
) -> sarif::Result {
    let rule_index = rules.index_of(&f.rule);
    let location = places.location(path, index, Some(&f.range));
    let related: Vec<sarif::Location> = f
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let index = places.texts.get(&r.path).map(|t| LineIndex::new(t));
            let mut location = places.location(&r.path, index.as_ref(), r.range.as_ref());
            location.id = Some(i as i64);
            location.message = Some((&r.message).into());
            location
        })
        .collect();
    let builder = sarif::Result::builder()
        .rule_id(f.rule.clone())
        .rule_index(rule_index as i64)
        .level(result_level(f.severity))
        .message(&f.message)
        .locations(vec![location]);
    if related.is_empty() {
        builder.build()
    } else {
        builder.related_locations(related).build()
    }
}

fn notification(e: &FileError, places: &Places) -> sarif::Notification {
    sarif::Notification::builder()
        .level(json!("error"))
        .message(&e.message)
        .locations(vec![places.location(&e.path, None, None)])
        .build()
}

/// Turns report paths and ranges into SARIF locations.
struct Places<'a> {
    texts: &'a BTreeMap<String, &'a str>,
    cwd: &'a Path,
}

impl Places<'_> {
    fn location(
        &self,
        path: &str,
        index: Option<&LineIndex>,
        range: Option<&JsonRange>,
    ) -> sarif::Location {
        let mut physical = sarif::PhysicalLocation::builder()
            .artifact_location(self.artifact(path))
            .build();
        if let (Some(range), Some(index), Some(text)) = (range, index, self.texts.get(path)) {
            physical.region = Some(region(text, index, range));
        }
        sarif::Location::builder()
            .physical_location(physical)
            .build()
    }

    /// A relative URI (against the check's folder) when the path is under it; otherwise an
    /// absolute `file:` URI.
    fn artifact(&self, path: &str) -> sarif::ArtifactLocation {
        let p = Path::new(path);
        let relative = if p.is_absolute() {
            p.strip_prefix(self.cwd).ok()
        } else {
            Some(p)
        };
        match relative {
            Some(rel) => sarif::ArtifactLocation::builder()
                .uri(uri_path(rel))
                .uri_base_id(SRCROOT)
                .build(),
            None => sarif::ArtifactLocation::builder()
                .uri(format!("file://{}", uri_path(p)))
                .build(),
        }
    }
}

/// SARIF lines and columns count from 1; end columns point just past the region; columns are
/// UTF-16 code units. Byte offsets are given too, as they are unambiguous.
fn region(text: &str, index: &LineIndex, range: &JsonRange) -> sarif::Region {
    let at = |offset: usize| index.line_col(text, offset, Encoding::Utf16);
    let (start, end) = (at(range.start.offset), at(range.end.offset));
    sarif::Region::builder()
        .start_line(start.line as i64 + 1)
        .start_column(start.col as i64 + 1)
        .end_line(end.line as i64 + 1)
        .end_column(end.col as i64 + 1)
        .byte_offset(range.start.offset as i64)
        .byte_length(range.end.offset.saturating_sub(range.start.offset) as i64)
        .build()
}

/// A path as a URI path: `/` between segments, every byte outside RFC 3986's unreserved set
/// percent-encoded (a space, `#` or `%` in a file name must not change what the URI names).
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    let segments: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 && !out.ends_with('/') {
            out.push('/');
        }
        if segment == "/" || segment == "\\" {
            out.push('/');
            continue;
        }
        for b in segment.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::card::heading_anchor;

    #[test]
    fn anchors_match_github_headings() {
        assert_eq!(
            heading_anchor("frontmatter.unknown-channel: Unknown channel"),
            "frontmatterunknown-channel-unknown-channel"
        );
        assert_eq!(
            heading_anchor("limit.body: Message over the channel's limit"),
            "limitbody-message-over-the-channels-limit"
        );
    }

    #[test]
    fn uri_paths_encode_what_is_not_unreserved() {
        assert_eq!(
            uri_path(Path::new("drafts/q3 #2/50%.md")),
            "drafts/q3%20%232/50%25.md"
        );
        assert_eq!(uri_path(Path::new("/tmp/x.md")), "/tmp/x.md");
        assert_eq!(uri_path(Path::new("../Ünï.md")), "../%C3%9Cn%C3%AF.md");
    }
}
