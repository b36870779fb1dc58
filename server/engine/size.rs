//! Files too large to lint on every keystroke. Above the cap the rules do not run at all and one
//! finding says why, so the writer is told instead of meeting silence or a frozen editor. The
//! cap is far above any real message (the longest channel allows 8,000 characters).

use super::config::Config;
use super::draft::Draft;
use super::finding::{Finding, Severity};

pub const DEFAULT_MAX_FILE_BYTES: usize = 2 * 1024 * 1024;
pub const RULE: &str = "file.too-large";

/// How much of a large file is read to decide whether it is a draft: its front-matter must
/// start within this much.
const SNIFF_BYTES: usize = 64 * 1024;

pub enum Size {
    /// Small enough: lint it.
    Fits,
    /// Too large, and a draft: report this instead of linting.
    TooLarge(Finding),
    /// Too large, and not a draft: say nothing, as for any other non-draft.
    TooLargeNotADraft,
}

pub fn max_bytes(config: &Config) -> usize {
    config.max_file_bytes.unwrap_or(DEFAULT_MAX_FILE_BYTES)
}

pub fn check(text: &str, config: &Config) -> Size {
    let max = max_bytes(config);
    if text.len() <= max {
        return Size::Fits;
    }
    let head = &text[..crate::text::floor_char_boundary(text, SNIFF_BYTES)];
    if Draft::parse(head).is_none() {
        return Size::TooLargeNotADraft;
    }
    let end = head.find('\n').unwrap_or(head.len());
    Size::TooLarge(Finding::new(
        RULE,
        Severity::Warning,
        0..end,
        too_large_message(text.len(), max),
    ))
}

pub fn too_large_message(len: usize, max: usize) -> String {
    format!(
        "File is {}, over the {} Sendwell checks; it was not checked. Raise “max_file_bytes” in sendwell.toml to check it anyway.",
        human(len),
        human(max)
    )
}

fn human(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_cap() -> Config {
        Config {
            max_file_bytes: Some(100),
            ..Config::default()
        }
    }

    #[test]
    fn a_draft_over_the_cap_gets_one_finding_on_its_first_line() {
        let text = format!("---\nchannel: inmail\n---\n{}", "a".repeat(200));
        let Size::TooLarge(f) = check(&text, &small_cap()) else {
            panic!("not reported");
        };
        assert_eq!(f.rule, RULE);
        assert_eq!(f.range, 0..3);
        assert_eq!(
            f.message,
            "File is 1 KiB, over the 1 KiB Sendwell checks; it was not checked. Raise “max_file_bytes” in sendwell.toml to check it anyway."
        );
    }

    #[test]
    fn at_the_cap_it_is_linted_and_non_drafts_stay_silent() {
        let fits = format!("---\nchannel: inmail\n---\n{}", "a".repeat(100 - 24));
        assert_eq!(fits.len(), 100);
        assert!(matches!(check(&fits, &small_cap()), Size::Fits));
        let other = "# notes\n".repeat(50);
        assert!(matches!(
            check(&other, &small_cap()),
            Size::TooLargeNotADraft
        ));
        assert!(matches!(check(&other, &Config::default()), Size::Fits));
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human(DEFAULT_MAX_FILE_BYTES), "2.0 MiB");
        assert_eq!(human(50 * 1024 * 1024 + 1), "50.0 MiB");
        assert_eq!(human(1500), "2 KiB");
    }
}
