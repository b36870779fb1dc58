//! The rule families a lint runs, in order, each given its own table of paragraph readings from
//! the document's memo: the one place that knows every family.

use super::config::Config;
use super::finding::Finding;
use super::memo::{lock, Memo, Table};
use super::{packs, rules, Analysis};

/// Runs every rule. Paragraphs that `memo` holds from an earlier lint are not read again.
pub fn run(a: &Analysis, config: &Config, memo: Option<&Memo>, out: &mut Vec<Finding>) {
    rules::structure(a, config, out);
    with_table(memo, |table| packs::run(a, config, table, out));
    // An unknown channel skips only the rules for some channels (each rule asks `applies`).
    with_table(memo, |table| rules::wording(a, config, table, out));
    if a.with_fixes {
        rules::offer_disable(a, out);
    }
}

/// Calls `read` with the memo's table of `T` readings, locked while it reads; with none when
/// the lint has no memo (the CLI's).
fn with_table<T: Send + Sync + 'static>(
    memo: Option<&Memo>,
    read: impl FnOnce(Option<&mut Table<T>>),
) {
    match memo {
        None => read(None),
        Some(memo) => {
            let table = memo.table::<T>();
            read(Some(&mut lock(&table)));
        }
    }
}
