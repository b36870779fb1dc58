//! Rules that need no code: their kind (`phrase`, `pattern`, `metric`, `shouting`) and data
//! (`[rule.params]`) come from a rule pack, built-in (`rules/*.toml`) or the user's.
//!
//! Each pack rule is compiled once (its phrases into one regex) and the compiled set is cached:
//! the built-in set for the default settings, and a few sets for settings that add or allow words
//! or bring user packs. A keystroke only runs the compiled matchers.

mod fixes;
mod gate;
pub mod lexicon;
mod literals;
pub mod load;
mod metric;
mod removal;
mod seek;
mod shouting;
pub mod text;

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use serde::Deserialize;

use super::catalog::{RuleDoc, BUILTIN};
use super::config::Config;
use super::finding::{Finding, Fix};
use super::memo::Table;
use super::Analysis;
use fixes::FixScope;
use lexicon::{Compile, Entry, Hit, Lexicon};
pub use load::{Pack, PackProblem};

/// The kinds a pack can use; `code` marks rules implemented in `engine/rules/`.
pub const KINDS: &[&str] = &["phrase", "pattern", "metric", "shouting", "code"];

/// Compiled pack rules, ready to run.
pub struct RuleSet {
    /// Tells this set from any other built in this process, for the paragraph memo's context.
    id: u64,
    rules: Vec<Compiled>,
    /// The phrase and pattern rules' prefixes in one searcher: one pass over the prose tells
    /// which of them can match at all, and only those search it (most drafts trip one or two).
    gate: gate::Gate,
}

struct Compiled {
    doc: RuleDoc,
    /// This rule's index in the gate, if it is in it: its entries are member `2 * i`, its
    /// exceptions member `2 * i + 1`.
    gate: Option<usize>,
    check: Check,
    first_message_only: bool,
}

enum Check {
    Lexicon(LexiconRule),
    Metric(metric::Params),
    Shouting(shouting::Shouting),
}

/// Data of `phrase` and `pattern` rules.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct LexiconParams {
    /// Phrases (`phrase` kind) without a category.
    phrases: Vec<String>,
    /// Regular expressions without a category: the `pattern` kind's, or forms beside a
    /// `phrase` rule's phrases.
    patterns: Vec<String>,
    pattern: Option<String>,
    /// Phrases or patterns by category (`urgency = ["act now", ...]`).
    categories: BTreeMap<String, Vec<String>>,
    /// Patterns by category beside a `phrase` rule's categories (`money = ['price: \$\d']`).
    category_patterns: BTreeMap<String, Vec<String>>,
    /// Context that silences a hit inside it ("are you free" for "free").
    unless: Vec<String>,
    /// Replacements offered for a phrase (keyed by the phrase as listed, any case).
    replace: BTreeMap<String, Vec<String>>,
    /// Replacements offered for every hit.
    replacements: Vec<String>,
    /// What a replacement replaces: `match`, `rest-of-sentence` or `sentence`.
    fix_scope: FixScope,
    /// Offer "Remove “…”" (tidying the spaces and punctuation around it).
    remove: bool,
    /// Which fixes are safe to apply without a look: `replace`, `remove`.
    safe: Vec<String>,
    case_sensitive: bool,
    /// Only in a first message: silent in follow-ups and at `step:` 2 or later.
    first_message_only: bool,
    /// Regular expressions any of which, found anywhere in the body, silences the rule for the
    /// whole draft (a follow-up that brings a list or a link is not a lazy one).
    unless_message: Vec<String>,
}

struct LexiconRule {
    lexicon: Lexicon,
    /// `unless_message` as one regex.
    unless_message: Option<regex::Regex>,
    fix_scope: FixScope,
    remove: bool,
    safe_replace: bool,
    safe_remove: bool,
}

/// Settings that change what pack rules match: `allow` and per-rule `[words]`.
#[derive(Default)]
struct Tuning<'c> {
    allow: &'c [String],
    words: Option<&'c BTreeMap<String, super::config::WordLists>>,
}

impl<'c> Tuning<'c> {
    fn of(config: &'c Config) -> Self {
        Tuning {
            allow: &config.allow,
            words: Some(&config.words),
        }
    }

    fn allowed(&self, rule: &str) -> Vec<String> {
        let mut out: Vec<String> = self.allow.to_vec();
        if let Some(w) = self.words.and_then(|w| w.get(rule)) {
            out.extend(w.allow.iter().cloned());
        }
        out
    }

