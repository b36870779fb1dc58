//! `sequence.too-many`: more follow-ups after the first message than the articles advise.

use super::{by_step, finding, related, Found, Member};
use crate::engine::sequence::params::Params;

pub const ID: &str = "sequence.too-many";

pub fn check(members: &[Member], p: &Params, out: &mut Vec<Found>) {
    let steps = by_step(members);
    let Some((first_step, first)) = steps.first() else {
        return;
    };
    let follow_ups = steps.len() - 1;
    if follow_ups <= p.max_follow_ups {
        return;
    }
    for (n, (step, m)) in steps.iter().enumerate().skip(p.max_follow_ups + 1) {
        let Some(range) = m.facts.step.as_ref().map(|s| s.range.clone()) else {
            continue;
        };
        let mut f = finding(
            ID,
            range,
            format!(
                "Step {step} is follow-up {n} of {follow_ups} after the first message ({}): more than {} follow-ups to someone who has not replied reads as pestering. Know when to walk away.",
                first.facts.name(),
                p.max_follow_ups
            ),
        );
        if let Some(s) = first.facts.step.as_ref() {
            f.related.push(related(
                first.facts,
                s.range.clone(),
                format!("the first message (step {first_step})"),
            ));
        }
        let (last_ok_step, last_ok) = &steps[p.max_follow_ups];
        if let Some(s) = last_ok.facts.step.as_ref() {
            f.related.push(related(
                last_ok.facts,
                s.range.clone(),
                format!(
                    "follow-up {} (step {last_ok_step}), the last one advised",
                    p.max_follow_ups
                ),
            ));
        }
        out.push((m.facts.path.clone(), f));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn steps(n: usize) -> Vec<(String, crate::engine::sequence::facts::DraftFacts)> {
        (1..=n)
            .map(|i| {
                draft(
                    &format!("{i}.md"),
                    &format!("channel: dm\nsequence: acme\nstep: {i}"),
                    "Hi",
                )
            })
            .collect()
    }

    #[test]
    fn fires_on_each_follow_up_past_the_third() {
        let d = steps(6);
        let found = run(&d, check, &Params::default());
        assert_eq!(
            where_(&d, &found),
            [("5.md".to_string(), "5"), ("6.md".to_string(), "6")]
        );
        let f = &found[0].1;
        assert!(
            f.message
                .starts_with("Step 5 is follow-up 4 of 5 after the first message (1.md)"),
            "{}",
            f.message
        );
        let rel: Vec<_> = f
            .related
            .iter()
            .map(|r| {
                (
                    r.path.clone(),
                    d.iter()
                        .find(|x| x.1.path == r.path)
                        .map(|x| &x.0[r.range.clone()])
                        .unwrap()
                        .to_string(),
                )
            })
            .collect();
        assert_eq!(
            rel,
            [
                ("/w/1.md".into(), "1".to_string()),
                ("/w/4.md".into(), "4".to_string())
            ]
        );
    }

    #[test]
    fn silent_at_three_follow_ups() {
        assert!(run(&steps(4), check, &Params::default()).is_empty());
        assert!(run(&steps(1), check, &Params::default()).is_empty());
    }

    #[test]
    fn the_allowance_is_a_parameter() {
        let p = Params {
            max_follow_ups: 1,
            ..Params::default()
        };
        assert_eq!(run(&steps(3), check, &p).len(), 1);
    }
}
