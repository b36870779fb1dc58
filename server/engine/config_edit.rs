//! Edits to a workspace's `sendwell.toml` text that fixes offer, such as "Allow 'word' in this
//! workspace". Pure text in, an edit out: reading and writing the file is the caller's business.
//! The edit keeps the file's comments and layout, so a hand-written config stays as written.

use super::config::Config;
use super::finding::{Edit, Finding};
use super::packs;

/// Rule kinds whose matches the `allow` list silences.
const ALLOWABLE_KINDS: &[&str] = &["phrase", "pattern", "shouting"];

/// The word or phrase "Allow in this workspace" would add for a finding: the text it covers,
/// when the rule is one the `allow` list speaks to and the text is a short phrase on one line.
pub fn allowable_word<'t>(text: &'t str, f: &Finding, config: &Config) -> Option<&'t str> {
    let doc = packs::doc(config, &f.rule)?;
    if !ALLOWABLE_KINDS.contains(&doc.kind.as_str()) {
        return None;
    }
    let word = text.get(f.range.clone())?.trim();
    // Runs of `!!!` and the like are punctuation, which no allow list speaks to; the shouting
    // kind reads the list word by word, so a run of several capitalised words has no allow.
    (word.chars().any(char::is_alphabetic)
        && word.chars().count() <= 60
        && !word.contains(['\n', '\r'])
        && !(doc.kind == "shouting" && word.contains(char::is_whitespace)))
    .then_some(word)
}

/// The edit that adds `word` to the top-level `allow` list of `existing` (the file's text; empty
/// when the file does not exist yet), creating the list when there is none. `None` when the file
/// does not parse as TOML, `allow` is not a list, or the word is on it already: an edit then
/// could only break the file or do nothing.
///
/// The file is edited as a parsed document (`toml_edit`), so a quoted `"allow"` key or a line
/// inside a multi-line string that looks like a table is read as TOML reads it; the one edit
/// returned is the changed region only, so comments and layout elsewhere stay as written.
pub fn allow_word(existing: &str, word: &str) -> Option<Edit> {
    let bom = if existing.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let old = &existing[bom..];
    let mut doc: toml_edit::DocumentMut = old.parse().ok()?;
    // toml_edit writes LF line breaks (except inside strings) and ends the file with one;
    // anything else it would change is a layout this edit cannot keep, so nothing is offered.
    let old_lf = old.replace("\r\n", "\n");
    let unchanged = doc.to_string().replace("\r\n", "\n");
    if unchanged != old_lf && unchanged.strip_suffix('\n') != Some(old_lf.as_str()) {
        return None;
    }
    match doc.get_mut("allow") {
        None => {
            doc.insert(
                "allow",
                toml_edit::value(toml_edit::Array::from_iter([word])),
            );
        }
        Some(item) => add_to_list(item.as_array_mut()?, word)?,
    }
    let lf_edit = Edit::between(&old_lf, &doc.to_string().replace("\r\n", "\n"));
    let range = offset_with_crlf(old, lf_edit.range.start) + bom
        ..offset_with_crlf(old, lf_edit.range.end) + bom;
    let text = if old.contains("\r\n") {
        lf_edit.text.replace('\n', "\r\n")
    } else {
        lf_edit.text
    };
    Some(Edit { range, text })
}

/// Appends `word` to `list` laid out as its items are, or `None` when it is there already.
fn add_to_list(list: &mut toml_edit::Array, word: &str) -> Option<()> {
    if list.iter().any(|v| v.as_str() == Some(word)) {
        return None;
    }
    let mut value = toml_edit::Value::from(word);
    if let Some(last) = list.iter_mut().last() {
        // What follows the last item (the line break before `]`) now follows the new one.
        let after = last
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .unwrap_or("")
            .to_string();
        let lead = item_lead(last);
        last.decor_mut().set_suffix("");
        value.decor_mut().set_prefix(lead);
        value.decor_mut().set_suffix(after);
    }
    list.push_formatted(value);
    Some(())
}

/// What goes before a new list item: the last item's line break and indent in a list written
/// one item per line, else one space.
fn item_lead(last: &toml_edit::Value) -> String {
    let prefix = last.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
    match prefix.rfind('\n') {
        Some(i) => format!("\n{}", &prefix[i + 1..]),
        None => " ".to_string(),
    }
}

