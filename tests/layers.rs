//! The layering of `server/`, checked the way rust-analyzer's tidy tests check its code: by
//! reading the sources. Every `use` and every `crate::…`/`super::…` path outside test code is
//! resolved to the module it reaches (through the imports of the module it names, so
//! `super::Config` in a rule is `engine::config`), and the test fails on
//! - a module that imports from a layer after its own in ARCHITECTURE.md's "Layers" table;
//! - a module of `server/` in no layer (a new part of `engine` has to be placed);
//! - a circle of imports between parts of the engine (`engine::x`, and `engine` itself).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

#[test]
fn imports_only_look_down_the_layer_table_and_the_engine_has_no_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layers = layer_table(&fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap());
    let crate_ = Crate::read(&root.join("server"));
    let mut problems = upward_imports(&crate_, &layers);
    problems.extend(engine_circles(&crate_));
    assert!(
        problems.is_empty(),
        "layering (ARCHITECTURE.md, \"Layers\"):\n{}",
        problems.join("\n")
    );
}

/// The layers, lowest first, each with the module paths it holds.
struct Layers(Vec<(String, Vec<ModPath>)>);

fn layer_table(doc: &str) -> Layers {
    let section = doc
        .split("\n## ")
        .find(|s| s.starts_with("Layers\n"))
        .expect("ARCHITECTURE.md has a \"## Layers\" section");
    let rows = section
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2) // the header and its rule
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
            let modules = cells[1]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(|m| m.split("::").map(String::from).collect())
                .collect();
            (cells[0].to_string(), modules)
        })
        .collect::<Vec<_>>();
    assert!(rows.len() >= 3, "the layer table has rows: {rows:?}");
    Layers(rows)
}

impl Layers {
    /// The layer of `module`: the row naming it or the nearest module around it. The engine's
    /// own parts must be named (a part of `engine` is not placed by `engine`'s row).
    fn of(&self, module: &[String]) -> Option<(usize, &str)> {
        let mut best: Option<(usize, usize)> = None;
        for (i, (_, modules)) in self.0.iter().enumerate() {
            for m in modules {
                let placed_by_engine = m.len() == 1 && m[0] == "engine" && module.len() > 1;
                if module.starts_with(m)
                    && !placed_by_engine
                    && best.is_none_or(|(_, len)| m.len() > len)
                {
                    best = Some((i, m.len()));
                }
            }
        }
        best.map(|(i, _)| (i, self.0[i].0.as_str()))
    }
}

/// One source file: its module and its code without comments, string contents and test code.
struct Source {
    file: PathBuf,
    module: ModPath,
    code: String,
}

struct Crate {
    files: Vec<Source>,
    modules: BTreeSet<ModPath>,
    /// Per module, what each name it imports stands for (absolute paths).
    imports: BTreeMap<ModPath, BTreeMap<String, ModPath>>,
}