    fn added(&self, rule: &str) -> &[String] {
        self.words
            .and_then(|w| w.get(rule))
            .map_or(&[], |w| w.add.as_slice())
    }
}

/// Compiles one rule (its regexes `when` asked). `Ok(None)` for rules implemented in code.
fn compile(doc: &RuleDoc, tuning: &Tuning, when: Compile) -> Result<Option<Compiled>, String> {
    let params = toml::Value::Table(doc.params.clone());
    let (check, first_message_only) = match doc.kind.as_str() {
        "code" => return Ok(None),
        "phrase" | "pattern" => {
            let p: LexiconParams = params.try_into().map_err(|e| params_error(&e))?;
            let first = p.first_message_only;
            (Check::Lexicon(lexicon_rule(doc, p, tuning, when)?), first)
        }
        "metric" => {
            let p: metric::Params = params.try_into().map_err(|e| params_error(&e))?;
            p.validate()?;
            (Check::Metric(p), false)
        }
        "shouting" => {
            let p: shouting::Params = params.try_into().map_err(|e| params_error(&e))?;
            let allow = tuning.allowed(&doc.id);
            (Check::Shouting(shouting::Shouting::new(p, &allow)), false)
        }
        other => {
            return Err(format!(
                "unknown kind `{other}`; use one of: {}",
                KINDS.join(", ")
            ))
        }
    };
    Ok(Some(Compiled {
        doc: doc.clone(),
        gate: None,
        check,
        first_message_only,
    }))
}

fn params_error(e: &toml::de::Error) -> String {
    format!("[rule.params]: {}", e.message().trim())
}

fn lexicon_rule(
    doc: &RuleDoc,
    p: LexiconParams,
    tuning: &Tuning,
    when: Compile,
) -> Result<LexiconRule, String> {
    // Entries `replacement_problems` reports are left out here.
    let listed = listed_entries(&p);
    let replace: BTreeMap<String, Vec<String>> = p
        .replace
        .iter()
        .map(|(k, v)| {
            let usable = v
                .iter()
                .filter(|r| bad_replacement(&listed, k, r).is_none())
                .cloned();
            (k.to_lowercase(), usable.collect())
        })
        .collect();
    let entry = |source: &str, category: Option<&str>| Entry {
        source: source.to_string(),
        category: category.map(String::from),
        replacements: replace
            .get(&source.to_lowercase())
            .unwrap_or(&p.replacements)
            .clone(),
    };
    let mut entries: Vec<Entry> = Vec::new();
    let plain = if doc.kind == "phrase" {
        &p.phrases
    } else {
        &p.patterns
    };
    entries.extend(plain.iter().map(|s| entry(s, None)));
    entries.extend(p.pattern.iter().map(|s| entry(s, None)));
    for (category, list) in &p.categories {
        entries.extend(list.iter().map(|s| entry(s, Some(category))));
    }
    let allowed = tuning.allowed(&doc.id);
    let lexicon = if doc.kind == "phrase" {
        entries.extend(tuning.added(&doc.id).iter().map(|s| entry(s, None)));
        let unless: Vec<String> = p.unless.iter().chain(&allowed).cloned().collect();
        // The forms a list of phrases cannot spell out ("I know you're [very|so|probably]
        // busy") may sit beside it as patterns.
        let mut forms: Vec<Entry> = p.patterns.iter().map(|s| entry(s, None)).collect();
        for (category, list) in &p.category_patterns {
            forms.extend(list.iter().map(|s| entry(s, Some(category))));
        }
        Lexicon::phrases(entries, forms, &unless, p.case_sensitive, when)?
    } else {
        if !p.phrases.is_empty() {
            return Err("`phrases` belongs to `kind = \"phrase\"`; use `patterns`".into());
        }
        if !p.category_patterns.is_empty() {
            return Err(
                "`category_patterns` belongs to `kind = \"phrase\"`; use `categories`".into(),
            );
        }
        Lexicon::patterns(entries, &p.unless, &allowed, p.case_sensitive, when)?
    };
    let unless_message = match p.unless_message.as_slice() {
        [] => None,
        list => {
            for source in list {
                regex::Regex::new(source).map_err(|e| {
                    format!(
                        "invalid regex “{source}” in “unless_message”: {}",
                        e.to_string()
                            .lines()
                            .last()
                            .unwrap_or("")
                            .trim_start_matches("error: ")
                    )
                })?;
            }
            let joined: Vec<String> = list.iter().map(|s| format!("(?:{s})")).collect();
            Some(regex::Regex::new(&joined.join("|")).map_err(|e| e.to_string())?)
        }
    };
    Ok(LexiconRule {
        lexicon,
        unless_message,
        fix_scope: p.fix_scope,
        remove: p.remove,
        safe_replace: p.safe.iter().any(|s| s == "replace"),
        safe_remove: p.safe.iter().any(|s| s == "remove"),
    })
}

