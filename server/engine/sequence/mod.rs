//! Rules across drafts: sequences (an initial message and its follow-ups, sharing `sequence:`,
//! ordered by `step:`) and send volumes (per day, week, month and recipient).
//!
//! Pure like the rest of the engine: the caller reads files and hands over each draft's
//! [`DraftFacts`]; the [`Index`] keeps them grouped so a change re-checks only the groups it
//! touches, and says which files' findings changed.

// Dates are read by the front-matter checks too, so they live below both rule families.
pub use crate::engine::date;
pub mod facts;
mod flat_front;
pub mod index;
pub mod params;
pub mod plan;
pub mod rules;
pub mod schedule;
pub mod shingles;

pub use facts::DraftFacts;
pub use index::Index;
pub use params::Params;

/// The IDs of the rules in this module, as `rules/sequence.toml` documents them.
pub const RULE_IDS: &[&str] = &[
    rules::too_soon::ID,
    rules::too_many::ID,
    rules::repeated_text::ID,
    rules::gap::ID,
    rules::channel_order::ID,
    rules::volume::WEEKLY_INVITATIONS,
    rules::volume::MONTHLY_NOTES,
    rules::volume::DAILY_MESSAGES,
    rules::per_recipient::ID,
    rules::weekend::ID,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::catalog::BUILTIN;

    #[test]
    fn every_rule_is_documented_and_its_thresholds_load_from_the_pack() {
        for id in RULE_IDS {
            let doc = BUILTIN
                .get(id)
                .unwrap_or_else(|| panic!("{id} is not in rules/sequence.toml"));
            assert!(
                doc.source.is_some() || *id == rules::gap::ID,
                "{id} has no source"
            );
        }
        assert_eq!(Params::builtin(), Params::default());
    }
}
