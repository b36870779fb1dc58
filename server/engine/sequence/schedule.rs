//! When each draft of a sequence goes out. A draft gives a calendar date (`send:`), an offset in
//! days from the sequence's first step (`day:`), or both; the first step is day 0 unless it says
//! otherwise. One dated step anchors the offsets of the others to the calendar.

use std::ops::Range;

use super::date::Date;
use super::facts::DraftFacts;

#[derive(Clone, Debug, PartialEq)]
pub struct When {
    pub date: Option<Date>,
    /// Days after the sequence's first step.
    pub offset: Option<i64>,
    /// The front-matter value that sets it (`send:`, else `day:`, else `step:`): where findings
    /// about this draft's timing point.
    pub range: Range<usize>,
}

impl When {
    /// Days from `earlier` to `self`, by date when both have one, else by offset.
    pub fn days_after(&self, earlier: &When) -> Option<i64> {
        match (self.date, earlier.date) {
            (Some(a), Some(b)) => Some(a.days_since(b)),
            _ => Some(self.offset? - earlier.offset?),
        }
    }

    /// "2026-03-02" or "day 4", for messages.
    pub fn label(&self) -> String {
        match (self.date, self.offset) {
            (Some(d), _) => d.to_string(),
            (None, Some(o)) => format!("day {o}"),
            (None, None) => "no date".into(),
        }
    }
}

/// The timing of each of `members` (drafts of one sequence, or one draft alone), in order.
pub fn resolve(members: &[&DraftFacts]) -> Vec<Option<When>> {
    let first_step = members.iter().filter_map(|m| m.step.as_ref()?.parsed).min();
    let offsets: Vec<Option<i64>> = members
        .iter()
        .map(|m| match m.day.as_ref().and_then(|d| d.parsed) {
            Some(d) => Some(d),
            None if first_step.is_some() && step_of(m) == first_step => Some(0),
            None => None,
        })
        .collect();
    let anchor = members
        .iter()
        .zip(&offsets)
        .filter_map(|(m, o)| Some((step_of(m), m.send.as_ref()?.parsed?, (*o)?, &m.path)))
        .min_by(|a, b| (a.0.is_none(), a.0, a.3).cmp(&(b.0.is_none(), b.0, b.3)))
        .map(|(_, date, offset, _)| (date, offset));
    members
        .iter()
        .zip(offsets)
        .map(|(m, offset)| {
            let sent = m.send.as_ref().and_then(|s| s.parsed);
            let date = sent.or_else(|| {
                let (a_date, a_off) = anchor?;
                Some(a_date.add_days(offset? - a_off))
            });
            let offset = offset.or_else(|| {
                let (a_date, a_off) = anchor?;
                Some(a_off + date?.days_since(a_date))
            });
            if date.is_none() && offset.is_none() {
                return None;
            }
            let range = if sent.is_some() {
                m.send.as_ref().map(|s| s.range.clone())
            } else if m.day.as_ref().is_some_and(|d| d.parsed.is_some()) {
                m.day.as_ref().map(|d| d.range.clone())
            } else {
                m.step.as_ref().map(|s| s.range.clone())
            };
            Some(When {
                date,
                offset,
                range: range.unwrap_or(0..0),
            })
        })
        .collect()
}

fn step_of(m: &DraftFacts) -> Option<u32> {
    m.step.as_ref()?.parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, front: &str) -> DraftFacts {
        let text = format!("---\nchannel: dm\nsequence: s\n{front}\n---\nHi");
        DraftFacts::extract(format!("/w/{name}").into(), &text, 5).unwrap()
    }

    fn labels(ms: &[DraftFacts]) -> Vec<String> {
        let refs: Vec<&DraftFacts> = ms.iter().collect();
        resolve(&refs)
            .iter()
            .map(|w| {
                w.as_ref()
                    .map_or("-".into(), |w| format!("{} {:?}", w.label(), w.offset))
            })
            .collect()
    }

    #[test]
    fn offsets_hang_off_the_dated_first_step() {
        let ms = [
            draft("1.md", "step: 1\nsend: 2026-03-02"),
            draft("2.md", "step: 2\nday: 4"),
            draft("3.md", "step: 3\nday: 8"),
        ];
        assert_eq!(
            labels(&ms),
            [
                "2026-03-02 Some(0)",
                "2026-03-06 Some(4)",
                "2026-03-10 Some(8)"
            ]
        );
    }

    #[test]
    fn a_first_step_that_says_day_1_shifts_the_others() {
        let ms = [
            draft("1.md", "step: 1\nday: 1\nsend: 2026-03-02"),
            draft("2.md", "step: 2\nday: 4"),
        ];
        assert_eq!(labels(&ms), ["2026-03-02 Some(1)", "2026-03-05 Some(4)"]);
    }

    #[test]
    fn without_any_date_offsets_still_order_the_steps() {
        let ms = [draft("1.md", "step: 1"), draft("2.md", "step: 2\nday: 2")];
        assert_eq!(labels(&ms), ["day 0 Some(0)", "day 2 Some(2)"]);
    }

    #[test]
    fn a_later_dated_step_gets_an_offset_and_undated_drafts_stay_unknown() {
        let ms = [
            draft("1.md", "step: 1\nsend: 2026-03-02"),
            draft("2.md", "step: 2\nsend: 2026-03-09"),
            draft("3.md", "step: 3"),
        ];
        assert_eq!(
            labels(&ms),
            ["2026-03-02 Some(0)", "2026-03-09 Some(7)", "-"]
        );
    }
}
