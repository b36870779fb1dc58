//! The thresholds of the sequence and volume rules. Their defaults live with the rule text in
//! `rules/sequence.toml` (`[rule.params]`), so tuning a cap is a data change, not a code change.

use crate::engine::catalog::{self, RuleDoc};

#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// `sequence.too-soon`: the least number of days between two steps.
    pub min_gap_days: i64,
    /// `sequence.too-many`: follow-ups allowed after the first message.
    pub max_follow_ups: usize,
    /// `sequence.repeated-text`: words per shingle.
    pub shingle_words: usize,
    /// `sequence.repeated-text`: the share of a follow-up's shingles found in an earlier step
    /// at which it counts as a repeat.
    pub min_overlap: f64,
    /// `sequence.repeated-text`: follow-ups shorter than this many words are not compared.
    pub min_words: usize,
    /// `volume.weekly-invitations`: connection notes per week (Monday to Sunday).
    pub weekly_invitations: usize,
    /// `volume.monthly-personalized-notes`: personalized notes per calendar month on the free plan.
    pub monthly_notes: usize,
    /// `volume.daily-messages`: sends per day over `daily_channels`.
    pub daily_messages: usize,
    pub daily_channels: Vec<String>,
    /// `volume.per-recipient`: sends to one person within any `recipient_window_days`.
    pub per_recipient: usize,
    pub recipient_window_days: i64,
    /// Whether a draft without `plan:` is on the free plan (from the configuration).
    pub free_plan_default: bool,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            min_gap_days: 3,
            max_follow_ups: 3,
            shingle_words: 5,
            min_overlap: 0.5,
            min_words: 8,
            weekly_invitations: 100,
            monthly_notes: 5,
            daily_messages: 100,
            daily_channels: ["message", "follow-up", "inmail", "open-profile"]
                .map(String::from)
                .to_vec(),
            per_recipient: 2,
            recipient_window_days: 7,
            free_plan_default: false,
        }
    }
}

impl Params {
    /// The thresholds the built-in rule packs give.
    pub fn builtin() -> Params {
        Params::from_rules(|id| catalog::BUILTIN.get(id))
    }

    /// Reads each rule's `[rule.params]` from `lookup`; a missing or mistyped value keeps its
    /// default rather than failing, since a pack edited by hand must not stop the checks.
    pub fn from_rules<'a>(lookup: impl Fn(&str) -> Option<&'a RuleDoc>) -> Params {
        let mut p = Params::default();
        let int = |rule: &str, key: &str| {
            lookup(rule)
                .and_then(|r| r.params.get(key))
                .and_then(|v| v.as_integer())
                .filter(|n| *n >= 0)
        };
        let float = |rule: &str, key: &str| {
            lookup(rule)
                .and_then(|r| r.params.get(key))
                .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
        };
        if let Some(n) = int("sequence.too-soon", "min_days") {
            p.min_gap_days = n;
        }
        if let Some(n) = int("sequence.too-many", "max_follow_ups") {
            p.max_follow_ups = n as usize;
        }
        if let Some(n) = int("sequence.repeated-text", "shingle_words").filter(|n| *n > 0) {
            p.shingle_words = n as usize;
        }
        if let Some(x) = float("sequence.repeated-text", "min_overlap").filter(|x| *x > 0.0) {
            p.min_overlap = x.min(1.0);
        }
        if let Some(n) = int("sequence.repeated-text", "min_words") {
            p.min_words = n as usize;
        }
        if let Some(n) = int("volume.weekly-invitations", "weekly_cap") {
            p.weekly_invitations = n as usize;
        }
        if let Some(n) = int("volume.monthly-personalized-notes", "monthly_cap") {
            p.monthly_notes = n as usize;
        }
        if let Some(n) = int("volume.daily-messages", "daily_cap") {
            p.daily_messages = n as usize;
        }
        if let Some(list) = lookup("volume.daily-messages")
            .and_then(|r| r.params.get("channels"))
            .and_then(|v| v.as_array())
        {
            p.daily_channels = list
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect();
        }
        if let Some(n) = int("volume.per-recipient", "max_messages") {
            p.per_recipient = n as usize;
        }
        if let Some(n) = int("volume.per-recipient", "window_days").filter(|n| *n > 0) {
            p.recipient_window_days = n;
        }
        p
    }
}
