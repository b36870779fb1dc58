//! `sequence.too-soon`: a step planned less than the minimum gap after the step before it.

use super::{by_step, finding, plural, related, Found, Member};
use crate::engine::sequence::params::Params;

pub const ID: &str = "sequence.too-soon";

pub fn check(members: &[Member], p: &Params, out: &mut Vec<Found>) {
    let steps = by_step(members);
    for (i, (step, m)) in steps.iter().enumerate() {
        // Compare with the nearest earlier step number (a duplicate step is `sequence.gap`'s).
        let Some((prev_step, prev)) = steps[..i].iter().rev().find(|(s, _)| s < step) else {
            continue;
        };
        let (Some(when), Some(prev_when)) = (m.when, prev.when) else {
            continue;
        };
        let Some(days) = when.days_after(prev_when) else {
            continue;
        };
        if days >= p.min_gap_days {
            continue;
        }
        let relation = match days {
            0 => "on the same day as".to_string(),
            d if d < 0 => format!(
                "{} before",
                plural(d.unsigned_abs() as usize, "day", "days")
            ),
            d => format!("{} after", plural(d as usize, "day", "days")),
        };
        let mut f = finding(
            ID,
            when.range.clone(),
            format!(
                "Step {step} is planned {relation} step {prev_step} ({}, {}): leave at least {} between steps so the last message gets a chance.",
                prev.facts.name(),
                prev_when.label(),
                plural(p.min_gap_days as usize, "day", "days"),
            ),
        );
        f.related.push(related(
            prev.facts,
            prev_when.range.clone(),
            format!("step {prev_step} goes out {}", prev_when.label()),
        ));
        out.push((m.facts.path.clone(), f));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn seq(lines: &[&str]) -> Vec<(String, crate::engine::sequence::facts::DraftFacts)> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                draft(
                    &format!("{}.md", i + 1),
                    &format!("channel: dm\nsequence: acme\nstep: {}\n{l}", i + 1),
                    "Hi",
                )
            })
            .collect()
    }

    #[test]
    fn fires_on_the_step_sent_too_soon_with_the_earlier_one_as_evidence() {
        let d = seq(&["send: 2026-03-02", "send: 2026-03-03", "send: 2026-03-10"]);
        let found = run(&d, check, &Params::default());
        assert_eq!(where_(&d, &found), [("2.md".to_string(), "2026-03-03")]);
        let f = &found[0].1;
        assert!(
            f.message.contains("1 day after step 1 (1.md, 2026-03-02)"),
            "{}",
            f.message
        );
        assert_eq!(f.related.len(), 1);
        assert_eq!(f.related[0].path, std::path::PathBuf::from("/w/1.md"));
        assert_eq!(&d[0].0[f.related[0].range.clone()], "2026-03-02");
    }

    #[test]
    fn day_offsets_count_like_dates() {
        let d = seq(&["", "day: 2", "day: 8"]);
        let found = run(&d, check, &Params::default());
        assert_eq!(where_(&d, &found), [("2.md".to_string(), "2")]);
    }

    #[test]
    fn a_step_planned_before_the_previous_one_is_too_soon() {
        let d = seq(&["send: 2026-03-10", "send: 2026-03-02"]);
        let found = run(&d, check, &Params::default());
        assert!(
            found[0].1.message.contains("8 days before step 1"),
            "{}",
            found[0].1.message
        );
    }

    #[test]
    fn silent_at_exactly_the_minimum_gap_and_on_the_articles_cadence() {
        let d = seq(&["send: 2026-03-02", "send: 2026-03-05"]);
        assert!(run(&d, check, &Params::default()).is_empty());
        let d = seq(&["day: 1", "day: 4", "day: 8"]);
        assert!(run(&d, check, &Params::default()).is_empty());
        // Without a date or an offset on both sides there is nothing to compare.
        let d = seq(&["send: 2026-03-02", "send: soon"]);
        assert!(run(&d, check, &Params::default()).is_empty());
    }

    #[test]
    fn the_minimum_is_a_parameter() {
        let d = seq(&["send: 2026-03-02", "send: 2026-03-09"]);
        let p = Params {
            min_gap_days: 10,
            ..Params::default()
        };
        assert_eq!(run(&d, check, &p).len(), 1);
    }
}
