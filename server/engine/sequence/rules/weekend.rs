//! `timing.weekend`: a send planned for a Saturday or Sunday.

use super::{finding, Found, Member};
use crate::engine::sequence::params::Params;

pub const ID: &str = "timing.weekend";

pub fn check(members: &[Member], _: &Params, out: &mut Vec<Found>) {
    for m in members {
        let Some(when) = m.when else { continue };
        let Some(date) = when.date.filter(|d| d.is_weekend()) else {
            continue;
        };
        let monday = date.add_days(7 - date.weekday() as i64);
        out.push((
            m.facts.path.clone(),
            finding(
                ID,
                when.range.clone(),
                format!(
                    "{date} is a {}: weekday sends get more replies (Tuesday and Monday best). Consider {monday}, the Monday after.",
                    date.weekday_name()
                ),
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn fires_on_saturday_and_on_a_day_offset_that_lands_on_sunday() {
        let d = vec![
            draft(
                "1.md",
                "channel: dm\nsequence: s\nstep: 1\nsend: 2026-03-07",
                "Hi",
            ),
            draft("2.md", "channel: dm\nsequence: s\nstep: 2\nday: 8", "Hi"),
        ];
        let found = run(&d, check, &Params::default());
        assert_eq!(
            where_(&d, &found),
            [
                ("1.md".to_string(), "2026-03-07"),
                ("2.md".to_string(), "8")
            ]
        );
        assert!(found[0].1.message.starts_with("2026-03-07 is a Saturday"));
        assert!(found[1].1.message.starts_with("2026-03-15 is a Sunday"));
        assert!(found[1].1.message.contains("Consider 2026-03-16"));
    }

    #[test]
    fn silent_on_weekdays_and_undated_drafts() {
        let d = vec![
            draft(
                "1.md",
                "channel: dm\nsequence: s\nstep: 1\nsend: 2026-03-06",
                "Hi",
            ),
            draft("2.md", "channel: dm\nsequence: s\nstep: 2\nday: 3", "Hi"),
            draft("3.md", "channel: dm\nsend: 2026-03-08T10:00", "Hi"),
        ];
        assert!(run(&d, check, &Params::default()).is_empty());
    }
}
