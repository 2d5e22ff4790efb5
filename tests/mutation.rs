//! Mutation property test: every valid example (`contracts/<name>.toml`, with
//! `scenarios/<name>.toml` when there is one) is broken in random small ways, and the
//! validator must neither panic nor report an error without a place in the file.
//!
//! Examples are discovered at run time, so new ones are picked up without editing this
//! file. `PROPTEST_CASES` sets the number of cases per target (default 256).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use sibyl::diagnostics::{ColorChoice, Diagnostics, Source, render};
use sibyl::load::{contract_from_source, observed_from_source, scenario_from_source};
use sibyl::model::Contract;

const DEFAULT_CASES: u32 = 256;

/// Values of every TOML type, put in place of a value of (usually) another type.
const REPLACEMENTS: &[&str] = &[
    "\"text\"",
    "\"\"",
    "42",
    "0",
    "-1",
    "-3.5",
    "0.5",
    "true",
    "false",
    "[]",
    "[1, 2, 3]",
    "[\"a\", \"b\"]",
    "[[1.0, 0.5], [0.5, 1.0]]",
    "{}",
    "{ a = 1 }",
    "{ moj = 0.5, big_lottery = 0.5 }",
    "2010-09-01",
    "nan",
    "inf",
    "-inf",
];

/// One small edit of a file's text. The numbers are seeds, taken modulo the number of
/// places the edit can apply to, so that shrinking moves towards the start of the file.
#[derive(Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    FlipSign(usize),
    ReplaceValue(usize, usize),
    RenameKey(usize, usize),
    Truncate(usize),
}

impl fmt::Debug for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mutation::DeleteLine(i) => write!(f, "delete line #{i}"),
            Mutation::DuplicateLine(i) => write!(f, "duplicate line #{i}"),
            Mutation::FlipSign(i) => write!(f, "flip the sign of number #{i}"),
            Mutation::ReplaceValue(i, k) => {
                write!(
                    f,
                    "replace value #{i} by {}",
                    REPLACEMENTS[k % REPLACEMENTS.len()]
                )
            }
            Mutation::RenameKey(i, e) => write!(f, "typo in key #{i} (edit {e})"),
            Mutation::Truncate(b) => write!(f, "truncate at byte #{b}"),
        }
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let seed = 0..100_000usize;
    prop_oneof![
        seed.clone().prop_map(Mutation::DeleteLine),
        seed.clone().prop_map(Mutation::DuplicateLine),
        seed.clone().prop_map(Mutation::FlipSign),
        (seed.clone(), 0..REPLACEMENTS.len()).prop_map(|(i, k)| Mutation::ReplaceValue(i, k)),
        (seed.clone(), 0..1_000usize).prop_map(|(i, e)| Mutation::RenameKey(i, e)),
        seed.prop_map(Mutation::Truncate),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..=3)
}

/// The lines of a text, each with its newline.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// `key = value` lines (not comments or headers): the byte range of the key and of the
/// value (to the end of the line, without the newline).
fn assignments(text: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in lines(text) {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start().len();
        let trimmed = body.trim_start();
        if !trimmed.starts_with('#') && !trimmed.starts_with('[') {
            if let Some(eq) = trimmed.find('=') {
                let key = trimmed[..eq].trim_end();
                let is_key = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_-.\" ".contains(c));
                if is_key {
                    let key_start = start + indent;
                    let after_eq = eq + 1;
                    let value_rel = after_eq
                        + (trimmed[after_eq..].len() - trimmed[after_eq..].trim_start().len());
                    out.push((
                        key_start..key_start + key.len(),
                        start + indent + value_rel..start + body.len(),
                    ));
                }
            }
        }
        start += line.len();
    }
    out
}