impl Crate {
    fn read(server: &Path) -> Crate {
        let mut paths = Vec::new();
        walk(server, &mut paths);
        let mut files = Vec::new();
        let mut test_only: Vec<ModPath> = Vec::new();
        for file in paths {
            let rel = file.strip_prefix(server).unwrap();
            if rel == Path::new("main.rs") {
                continue; // the binary: it reaches the library as `sendwell::`, from the top
            }
            let mut module: ModPath = rel
                .with_extension("")
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                module.pop();
            }
            let (code, test_mods) = without_tests(&blank_comments_and_strings(
                &fs::read_to_string(&file).unwrap(),
            ));
            test_only.extend(test_mods.into_iter().map(|m| {
                let mut path = module.clone();
                path.push(m);
                path
            }));
            let file = Path::new("server").join(rel);
            files.push(Source { file, module, code });
        }
        files.retain(|f| !test_only.iter().any(|t| f.module.starts_with(t)));
        let modules = files.iter().map(|f| f.module.clone()).collect();
        let mut crate_ = Crate {
            files,
            modules,
            imports: BTreeMap::new(),
        };
        for f in &crate_.files {
            let mut names = BTreeMap::new();
            for u in use_paths(&f.code) {
                let (path, alias) = match u.split_once(" as ") {
                    Some((p, a)) => (p.to_string(), a.to_string()),
                    None => (u.clone(), u.rsplit("::").next().unwrap().to_string()),
                };
                if let Some(abs) = crate_.absolute(&f.module, &path) {
                    if alias != "*" && alias != "self" {
                        names.insert(alias, abs);
                    }
                }
            }
            crate_.imports.insert(f.module.clone(), names);
        }
        crate_
    }

    /// `path` as written in `module`, made absolute; `None` for another crate's.
    fn absolute(&self, module: &[String], path: &str) -> Option<ModPath> {
        let mut segs = path.split("::").filter(|s| !s.is_empty()).peekable();
        let mut at: ModPath = match *segs.peek()? {
            "crate" => {
                segs.next();
                Vec::new()
            }
            "super" | "self" => module.to_vec(),
            first => {
                let mut child = module.to_vec();
                child.push(first.to_string());
                if !self.modules.contains(&child) {
                    return None;
                }
                module.to_vec()
            }
        };
        for s in segs {
            match s {
                "super" => {
                    at.pop();
                }
                "self" => {}
                s => at.push(s.to_string()),
            }
        }
        Some(at)
    }

    /// The module an absolute path reaches: the longest module it starts with, followed through
    /// that module's imports when the next name is one of them.
    fn target(&self, path: &[String], depth: usize) -> ModPath {
        let len = (0..=path.len())
            .rev()
            .find(|&n| self.modules.contains(&path[..n]))
            .unwrap_or(0);
        let module = path[..len].to_vec();
        if depth < 8 {
            if let Some(next) = path.get(len) {
                if let Some(imported) = self.imports.get(&module).and_then(|i| i.get(next)) {
                    let mut further = imported.clone();
                    further.extend_from_slice(&path[len + 1..]);
                    return self.target(&further, depth + 1);
                }
            }
        }
        module
    }

    /// Every import of the crate: (file, importing module, as written, module reached).
    fn edges(&self) -> Vec<(&Path, &ModPath, String, ModPath)> {
        let mut out = Vec::new();
        for f in &self.files {
            let mut written = use_paths(&f.code);
            written.extend(code_paths(&f.code));
            for w in written {
                let path = w.split(" as ").next().unwrap();
                let Some(abs) = self.absolute(&f.module, path) else {
                    continue;
                };
                let to = self.target(&abs, 0);
                out.push((f.file.as_path(), &f.module, w, to));
            }
        }
        out
    }
}

fn upward_imports(crate_: &Crate, layers: &Layers) -> Vec<String> {
    let mut problems = BTreeSet::new();
    for f in &crate_.files {
        if !f.module.is_empty() && layers.of(&f.module).is_none() {
            problems.insert(format!(
                "{} is in no layer: name it in the table",
                f.module.join("::")
            ));
        }
    }
    for (file, from, written, to) in crate_.edges() {
        if from.is_empty() || to.is_empty() {
            continue; // lib.rs only declares the modules
        }
        let (Some((low, low_name)), Some((high, high_name))) = (layers.of(from), layers.of(&to))
        else {
            continue;
        };
        if high > low {
            problems.insert(format!(
                "{}: `{}` reaches up from {} ({low_name}) to {} ({high_name})",
                file.display(),
                written,
                from.join("::"),
                to.join("::"),
            ));
        }
    }
    problems.into_iter().collect()
}