/// What is wrong with a phrase or pattern rule's `replace` table and `safe` list, entry by entry:
/// a key that names none of the rule's phrases, an empty replacement or one that repeats its
/// phrase, an unknown `safe` value. Each is a problem on its own line; the rule still loads, and
/// a bad entry is never offered.
/// Each problem comes with the TOML text to point at (the entry's key as written, `"free" =`).
pub fn replacement_problems(doc: &RuleDoc) -> Vec<(String, Vec<String>)> {
    if !matches!(doc.kind.as_str(), "phrase" | "pattern") {
        return Vec::new();
    }
    let Ok(p) = toml::Value::Table(doc.params.clone()).try_into::<LexiconParams>() else {
        return Vec::new();
    };
    let listed = listed_entries(&p);
    let mut out = Vec::new();
    for (key, replacements) in &p.replace {
        let at = vec![
            format!("\"{key}\" ="),
            format!("'{key}' ="),
            format!("{key} ="),
        ];
        if !listed.contains(&key.to_lowercase()) {
            out.push((
                format!("“{key}” in “replace” is not one of the rule's phrases; list it, or fix the spelling"),
                at.clone(),
            ));
        }
        for r in replacements {
            if let Some(why) = bad_replacement(&listed, key, r) {
                out.push((why, at.clone()));
            }
        }
    }
    if p.replacements.iter().any(|r| r.trim().is_empty()) {
        out.push((
            "“replacements” has an empty entry".into(),
            vec!["replacements".into()],
        ));
    }
    for s in &p.safe {
        if !matches!(s.as_str(), "replace" | "remove") {
            out.push((
                format!("“{s}” in “safe” is not a fix; use “replace” or “remove”"),
                vec![format!("\"{s}\""), format!("'{s}'")],
            ));
        }
    }
    out
}

/// The rule's phrases and patterns as listed, lower-cased.
fn listed_entries(p: &LexiconParams) -> Vec<String> {
    p.phrases
        .iter()
        .chain(&p.patterns)
        .chain(&p.pattern)
        .chain(p.categories.values().flatten())
        .map(|s| s.to_lowercase())
        .collect()
}

/// Why `replacement` cannot stand for `phrase`, if it cannot: it is empty, the phrase again, or
/// uses a phrase the rule flags (the fix would bring its own finding back).
fn bad_replacement(listed: &[String], phrase: &str, replacement: &str) -> Option<String> {
    let r = replacement.trim();
    if r.is_empty() || r.eq_ignore_ascii_case(phrase.trim()) {
        return Some(format!(
            "a replacement for “{phrase}” must be other words, not empty or the phrase itself (“{r}”)"
        ));
    }
    let padded = format!(" {} ", r.to_lowercase());
    listed
        .iter()
        .find(|l| padded.contains(&format!(" {l} ")))
        .map(|l| format!("a replacement for “{phrase}” uses “{l}”, which the rule flags too"))
}

/// Checks a rule's kind and data without running it: the error a pack author needs to see.
pub fn validate(doc: &RuleDoc) -> Result<(), String> {
    compile(doc, &Tuning::default(), Compile::Now).map(|_| ())
}

impl RuleSet {
    fn build<'d>(
        docs: impl Iterator<Item = &'d RuleDoc>,
        tuning: &Tuning,
        when: Compile,
    ) -> RuleSet {
        // Rules that do not compile are left out here; loading their pack reported why.
        let mut rules: Vec<Compiled> = docs
            .filter_map(|d| compile(d, tuning, when).ok().flatten())
            .collect();
        let mut members = Vec::new();
        for rule in &mut rules {
            if let Check::Lexicon(l) = &rule.check {
                rule.gate = Some(members.len() / 2);
                let case_sensitive = l.lexicon.case_sensitive();
                members.push(gate::Member {
                    prefixes: l.lexicon.prefixes.as_ref(),
                    case_sensitive,
                });
                members.push(gate::Member {
                    prefixes: l.lexicon.unless_prefixes.as_ref(),
                    case_sensitive,
                });
            }
        }
        let gate = gate::Gate::new(&members);
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        RuleSet { id, rules, gate }
    }
}

