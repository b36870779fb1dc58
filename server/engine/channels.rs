//! The channels a draft can target and their limits, read from `rules/channels.toml`.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::text::Encoding;

/// How characters are counted against a channel's limits.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CountMode {
    Utf16,
    Chars,
    Graphemes,
}

impl CountMode {
    pub fn count(self, s: &str) -> usize {
        match self {
            CountMode::Utf16 => crate::text::width(s, Encoding::Utf16),
            CountMode::Chars => crate::text::width(s, Encoding::Chars),
            CountMode::Graphemes => {
                unicode_segmentation::UnicodeSegmentation::graphemes(s, true).count()
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CountMode::Utf16 => "utf16",
            CountMode::Chars => "chars",
            CountMode::Graphemes => "graphemes",
        }
    }
}

/// Whether a channel takes a subject line.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SubjectPolicy {
    /// Must have one (InMail, email).
    Required,
    /// Has no subject field; one in the front-matter is ignored.
    None,
    /// A subject here is a mistake (connection notes have no subject field).
    Forbidden,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Channel {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub subject: SubjectPolicy,
    pub subject_limit: Option<usize>,
    pub subject_soft_limit: Option<usize>,
    pub limit: Option<usize>,
    /// The hard limit on the free plan, where it differs.
    pub free_limit: Option<usize>,
    pub soft_limit: Option<usize>,
    pub count: CountMode,
    /// Where the hard limit comes from.
    pub source: String,
    /// Why the soft limit matters, with its figure.
    pub soft_reason: String,
}

impl Channel {
    /// The hard body limit for a plan.
    pub fn limit_for(&self, free_plan: bool) -> Option<usize> {
        if free_plan {
            self.free_limit.or(self.limit)
        } else {
            self.limit
        }
    }
}

#[derive(Deserialize)]
struct ChannelsFile {
    channel: Vec<Channel>,
}

/// The built-in channels, parsed once. The file is part of the binary, so a parse failure is a
/// build defect caught by the tests, not a runtime condition.
pub static CHANNELS: LazyLock<Vec<Channel>> = LazyLock::new(|| {
    toml::from_str::<ChannelsFile>(include_str!("../../rules/channels.toml"))
        .expect("rules/channels.toml is valid")
        .channel
});

/// Finds a channel by id or alias, ignoring case and `_`/space versus `-`.
pub fn lookup(name: &str) -> Option<&'static Channel> {
    let wanted = normalize(name);
    CHANNELS
        .iter()
        .find(|c| normalize(&c.id) == wanted || c.aliases.iter().any(|a| normalize(a) == wanted))
}

/// The closest channel name to a misspelling, if any is close enough to be a likely typo.
pub fn suggest(name: &str) -> Option<&'static str> {
    let wanted = normalize(name);
    CHANNELS
        .iter()
        .flat_map(|c| {
            std::iter::once(&c.id)
                .chain(c.aliases.iter())
                .map(move |n| (c, n))
        })
        .map(|(c, n)| (c, strsim::damerau_levenshtein(&wanted, n)))
        .filter(|(_, d)| *d <= 2.max(wanted.chars().count() / 4))
        .min_by_key(|(_, d)| *d)
        .map(|(c, _)| c.id.as_str())
}

fn normalize(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| {
            if c == '_' || c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_channels_load_with_the_documented_limits() {
        let note = lookup("connection-note").unwrap();
        assert_eq!(note.limit_for(false), Some(300));
        assert_eq!(note.limit_for(true), Some(200));
        assert_eq!(lookup("inmail").unwrap().limit, Some(1900));
        assert_eq!(lookup("inmail").unwrap().subject_limit, Some(200));
        assert_eq!(lookup("DM").unwrap().id, "message");
        assert_eq!(lookup("email").unwrap().limit, None);
    }

    #[test]
    fn aliases_and_case_resolve() {
        assert_eq!(lookup("Invite").unwrap().id, "connection-note");
        assert_eq!(lookup("connection_request").unwrap().id, "connection-note");
        assert!(lookup("carrier-pigeon").is_none());
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(suggest("inmial"), Some("inmail"));
        assert_eq!(suggest("conection-note"), Some("connection-note"));
        assert_eq!(suggest("telegram"), None);
    }

    #[test]
    fn counting_modes_differ_on_emoji() {
        assert_eq!(CountMode::Utf16.count("hi 👋"), 5);
        assert_eq!(CountMode::Chars.count("hi 👋"), 4);
        assert_eq!(CountMode::Graphemes.count("e\u{301}👍🏽"), 2);
    }
}