/// Circles between the engine's parts (`engine::x`, with `engine` itself one part).
fn engine_circles(crate_: &Crate) -> Vec<String> {
    fn part(m: &[String]) -> Option<String> {
        (m.first()? == "engine").then(|| m[..m.len().min(2)].join("::"))
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut why: BTreeMap<(String, String), String> = BTreeMap::new();
    for (file, from, written, to) in crate_.edges() {
        let (Some(a), Some(b)) = (part(from), part(&to)) else {
            continue;
        };
        if a != b {
            why.entry((a.clone(), b.clone()))
                .or_insert_with(|| format!("{} (`{written}`)", file.display()));
            graph.entry(a).or_default().insert(b);
        }
    }
    // A circle is a path back to where it started; each part's shortest one is reported once.
    let mut seen: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    let mut out = Vec::new();
    for start in graph.keys() {
        let Some(circle) = shortest_way_back(&graph, start) else {
            continue;
        };
        if !seen.insert(circle.iter().cloned().collect()) {
            continue;
        }
        let steps: Vec<String> = circle
            .iter()
            .zip(circle.iter().cycle().skip(1))
            .map(|(a, b)| format!("  {a} -> {b}: {}", why[&(a.clone(), b.clone())]))
            .collect();
        out.push(format!(
            "circle between engine parts {}:\n{}",
            circle.join(" -> "),
            steps.join("\n")
        ));
    }
    out
}

/// The parts on the shortest way from `start` back to itself, if there is one (breadth first).
fn shortest_way_back(
    graph: &BTreeMap<String, BTreeSet<String>>,
    start: &str,
) -> Option<Vec<String>> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for next in graph.get(at).into_iter().flatten() {
            if next == start {
                let mut circle = vec![at.to_string()];
                let mut p = at;
                while p != start {
                    p = came_from[p];
                    circle.push(p.to_string());
                }
                circle.reverse();
                return Some(circle);
            }
            if !came_from.contains_key(next.as_str()) {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `code` with comments removed and the insides of string and character literals blanked, so
/// what is left is paths, keywords and brackets.
fn blank_comments_and_strings(code: &str) -> String {
    let b = code.as_bytes();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &code[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(hashes) = raw_string_start(rest) {
            let open = 2 + hashes; // r, the hashes, the quote
            let close = format!("\"{}", "#".repeat(hashes));
            let end = rest[open..]
                .find(&close)
                .map_or(rest.len(), |e| open + e + close.len());
            out.push_str("\"\"");
            i += end;
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() && rest.as_bytes()[j] != b'"' {
                j += if rest.as_bytes()[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i += (j + 1).min(rest.len());
        } else if let Some(len) = char_literal(rest) {
            out.push_str("' '");
            i += len;
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// How many `#` a raw string starting here has (`r"…"`, `r#"…"#`, `br"…"`).
fn raw_string_start(s: &str) -> Option<usize> {
    let s = s.strip_prefix('b').unwrap_or(s);
    let s = s.strip_prefix('r')?;
    let hashes = s.len() - s.trim_start_matches('#').len();
    s[hashes..].starts_with('"').then_some(hashes)
}

/// The length of a character literal starting here (`'x'`, `'\n'`, `'\u{1F600}'`), not a
/// lifetime.
fn char_literal(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('\'')?;
    if rest.starts_with('\\') {
        return rest.find('\'').map(|e| e + 2);
    }
    let c = rest.chars().next()?;
    rest[c.len_utf8()..]
        .starts_with('\'')
        .then_some(c.len_utf8() + 2)
}

/// `code` without the items under `#[cfg(test)]`, and the names of the modules so declared in
/// files of their own (`#[cfg(test)] mod tests;`).
fn without_tests(code: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut test_mods = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let (semi, brace) = (item.find(';'), item.find('{'));
        let end = match (semi, brace) {
            (Some(s), b) if b.is_none_or(|b| s < b) => {
                let decl = item[..s].split_whitespace().collect::<Vec<_>>();
                if let [.., "mod", name] = decl.as_slice() {
                    test_mods.push(name.to_string());
                }
                s + 1
            }
            (_, Some(b)) => matching_brace(item, b),
            _ => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    (out, test_mods)
}

/// Just past the `}` that closes the `{` at `open`.
fn matching_brace(s: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i + 1;
                }
            }
            _ => {}
        }
    }
    s.len()
}

/// Every path a `use` names, its braces spread out (`a::{b, c::{d}}` gives `a::b`, `a::c::d`).
fn use_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "use") {
        let after = &rest[at + 3..];
        let end = after.find(';').unwrap_or(after.len());
        let tree: String = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        spread(&tree.replace(" ::", "::").replace(":: ", "::"), &mut out);
        rest = &after[end..];
    }
    out.iter()
        .map(|p| p.trim_start_matches("::").to_string())
        .collect()
}

fn spread(tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        if !tree.is_empty() {
            out.push(tree.strip_suffix("::self").unwrap_or(tree).to_string());
        }
        return;
    };
    let head = &tree[..open];
    let close = matching_brace(tree, open) - 1;
    let mut depth = 0;
    let mut from = open + 1;
    for (i, c) in tree[open + 1..close].char_indices() {
        let i = open + 1 + i;
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                spread(&format!("{head}{}", &tree[from..i]), out);
                from = i + 1;
            }
            _ => {}
        }
    }
    let last = tree[from..close].trim();
    if !last.is_empty() {
        spread(&format!("{head}{last}"), out);
    }
}

/// Paths in code that start at the crate or a module around this one (`crate::engine::x`,
/// `super::super::y`).
fn code_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start).map(|i| from + i) {
            from = at + start.len();
            if code[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            {
                continue;
            }
            let len = code[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(code.len() - at);
            out.push(code[at..at + len].trim_end_matches(':').to_string());
        }
    }
    out
}

/// Where `word` stands alone in `s` (not inside a longer name).
fn find_word(s: &str, word: &str) -> Option<usize> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(at) = s[from..].find(word).map(|i| from + i) {
        let before = s[..at].chars().next_back();
        let after = s[at + word.len()..].chars().next();
        if !before.is_some_and(is_name) && !after.is_some_and(is_name) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}
