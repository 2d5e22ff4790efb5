//! The invalid corpus: every file under `tests/invalid/contracts/` and
//! `tests/invalid/scenarios/` must be rejected by `sibyl check` (and every file under
//! `tests/invalid/observed/` by `sibyl settle`) with exit code 1 and
//! diagnostics that point at the text (`file:line:column`, the text marked) and say what
//! to do (`help:`). The rendered messages are snapshot-tested (`tests/snapshots/`).
//!
//! Scenario files are checked against `contracts/peterborough.toml`, unless their first
//! line says `# contract: <path>` (relative to the crate root).
//!
//! Update snapshots with `INSTA_UPDATE=always cargo test --test tests invalid::` (or
//! `cargo insta review`), then read every changed `.snap` file.

use std::path::Path;
use std::process::Output;

use crate::util;

const DEFAULT_CONTRACT: &str = "contracts/peterborough.toml";

/// Files the validator currently gets wrong: it panics or accepts them. They are checked
/// strictly: when one starts being rejected cleanly, the test fails so that it is removed
/// from this list and its snapshot accepted.
const KNOWN_BUGS: &[(&str, &str)] = &[];

/// Files whose (otherwise right) errors lack a help line. Strict too: once every error in
/// one of them has a help line, the test asks for it to be removed from this list.
const KNOWN_NO_HELP: &[&str] = &[];

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The path of a corpus file relative to the crate root, with `/` separators, so that
/// snapshots do not depend on where the repository is checked out.
fn relative(path: &Path) -> String {
    let rel = path
        .strip_prefix(crate_root())
        .unwrap_or_else(|_| panic!("{} is outside the crate", path.display()));
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The corpus-relative name used in the lists above: `contracts/x.toml`.
fn corpus_name(rel: &str) -> &str {
    rel.strip_prefix("tests/invalid/").unwrap_or(rel)
}

/// sibyl with `--color never` before `args`.
fn sibyl(args: &[&str]) -> Output {
    util::output(&[&["--color", "never"], args].concat())
}

/// The contract a scenario file is checked against.
fn contract_for(scenario: &Path) -> String {
    let text = std::fs::read_to_string(scenario).expect("corpus file is readable");
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("# contract:"))
        .map_or_else(|| DEFAULT_CONTRACT.to_string(), |p| p.trim().to_string())
}

/// A clean rejection: exit code 1 and no panic.
fn rejected_cleanly(out: &Output) -> bool {
    let stderr = String::from_utf8_lossy(&out.stderr);
    out.status.code() == Some(1) && !stderr.contains("panicked")
}

/// Splits rendered diagnostics into blocks, one per `error:` / `warning:` title.
fn blocks(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("error") || line.starts_with("warning") {
            out.push(String::new());
        }
        if let Some(block) = out.last_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    out
}

/// Whether `line` is `--> <file>:<line>:<column>`.
fn is_location(line: &str, file: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("--> ") else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(file).and_then(|r| r.strip_prefix(':')) else {
        return false;
    };
    let mut parts = rest.split(':');
    let ok =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
}

/// Checks the shape of every error: a location in `file`, the text marked, a help line.
/// Returns whether some error lacks a help line (the other checks always apply).
fn check_shape(stderr: &str, file: &str) -> bool {
    let errors: Vec<String> = blocks(stderr)
        .into_iter()
        .filter(|b| b.starts_with("error"))
        .collect();
    assert!(!errors.is_empty(), "no `error:` in the output:\n{stderr}");
    let mut missing_help = false;
    for e in &errors {
        assert!(
            e.lines().any(|l| is_location(l, file)),
            "error without a `--> {file}:line:column` location:\n{e}"
        );
        assert!(
            e.lines().any(|l| l
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '|')
                && l.contains('|')
                && l.contains('^')),
            "error that does not mark the text with `^`:\n{e}"
        );
        if !e.lines().any(|l| l.trim_start().starts_with("= help: ")) {
            missing_help = true;
        }
    }
    let count = errors.len();
    let summary = if count == 1 {
        "1 error".to_string()
    } else {
        format!("{count} errors")
    };
    assert!(
        stderr.contains(&format!("{summary} found")) || stderr.contains(&format!("{summary} and ")),
        "the closing count does not say {summary}:\n{stderr}"
    );
    missing_help
}

