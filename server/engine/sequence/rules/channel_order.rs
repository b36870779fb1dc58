//! `sequence.channel-order`: channels that contradict the steps before them, such as an InMail
//! (a paid credit) planned after a connection request that, once accepted, makes a message free.

use super::{by_step, finding, related, Found, Member};
use crate::engine::sequence::params::Params;

pub const ID: &str = "sequence.channel-order";

const PAID: &[&str] = &["inmail", "open-profile"];
const NEEDS_CONNECTION: &[&str] = &["message", "follow-up"];

pub fn check(members: &[Member], _: &Params, out: &mut Vec<Found>) {
    let steps = by_step(members);
    for (i, (step, m)) in steps.iter().enumerate() {
        let Some(channel) = m.facts.channel.as_ref() else {
            continue;
        };
        let earlier = &steps[..i];
        let first_earlier = |ids: &[&str]| {
            earlier
                .iter()
                .find(|(s, e)| s < step && e.facts.channel_id().is_some_and(|c| ids.contains(&c)))
        };
        let (other_step, other, message) = if PAID.contains(&channel.value) {
            let Some((s, e)) = first_earlier(&["connection-note"]) else {
                continue;
            };
            (s, e, format!(
                "This {} is planned after the connection request in step {s} ({}): once they accept, a message is free. Send it as “channel: message” and keep the credit, or drop the invitation.",
                if channel.value == "inmail" { "InMail" } else { "Open Profile message" },
                e.facts.name()
            ))
        } else if channel.value == "connection-note" {
            let Some((s, e)) = first_earlier(NEEDS_CONNECTION) else {
                continue;
            };
            (s, e, format!(
                "A connection request after the message in step {s} ({}): a message already needs a connection, so the invitation comes too late. Invite first, or drop this step.",
                e.facts.name()
            ))
        } else {
            continue;
        };
        let mut f = finding(ID, channel.range.clone(), message);
        if let Some(c) = other.facts.channel.as_ref() {
            f.related.push(related(
                other.facts,
                c.range.clone(),
                format!("step {other_step}: {}", c.value),
            ));
        }
        out.push((m.facts.path.clone(), f));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn seq(channels: &[&str]) -> Vec<(String, crate::engine::sequence::facts::DraftFacts)> {
        channels
            .iter()
            .enumerate()
            .map(|(i, c)| {
                draft(
                    &format!("{}.md", i + 1),
                    &format!("channel: {c}\nsequence: acme\nstep: {}", i + 1),
                    "Hi",
                )
            })
            .collect()
    }

    #[test]
    fn an_inmail_after_an_invitation_is_flagged_on_its_channel() {
        let d = seq(&["connection-note", "message", "inmail"]);
        let found = run(&d, check, &Params::default());
        assert_eq!(where_(&d, &found), [("3.md".to_string(), "inmail")]);
        assert!(found[0].1.message.contains("step 1 (1.md)"));
        assert_eq!(
            &d[0].0[found[0].1.related[0].range.clone()],
            "connection-note"
        );
    }

    #[test]
    fn an_invitation_after_a_message_is_flagged() {
        let d = seq(&["dm", "invite"]);
        let found = run(&d, check, &Params::default());
        assert_eq!(where_(&d, &found), [("2.md".to_string(), "invite")]);
    }

    #[test]
    fn silent_on_the_usual_orders() {
        for order in [
            &["connection-note", "message", "follow-up"][..],
            &["inmail", "connection-note", "message"],
            &["open-profile", "follow-up"],
            &["email", "inmail"],
        ] {
            assert!(
                run(&seq(order), check, &Params::default()).is_empty(),
                "{order:?}"
            );
        }
    }
}