/// The built-in rules with default settings. Built-in rules are known to compile (a test checks
/// every one), so each compiles its regexes only when the gate first lets it search.
static BUILTIN_SET: LazyLock<Arc<RuleSet>> = LazyLock::new(|| {
    Arc::new(RuleSet::build(
        BUILTIN.rules.iter(),
        &Tuning::default(),
        Compile::OnFirstUse,
    ))
});

/// Sets compiled for non-default settings, most recent last. Editors hold one or two configs;
/// a few slots keep a workspace with several `sendwell.toml` files from recompiling. Built-in
/// rules and user packs are cached apart, so editing a pack recompiles only that pack.
static TUNED: Mutex<Vec<(u64, Arc<RuleSet>)>> = Mutex::new(Vec::new());
static USER: Mutex<Vec<(u64, Arc<RuleSet>)>> = Mutex::new(Vec::new());
const TUNED_SLOTS: usize = 8;

/// The compiled pack rules for `config`: the built-in rules (tuned by its settings), then the
/// rules of its user packs, if any.
pub fn rule_sets(config: &Config) -> (Arc<RuleSet>, Option<Arc<RuleSet>>) {
    let tuning = Tuning::of(config);
    let builtin = if config.allow.is_empty() && config.words.is_empty() {
        BUILTIN_SET.clone()
    } else {
        cached(&TUNED, fingerprint(config, false), || {
            RuleSet::build(BUILTIN.rules.iter(), &tuning, Compile::OnFirstUse)
        })
    };
    let user = (!config.user_packs.is_empty()).then(|| {
        cached(&USER, fingerprint(config, true), || {
            // User packs were checked on load, and a rule that does not compile is left out.
            let rules = config.user_packs.iter().flat_map(|p| p.rules.iter());
            RuleSet::build(rules, &tuning, Compile::Now)
        })
    });
    (builtin, user)
}

fn cached(
    cache: &Mutex<Vec<(u64, Arc<RuleSet>)>>,
    key: u64,
    build: impl FnOnce() -> RuleSet,
) -> Arc<RuleSet> {
    let mut sets = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = sets.iter().position(|(k, _)| *k == key) {
        let hit = sets.remove(i);
        let set = hit.1.clone();
        sets.push(hit);
        return set;
    }
    let set = Arc::new(build());
    if sets.len() >= TUNED_SLOTS {
        sets.remove(0);
    }
    sets.push((key, set.clone()));
    set
}

/// What a compiled set depends on: the settings that tune rules, and the user packs if `packs`.
fn fingerprint(config: &Config, packs: bool) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    config.allow.hash(&mut h);
    for (rule, w) in &config.words {
        rule.hash(&mut h);
        w.allow.hash(&mut h);
        w.add.hash(&mut h);
    }
    if packs {
        for p in &config.user_packs {
            p.path.hash(&mut h);
            p.fingerprint.hash(&mut h);
        }
    }
    h.finish()
}

/// The documentation of a rule: built-in, or from one of the config's user packs.
pub fn doc<'c>(config: &'c Config, id: &str) -> Option<&'c RuleDoc> {
    BUILTIN.get(id).or_else(|| {
        config
            .user_packs
            .iter()
            .flat_map(|p| p.rules.iter())
            .find(|r| r.id == id)
    })
}

/// What a pack rule sees of a draft: its text, where prose is, and where names are.
pub struct Ctx<'a, 't> {
    pub analysis: &'a Analysis<'t>,
    pub text: &'t str,
    /// The part of the body the rules look at: all of it, or one paragraph.
    part: Range<usize>,
    prose: OnceLock<Vec<Range<usize>>>,
    names: OnceLock<Vec<Range<usize>>>,
    /// Words whose standing outside `part` a rule asked about, with the answer.
    outside: std::sync::Mutex<Vec<(String, bool)>>,
}

impl<'a, 't> Ctx<'a, 't> {
    /// The whole body.
    fn new(analysis: &'a Analysis<'t>) -> Self {
        Ctx::within(analysis, analysis.draft.body())
    }

