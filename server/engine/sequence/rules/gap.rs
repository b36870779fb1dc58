//! `sequence.gap`: steps missing (1, 2, 4), duplicated (two step 2s), or not numbers at all.
//!
//! Only holes between the steps present count as missing. Steps below the lowest one are not:
//! a workspace often holds just the follow-ups still to send, the earlier steps having gone out
//! and been archived (or excluded from the index), and a lone `step: 2` is then complete.

use std::collections::BTreeMap;

use super::{anchor_range, by_step, finding, related, Found, Member};
use crate::engine::sequence::params::Params;

pub const ID: &str = "sequence.gap";

pub fn check(members: &[Member], _: &Params, out: &mut Vec<Found>) {
    let Some(name) = members
        .first()
        .and_then(|m| m.facts.sequence.as_ref())
        .map(|s| s.value.clone())
    else {
        return;
    };
    let steps = by_step(members);
    let mut at: BTreeMap<u32, Vec<Member>> = BTreeMap::new();
    for (s, m) in &steps {
        at.entry(*s).or_default().push(*m);
    }
    let numbers: Vec<u32> = at.keys().copied().collect();
    let listed = numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut expected = numbers.first().copied().unwrap_or(1);
    for (&n, drafts) in &at {
        if n > expected {
            let missing = if n - expected == 1 {
                format!("Step {expected} is missing")
            } else {
                format!("Steps {expected}–{} are missing", n - 1)
            };
            let m = drafts[0];
            if let Some(range) = m.facts.step.as_ref().map(|s| s.range.clone()) {
                out.push((
                    m.facts.path.clone(),
                    finding(
                        ID,
                        range,
                        format!("{missing} from sequence “{name}” (steps {listed}): add the draft, or renumber the steps."),
                    ),
                ));
            }
        }
        expected = n.saturating_add(1);
        if drafts.len() > 1 {
            for m in drafts {
                let others: Vec<&Member> = drafts
                    .iter()
                    .filter(|o| o.facts.path != m.facts.path)
                    .collect();
                let names = others
                    .iter()
                    .map(|o| o.facts.name())
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut f = finding(
                    ID,
                    anchor_range(m.facts),
                    format!("Step {n} of sequence “{name}” is also planned in {names}: two drafts cannot be the same step; number them in the order they go out."),
                );
                for o in others {
                    f.related.push(related(
                        o.facts,
                        anchor_range(o.facts),
                        format!("also step {n}"),
                    ));
                }
                out.push((m.facts.path.clone(), f));
            }
        }
    }
    if members.len() < 2 {
        return;
    }
    for m in members {
        let message = match m.facts.step.as_ref() {
            Some(s) if s.parsed.is_some() => continue,
            Some(s) => format!(
                "“step: {}” is not a whole number, so this draft cannot be placed in sequence “{name}”.",
                s.raw
            ),
            None => format!(
                "No “step:”: this draft cannot be placed in sequence “{name}” ({} drafts). Add “step: N”.",
                members.len()
            ),
        };
        out.push((
            m.facts.path.clone(),
            finding(ID, anchor_range(m.facts), message),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn seq(steps: &[&str]) -> Vec<(String, crate::engine::sequence::facts::DraftFacts)> {
        steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                draft(
                    &format!("{}.md", i + 1),
                    &format!("channel: dm\nsequence: acme\n{s}"),
                    "Hi",
                )
            })
            .collect()
    }

    #[test]
    fn a_missing_step_is_reported_on_the_step_after_it() {
        let d = seq(&["step: 1", "step: 2", "step: 4"]);
        let found = run(&d, check, &Params::default());
        assert_eq!(where_(&d, &found), [("3.md".to_string(), "4")]);
        assert!(found[0]
            .1
            .message
            .starts_with("Step 3 is missing from sequence “acme” (steps 1, 2, 4)"));
    }

    #[test]
    fn a_hole_above_the_lowest_step_is_missing_even_when_step_one_is_absent() {
        let d = seq(&["step: 2", "step: 5"]);
        let found = run(&d, check, &Params::default());
        assert_eq!(where_(&d, &found), [("2.md".to_string(), "5")]);
        assert!(found[0]
            .1
            .message
            .starts_with("Steps 3–4 are missing from sequence “acme” (steps 2, 5)"));
    }

    #[test]
    fn duplicates_count_without_a_step_one() {
        let d = seq(&["step: 2", "step: 2"]);
        let found = run(&d, check, &Params::default());
        assert_eq!(
            where_(&d, &found),
            [("1.md".to_string(), "2"), ("2.md".to_string(), "2")]
        );
    }

    #[test]
    fn duplicates_are_reported_on_each_with_the_other_as_evidence() {
        let d = seq(&["step: 1", "step: 2", "step: 2"]);
        let found = run(&d, check, &Params::default());
        assert_eq!(
            where_(&d, &found),
            [("2.md".to_string(), "2"), ("3.md".to_string(), "2")]
        );
        assert_eq!(
            found[0].1.related[0].path,
            std::path::PathBuf::from("/w/3.md")
        );
        assert!(found[0].1.message.contains("also planned in 3.md"));
    }

    #[test]
    fn steps_that_are_not_numbers_or_absent_are_reported() {
        let d = seq(&["step: 1", "step: two", ""]);
        let found = run(&d, check, &Params::default());
        assert_eq!(
            where_(&d, &found),
            [("2.md".to_string(), "two"), ("3.md".to_string(), "acme")]
        );
    }

    #[test]
    fn huge_step_numbers_do_not_overflow() {
        let d = seq(&["step: 1", "step: 4294967295"]);
        let found = run(&d, check, &Params::default());
        assert!(
            found[0]
                .1
                .message
                .starts_with("Steps 2–4294967294 are missing"),
            "{}",
            found[0].1.message
        );
    }

    #[test]
    fn silent_when_only_the_earlier_steps_are_absent() {
        // Steps 1 and 2 sent and archived: what is left is complete.
        assert!(run(&seq(&["step: 3", "step: 4"]), check, &Params::default()).is_empty());
        assert!(run(&seq(&["step: 2"]), check, &Params::default()).is_empty());
        assert!(run(&seq(&["step: 7"]), check, &Params::default()).is_empty());
    }

    #[test]
    fn silent_on_a_complete_sequence_and_on_a_lone_draft() {
        assert!(run(
            &seq(&["step: 1", "step: 2", "step: 3"]),
            check,
            &Params::default()
        )
        .is_empty());
        assert!(run(&seq(&["step: 0", "step: 1"]), check, &Params::default()).is_empty());
        assert!(run(&seq(&[""]), check, &Params::default()).is_empty());
    }
}
