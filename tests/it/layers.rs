//! The floors of `src/`, read from its `use` lines: the bottom floor
//! (error text, redaction, the stop signal, the JSON envelope) imports
//! nothing above it; the edge (what prints and reports) is imported by
//! nothing below it; the command line by nothing at all; the middle
//! floors (records, files, mapping, forge, pipeline) only point down; only
//! the list of providers imports a provider's folder; and no module is
//! part of an import cycle.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

/// Modules that import nothing of the crate but each other.
const BOTTOM: [&str; 5] = ["error_text", "redact", "interrupt", "document", "terminal"];

/// What shows and reports: nothing below it imports it.
const EDGE: [&str; 6] = [
    "views",
    "printer",
    "progress",
    "exit",
    "batch",
    "environment",
];

/// The command line (the subcommands, and the driver they share): nothing
/// imports it but itself and the binary.
const TOP: [&str; 3] = ["commands", "cli", "driver"];

/// The middle floors, bottom first: the neutral records, the backup
/// formats, what mappings share, journals and locks, the provider's
/// traits, then what is generic over them. Each imports none after it.
const MIDDLE: [&str; 8] = [
    "record",
    "files",
    "mapping",
    "state",
    "forge",
    "backup",
    "pipeline",
    "protocols",
];

/// The folders of `src/providers/`, one a provider, as modules.
fn provider_folders() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/providers");
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .map(|path| format!("providers/{}", path.file_name().unwrap().to_string_lossy()))
        .collect();
    found.sort();
    found
}

/// Which module a file is part of: its top folder or file, each provider
/// folder apart.
fn unit_of(relative: &Path) -> String {
    let parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [first, second, ..] if first == "providers" && is_provider_part(second) => {
            format!("providers/{second}")
        }
        [first, ..] => first.clone(),
        [] => String::new(),
    }
}

fn is_provider_part(name: &str) -> bool {
    !name.is_empty()
        && Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/providers")
            .join(name)
            .is_dir()
}

/// A path below `crate::` as the module it reaches.
fn unit_of_path(path: &[&str]) -> Option<String> {
    match path {
        // `providers::forge` is `forge`, named where providers are listed.
        ["providers", "forge", ..] => Some("forge".to_owned()),
        // The macros a provider's name becomes its code by live in its list.
        ["with_forge" | "with_labels" | "with_kind", ..] => Some("providers".to_owned()),
        ["providers", second, ..] if is_provider_part(second) => {
            Some(format!("providers/{second}"))
        }
        [first, ..] if !first.is_empty() => Some((*first).to_owned()),
        _ => None,
    }
}

/// The text of a file without comments, strings and `#[cfg(test)]` items.
fn code(text: &str) -> String {
    // One pass, so that a `//` in a string is no comment and a quote in
    // a comment opens no string.
    let noise = regex::Regex::new(
        r##"(?s)r#".*?"#|r"[^"]*"|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])'|//[^\n]*|/\*.*?\*/"##,
    )
    .unwrap();
    let text = noise.replace_all(text, |caps: &regex::Captures| {
        if caps[0].starts_with('/') { "" } else { "\"\"" }.to_owned()
    });
    let mut kept = String::new();
    let mut rest: &str = &text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        let after = &rest[at..];
        let (open, semi) = (after.find('{'), after.find(';'));
        let end = match (open, semi) {
            (_, Some(semi)) if open.is_none_or(|open| semi < open) => semi + 1,
            (Some(open), _) => matching_brace(after, open),
            _ => after.len(),
        };
        rest = &after[end.min(after.len())..];
    }
    kept.push_str(rest);
    kept
}

fn matching_brace(text: &str, open: usize) -> usize {
    let mut depth = 0;
    for (at, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + at + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Every `crate::a::b` a file names, written out or in a `use crate::{…}`.
fn named(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let path = regex::Regex::new(r"crate::([a-z0-9_]+)(?:::([a-z0-9_]+))?").unwrap();
    for caps in path.captures_iter(code) {
        let second = caps.get(2).map_or("", |m| m.as_str());
        found.extend(unit_of_path(&[&caps[1], second]));
    }
    // The macros that turn a provider's name into its code expand to the
    // list of providers.
    let dispatch = regex::Regex::new(r"\bwith_(forge|labels|kind)!").unwrap();
    if dispatch.is_match(code) {
        found.insert("providers".to_owned());
    }
    let group = regex::Regex::new(r"use crate::\{([^;]*)\};").unwrap();
    let first = regex::Regex::new(r"^\s*([a-z0-9_]+)").unwrap();
    let word = regex::Regex::new(r"\b([a-z0-9_]+)\b").unwrap();
    for caps in group.captures_iter(code) {
        for item in top_level_items(&caps[1]) {
            let Some(module) = first.captures(item) else {
                continue;
            };
            if &module[1] != "providers" {
                found.extend(unit_of_path(&[&module[1]]));
                continue;
            }
            // `providers::{gitcode::GitCode, DemoTarget}`: a folder's item
            // is that folder's; any other is the list's own.
            let rest = item.trim_start().trim_start_matches("providers::");
            let rest = rest.trim().trim_start_matches('{').trim_end_matches('}');
            for inner in top_level_items(rest) {
                if let Some(head) = word.captures(inner) {
                    found.extend(unit_of_path(&["providers", &head[1]]));
                }
            }
        }
    }
    found
}

/// The items of a `use` group, split at its own commas, not its nested ones.
fn top_level_items(block: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (at, c) in block.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&block[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&block[start..]);
    items
}

/// Module → the modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let unit = unit_of(path.strip_prefix(&src).unwrap());
            if unit == "main" || unit == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let imports = named(&code(&text));
            let set = edges.entry(unit.clone()).or_default();
            set.extend(imports.into_iter().filter(|other| *other != unit));
        }
    }
    edges
}