    /// One part of the body: the rules see the prose inside `part` only.
    fn within(analysis: &'a Analysis<'t>, part: Range<usize>) -> Self {
        Ctx {
            analysis,
            text: analysis.text(),
            part,
            prose: OnceLock::new(),
            names: OnceLock::new(),
            outside: Default::default(),
        }
    }

    /// Notes that what was found in the part depends on whether `word` stands outside it,
    /// which it does if `answer`; gives `answer`.
    pub fn note_outside(&self, word: &str, answer: bool) -> bool {
        let mut outside = self.outside.lock().unwrap_or_else(|e| e.into_inner());
        if !outside.iter().any(|(w, _)| w == word) {
            outside.push((word.to_string(), answer));
        }
        answer
    }

    /// The part of the body the rules look at.
    pub fn part(&self) -> &Range<usize> {
        &self.part
    }

    pub fn prose(&self) -> &[Range<usize>] {
        self.prose
            .get_or_init(|| text::prose_regions(self.analysis, self.part.clone()))
    }

    /// Whether `range` overlaps the recipient's name, company or role, or a template token.
    /// Both lists are sorted and disjoint, so this is two binary searches however many
    /// placeholders a draft has (a scan of them all per hit made 10,000 tokens quadratic).
    pub fn is_name_or_token(&self, range: &Range<usize>) -> bool {
        let names = self
            .names
            .get_or_init(|| text::disjoint(text::fact_mentions(self.analysis, self.part.clone())));
        let placeholders = &self.analysis.placeholders;
        let i = placeholders.partition_point(|p| p.range.end <= range.start);
        text::overlaps_any(names, range)
            || placeholders
                .get(i)
                .is_some_and(|p| p.range.start < range.end && range.start < p.range.end)
    }
}

/// Runs every pack rule that applies to this draft's channel. Paragraphs that `table` holds
/// from an earlier lint are not read again.
pub fn run(
    a: &Analysis,
    config: &Config,
    table: Option<&mut Table<PackParagraph>>,
    out: &mut Vec<Finding>,
) {
    run_kinds_with(a, config, KINDS, table, out);
}

/// Runs the pack rules of the given kinds only: for benchmarks that time each kind.
pub fn run_kinds(a: &Analysis, config: &Config, kinds: &[&str], out: &mut Vec<Finding>) {
    run_kinds_with(a, config, kinds, None, out);
}

/// The kinds whose matches lie inside one paragraph: they run paragraph by paragraph, and what
/// they find in a paragraph is kept for the next lint. Metrics can measure the whole body.
const PER_PARAGRAPH: &[&str] = &["phrase", "pattern", "shouting"];

/// What the phrase, pattern and shouting rules found in one paragraph, in offsets from its start.
#[derive(Debug, Default)]
pub struct PackParagraph {
    findings: Vec<Finding>,
    /// Words whose standing elsewhere in the message the findings depend on, with whether
    /// they stood there ([`Ctx::note_outside`]): if one's answer changes, the paragraph is read
    /// again.
    outside: Vec<(String, bool)>,
}

fn run_kinds_with(
    a: &Analysis,
    config: &Config,
    kinds: &[&str],
    table: Option<&mut Table<PackParagraph>>,
    out: &mut Vec<Finding>,
) {
    let (builtin, user) = rule_sets(config);
    let sets: Vec<&RuleSet> = std::iter::once(&*builtin).chain(user.as_deref()).collect();
    let (local, whole): (Vec<&str>, Vec<&str>) =
        kinds.iter().partition(|k| PER_PARAGRAPH.contains(k));
    if !whole.is_empty() {
        let ctx = Ctx::new(a);
        for set in &sets {
            set.run(&ctx, &whole, out);
        }
    }
    if local.is_empty() {
        return;
    }
    let first_new = out.len();
    run_paragraphs(a, &sets, &local, table, out);
    silence_by_message(a, &sets, &mut *out, first_new);
}

/// Drops the findings of rules whose `unless_message` the body matches. Looked for only once a
/// rule has fired, so a keystroke pays for it only in a draft where it fires.
fn silence_by_message(a: &Analysis, sets: &[&RuleSet], out: &mut Vec<Finding>, from: usize) {
    let body = &a.text()[a.draft.body()];
    for rule in sets.iter().flat_map(|s| s.rules.iter()) {
        let Check::Lexicon(LexiconRule {
            unless_message: Some(re),
            ..
        }) = &rule.check
        else {
            continue;
        };
        let id = rule.doc.id.as_str();
        if out[from..].iter().any(|f| f.rule == id) && re.is_match(body) {
            let mut i = 0;
            out.retain(|f| {
                i += 1;
                i <= from || f.rule != id
            });
        }
    }
}

