//! The live counter (`247/300 · 46 words · grade 6`) at the end of the front-matter's closing
//! line: an inlay hint, or a code lens for clients without inlay hints.

use serde_json::Value;
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeLens, CodeLensOptions, Command, InlayHint, InlayHintLabel,
    InlayHintServerCapabilities, InlayHintTooltip, OneOf, Range, ServerCapabilities, Uri,
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

pub fn inlay_hints(a: &Analysis, pos: &Positions, range: Range, config: &Config) -> Vec<InlayHint> {
    let Some((at, label, tooltip)) = counter(a, config) else {
        return Vec::new();
    };
    let position = pos.position(at);
    if position < range.start || position > range.end {
        return Vec::new();
    }
    vec![InlayHint {
        position,
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: Some(InlayHintTooltip::String(tooltip)),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }]
}

/// The counter as a code lens over the closing line. Clicking it runs `sendwell.stats`, which
/// only reads, so a stray click changes nothing.
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
            command: "sendwell.stats".into(),
            arguments: Some(vec![Value::String(uri.as_str().to_string())]),
        }),
        data: None,
    }]
}