/// Names in table headers (`[a.b]`, `[[a]]`) and keys of assignments.
fn keys(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<_> = assignments(text).into_iter().map(|(k, _)| k).collect();
    let mut start = 0;
    for line in lines(text) {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let indent = line.len() - trimmed.len();
            let inner_start = trimmed.find(|c: char| c != '[').unwrap_or(0);
            let inner_end = trimmed.find(']').unwrap_or(trimmed.len());
            let mut seg_start = inner_start;
            for (i, c) in trimmed[inner_start..inner_end].char_indices() {
                if c == '.' {
                    out.push(start + indent + seg_start..start + indent + inner_start + i);
                    seg_start = inner_start + i + 1;
                }
            }
            if seg_start < inner_end {
                out.push(start + indent + seg_start..start + indent + inner_end);
            }
        }
        start += line.len();
    }
    out.retain(|r| !r.is_empty());
    out.sort_by_key(|r| r.start);
    out
}

/// Offsets of the first digit of every number that a sign could precede.
fn numbers(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| {
            bytes[i].is_ascii_digit()
                && (i == 0 || b" =[,{-+\t".contains(&bytes[i - 1]))
                && !(i > 0 && bytes[i - 1] == b'-' && i > 1 && bytes[i - 2].is_ascii_digit())
        })
        .collect()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, m: &Mutation) -> String {
    match *m {
        Mutation::DeleteLine(i) | Mutation::DuplicateLine(i) => {
            let mut ls: Vec<String> = lines(text).into_iter().map(str::to_string).collect();
            if ls.is_empty() {
                return text.to_string();
            }
            let i = i % ls.len();
            if matches!(m, Mutation::DeleteLine(_)) {
                ls.remove(i);
            } else {
                let mut line = ls[i].clone();
                if !line.ends_with('\n') {
                    line.push('\n');
                    ls[i].insert(0, '\n');
                    ls.push(line.trim_end_matches('\n').to_string());
                } else {
                    ls.insert(i + 1, line);
                }
            }
            ls.concat()
        }
        Mutation::FlipSign(i) => {
            let ns = numbers(text);
            if ns.is_empty() {
                return text.to_string();
            }
            let at = ns[i % ns.len()];
            let mut out = text.to_string();
            match at.checked_sub(1).map(|p| text.as_bytes()[p]) {
                Some(b'-') => out.replace_range(at - 1..at, ""),
                Some(b'+') => out.replace_range(at - 1..at, "-"),
                _ => out.insert(at, '-'),
            }
            out
        }
        Mutation::ReplaceValue(i, k) => {
            let a = assignments(text);
            if a.is_empty() {
                return text.to_string();
            }
            let (_, value) = a[i % a.len()].clone();
            let mut out = text.to_string();
            out.replace_range(value, REPLACEMENTS[k % REPLACEMENTS.len()]);
            out
        }
        Mutation::RenameKey(i, e) => {
            let ks = keys(text);
            if ks.is_empty() {
                return text.to_string();
            }
            let r = ks[i % ks.len()].clone();
            let key: Vec<char> = text[r.clone()].chars().collect();
            let mut typo = key.clone();
            let p = e % key.len();
            match e % 4 {
                0 if key.len() > 1 => {
                    typo.remove(p);
                }
                1 if key.len() > 1 => typo.swap(p, (p + 1) % key.len()),
                2 => typo.insert(p, 'x'),
                _ => typo[p] = if typo[p] == 'e' { 'a' } else { 'e' },
            }
            let mut out = text.to_string();
            out.replace_range(r, &typo.into_iter().collect::<String>());
            out
        }
        Mutation::Truncate(b) => {
            let cut = floor_char_boundary(text, b % (text.len() + 1));
            text[..cut].to_string()
        }
    }
}

/// `Ok`, or errors each with a span whose location reads `path:line:column`.
fn check_result<T>(
    result: Result<T, Diagnostics>,
    path: &str,
    text: &str,
) -> Result<Option<T>, TestCaseError> {
    let diags = match result {
        Ok(value) => return Ok(Some(value)),
        Err(diags) => diags,
    };
    prop_assert!(diags.has_errors(), "Err without an error: {diags}");
    for d in diags.iter().filter(|d| d.is_error()) {
        prop_assert!(
            d.span.is_some(),
            "error without a span: {}\n--- mutated file ---\n{text}",
            d.message
        );
        let location = d.location().unwrap_or_default();
        let rest = location
            .strip_prefix(path)
            .and_then(|r| r.strip_prefix(':'));
        let well_formed = rest.is_some_and(|r| {
            let parts: Vec<&str> = r.split(':').collect();
            parts.len() == 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        });
        prop_assert!(
            well_formed,
            "location `{location}` is not `{path}:line:column` for: {}",
            d.message
        );
        let rendered = render(d, ColorChoice::Plain);
        prop_assert!(
            rendered.contains(path),
            "rendering lost the path:\n{rendered}"
        );
    }
    Ok(None)
}

