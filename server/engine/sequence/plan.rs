//! The schedule: every planned send in date order, with per-day and per-week totals against the
//! caps. `sendwell plan` prints it and the `sendwell.plan` command returns it to editors.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::date::Date;
use super::index::Index;
use super::rules::{volume, Member};

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Plan {
    /// Drafts with a calendar date, by date, then sequence and step.
    pub sends: Vec<Send>,
    /// Drafts without one (no `send:`, or a `day:` offset with no dated step to hang it on).
    pub unscheduled: Vec<Send>,
    pub days: Vec<DayTotal>,
    pub weeks: Vec<WeekTotal>,
    pub caps: Caps,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Send {
    pub date: Option<Date>,
    /// Days after the sequence's first step, when known.
    pub day: Option<i64>,
    pub channel: Option<String>,
    pub recipient: Option<String>,
    pub sequence: Option<String>,
    pub step: Option<u32>,
    pub path: PathBuf,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DayTotal {
    pub date: Date,
    pub sends: usize,
    /// Sends that count toward the daily message cap.
    pub messages: usize,
    pub invitations: usize,
    pub over_cap: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WeekTotal {
    /// The Monday the week starts on.
    pub week_of: Date,
    pub sends: usize,
    pub messages: usize,
    pub invitations: usize,
    pub over_cap: bool,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Caps {
    pub daily_messages: usize,
    pub weekly_invitations: usize,
    pub monthly_personalized_notes: usize,
    pub per_recipient_per_week: usize,
}

pub fn plan(index: &Index) -> Plan {
    plan_under(index, None)
}

/// The plan of the drafts under `folder` (all of them when `None`).
pub fn plan_under(index: &Index, folder: Option<&std::path::Path>) -> Plan {
    let p = index.params();
    let mut sends = Vec::new();
    let mut unscheduled = Vec::new();
    let mut days: BTreeMap<Date, DayTotal> = BTreeMap::new();
    let mut weeks: BTreeMap<Date, WeekTotal> = BTreeMap::new();
    for d in index.drafts() {
        if folder.is_some_and(|f| !d.path.starts_with(f)) {
            continue;
        }
        let when = index.when(&d.path);
        let member = Member { facts: d, when };
        let send = Send {
            date: when.and_then(|w| w.date),
            day: when.and_then(|w| w.offset),
            channel: d.channel_id().map(String::from),
            recipient: d.to.as_ref().map(|t| t.value.clone()),
            sequence: d.sequence.as_ref().map(|s| s.value.clone()),
            step: d.step.as_ref().and_then(|s| s.parsed),
            path: d.path.clone(),
        };
        let Some(date) = send.date else {
            unscheduled.push(send);
            continue;
        };
        let message = volume::is_daily_message(&member, p) as usize;
        let invitation = volume::is_invitation(&member) as usize;
        let day = days.entry(date).or_insert(DayTotal {
            date,
            sends: 0,
            messages: 0,
            invitations: 0,
            over_cap: false,
        });
        day.sends += 1;
        day.messages += message;
        day.invitations += invitation;
        let week = weeks.entry(date.week_start()).or_insert(WeekTotal {
            week_of: date.week_start(),
            sends: 0,
            messages: 0,
            invitations: 0,
            over_cap: false,
        });
        week.sends += 1;
        week.messages += message;
        week.invitations += invitation;
        sends.push(send);
    }
    let order = |s: &Send| (s.date, s.sequence.clone(), s.step, s.path.clone());
    sends.sort_by_key(order);
    unscheduled.sort_by_key(order);
    for d in days.values_mut() {
        d.over_cap = d.messages > p.daily_messages;
    }
    for w in weeks.values_mut() {
        w.over_cap = w.invitations > p.weekly_invitations;
    }
    Plan {
        sends,
        unscheduled,
        days: days.into_values().collect(),
        weeks: weeks.into_values().collect(),
        caps: Caps {
            daily_messages: p.daily_messages,
            weekly_invitations: p.weekly_invitations,
            monthly_personalized_notes: p.monthly_notes,
            per_recipient_per_week: p.per_recipient,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;
    use crate::engine::sequence::{DraftFacts, Params};

    fn facts(name: &str, front: &str) -> DraftFacts {
        DraftFacts::extract(
            format!("/w/{name}").into(),
            &format!("---\n{front}\n---\nHi"),
            5,
        )
        .unwrap()
    }

    #[test]
    fn sends_are_dated_ordered_and_totalled() {
        let params = Params {
            weekly_invitations: 1,
            ..Params::default()
        };
        let index = Index::build(
            params,
            Config::default(),
            [
                facts(
                    "b.md",
                    "channel: dm\nto: Sarah\nsequence: s\nstep: 2\nday: 3",
                ),
                facts(
                    "a.md",
                    "channel: note\nto: Sarah\nsequence: s\nstep: 1\nsend: 2026-03-02",
                ),
                facts("c.md", "channel: invite\nsend: 2026-03-04"),
                facts("d.md", "channel: dm\nday: 2"),
            ],
        );
        let plan = plan(&index);
        let rows: Vec<(String, String)> = plan
            .sends
            .iter()
            .map(|s| {
                (
                    s.date.unwrap().to_string(),
                    s.path.file_name().unwrap().to_string_lossy().into_owned(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("2026-03-02".to_string(), "a.md".to_string()),
                ("2026-03-04".into(), "c.md".into()),
                ("2026-03-05".into(), "b.md".into())
            ]
        );
        assert_eq!(plan.sends[2].day, Some(3));
        assert_eq!(plan.unscheduled.len(), 1);
        assert_eq!(plan.weeks.len(), 1);
        let w = &plan.weeks[0];
        assert_eq!(
            (w.sends, w.messages, w.invitations, w.over_cap),
            (3, 1, 2, true)
        );
        assert_eq!(
            plan.days.iter().map(|d| d.sends).collect::<Vec<_>>(),
            [1, 1, 1]
        );
    }
}
