//! `sendwell plan [PATH]`: the schedule of every planned send under PATH, with per-day and
//! per-week totals against the caps; a table on a terminal, or JSON or CSV for other tools.
//!
//! Exit status: 0, or 2 when PATH does not exist or files cannot be read.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::engine::config::Config;
use crate::engine::sequence::plan::{plan, Plan, Send};
use crate::engine::sequence::{Index, Params};
use crate::workspace::exclude::Exclusions;
use crate::workspace::load;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
}

pub fn run(path: Option<&Path>, format: Format) -> ExitCode {
    let root = path.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if !root.exists() {
        eprintln!("sendwell: {}: no such file or folder", display(&root));
        return ExitCode::from(2);
    }
    let params = Params::builtin();
    let roots = std::slice::from_ref(&root);
    let (facts, errors) = load::scan(roots, &Exclusions::for_roots(roots), params.shingle_words);
    for (p, e) in &errors {
        eprintln!("sendwell: {}: {e}", display(p));
    }
    let mut plan = plan(&Index::build(params, Config::default(), facts));
    for s in plan.sends.iter_mut().chain(plan.unscheduled.iter_mut()) {
        s.path = PathBuf::from(display(&s.path));
    }
    let out = match format {
        Format::Table => table(&plan),
        Format::Json => serde_json::to_string_pretty(&plan).expect("plan serializes") + "\n",
        Format::Csv => csv(&plan),
    };
    // A closed pipe (`sendwell plan | head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(out.as_bytes());
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// The schedule as aligned columns, then the totals, marking each total past its cap.
pub fn table(plan: &Plan) -> String {
    let mut rows = vec![cells(&[
        "DATE",
        "DAY",
        "CHANNEL",
        "RECIPIENT",
        "SEQUENCE",
        "STEP",
        "FILE",
    ])];
    rows.extend(plan.sends.iter().map(send_row));
    let mut out = columns(&rows);
    if plan.sends.is_empty() {
        out.push_str("No dated sends.\n");
    }
    if !plan.unscheduled.is_empty() {
        out.push_str(&format!(
            "\nNot scheduled ({}: no “send:” date, or a “day:” offset with no dated step):\n",
            plan.unscheduled.len()
        ));
        let mut rows = vec![cells(&[
            "DAY",
            "CHANNEL",
            "RECIPIENT",
            "SEQUENCE",
            "STEP",
            "FILE",
        ])];
        rows.extend(plan.unscheduled.iter().map(|s| send_row(s)[1..].to_vec()));
        out.push_str(&columns(&rows));
    }
    if !plan.days.is_empty() {
        out.push_str(&format!(
            "\nPer day (messages: cap {} a day):\n",
            plan.caps.daily_messages
        ));
        let mut rows = vec![cells(&["DATE", "SENDS", "MESSAGES", "INVITATIONS", ""])];
        for d in &plan.days {
            rows.push(vec![
                format!("{d} {}", &d.date.weekday_name()[..3], d = d.date),
                d.sends.to_string(),
                format!("{}/{}", d.messages, plan.caps.daily_messages),
                d.invitations.to_string(),
                over(d.over_cap),
            ]);
        }
        out.push_str(&columns(&rows));
        out.push_str(&format!(
            "\nPer week, Monday to Sunday (connection requests: cap {} a week):\n",
            plan.caps.weekly_invitations
        ));
        let mut rows = vec![cells(&["WEEK OF", "SENDS", "MESSAGES", "INVITATIONS", ""])];
        for w in &plan.weeks {
            rows.push(vec![
                w.week_of.to_string(),
                w.sends.to_string(),
                w.messages.to_string(),
                format!("{}/{}", w.invitations, plan.caps.weekly_invitations),
                over(w.over_cap),
            ]);
        }
        out.push_str(&columns(&rows));
    }
    out
}

/// One CSV table: `send` rows for the schedule, then `day` and `week` rows for the totals
/// (`cap` is the daily message cap for days, the weekly invitation cap for weeks).
pub fn csv(plan: &Plan) -> String {
    let mut out = String::from(
        "kind,date,day,channel,recipient,sequence,step,file,sends,messages,invitations,cap,over_cap\n",
    );
    for s in plan.sends.iter().chain(&plan.unscheduled) {
        let mut row = send_fields(s);
        row.insert(0, "send".into());
        row.extend(["".into(), "".into(), "".into(), "".into(), "".into()]);
        out.push_str(&csv_line(&row));
    }
    for d in &plan.days {
        let cap = plan.caps.daily_messages;
        let row = (d.sends, d.messages, d.invitations, cap, d.over_cap);
        out.push_str(&totals_row("day", &d.date.to_string(), row));
    }
    for w in &plan.weeks {
        let cap = plan.caps.weekly_invitations;
        let row = (w.sends, w.messages, w.invitations, cap, w.over_cap);
        out.push_str(&totals_row("week", &w.week_of.to_string(), row));
    }
    out
}

/// date, day offset, channel, recipient, sequence, step, file.
fn send_fields(s: &Send) -> Vec<String> {
    vec![
        s.date.map(|d| d.to_string()).unwrap_or_default(),
        s.day.map(|d| d.to_string()).unwrap_or_default(),
        s.channel.clone().unwrap_or_default(),
        s.recipient.clone().unwrap_or_default(),
        s.sequence.clone().unwrap_or_default(),
        s.step.map(|n| n.to_string()).unwrap_or_default(),
        s.path.display().to_string(),
    ]
}

fn send_row(s: &Send) -> Vec<String> {
    let mut f = send_fields(s);
    // On a terminal the weekday says more than the offset.
    f[1] = match (s.date, s.day) {
        (Some(d), _) => d.weekday_name()[..3].to_string(),
        (None, Some(o)) => format!("day {o}"),
        (None, None) => String::new(),
    };
    for cell in &mut f {
        if cell.is_empty() {
            *cell = "-".into();
        }
    }
    f
}

fn cells(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn over(is_over: bool) -> String {
    if is_over { "OVER CAP" } else { "" }.to_string()
}

/// Left-aligned columns two spaces apart, by the width a terminal gives each cell (names can be
/// CJK or accented).
fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < r.len() {
                line.push_str(&" ".repeat(widths[i] - width(c) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Terminal columns: East Asian wide characters and most emoji take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x1F300..=0x1F64F
            | 0x1F900..=0x1F9FF
            | 0x20000..=0x3FFFD => 2,
            0x0300..=0x036F | 0x200B..=0x200F | 0xFE0F => 0,
            _ => 1,
        })
        .sum()
}

fn csv_line(fields: &[String]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            let f = defused(f);
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.into_owned()
            }
        })
        .collect();
    quoted.join(",") + "\n"
}

