//! `sequence.repeated-text`: a follow-up that largely repeats an earlier step, reported on the
//! repeated passage. Word shingles catch copy-paste and light edits, not a rephrased message.

use super::{by_step, finding, related, Found, Member};
use crate::engine::sequence::params::Params;
use crate::engine::sequence::shingles;

pub const ID: &str = "sequence.repeated-text";

pub fn check(members: &[Member], p: &Params, out: &mut Vec<Found>) {
    let steps = by_step(members);
    let positions: Vec<std::cell::OnceCell<shingles::Positions>> =
        steps.iter().map(|_| Default::default()).collect();
    for (i, (step, m)) in steps.iter().enumerate() {
        let later = &m.facts.shingles;
        if later.words.len() < p.min_words.max(later.k) {
            continue;
        }
        // Against every earlier step, keep the one it repeats most.
        let best = steps[..i]
            .iter()
            .zip(&positions)
            .filter(|((s, _), _)| s < step)
            .filter_map(|((s, e), seen)| {
                let earlier = &e.facts.shingles;
                let seen = seen.get_or_init(|| earlier.positions());
                Some((*s, e, shingles::overlap_in(later, earlier, seen)?))
            })
            .filter(|(_, _, o)| o.share >= p.min_overlap)
            .max_by(|a, b| a.2.share.total_cmp(&b.2.share));
        let Some((earlier_step, earlier, o)) = best else {
            continue;
        };
        let percent = (o.share * 100.0).round() as u32;
        let mut f = finding(
            ID,
            later.span(o.later_run.0, o.later_run.1),
            format!(
                "{percent}% of step {step}'s wording repeats step {earlier_step} ({}): rephrase, don't copy-paste. A follow-up should add something new (a useful link, a sharper question).",
                earlier.facts.name()
            ),
        );
        f.related.push(related(
            earlier.facts,
            earlier
                .facts
                .shingles
                .span(o.earlier_run.0, o.earlier_run.1),
            format!("the same words in step {earlier_step}"),
        ));
        out.push((m.facts.path.clone(), f));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    const FIRST: &str = "Hi Sarah, your SupplyConf talk on safety stock changed how we plan inventory. Would you share how your team sizes buffers for new suppliers?";

    fn pair(second: &str) -> Vec<(String, crate::engine::sequence::facts::DraftFacts)> {
        vec![
            draft("1.md", "channel: dm\nsequence: acme\nstep: 1", FIRST),
            draft("2.md", "channel: dm\nsequence: acme\nstep: 2", second),
        ]
    }

    #[test]
    fn fires_on_the_copied_passage_with_its_source_as_evidence() {
        let second = "Hi Sarah, just bumping this. Your SupplyConf talk on safety stock changed how we plan inventory. Would you share how your team sizes buffers for new suppliers? 👋";
        let d = pair(second);
        let found = run(&d, check, &Params::default());
        assert_eq!(
            where_(&d, &found),
            [("2.md".to_string(), "Your SupplyConf talk on safety stock changed how we plan inventory. Would you share how your team sizes buffers for new suppliers")]
        );
        let f = &found[0].1;
        assert!(
            f.message
                .starts_with("78% of step 2's wording repeats step 1 (1.md)"),
            "{}",
            f.message
        );
        assert_eq!(
            &d[0].0[f.related[0].range.clone()],
            "your SupplyConf talk on safety stock changed how we plan inventory. Would you share how your team sizes buffers for new suppliers"
        );
    }

    #[test]
    fn silent_on_a_rephrased_follow_up_that_shares_a_phrase() {
        let second = "Sarah, one more thought on safety stock: we found a simple buffer rule for new suppliers that halved stockouts. Happy to send the one-page summary if useful?";
        assert!(run(&pair(second), check, &Params::default()).is_empty());
    }

    #[test]
    fn short_follow_ups_are_not_compared() {
        assert!(run(
            &pair("Hi Sarah, your SupplyConf talk"),
            check,
            &Params::default()
        )
        .is_empty());
    }

    #[test]
    fn the_first_step_is_never_a_repeat_and_the_threshold_is_a_parameter() {
        let second = "Quick follow-up on my note. Your SupplyConf talk on safety stock changed how we plan inventory, and I have a new question about supplier onboarding timelines this quarter.";
        let d = pair(second);
        assert!(run(&d, check, &Params::default()).is_empty());
        let p = Params {
            min_overlap: 0.2,
            ..Params::default()
        };
        let found = run(&d, check, &p);
        assert_eq!(
            where_(&d, &found),
            [(
                "2.md".to_string(),
                "Your SupplyConf talk on safety stock changed how we plan inventory"
            )]
        );
    }
}

#[cfg(test)]
mod crlf_tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn the_passage_is_exact_in_a_crlf_file_with_emoji() {
        let first = "Hi Sarah 👋, your SupplyConf talk on safety stock changed how we plan inventory.\r\nWould you share how your team sizes buffers?";
        let d = vec![
            draft("1.md", "channel: dm\r\nsequence: acme\r\nstep: 1", first),
            draft(
                "2.md",
                "channel: dm\r\nsequence: acme\r\nstep: 2",
                &format!("Bumping 🙏\r\n{first}"),
            ),
        ];
        let found = run(&d, check, &Params::default());
        assert_eq!(
            where_(&d, &found),
            [("2.md".to_string(), "Hi Sarah 👋, your SupplyConf talk on safety stock changed how we plan inventory.\r\nWould you share how your team sizes buffers")]
        );
        assert!(
            found[0].1.message.starts_with("94% of step 2's wording"),
            "{}",
            found[0].1.message
        );
    }
}