fn run_paragraphs(
    a: &Analysis,
    sets: &[&RuleSet],
    local: &[&str],
    mut table: Option<&mut Table<PackParagraph>>,
    out: &mut Vec<Finding>,
) {
    let find = |part: Range<usize>, out: &mut Vec<Finding>| {
        let ctx = Ctx::within(a, part);
        for set in sets {
            set.run(&ctx, local, out);
        }
        ctx.outside.into_inner().unwrap_or_else(|e| e.into_inner())
    };
    let text = a.text();
    if let Some(t) = table.as_mut() {
        t.begin(text, paragraph_context(a, sets, local));
    }
    let mut places: HashMap<String, Vec<usize>> = HashMap::new();
    for part in text::paragraphs(a.draft.body(), text, &a.comments) {
        let Some(t) = table.as_mut() else {
            find(part, out);
            continue;
        };
        let start = part.start;
        // A word's places are found once a lint, however many kept paragraphs noted it.
        let still = |kept: &PackParagraph| {
            kept.outside.iter().all(|(word, was)| {
                let at = places
                    .entry(word.clone())
                    .or_insert_with(|| shouting::places_of(text, word, 0..text.len()).collect());
                at.iter().any(|&p| !part.contains(&p)) == *was
            })
        };
        let kept = t.get_or_make_if(part.clone(), still, || {
            let mut findings = Vec::new();
            let outside = find(part.clone(), &mut findings);
            findings.iter_mut().for_each(|f| f.shift_back(start));
            PackParagraph { findings, outside }
        });
        out.extend(kept.findings.iter().map(|f| f.shifted(start, a.with_fixes)));
    }
    if let Some(t) = table.as_mut() {
        t.finish(text);
    }
    if let Some(subject) = a.subject_text() {
        // One short line, read afresh each lint: its findings sit on the subject's value in
        // the front-matter, and offer no rewrite (front-matter edits belong to `text_edit`).
        let mut found = Vec::new();
        find(subject, &mut found);
        for f in &mut found {
            f.fixes.clear();
            f.message = format!("In the subject: {}", f.message);
        }
        out.extend(found);
    }
}

/// Everything besides a paragraph's text that what the rules find in it depends on: the rule
/// sets, the kinds asked for, the channel and step, and the names the rules leave alone.
/// (A paragraph starts a line, so the text before it, a line break, is the same everywhere.)
fn paragraph_context(a: &Analysis, sets: &[&RuleSet], kinds: &[&str]) -> u64 {
    let facts = &a.draft.facts;
    let ids: Vec<String> = sets.iter().map(|s| s.id.to_string()).collect();
    fn value(v: &Option<crate::engine::draft::Spanned<String>>) -> &str {
        v.as_ref().map_or("", |v| v.value.as_str())
    }
    let mut parts: Vec<&str> = ids.iter().map(String::as_str).collect();
    parts.extend(kinds);
    parts.extend([
        a.channel.as_ref().map_or("", |c| c.id.as_str()),
        if is_later_message(a) {
            "later"
        } else {
            "first"
        },
        value(&facts.to),
        value(&facts.company),
        value(&facts.role),
    ]);
    crate::engine::memo::context_hash(&parts)
}

impl RuleSet {
    fn run(&self, ctx: &Ctx, kinds: &[&str], out: &mut Vec<Finding>) {
        let a = ctx.analysis;
        let channel = a.channel.as_ref().map(|c| c.id.as_str());
        // Opened once, by the first phrase or pattern rule asked for.
        let mut open: Option<gate::Opened> = None;
        for rule in self
            .rules
            .iter()
            .filter(|r| kinds.contains(&r.doc.kind.as_str()))
        {
            let mut starts = (None, None);
            if let Some(i) = rule.gate {
                let open = open.get_or_insert_with(|| self.gate.open(ctx.text, ctx.prose()));
                if open.is_shut(2 * i) {
                    continue;
                }
                starts = (open.starts(2 * i), open.starts(2 * i + 1));
            }
            if !rule.doc.channels.is_empty()
                && !channel.is_some_and(|c| rule.doc.channels.iter().any(|x| x == c))
            {
                continue;
            }
            if rule.first_message_only && is_later_message(a) {
                continue;
            }
            rule.run(ctx, starts, out);
        }
    }
}