/// Runs one corpus file and checks it, with the stderr snapshot taken by the caller.
fn check_corpus_file(args: &[&str], rel: &str) -> Option<String> {
    let name = corpus_name(rel);
    let out = sibyl(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if let Some((_, bug)) = KNOWN_BUGS.iter().find(|(n, _)| *n == name) {
        assert!(
            !rejected_cleanly(&out),
            "{name} is listed in KNOWN_BUGS ({bug}) but is now rejected cleanly: remove it from \
             the list and accept its snapshot\n{stderr}"
        );
        return None;
    }
    assert_eq!(
        out.status.code(),
        Some(1),
        "{name} should be rejected with exit code 1\nstdout:\n{}\nstderr:\n{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!stderr.contains("panicked"), "{name}: panic\n{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{name}: nothing on stdout for an invalid file, found\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let missing_help = check_shape(&stderr, rel);
    let listed = KNOWN_NO_HELP.contains(&name);
    assert!(
        !missing_help || listed,
        "{name}: an error has no `help:` line\n{stderr}"
    );
    assert!(
        missing_help || !listed,
        "{name} is listed in KNOWN_NO_HELP but every error now has help: remove it from the list"
    );
    Some(stderr)
}

#[test]
fn invalid_contracts() {
    insta::glob!("invalid/contracts/*.toml", |path| {
        let rel = relative(path);
        if let Some(stderr) = check_corpus_file(&["check", &rel], &rel) {
            insta::assert_snapshot!(stderr);
        }
    });
}

#[test]
fn invalid_scenarios() {
    insta::glob!("invalid/scenarios/*.toml", |path| {
        let rel = relative(path);
        let contract = contract_for(path);
        // The contract itself must be valid, or the test would not be about the scenario.
        let base = sibyl(&["check", &contract]);
        assert_eq!(
            base.status.code(),
            Some(0),
            "{contract} (the contract for {rel}) must be valid:\n{}",
            String::from_utf8_lossy(&base.stderr)
        );
        if let Some(stderr) = check_corpus_file(&["check", &contract, "--scenario", &rel], &rel) {
            insta::assert_snapshot!(stderr);
        }
    });
}

#[test]
fn invalid_observed() {
    insta::glob!("invalid/observed/*.toml", |path| {
        let rel = relative(path);
        let contract = contract_for(path);
        if let Some(stderr) = check_corpus_file(&["settle", &contract, "--observed", &rel], &rel) {
            insta::assert_snapshot!(stderr);
        }
    });
}

/// Every corpus file says what is wrong with it in its first comment lines (an empty file
/// says it by its name), and the lists of known problems name files that exist.
#[test]
fn corpus_is_documented() {
    let root = crate_root().join("tests/invalid");
    let mut counts = Vec::new();
    for kind in ["contracts", "scenarios", "observed"] {
        let mut n = 0;
        for entry in std::fs::read_dir(root.join(kind)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            n += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let stem = path.file_stem().unwrap().to_string_lossy();
            if text.is_empty() {
                assert_eq!(
                    stem,
                    "empty",
                    "{}: only `empty.toml` may be empty",
                    path.display()
                );
                continue;
            }
            let comment = text
                .lines()
                .find(|l| !l.starts_with("# contract:"))
                .unwrap_or("");
            assert!(
                comment.starts_with("# ") && comment.len() > 10,
                "{}: start with a comment saying what is wrong",
                path.display()
            );
        }
        counts.push(n);
    }
    assert!(
        counts[0] >= 35,
        "{} invalid contracts; keep at least 35",
        counts[0]
    );
    assert!(
        counts[1] >= 15,
        "{} invalid scenarios; keep at least 15",
        counts[1]
    );
    for name in KNOWN_BUGS
        .iter()
        .map(|(n, _)| *n)
        .chain(KNOWN_NO_HELP.iter().copied())
    {
        assert!(
            root.join(name).is_file(),
            "listed file {name} does not exist"
        );
    }
}

/// An inconsistent correlation matrix with `repair = true` is valid: it is repaired to the
/// nearest valid matrix, with a warning at `repair`.
#[test]
fn correlation_repair_is_a_warning() {
    let file = "tests/invalid/fixtures/correlation-not-psd-repaired.toml";
    let out = sibyl(&["check", DEFAULT_CONTRACT, "--scenario", file]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "repair = true should succeed:\n{stderr}"
    );
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(stdout.contains("valid"), "{stdout}");
    let warnings: Vec<String> = blocks(&stderr)
        .into_iter()
        .filter(|b| b.starts_with("warning"))
        .collect();
    assert_eq!(warnings.len(), 1, "one warning expected:\n{stderr}");
    let w = &warnings[0];
    assert!(w.contains("repaired"), "{w}");
    assert!(w.lines().any(|l| is_location(l, file)), "{w}");
    assert!(
        w.contains("repair = true"),
        "the warning marks `repair = true`:\n{w}"
    );
    assert!(w.contains("= help: "), "{w}");
    // The same matrix without `repair` is in the invalid corpus.
    let unrepaired = sibyl(&[
        "check",
        DEFAULT_CONTRACT,
        "--scenario",
        "tests/invalid/scenarios/correlation-not-psd.toml",
    ]);
    assert_eq!(unrepaired.status.code(), Some(1));
    insta::assert_snapshot!(stderr);
}

/// A counterfactual that the baseline's drift moves outside the metric's range is clamped
/// by the worlds, so validation warns at the drift, and `explain`'s expected world shows
/// the clamped value (the rule lives once, in `model::outcome`).
#[test]
fn clamped_counterfactual_is_a_warning() {
    let file = "tests/invalid/fixtures/counterfactual-clamped.toml";
    let contract = contract_for(Path::new(file));
    let out = sibyl(&["check", &contract, "--scenario", file]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let warnings: Vec<String> = blocks(&stderr)
        .into_iter()
        .filter(|b| b.starts_with("warning"))
        .collect();
    assert_eq!(warnings.len(), 2, "two warnings expected:\n{stderr}");
    let w = &warnings[0];
    assert!(
        w.contains(
            "counterfactual rate of `employed` would be 1.2, outside 0 to 1; it is clamped to 1"
        ),
        "{w}"
    );
    assert!(
        w.contains("drift = 0.5"),
        "the warning marks the drift:\n{w}"
    );
    assert!(w.lines().any(|l| is_location(l, file)), "{w}");
    // The treated rate, raised by 10% from the clamped 1, is clamped too.
    assert!(
        warnings[1].contains("treated rate of `employed` would be 1.1"),
        "{}",
        warnings[1]
    );
    // The expected world is clamped too: `explain` shows a counterfactual of 1.
    let explained = sibyl(&["explain", &contract, "--scenario", file]);
    let text = String::from_utf8_lossy(&explained.stdout);
    assert!(
        text.contains("without the programme 100% of people achieve `employed`, with it 100%"),
        "{text}"
    );
}

/// The same clamp on a metric to reduce: the treated mean is built on the clamped
/// counterfactual (1 reduced by 10% is 0.9; on the unclamped 1.2 it would be 1.08, clamped
/// to 1), so the expected world pays for a tenth of the cohort.
#[test]
fn treated_mean_builds_on_the_clamped_counterfactual() {
    let file = "tests/invalid/fixtures/counterfactual-clamped-reduce.toml";
    let contract = contract_for(Path::new(file));
    let out = sibyl(&["check", &contract, "--scenario", file]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let warnings: Vec<String> = blocks(&stderr)
        .into_iter()
        .filter(|b| b.starts_with("warning"))
        .collect();
    assert_eq!(
        warnings.len(),
        1,
        "only the counterfactual is clamped:\n{stderr}"
    );
    assert!(
        warnings[0].contains("counterfactual rate of `employed` would be 1.2"),
        "{stderr}"
    );
    let explained = sibyl(&["explain", &contract, "--scenario", file]);
    let text = String::from_utf8_lossy(&explained.stdout);
    assert!(
        text.contains("without the programme 100% of people achieve `employed`, with it 90%"),
        "{text}"
    );
}

/// Independent mistakes in one file are reported together, in the file's order: a currency
/// the validator rejects, a period and a date the parser rejects. The date error says how
/// to write one.
#[test]
fn independent_mistakes_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.toml");
    let text = std::fs::read_to_string("tests/invalid/fixtures/historical-binary.toml")
        .unwrap()
        .replace("currency = \"GBP\"", "currency = \"euro\"")
        .replace("period = \"quarter\"", "period = \"quarterly\"")
        .replace("horizon = 12", "horizon = 12\nstart = \"01.01.2025\"");
    std::fs::write(&path, text).unwrap();
    let out = sibyl(&["check", &path.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<String> = blocks(&stderr)
        .into_iter()
        .filter(|b| b.starts_with("error"))
        .collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    assert!(
        errors[0].contains("`euro` is not an ISO 4217 currency code"),
        "{stderr}"
    );
    assert!(
        errors[1].contains("`quarterly` is not an allowed value"),
        "{stderr}"
    );
    assert!(errors[1].contains("did you mean `quarter`?"), "{stderr}");
    assert!(errors[2].contains("01.01.2025"), "{stderr}");
    assert!(
        errors[2].contains("= help: write the date without quotes"),
        "{stderr}"
    );
    assert!(stderr.contains("3 errors found"), "{stderr}");
    // The same with Windows line ends.
    let crlf = std::fs::read_to_string(&path)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&path, crlf).unwrap();
    let out = sibyl(&["check", &path.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("3 errors found"), "{stderr}");
    // A mistake whose default other tables' checks would read (a party's role) is reported
    // alone, not with errors about the default that are not in the file.
    let text = std::fs::read_to_string("contracts/peterborough.toml")
        .unwrap()
        .replacen("role = \"payer\"", "role = \"paywer\"", 1);
    std::fs::write(&path, text).unwrap();
    let out = sibyl(&["check", &path.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("1 error found"), "{stderr}");
}

/// A byte-order mark at the start of a file does not shift the first line's columns.
#[test]
fn a_byte_order_mark_does_not_shift_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.toml");
    std::fs::write(&path, "\u{feff}nme = \"x\"\n").unwrap();
    let out = sibyl(&["check", &path.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("bom.toml:1:1"), "{stderr}");
}

/// Ids may use letters of any alphabet: a Bulgarian workshop names its parties in
/// Cyrillic (TOML wants such keys in quotes, and the error says so when they are not).
#[test]
fn ids_may_be_written_in_any_alphabet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bg.toml");
    let text = std::fs::read_to_string("tests/invalid/fixtures/historical-binary.toml")
        .unwrap()
        .replace("[parties.city]", "[parties.\"община\"]")
        .replace(
            "metric = \"employed\"",
            "metric = \"employed\"\npayer = \"община\"",
        );
    std::fs::write(&path, &text).unwrap();
    let out = sibyl(&["check", &path.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("община: payer"));
    // A space or a dot is still refused, and the help says what ids may use.
    std::fs::write(
        &path,
        text.replace("[parties.\"община\"]", "[parties.\"об щина\"]"),
    )
    .unwrap();
    let out = sibyl(&["check", &path.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("letters of any alphabet"), "{stderr}");
    // Unquoted, TOML rejects the key; the help says to quote it.
    std::fs::write(
        &path,
        text.replace("[parties.\"община\"]", "[parties.община]"),
    )
    .unwrap();
    let out = sibyl(&["check", &path.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.contains("goes in double quotes"), "{stderr}");
}
