//! The live counter (`247/300 · 46 words · grade 6`) at the end of the front-matter's closing
//! line: an inlay hint, or a code lens for clients without inlay hints.

use serde_json::Value;
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeLens, CodeLensOptions, Command, InlayHint, InlayHintLabel,
    InlayHintLabelPart, InlayHintServerCapabilities, InlayHintTooltip, OneOf, Range,
    ServerCapabilities, Uri,
};

use super::convert::Positions;
use crate::engine::config::Config;
use crate::engine::{metrics, Analysis};

/// Offers inlay hints to clients that take them, and the same text as a code lens to the rest.
pub fn advertise(caps: &mut ServerCapabilities, client: &ClientCapabilities) {
    if supports_inlay_hints(client) {
        caps.inlay_hint_provider = Some(OneOf::Right(InlayHintServerCapabilities::Options(
            Default::default(),
        )));
    } else {
        caps.code_lens_provider = Some(CodeLensOptions {
            resolve_provider: Some(false),
        });
    }
}

pub fn supports_inlay_hints(client: &ClientCapabilities) -> bool {
    client
        .text_document
        .as_ref()
        .and_then(|t| t.inlay_hint.as_ref())
        .is_some()
}

/// The counter's place and text: the end of the closing `---` line. `None` while the
/// front-matter is unclosed, since the body has not started.
fn counter(a: &Analysis, config: &Config) -> Option<(usize, String, String)> {
    let close = a.draft.block.close_line.as_ref()?;
    let stats = a.stats(config);
    let tooltip = format!(
        "Counted as {} ({}). Reading time about {}.",
        a.channel.as_ref().map_or("characters", |c| c.name.as_str()),
        stats.unit,
        metrics::reading_time_label(stats.words)
    );
    Some((close.end, metrics::counter_label(&stats), tooltip))
}

/// The command a click on the counter runs.
const SHOW_STATS: &str = "sendwell.showStats";

pub fn inlay_hints(
    a: &Analysis,
    pos: &Positions,
    range: Range,
    config: &Config,
    uri: &Uri,
) -> Vec<InlayHint> {
    let Some((at, label, tooltip)) = counter(a, config) else {
        return Vec::new();
    };
    let position = pos.position(at);
    if position < range.start || position > range.end {
        return Vec::new();
    }
    vec![InlayHint {
        position,
        // One part with a command, so a click on the counter shows the figures.
        label: InlayHintLabel::LabelParts(vec![InlayHintLabelPart {
            value: label,
            tooltip: None,
            location: None,
            command: Some(Command {
                title: "Show the draft's figures".into(),
                command: SHOW_STATS.into(),
                arguments: Some(vec![Value::String(uri.as_str().to_string())]),
            }),
        }]),
        kind: None,
        text_edits: None,
        tooltip: Some(InlayHintTooltip::String(tooltip)),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }]
}

/// What clicking the counter shows: every figure, in one line.
pub fn stats_message(a: &Analysis, config: &Config) -> String {
    let stats = a.stats(config);
    let channel = a.channel.as_ref().map_or("Draft", |c| c.name.as_str());
    let mut parts = vec![match stats.limit {
        Some(limit) => format!("body {}/{limit} ({})", stats.used, stats.unit),
        None => format!("body {} ({})", stats.used, stats.unit),
    }];
    if let Some(limit) = stats.subject_limit {
        parts.push(format!(
            "subject {}/{limit}",
            stats.subject_used.unwrap_or(0)
        ));
    }
    parts.push(match stats.words {
        1 => "1 word".to_string(),
        n => format!("{n} words"),
    });
    parts.push(format!(
        "reading time about {}",
        metrics::reading_time_label(stats.words)
    ));
    if let Some(grade) = stats.grade {
        parts.push(format!("reading grade {grade} (Flesch–Kincaid)"));
    }
    format!("Sendwell · {channel}: {}.", parts.join(", "))
}

/// The counter as a code lens over the closing line. Clicking it runs `sendwell.showStats`,
/// which shows every figure as a message and changes nothing.
pub fn code_lenses(a: &Analysis, pos: &Positions, uri: &Uri, config: &Config) -> Vec<CodeLens> {
    let Some((at, label, _)) = counter(a, config) else {
        return Vec::new();
    };
    let Some(close) = a.draft.block.close_line.as_ref() else {
        return Vec::new();
    };
    vec![CodeLens {
        range: pos.range(&(close.start..at)),
        command: Some(Command {
            title: label,
            command: SHOW_STATS.into(),
            arguments: Some(vec![Value::String(uri.as_str().to_string())]),
        }),
        data: None,
    }]
}