/// Not a first touch: a follow-up, a `step:` of 2 or more, or a `met:` in the front-matter.
fn is_later_message(a: &Analysis) -> bool {
    !a.is_first_touch()
}

/// Where a lexicon rule's entries and exceptions may match, if the gate knows.
type GateStarts<'g> = (Option<&'g [usize]>, Option<&'g [usize]>);

impl Compiled {
    fn run(&self, ctx: &Ctx, starts: GateStarts, out: &mut Vec<Finding>) {
        let doc = &self.doc;
        match &self.check {
            Check::Lexicon(rule) => {
                let mut hits = Vec::new();
                for region in ctx.prose() {
                    hits.clear();
                    rule.lexicon
                        .find(ctx.text, region.clone(), starts.0, starts.1, &mut hits);
                    for hit in &hits {
                        if ctx.is_name_or_token(&hit.range) {
                            continue;
                        }
                        out.push(rule.finding(doc, ctx, region, hit));
                    }
                }
            }
            Check::Shouting(rule) => {
                let mut shouts = Vec::new();
                rule.find(ctx, &mut shouts);
                for s in shouts {
                    let m = &ctx.text[s.range.clone()];
                    let message = render_message(doc, &[("match", m)]);
                    let mut f = Finding::new(&doc.id, doc.severity, s.range, message);
                    f.fixes.extend(s.fix);
                    out.push(f);
                }
            }
            Check::Metric(p) => {
                let mut measured = Vec::new();
                p.find(ctx, &mut measured);
                for m in measured {
                    let value = trim_number(m.value);
                    let max = p.max.map(trim_number).unwrap_or_default();
                    let min = p.min.map(trim_number).unwrap_or_default();
                    let message =
                        render_message(doc, &[("value", &value), ("max", &max), ("min", &min)]);
                    out.push(Finding::new(&doc.id, doc.severity, m.range, message));
                }
            }
        }
    }
}

impl LexiconRule {
    fn finding(&self, doc: &RuleDoc, ctx: &Ctx, region: &Range<usize>, hit: &Hit) -> Finding {
        let entry = self.lexicon.entry(hit.entry);
        // A replacement stands for the listed phrase; a removal takes the whole unit.
        let listed = hit.range.clone();
        let hit = &Hit {
            range: removal::unit(ctx.text, region, hit.range.clone()),
            entry: hit.entry,
        };
        let matched = &ctx.text[hit.range.clone()];
        let category = entry.category.as_deref().unwrap_or("");
        let message = render_message(doc, &[("match", matched), ("category", category)]);
        let mut f = Finding::new(&doc.id, doc.severity, hit.range.clone(), message);
        let mut fixes: Vec<Fix> = entry
            .replacements
            .iter()
            .map(|r| {
                fixes::replace(
                    ctx.text,
                    region,
                    listed.clone(),
                    self.fix_scope,
                    r,
                    self.safe_replace,
                )
            })
            .collect();
        if self.remove {
            fixes.extend(removal::remove(
                ctx.text,
                region,
                hit.range.clone(),
                self.safe_remove,
            ));
        }
        if let Some(first) = fixes.first_mut() {
            first.preferred = true;
        }
        f.fixes = fixes;
        f
    }
}

/// Fills `{match}`, `{category}`, `{value}`… in the rule's message, or says what the rule is.
fn render_message(doc: &RuleDoc, vars: &[(&str, &str)]) -> String {
    let template = doc.message.as_deref().unwrap_or("{title}: “{match}”.");
    let mut out = template.replace("{title}", &doc.title);
    for (k, v) in vars.iter().chain([&("match", "")]) {
        let slot = format!("{{{k}}}");
        if v.is_empty() {
            // A phrase listed without a category leaves "{category}" empty: take a space with
            // it, so the message reads "is talk", not "is  talk".
            out = out.replace(&format!(" {slot} "), " ").replace(&slot, "");
        } else {
            out = out.replace(&slot, v);
        }
    }
    out.trim().to_string()
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests;

/// A region of `text` on character boundaries, picked by two numbers (for property tests).
#[cfg(test)]
pub(crate) fn region_in(text: &str, cut: (usize, usize)) -> Range<usize> {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let a = bounds[cut.0 % bounds.len()];
    let b = bounds[bounds.len() - 1 - cut.1 % bounds.len()];
    a.min(b)..a.max(b)
}
