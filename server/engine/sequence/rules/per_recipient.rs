//! `volume.per-recipient`: more than two messages to one person within a week, across every
//! sequence and channel: the reader sees one inbox, not our sequences.

use super::{finding, send_evidence, sends_by, Found, Member};
use crate::engine::sequence::params::Params;

pub const ID: &str = "volume.per-recipient";

pub fn check(members: &[Member], p: &Params, out: &mut Vec<Found>) {
    for sends in sends_by(members, |m, _| m.facts.recipient_key()).values() {
        for (i, (date, m)) in sends.iter().enumerate() {
            // The sends within the window that ends on this one, this one included.
            let window: Vec<_> = sends[..=i]
                .iter()
                .filter(|(d, _)| date.days_since(*d) < p.recipient_window_days)
                .collect();
            if window.len() <= p.per_recipient {
                continue;
            }
            let Some(when) = m.when else { continue };
            let earlier: Vec<String> = window[..window.len() - 1]
                .iter()
                .map(|(d, e)| format!("{} on {d}", e.facts.name()))
                .collect();
            let who = m.facts.to.as_ref().map_or("", |t| t.value.as_str());
            let mut f = finding(
                ID,
                when.range.clone(),
                format!(
                    "Message {} to {who} within {} days ({}): keep to {} a week per person, or they stop reading.",
                    window.len(),
                    p.recipient_window_days,
                    earlier.join(", "),
                    p.per_recipient
                ),
            );
            for (d, e) in &window[..window.len() - 1] {
                f.related
                    .extend(send_evidence(e, format!("also to {who}, on {d}")));
            }
            out.push((m.facts.path.clone(), f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn sends(list: &[(&str, &str)]) -> Vec<(String, crate::engine::sequence::facts::DraftFacts)> {
        list.iter()
            .enumerate()
            .map(|(i, (to, d))| {
                draft(
                    &format!("{}.md", i + 1),
                    &format!("channel: dm\nto: {to}\nsend: {d}"),
                    "Hi",
                )
            })
            .collect()
    }

    #[test]
    fn the_third_message_in_seven_days_fires_with_the_other_two_as_evidence() {
        let d = sends(&[
            ("Sarah Chen", "2026-03-02"),
            ("sarah  chen", "2026-03-05"),
            ("Sarah Chen", "2026-03-08"),
            ("Bob Lee", "2026-03-03"),
        ]);
        let found = run_each(&d, check, &Params::default());
        assert_eq!(where_(&d, &found), [("3.md".to_string(), "2026-03-08")]);
        assert!(
            found[0].1.message.starts_with(
                "Message 3 to Sarah Chen within 7 days (1.md on 2026-03-02, 2.md on 2026-03-05)"
            ),
            "{}",
            found[0].1.message
        );
        assert_eq!(found[0].1.related.len(), 2);
    }

    #[test]
    fn silent_when_the_window_moves_on_or_people_differ() {
        // Day 0, 3 and 7: the first has left the seven-day window by the third.
        assert!(run_each(
            &sends(&[
                ("Sarah Chen", "2026-03-02"),
                ("Sarah Chen", "2026-03-05"),
                ("Sarah Chen", "2026-03-09")
            ]),
            check,
            &Params::default()
        )
        .is_empty());
        assert!(run_each(
            &sends(&[
                ("Sarah Chen", "2026-03-02"),
                ("Sara Chen", "2026-03-02"),
                ("Sarah Chan", "2026-03-02")
            ]),
            check,
            &Params::default()
        )
        .is_empty());
    }
}