/// The offset in `text` of `lf_offset` in `text` with each CRLF written as LF.
fn offset_with_crlf(text: &str, lf_offset: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    for _ in 0..lf_offset {
        at += if bytes[at..].starts_with(b"\r\n") {
            2
        } else {
            1
        };
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;

    fn add(existing: &str, word: &str) -> String {
        let e = allow_word(existing, word).expect("an edit");
        let mut out = existing.to_string();
        out.replace_range(e.range, &e.text);
        out
    }

    fn allowed(toml_text: &str) -> Vec<String> {
        toml::from_str::<Config>(toml_text)
            .unwrap_or_else(|e| panic!("{toml_text}\n{e}"))
            .allow
    }

    #[test]
    fn creates_the_list_in_a_new_or_list_less_file() {
        assert_eq!(add("", "synergy"), "allow = [\"synergy\"]\n");
        assert_eq!(
            add("plan = \"free\"", "synergy"),
            "plan = \"free\"\nallow = [\"synergy\"]\n"
        );
        let with_table = "# team settings\r\nplan = \"free\"\r\n[rules]\r\nspam = \"off\"\r\n";
        let out = add(with_table, "FREE");
        assert_eq!(
            out,
            "# team settings\r\nplan = \"free\"\r\nallow = [\"FREE\"]\r\n[rules]\r\nspam = \"off\"\r\n"
        );
        assert_eq!(allowed(&out), vec!["FREE"]);
    }

    #[test]
    fn extends_an_existing_list_in_any_layout() {
        assert_eq!(add("allow = []\n", "a"), "allow = [\"a\"]\n");
        assert_eq!(add("allow = [\"x\"]\n", "a"), "allow = [\"x\", \"a\"]\n");
        let multi = "allow = [\n  \"x\",  # keep [this] comment\n  'y]'\n]\n[rules]\n";
        let out = add(multi, "a");
        assert_eq!(
            out,
            "allow = [\n  \"x\",  # keep [this] comment\n  'y]',\n  \"a\"\n]\n[rules]\n"
        );
        assert_eq!(allowed(&out), vec!["x", "y]", "a"]);
        let trailing_comma = "allow = [\"x\",]\n";
        assert_eq!(allowed(&add(trailing_comma, "a")), vec!["x", "a"]);
    }

    #[test]
    fn words_with_quotes_emoji_and_backslashes_round_trip() {
        for word in ["don't \"ever\"", "🚀 launch", "C:\\path", "王芳"] {
            assert_eq!(allowed(&add("allow = [\"x\"]", word)), vec!["x", word]);
            assert_eq!(allowed(&add("", word)), vec![word]);
        }
    }

    #[test]
    fn a_table_named_allow_or_a_key_in_a_table_is_not_the_list() {
        let text = "[rules]\nallow = [\"nope\"]\n";
        let out = add(text, "a");
        assert!(out.starts_with("allow = [\"a\"]\n[rules]"), "{out}");
    }

    /// Every setting of `before` is in `after`, which allows `word` too.
    fn kept_and_added(before: &str, after: &str, word: &str) {
        let old: Config = toml::from_str(before).unwrap();
        let mut new: Config = toml::from_str(after).unwrap_or_else(|e| panic!("{after}\n{e}"));
        assert_eq!(new.allow.pop().as_deref(), Some(word), "{after}");
        assert_eq!(new, old, "{after}");
    }

    #[test]
    fn a_quoted_allow_key_gets_the_word_not_a_second_key() {
        for before in [
            "\"allow\" = [\"x\"]\nplan = \"premium\"\n[rules]\nspam = \"off\"\n",
            "'allow' = []\r\nplan = \"premium\"\r\n",
            "plan = \"premium\"\n  allow   =   [ # words we use\n  \"x\", ]\n",
        ] {
            kept_and_added(before, &add(before, "free"), "free");
        }
    }

    #[test]
    fn a_multi_line_string_with_a_line_like_a_table_is_left_alone() {
        let before = "plan = \"\"\"\n[premium]\n\"\"\"\nexclude = ['''\n[old]''']\n[rules]\nspam = \"off\"\n";
        kept_and_added(before, &add(before, "free"), "free");
    }

    #[test]
    fn the_edit_covers_only_what_changes_and_keeps_comments_and_line_breaks() {
        let before =
            "# team\r\nallow = [\"x\"] # ok\r\n\r\n[rules] # severities\r\nspam = \"off\"\r\n";
        let e = allow_word(before, "free").unwrap();
        assert_eq!((e.range.clone(), e.text.as_str()), (20..20, ", \"free\""));
        let before = "# team\r\nplan = \"free\" # ours\r\n\r\n[rules]\r\nspam = \"off\"\r\n";
        let after = add(before, "free");
        assert_eq!(
            after,
            "# team\r\nplan = \"free\" # ours\r\nallow = [\"free\"]\r\n\r\n[rules]\r\nspam = \"off\"\r\n"
        );
        let multi = "allow = [\n  \"x\", # first\n  \"y\"\n]\n";
        assert_eq!(
            add(multi, "a"),
            "allow = [\n  \"x\", # first\n  \"y\",\n  \"a\"\n]\n"
        );
    }

    #[test]
    fn nothing_is_offered_for_a_file_that_does_not_parse_or_an_allow_that_is_not_a_list() {
        for broken in [
            "allow = [\"x\"\n",
            "plan = \n",
            "allow = \"x\"\n",
            "[allow]\nx = 1\n",
        ] {
            assert_eq!(allow_word(broken, "free"), None, "{broken}");
        }
        assert_eq!(allow_word("allow = [\"free\"]\n", "free"), None);
    }

    #[test]
    fn trailing_commas_a_byte_order_mark_and_crlf_strings_keep_every_setting() {
        for before in [
            "allow = [\n  \"x\",\n]\n",
            "\u{feff}plan = \"premium\"\r\n",
            "plan = \"\"\"\r\n[premium]\"\"\"\r\nallow = ['x']\r\n",
        ] {
            let after = add(before, "free");
            assert!(after.starts_with(&before[..3]), "{after:?}");
            let without_bom = |t: &str| t.trim_start_matches('\u{feff}').to_string();
            kept_and_added(&without_bom(before), &without_bom(&after), "free");
            assert!(!after.replace("\r\n", "").contains('\n') || !before.contains('\r'));
        }
        assert_eq!(
            add("allow = [\n  \"x\",\n]\n", "a"),
            "allow = [\n  \"x\",\n  \"a\",\n]\n"
        );
    }

    proptest::proptest! {
        /// Whatever the layout, the edit either is not offered or keeps every setting and adds
        /// the word: never a second `allow`, never a word inside a string or a table.
        #[test]
        fn any_layout_keeps_its_settings(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "# a comment [rules]",
                "plan = \"premium\"",
                "\"allow\" = [\"x\"]",
                "allow = [ # why\n  'y',\n]",
                "allow = []",
                "exclude = [\"\"\"\n[rules]\nallow = 1\"\"\"]",
                "max_file_bytes = 100 # [cap]",
                "",
                "[rules]\nspam = \"off\"",
                "[channels.inmail]\nlimit = 1500",
                "[words.\"spam.trigger-word\"]\nallow = [\"z\"]",
            ]), 0..7),
            crlf in proptest::bool::ANY,
            word in proptest::sample::select(vec!["free", "don't \"x\"", "王芳", "a\\b"]),
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let before = parts.join("\n").replace('\n', nl);
            proptest::prop_assume!(toml::from_str::<Config>(&before).is_ok());
            let old: Config = toml::from_str(&before).unwrap();
            match allow_word(&before, word) {
                None => proptest::prop_assert!(old.allow.iter().any(|w| w == word), "{before:?}"),
                Some(e) => {
                    let mut after = before.clone();
                    after.replace_range(e.range, &e.text);
                    let mut new: Config = toml::from_str(&after)
                        .map_err(|err| proptest::test_runner::TestCaseError::fail(format!("{after:?}: {err}")))?;
                    let added = new.allow.pop();
                    proptest::prop_assert_eq!(added.as_deref(), Some(word), "{:?}", after);
                    proptest::prop_assert_eq!(new, old, "{:?}", after);
                    if before.contains("\r\n") {
                        proptest::prop_assert!(!after.replace("\r\n", "").contains('\n'), "{:?}", after);
                    }
                }
            }
        }
    }
}