struct Example {
    name: String,
    contract: PathBuf,
    scenario: Option<PathBuf>,
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn display(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Every `contracts/*.toml` that validates, with its same-named scenario if that also
/// validates against it. Invalid examples (someone may be editing them) are skipped.
fn examples() -> Vec<Example> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("contracts"))
        .expect("contracts/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for contract in paths {
        let name = contract.file_name().unwrap().to_string_lossy().into_owned();
        let src = Source::new(display(&contract), read(&contract));
        let Ok(c) = contract_from_source(&src) else {
            eprintln!("skipping {}: not a valid contract", display(&contract));
            continue;
        };
        let scenario = root.join("scenarios").join(&name);
        let scenario = if scenario.is_file() {
            let s = Source::new(display(&scenario), read(&scenario));
            if scenario_from_source(&s, &c.value).is_ok() {
                Some(scenario)
            } else {
                eprintln!("skipping {}: not a valid scenario", display(&scenario));
                None
            }
        } else {
            None
        };
        out.push(Example {
            name,
            contract,
            scenario,
        });
    }
    out
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        // No regression files: a failure prints the mutated text instead.
        failure_persistence: None,
        ..Config::default()
    })
}

/// Failures of one target, and a check that most mutated files were rejected (if few are,
/// the mutations no longer break anything and the property tests little).
fn report(
    what: &str,
    result: Result<(), TestError<Vec<Mutation>>>,
    rejected: &AtomicU32,
) -> Option<String> {
    let rejected = rejected.load(Ordering::Relaxed);
    match result {
        Ok(()) if rejected < cases() / 3 => Some(format!(
            "{what}: only {rejected} of {} mutated files were rejected",
            cases()
        )),
        Ok(()) => None,
        Err(TestError::Fail(reason, mutations)) => Some(format!(
            "{what}: {reason}\nminimal mutations: {mutations:?}"
        )),
        Err(TestError::Abort(reason)) => Some(format!("{what}: aborted: {reason}")),
    }
}

