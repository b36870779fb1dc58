//! The volume caps: connection notes per week, personalized notes per month on the free plan,
//! messages per day. Each groups its drafts by period and flags every draft past the cap, in
//! send order, so the fix is obvious: move those to another period.

use super::{finding, send_evidence, sends_by, Found, Member};
use crate::engine::sequence::date::{month_name, Date};
use crate::engine::sequence::params::Params;

pub const WEEKLY_INVITATIONS: &str = "volume.weekly-invitations";
pub const MONTHLY_NOTES: &str = "volume.monthly-personalized-notes";
pub const DAILY_MESSAGES: &str = "volume.daily-messages";

pub fn is_invitation(m: &Member) -> bool {
    m.facts.channel_id() == Some("connection-note")
}

/// A connection note with a note, on the free plan (the draft's, else the configured default).
pub fn is_free_personalized_note(m: &Member, p: &Params) -> bool {
    is_invitation(m) && m.facts.has_body && m.facts.free_plan.unwrap_or(p.free_plan_default)
}

pub fn is_daily_message(m: &Member, p: &Params) -> bool {
    m.facts
        .channel_id()
        .is_some_and(|c| p.daily_channels.iter().any(|d| d == c))
}

pub fn weekly_invitations(members: &[Member], p: &Params, out: &mut Vec<Found>) {
    capped(
        members.iter().filter(|m| is_invitation(m)),
        |d| d.week_start(),
        p.weekly_invitations,
        out,
        |n, total, week: Date| {
            (
                WEEKLY_INVITATIONS,
                format!(
                    "Connection request {n} of {total} planned for the week of {week} (Monday to Sunday): past the weekly cap of {}. Accounts that push past about 100 invitations a week get warnings, then restrictions; move it to a quieter week.",
                    p.weekly_invitations
                ),
            )
        },
    );
}

pub fn monthly_notes(members: &[Member], p: &Params, out: &mut Vec<Found>) {
    capped(
        members.iter().filter(|m| is_free_personalized_note(m, p)),
        |d| d.month(),
        p.monthly_notes,
        out,
        |n, total, (year, month): (i32, u32)| {
            (
                MONTHLY_NOTES,
                format!(
                    "Personalized note {n} of {total} in {} {year} on the free plan, which allows about {} a month: past the allowance the invitation goes without its note. Move it to next month, or send it from a Premium account.",
                    month_name(month),
                    p.monthly_notes
                ),
            )
        },
    );
}

pub fn daily_messages(members: &[Member], p: &Params, out: &mut Vec<Found>) {
    capped(
        members.iter().filter(|m| is_daily_message(m, p)),
        |d| d,
        p.daily_messages,
        out,
        |n, total, day: Date| {
            (
                DAILY_MESSAGES,
                format!(
                    "Message {n} of {total} planned for {day}: past the daily cap of {}. Around 100 messages a day gets an account flagged for spam; spread them over more days.",
                    p.daily_messages
                ),
            )
        },
    );
}