/// A cell a spreadsheet would run as a formula (names, sequences and file names come from the
/// drafts) gets a leading single quote, as https://owasp.org/www-community/attacks/CSV_Injection
/// advises. Plain integers (a negative `day:` offset) stay numbers.
fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula_start = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula_start && cell.parse::<i64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn display(path: &Path) -> String {
    path.strip_prefix("./")
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(
            csv_line(&["a".into(), "Chen, Sarah".into(), "say \"hi\"".into()]),
            "a,\"Chen, Sarah\",\"say \"\"hi\"\"\"\n"
        );
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_as_formulas_are_prefixed() {
        let row: Vec<String> = [
            "=HYPERLINK(\"http://x\",\"click\")",
            "@SUM(A1:A9)",
            "+1+2",
            "-2+3",
            "\t=1",
            "\r=1",
            "Sarah Chen",
            "a=b",
            "-3",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            csv_line(&row),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",'@SUM(A1:A9),'+1+2,'-2+3,'\t=1,\"'\r=1\",Sarah Chen,a=b,-3\n"
        );
    }

    #[test]
    fn a_whole_plan_with_formula_cells_is_escaped() {
        use crate::engine::sequence::plan::Caps;
        let send = Send {
            date: None,
            day: Some(-2),
            channel: Some("=cmd|' /C calc'!A0".into()),
            recipient: Some("@SUM(1+1)".into()),
            sequence: Some("+q3".into()),
            step: Some(1),
            path: PathBuf::from("-x.md"),
        };
        let plan = Plan {
            sends: vec![],
            unscheduled: vec![send],
            days: vec![],
            weeks: vec![],
            caps: Caps {
                daily_messages: 1,
                weekly_invitations: 1,
                monthly_personalized_notes: 1,
                per_recipient_per_week: 1,
            },
        };
        assert_eq!(
            csv(&plan),
            "kind,date,day,channel,recipient,sequence,step,file,sends,messages,invitations,cap,over_cap\n\
             send,,-2,'=cmd|' /C calc'!A0,'@SUM(1+1),'+q3,1,'-x.md,,,,,\n"
        );
    }

    #[test]
    fn columns_align_by_terminal_width() {
        let t = columns(&[
            cells(&["NAME", "X"]),
            cells(&["陈莎", "1"]),
            cells(&["Zoë", "2"]),
        ]);
        assert_eq!(t, "NAME  X\n陈莎  1\nZoë   2\n");
    }
}

/// A CSV line of per-day or per-week totals: the send columns stay empty.
fn totals_row(
    kind: &str,
    date: &str,
    (sends, messages, invitations, cap, over): (usize, usize, usize, usize, bool),
) -> String {
    let mut row = vec![kind.to_string(), date.to_string()];
    row.extend(std::iter::repeat_n(String::new(), 6));
    row.extend([sends, messages, invitations, cap].map(|n| n.to_string()));
    row.push(over.to_string());
    csv_line(&row)
}