/// Mutated contracts; a mutated contract that is still valid is also given its scenario.
#[test]
fn mutated_contracts_never_panic_and_errors_have_places() {
    let examples = examples();
    assert!(
        examples.iter().any(|e| e.name == "peterborough.toml"),
        "contracts/peterborough.toml should be a valid example"
    );
    let mut failures = Vec::new();
    for ex in &examples {
        let path = display(&ex.contract);
        let text = read(&ex.contract);
        let scenario = ex
            .scenario
            .as_ref()
            .map(|p| Source::new(display(p), read(p)));
        let rejected = AtomicU32::new(0);
        let result = runner().run(&mutations(), |ms| {
            let mutated = ms.iter().fold(text.clone(), |t, m| apply(&t, m));
            let src = Source::new(path.clone(), mutated.clone());
            let contract = check_result(contract_from_source(&src), &path, &mutated)?;
            if contract.is_none() {
                rejected.fetch_add(1, Ordering::Relaxed);
            }
            if let (Some(c), Some(s)) = (contract, &scenario) {
                check_result(scenario_from_source(s, &c.value), &s.path, &s.text)?;
            }
            Ok(())
        });
        eprintln!(
            "{path}: {} of {} mutated files rejected",
            rejected.load(Ordering::Relaxed),
            cases()
        );
        failures.extend(report(&path, result, &rejected));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Mutated scenarios, against their (unchanged, valid) contract.
#[test]
fn mutated_scenarios_never_panic_and_errors_have_places() {
    let examples = examples();
    assert!(
        examples.iter().any(|e| e.scenario.is_some()),
        "at least one example pair (contracts/x.toml + scenarios/x.toml) should be valid"
    );
    let mut failures = Vec::new();
    for ex in examples.iter().filter(|e| e.scenario.is_some()) {
        let contract: Arc<Contract> = {
            let src = Source::new(display(&ex.contract), read(&ex.contract));
            Arc::new(
                contract_from_source(&src)
                    .expect("checked in examples()")
                    .value,
            )
        };
        let scenario = ex.scenario.as_ref().unwrap();
        let path = display(scenario);
        let text = read(scenario);
        let rejected = AtomicU32::new(0);
        let result = runner().run(&mutations(), |ms| {
            let mutated = ms.iter().fold(text.clone(), |t, m| apply(&t, m));
            let src = Source::new(path.clone(), mutated.clone());
            if check_result(scenario_from_source(&src, &contract), &path, &mutated)?.is_none() {
                rejected.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        });
        eprintln!(
            "{path}: {} of {} mutated files rejected",
            rejected.load(Ordering::Relaxed),
            cases()
        );
        failures.extend(report(&path, result, &rejected));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Mutated observed-outcome files (observed/*.toml), against their contract.
#[test]
fn mutated_observed_files_never_panic_and_errors_have_places() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("observed"))
        .expect("observed/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "observed/ should hold at least one file");
    let mut failures = Vec::new();
    for observed in paths {
        let contract_path = root.join("contracts").join(observed.file_name().unwrap());
        let src = Source::new(display(&contract_path), read(&contract_path));
        let contract = contract_from_source(&src)
            .expect("the observed file's contract is valid")
            .value;
        let path = display(&observed);
        let text = read(&observed);
        assert!(
            observed_from_source(&Source::new(path.clone(), text.clone()), &contract).is_ok(),
            "{path} must be valid"
        );
        let rejected = AtomicU32::new(0);
        let result = runner().run(&mutations(), |ms| {
            let mutated = ms.iter().fold(text.clone(), |t, m| apply(&t, m));
            let src = Source::new(path.clone(), mutated.clone());
            if check_result(observed_from_source(&src, &contract), &path, &mutated)?.is_none() {
                rejected.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        });
        failures.extend(report(&path, result, &rejected));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The mutations themselves do what they say (else the property would test little).
#[test]
fn mutations_change_the_text() {
    let text = "# c\n[deal]\nname = \"x\" # n\nhorizon = 12\n[rules.a]\nx = -3\n";
    assert_eq!(
        apply(text, &Mutation::DeleteLine(1)),
        "# c\nname = \"x\" # n\nhorizon = 12\n[rules.a]\nx = -3\n"
    );
    assert_eq!(
        apply(text, &Mutation::DuplicateLine(3)),
        "# c\n[deal]\nname = \"x\" # n\nhorizon = 12\nhorizon = 12\n[rules.a]\nx = -3\n"
    );
    assert_eq!(
        apply(text, &Mutation::FlipSign(0)),
        "# c\n[deal]\nname = \"x\" # n\nhorizon = -12\n[rules.a]\nx = -3\n"
    );
    assert_eq!(
        apply(text, &Mutation::FlipSign(1)),
        "# c\n[deal]\nname = \"x\" # n\nhorizon = 12\n[rules.a]\nx = 3\n"
    );
    assert_eq!(
        apply(text, &Mutation::ReplaceValue(1, 7)),
        "# c\n[deal]\nname = \"x\" # n\nhorizon = true\n[rules.a]\nx = -3\n"
    );
    // Key #1 is `name`; edit 0 deletes its first character.
    assert_eq!(
        apply(text, &Mutation::RenameKey(1, 0)),
        concat!(
            "# c\n[deal]\n",
            "ame = \"x\" # n\nhorizon = 12\n[rules.a]\nx = -3\n"
        )
    );
    // Key #4 is `a` in `[rules.a]`; edit 2 inserts an `x`.
    assert_eq!(
        apply(text, &Mutation::RenameKey(4, 2)),
        "# c\n[deal]\nname = \"x\" # n\nhorizon = 12\n[rules.xa]\nx = -3\n"
    );
    assert_eq!(apply(text, &Mutation::Truncate(7)), "# c\n[de");
    assert_eq!(keys(text).len(), 6, "{:?}", keys(text));
    // Truncation never splits a character.
    assert_eq!(apply("a = \"é\"", &Mutation::Truncate(6)), "a = \"");
}