/// Groups dated drafts by `period`, orders each group by date then path, and flags those past `cap`.
fn capped<'a, K: Ord + Copy>(
    members: impl Iterator<Item = &'a Member<'a>>,
    period: impl Fn(Date) -> K,
    cap: usize,
    out: &mut Vec<Found>,
    message: impl Fn(usize, usize, K) -> (&'static str, String),
) {
    for (key, group) in sends_by(members, |_, date| Some(period(date))) {
        if group.len() <= cap {
            continue;
        }
        let total = group.len();
        for (i, (_, m)) in group.iter().enumerate().skip(cap) {
            let Some(when) = m.when else { continue };
            let (rule, text) = message(i + 1, total, key);
            let mut f = finding(rule, when.range.clone(), text);
            // Evidence: the first draft of the period and the last one within the cap.
            for (label, idx) in [("first", 0), ("last within the cap", cap.saturating_sub(1))] {
                if let Some((d, e)) = group.get(idx) {
                    let seen = e.facts.path == m.facts.path
                        || f.related.iter().any(|r| r.path == e.facts.path);
                    if !seen {
                        f.related
                            .extend(send_evidence(e, format!("{label} of the period: {d}")));
                    }
                }
            }
            out.push((m.facts.path.clone(), f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    /// Drafts, one per (channel, date) pair, each its own sequence.
    fn sends(
        list: &[(&str, &str)],
        extra: &str,
        body: &str,
    ) -> Vec<(String, crate::engine::sequence::facts::DraftFacts)> {
        list.iter()
            .enumerate()
            .map(|(i, (c, d))| {
                draft(
                    &format!("{i:03}.md"),
                    &format!("channel: {c}\nsend: {d}\n{extra}"),
                    body,
                )
            })
            .collect()
    }

    #[test]
    fn weekly_invitations_fire_past_the_cap_within_monday_to_sunday() {
        let p = Params {
            weekly_invitations: 2,
            ..Params::default()
        };
        // Mon, Sun of one week, then the next Monday, then two more in the first week.
        let d = sends(
            &[
                ("note", "2026-03-02"),
                ("note", "2026-03-08"),
                ("note", "2026-03-09"),
                ("invite", "2026-03-04"),
                ("dm", "2026-03-03"),
            ],
            "",
            "Hi",
        );
        let found = run_each(&d, weekly_invitations, &p);
        assert_eq!(where_(&d, &found), [("001.md".to_string(), "2026-03-08")]);
        let f = &found[0].1;
        assert!(
            f.message
                .starts_with("Connection request 3 of 3 planned for the week of 2026-03-02"),
            "{}",
            f.message
        );
        let rel: Vec<_> = f
            .related
            .iter()
            .map(|r| r.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(rel, ["000.md", "003.md"]);
    }

    #[test]
    fn weekly_invitations_silent_at_the_cap() {
        let list: Vec<(&str, &str)> = vec![("note", "2026-03-02"); 100];
        assert!(run_each(
            &sends(&list, "", "Hi"),
            weekly_invitations,
            &Params::default()
        )
        .is_empty());
        let mut list = list;
        list.push(("note", "2026-03-03"));
        let d = sends(&list, "", "Hi");
        assert_eq!(
            where_(&d, &run_each(&d, weekly_invitations, &Params::default())),
            [("100.md".to_string(), "2026-03-03")]
        );
    }

    #[test]
    fn monthly_notes_count_only_free_personalized_notes() {
        let p = Params::default();
        let six: Vec<(&str, &str)> = [
            "2026-03-02",
            "2026-03-03",
            "2026-03-04",
            "2026-03-05",
            "2026-03-31",
            "2026-03-06",
        ]
        .iter()
        .map(|d| ("note", *d))
        .collect();
        let d = sends(&six, "plan: free", "Hi Sarah, loved your talk.");
        assert_eq!(
            where_(&d, &run_each(&d, monthly_notes, &p)),
            [("004.md".to_string(), "2026-03-31")]
        );
        // Premium, bare invitations, and a new month are all under the allowance.
        assert!(run_each(&sends(&six, "plan: premium", "Hi"), monthly_notes, &p).is_empty());
        assert!(run_each(
            &sends(&six, "plan: free", "<!-- no note -->"),
            monthly_notes,
            &p
        )
        .is_empty());
        let split: Vec<(&str, &str)> = [
            "2026-03-02",
            "2026-03-03",
            "2026-03-04",
            "2026-03-05",
            "2026-03-06",
            "2026-04-01",
        ]
        .iter()
        .map(|d| ("note", *d))
        .collect();
        assert!(run_each(&sends(&split, "plan: free", "Hi"), monthly_notes, &p).is_empty());
        // Without `plan:`, the configured default decides.
        assert!(run_each(&sends(&six, "", "Hi"), monthly_notes, &p).is_empty());
        let free = Params {
            free_plan_default: true,
            ..Params::default()
        };
        assert_eq!(
            run_each(&sends(&six, "", "Hi"), monthly_notes, &free).len(),
            1
        );
    }

    #[test]
    fn daily_messages_count_the_configured_channels_on_one_day() {
        let p = Params {
            daily_messages: 2,
            ..Params::default()
        };
        let d = sends(
            &[
                ("dm", "2026-03-02"),
                ("inmail", "2026-03-02"),
                ("note", "2026-03-02"),
                ("email", "2026-03-02"),
                ("follow-up", "2026-03-02"),
                ("dm", "2026-03-03"),
            ],
            "",
            "Hi",
        );
        assert_eq!(
            where_(&d, &run_each(&d, daily_messages, &p)),
            [("004.md".to_string(), "2026-03-02")]
        );
        let d = sends(
            &[
                ("dm", "2026-03-02"),
                ("dm", "2026-03-02"),
                ("dm", "2026-03-03"),
            ],
            "",
            "Hi",
        );
        assert!(run_each(&d, daily_messages, &p).is_empty());
    }
}