/// The modules that are part of a cycle, by strongly connected components.
fn in_cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let reaches = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_owned()];
        while let Some(at) = todo.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    edges
        .keys()
        .filter(|unit| reaches(unit).contains(*unit))
        .cloned()
        .collect()
}

#[test]
fn the_bottom_floor_imports_nothing_above_it() {
    for (unit, imports) in graph() {
        if BOTTOM.contains(&unit.as_str()) {
            let above: Vec<&String> = imports
                .iter()
                .filter(|i| !BOTTOM.contains(&i.as_str()))
                .collect();
            assert!(above.is_empty(), "{unit} imports {above:?}");
        }
    }
}

#[test]
fn nothing_below_the_edge_imports_it_and_nothing_imports_the_command_line() {
    for (unit, imports) in graph() {
        let edge = EDGE.contains(&unit.as_str());
        let top = TOP.contains(&unit.as_str());
        for import in imports {
            assert!(
                top || !TOP.contains(&import.as_str()),
                "{unit} imports the command line ({import})"
            );
            assert!(
                edge || top || !EDGE.contains(&import.as_str()),
                "{unit} imports {import}, which shows and reports: pass what it needs down instead"
            );
        }
    }
}

#[test]
fn the_middle_floors_point_down() {
    let floor = |unit: &str| MIDDLE.iter().position(|m| *m == unit);
    for (unit, imports) in graph() {
        let Some(at) = floor(&unit) else { continue };
        let above: Vec<&String> = imports
            .iter()
            .filter(|import| floor(import).is_some_and(|other| other > at))
            .collect();
        assert!(
            above.is_empty(),
            "{unit} imports {above:?}, above it: move the type down, or the code up"
        );
    }
}

/// No module is part of an import cycle: for each that is, the modules it
/// reaches and that reach it back.
#[test]
fn no_module_is_in_a_cycle() {
    let edges = graph();
    let cycles = in_cycles(&edges);
    let shown: Vec<String> = cycles
        .iter()
        .map(|unit| {
            let back: Vec<&String> = edges[unit].iter().filter(|i| cycles.contains(*i)).collect();
            format!("{unit} -> {back:?}")
        })
        .collect();
    assert!(
        cycles.is_empty(),
        "these modules are in a cycle of imports:\n{}",
        shown.join("\n")
    );
}

#[test]
fn the_reading_of_imports_finds_what_is_written() {
    let found = named(&code(
        "use crate::{files::{Row}, providers::{github::GitHub}};\n\
         use crate::{record::Kind, providers::{DemoTarget, gitlab::GitLab}};\n\
         // crate::views in a comment\n\
         fn f() { crate::pipeline::run(); }\n\
         fn g() { with_kind!(kind, provider, F => F::ID) }\n\
         #[cfg(test)]\nmod tests { use crate::cli::Cli; }\n",
    ));
    let expected: BTreeSet<String> = [
        "files",
        "providers",
        "providers/github",
        "providers/gitlab",
        "record",
        "pipeline",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    assert_eq!(found, expected);
}

/// `unsafe_code` is denied, and allowed only where a provider registers
/// itself in a list the linker collects (a `linkme` distributed slice,
/// which places a static in a named link section).
#[test]
fn unsafe_code_is_allowed_only_for_registrations() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut allowed = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            for (at, line) in lines.iter().enumerate() {
                if !line.contains("unsafe_code") {
                    continue;
                }
                let next = lines.get(at + 1).copied().unwrap_or("");
                assert!(
                    line.trim_start().starts_with("#[allow(unsafe_code)]")
                        && next.trim_start().starts_with("#[linkme::distributed_slice"),
                    "{}:{}: unsafe code is allowed only on a registration: {line}",
                    path.display(),
                    at + 1
                );
                allowed += 1;
            }
            assert!(
                !text.contains("unsafe {") && !text.contains("unsafe fn"),
                "{} has unsafe code",
                path.display()
            );
        }
    }
    // The two lists (providers, imitations) and a registration in each
    // provider's folder for each.
    assert!(allowed >= 2, "the registrations were not found");
}

/// A provider's folder is reached only through the list of providers
/// (`providers/mod.rs`, its `with_forge!`): no other module imports it,
/// and it imports no other provider's folder.
#[test]
fn only_the_list_of_providers_imports_a_providers_folder() {
    let folders = provider_folders();
    for (unit, imports) in graph() {
        for import in imports.iter().filter(|import| folders.contains(import)) {
            assert!(
                unit == "providers",
                "{unit} imports {import}: reach a provider through its description or `with_forge!`"
            );
        }
    }
}
