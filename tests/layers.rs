//! The house runs one way: every module of `src/` imports only the layers below it, as
//! the README's Layout section draws them. The test reads the sources, finds every
//! `crate::<module>` a file names outside its unit tests (which may build their inputs
//! with any layer), and checks it against the table below.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Leaves: formatting, languages, diagnostics, statistics and the files' closed sets of choices.
const LEAVES: &[&str] = &["choices", "diagnostics", "format", "i18n", "stats"];

/// What a leaf may import of another leaf: the languages write numbers as `format` does.
const LEAF_IMPORTS: &[(&str, &[&str])] = &[("i18n", &["format"])];

/// Each layer and what it may import besides the leaves, from the bottom up.
const LAYERS: &[(&str, &[&str])] = &[
    ("raw", &[]),
    ("model", &[]),
    ("validate", &["raw", "model"]),
    ("load", &["validate", "raw", "model"]),
    // Reads public records (INDIGO's CSV tables) and writes sibyl's files as text.
    ("import", &[]),
    ("world", &["model"]),
    ("cashflow", &["world", "model"]),
    ("engine", &["cashflow", "world", "model"]),
    ("analysis", &["engine", "cashflow", "world", "model"]),
    (
        "report",
        &["analysis", "engine", "cashflow", "world", "model"],
    ),
    (
        "output",
        &["analysis", "engine", "cashflow", "world", "model"],
    ),
    (
        "commands",
        &[
            "report", "output", "analysis", "engine", "cashflow", "world", "load", "validate",
            "raw", "model", "import",
        ],
    ),
    // The workshop page's server: answers requests with what the commands compute.
    (
        "serve",
        &[
            "commands", "report", "output", "analysis", "engine", "cashflow", "world", "load",
            "validate", "raw", "model",
        ],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code before its unit-test module (clippy keeps it last), with line comments
/// removed.
fn code(text: &str) -> String {
    let before_tests = text.split("#[cfg(test)]\nmod ").next().unwrap_or(text);
    before_tests
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules of the crate a text names: `crate::x::...` and the `x` of
/// `crate::{x, y::z}`.
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // A group: take the first path segment of each item, nested groups included.
            let mut depth = 1;
            let mut end = 0;
            for (j, ch) in group.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    end = j;
                    break;
                }
            }
            let mut top = String::new();
            let mut depth = 0;
            for ch in group[..end].chars() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(first_segment(&top));
                        top.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    top.push(ch);
                }
            }
            if !top.trim().is_empty() {
                out.insert(first_segment(&top));
            }
        } else {
            out.insert(first_segment(rest));
        }
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The top-level module a file belongs to: `src/world/mod.rs` is `world`, `src/load.rs` is
/// `load`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("a file under src/");
    let first = rel.components().next().expect("a path");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let name = file.file_name().expect("a file name").to_string_lossy();
        let module = module_of(&src, file);
        // The binary and the crate root sit above every layer; unit-test files may use any.
        if matches!(module.as_str(), "main" | "cli" | "lib") || name == "tests.rs" {
            continue;
        }
        let allowed: BTreeSet<&str> = if LEAVES.contains(&module.as_str()) {
            LEAF_IMPORTS
                .iter()
                .filter(|(leaf, _)| *leaf == module)
                .flat_map(|(_, below)| below.iter().copied())
                .collect()
        } else {
            let (_, below) = LAYERS
                .iter()
                .find(|(layer, _)| *layer == module)
                .unwrap_or_else(|| {
                    panic!(
                        "src/{module} is in no layer: add it to LAYERS in tests/layers.rs and to the README's Layout"
                    )
                });
            below.iter().chain(LEAVES).copied().collect()
        };
        let text = std::fs::read_to_string(file).expect("a readable source file");
        let code = code(&text);
        // Ways around `crate::<module>` that the reader below would not see.
        for dodge in ["crate as ", "crate::{self", "super::super::"] {
            if code.contains(dodge) {
                wrong.push(format!(
                    "{} uses `{dodge}`: name other modules as `crate::<module>` so the layers can be checked",
                    file.strip_prefix(&src).unwrap().display()
                ));
            }
        }
        for named in named_modules(&code) {
            // `crate::tr!` is the languages' macro, exported at the crate's root.
            let named = if named == "tr" {
                "i18n".to_string()
            } else {
                named
            };
            if named != module && !allowed.contains(named.as_str()) {
                wrong.push(format!(
                    "{} imports `crate::{named}`, which is not below `{module}`",
                    file.strip_prefix(&src).unwrap().display()
                ));
            }
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} files checked");
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_import_reader_finds_groups_and_paths() {
    let found = named_modules(
        "use crate::{model::{Contract, Scenario}, world, stats::stream::{self, X}};\n\
         let x = crate::format::num(1.0); use crate::{self as c};",
    );
    let expected: BTreeSet<String> = ["format", "model", "stats", "world"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(found, expected);
    assert!(code("use crate::a;\n#[cfg(test)]\nmod tests { use crate::b; }").contains("crate::a"));
    assert!(code("#[cfg(test)]\nfn f() {}\nuse crate::a;").contains("crate::a"));
    assert!(!code("use crate::a;\n#[cfg(test)]\nmod tests { use crate::b; }").contains("crate::b"));
    assert!(!code("// see crate::engine\nfn f() {}").contains("crate::engine"));
}
