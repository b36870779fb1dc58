//! `sendwell render FILE [--vars k=v ...] [--recipients people.csv]`: print the message as it will
//! be sent. With a recipients table, one message per row; rows whose message breaks the channel's
//! limit or keeps an unfilled placeholder are reported by row number and name.
//!
//! Exit status: 0 when every message is fit to send, 1 when one is not, 2 on usage or I/O errors.

use std::path::Path;
use std::process::ExitCode;

use crate::engine::config::Config;
use crate::engine::mailmerge::{merge, Merged};
use crate::engine::{analyze, Analysis};

pub fn run(file: &Path, vars: &[String], recipients: Option<&Path>) -> ExitCode {
    let text = match crate::fs_read::read_named(file, crate::fs_read::MAX_BYTES) {
        Ok(t) => t,
        Err(e) => return usage(&format!("{}: {e}", file.display())),
    };
    let config = settings_for(file);
    let Some(a) = analyze(&text, &config) else {
        return usage(&format!(
            "{}: not a draft (no front-matter with “channel:”)",
            file.display()
        ));
    };
    let mut given = Vec::new();
    for v in vars {
        match v.split_once('=') {
            Some((k, val)) if !k.trim().is_empty() => {
                given.push((k.trim().to_string(), val.to_string()))
            }
            _ => return usage(&format!("--vars takes KEY=VALUE, not “{v}”")),
        }
    }
    let Some(table) = recipients else {
        let m = merge(&a, &config, &given);
        println!("{}", m.text);
        return match problems(&a, &m) {
            Some(p) => {
                eprintln!("error: {p}");
                ExitCode::from(1)
            }
            None => ExitCode::SUCCESS,
        };
    };
    let rows = match read_table(table) {
        Ok(rows) => rows,
        Err(e) => return usage(&format!("{}: {e}", table.display())),
    };
    let mut failed = 0;
    for (i, row) in rows.iter().enumerate() {
        let mut values = given.clone();
        values.extend(row.iter().cloned());
        let m = merge(&a, &config, &values);
        let label = row_label(i + 1, row);
        println!("--- {label} ---\n{}\n", m.text);
        if let Some(p) = problems(&a, &m) {
            eprintln!("error: {label}: {p}");
            failed += 1;
        }
    }
    if failed > 0 {
        eprintln!(
            "{failed} of {} message{} not fit to send",
            rows.len(),
            if rows.len() == 1 { " is" } else { "s are" }
        );
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What makes a rendered message unfit to send, in one line.
fn problems(a: &Analysis, m: &Merged) -> Option<String> {
    let mut out = Vec::new();
    if let (Some(over), Some(limit)) = (m.over_by(), m.limit) {
        let channel = a
            .channel
            .as_ref()
            .map_or("the channel", |c| c.name.as_str());
        out.push(format!(
            "{}/{limit} characters, {over} over the {channel} limit",
            m.used
        ));
    }
    if !m.unfilled.is_empty() {
        out.push(format!("unfilled {}", m.unfilled.join(", ")));
    }
    (!out.is_empty()).then(|| out.join("; "))
}

/// "row 3 (Sarah Chen)": rows count from 1 after the header, named by the first of `to`,
/// `name`, `full_name`, `first_name` that the row has.
fn row_label(n: usize, row: &[(String, String)]) -> String {
    let name = ["to", "name", "full_name", "first_name"]
        .iter()
        .find_map(|want| {
            row.iter()
                .find(|(k, v)| {
                    crate::engine::draft::placeholder_key(k) == *want && !v.trim().is_empty()
                })
                .map(|(_, v)| v.trim())
        });
    match name {
        Some(name) => format!("row {n} ({name})"),
        None => format!("row {n}"),
    }
}

/// The table's rows as (column, value) pairs. A BOM from a spreadsheet export is dropped.
fn read_table(path: &Path) -> Result<Vec<Vec<(String, String)>>, String> {
    let text =
        crate::fs_read::read_named(path, crate::fs_read::MAX_BYTES).map_err(|e| e.to_string())?;
    let bytes = text.as_bytes();
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        rows.push(
            headers
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect(),
        );
    }
    Ok(rows)
}

/// The `sendwell.toml` that governs `file`, as `sendwell check` reads it: plan and channel
/// overrides change the limits each row is measured against.
fn settings_for(file: &Path) -> Config {
    let dir = std::path::absolute(file)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| ".".into());
    let (loaded, _) = crate::config_file::Cache::default().for_dir(&dir);
    for p in &loaded.problems {
        eprintln!("warning: {}:{}:{}: {}", p.path, p.line, p.column, p.message);
    }
    loaded.config.clone()
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
