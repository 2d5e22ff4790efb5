//! Hostile and broken input through the binary: odd numbers, garbage bytes, deep nesting,
//! huge files, directories, missing files and bad command lines. sibyl must never panic or
//! hang: bad input exits with 1, a bad command line with 2, and stderr says `error` and
//! names the file.

use std::io::Write;
use std::path::Path;
use std::process::Output;

use tempfile::{TempDir, TempPath};

use crate::util::output;

const CONTRACT: &str = "contracts/peterborough.toml";

/// A small valid contract that the tests break one line at a time.
const BASE: &str = r#"[deal]
name = "Small"
currency = "GBP"
period = "quarter"
horizon = 12

[parties.city]
role = "payer"

[parties.charity]
role = "provider"

[cohorts.main]
target = 100
enrol_from = 0
enrol_to = 3

[metrics.employed]
kind = "binary"
direction = "increase"
measured_at = 2
measurement = "comparison"
comparison_size = 1000

[rules.jobs]
type = "rate_card"
metric = "employed"
price = 1000
"#;

/// A small valid scenario for contracts/peterborough.toml.
const SCENARIO: &str = r#"[metrics.reconviction]
baseline = 1.55
effect = 0.08
"#;

/// A temporary file ([`TempPath`]) or directory ([`TempDir`]), removed when dropped.
struct Temp<T>(T);

impl<T: AsRef<Path>> Temp<T> {
    fn path(&self) -> &str {
        self.0.as_ref().to_str().expect("temp paths are UTF-8")
    }
}

fn temp_file(name: &str, bytes: impl AsRef<[u8]>) -> Temp<TempPath> {
    let mut file = tempfile::Builder::new()
        .prefix("sibyl-robustness-")
        .suffix(&format!("-{name}"))
        .tempfile()
        .expect("temp file created");
    file.write_all(bytes.as_ref()).expect("temp file written");
    Temp(file.into_temp_path())
}

fn temp_dir(name: &str) -> Temp<TempDir> {
    let dir = tempfile::Builder::new()
        .prefix("sibyl-robustness-")
        .suffix(&format!("-{name}"))
        .tempdir()
        .expect("temp dir created");
    Temp(dir)
}

/// `BASE` with one line replaced.
fn base_with(old: &str, new: &str) -> String {
    assert!(BASE.contains(old), "BASE has no `{old}`");
    BASE.replacen(old, new, 1)
}

fn check(contract: &str) -> Output {
    output(&["--color", "never", "check", contract])
}

fn check_scenario(scenario: &str) -> Output {
    output(&[
        "--color",
        "never",
        "check",
        CONTRACT,
        "--scenario",
        scenario,
    ])
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit code 1, no panic, `error` on stderr, and the file named (as `file:line:column`
/// when `line` is given).
fn assert_bad_input(out: &Output, file: &str, line: Option<usize>) -> String {
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code for bad input in {file}\nstderr:\n{err}\nstdout:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert!(err.contains("error"), "no `error` in:\n{err}");
    assert!(err.contains(file), "stderr does not name {file}:\n{err}");
    if let Some(line) = line {
        assert!(
            err.contains(&format!("{file}:{line}:")),
            "stderr does not point at {file}:{line}:\n{err}"
        );
    }
    err
}

fn assert_usage_error(out: &Output) -> String {
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "usage errors exit with 2:\n{err}"
    );
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert!(err.contains("error"), "no `error` in:\n{err}");
    assert!(
        out.stdout.is_empty(),
        "usage errors print nothing on stdout"
    );
    err
}

/// 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle present")
        + 1
}

#[test]
fn the_valid_inputs_pass() {
    let contract = temp_file("base.toml", BASE);
    let out = check(contract.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let scenario = temp_file("scenario.toml", SCENARIO);
    let out = check_scenario(scenario.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn nan_and_inf_literals() {
    for literal in ["nan", "+nan", "-nan", "inf", "+inf", "-inf"] {
        let text = base_with("price = 1000", &format!("price = {literal}"));
        let f = temp_file("nan-inf.toml", &text);
        let err = assert_bad_input(&check(f.path()), f.path(), Some(line_of(&text, "price")));
        assert!(err.contains("finite"), "{literal}: {err}");

        let text = SCENARIO.replace("effect = 0.08", &format!("effect = {literal}"));
        let f = temp_file("nan-inf-scenario.toml", &text);
        let err = assert_bad_input(
            &check_scenario(f.path()),
            f.path(),
            Some(line_of(&text, "effect")),
        );
        assert!(err.contains("finite"), "{literal}: {err}");
    }
}

#[test]
fn negative_sizes() {
    for (old, new) in [
        ("target = 100", "target = -100"),
        ("horizon = 12", "horizon = -12"),
        ("comparison_size = 1000", "comparison_size = -1000"),
        ("enrol_to = 3", "enrol_to = -3"),
        ("measured_at = 2", "measured_at = -2"),
        ("price = 1000", "price = -1000"),
    ] {
        let text = base_with(old, new);
        let f = temp_file("negative.toml", &text);
        assert_bad_input(&check(f.path()), f.path(), Some(line_of(&text, new)));
    }
    let text = format!("{SCENARIO}\n[participants]\nreferrals = -2\n");
    let f = temp_file("negative-scenario.toml", &text);
    assert_bad_input(
        &check_scenario(f.path()),
        f.path(),
        Some(line_of(&text, "referrals")),
    );
}

#[test]
fn more_tranches_than_the_waterfall_handles_are_an_error_at_the_first_one_too_many() {
    let mut text = format!("{BASE}\n[parties.fund]\nrole = \"investor\"\n");
    for i in 0..65 {
        text.push_str(&format!(
            "\n[tranches.t{i}]\ntype = \"equity\"\ninvestor = \"fund\"\namount = 1000\n"
        ));
    }
    let f = temp_file("tranches.toml", &text);
    let err = assert_bad_input(
        &check(f.path()),
        f.path(),
        Some(line_of(&text, "[tranches.t64]")),
    );
    assert!(
        err.contains("65 tranches; sibyl handles at most 64"),
        "{err}"
    );
    // 64 are fine.
    let cut = text.find("\n[tranches.t64]").unwrap();
    let f = temp_file("tranches-64.toml", &text[..cut]);
    let out = check(f.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn huge_numbers() {
    for (old, new) in [
        ("price = 1000", "price = 1e400"),
        ("price = 1000", "price = -1e400"),
        ("price = 1000", "price = 99999999999999999999999"),
        ("target = 100", "target = 99999999999999999999999"),
        ("horizon = 12", "horizon = 99999999999999999999999"),
        ("horizon = 12", "horizon = 4294967296"),
        ("target = 100", "target = 1e400"),
    ] {
        let text = base_with(old, new);
        let f = temp_file("huge.toml", &text);
        assert_bad_input(&check(f.path()), f.path(), Some(line_of(&text, new)));
    }
    let text = SCENARIO.replace("baseline = 1.55", "baseline = 1e400");
    let f = temp_file("huge-scenario.toml", &text);
    assert_bad_input(
        &check_scenario(f.path()),
        f.path(),
        Some(line_of(&text, "baseline")),
    );
}

#[test]
fn empty_files() {
    let f = temp_file("empty.toml", "");
    let err = assert_bad_input(&check(f.path()), f.path(), Some(1));
    assert!(err.contains("[deal]"), "{err}");
    let err = assert_bad_input(&check_scenario(f.path()), f.path(), Some(1));
    assert!(err.contains("reconviction"), "{err}");
    let f = temp_file("blank.toml", "\n\n   \n\t\n");
    assert_bad_input(&check(f.path()), f.path(), Some(1));
}

/// Deterministic pseudo-random bytes (no RNG crate needed), with NUL and invalid UTF-8.
fn garbage(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    let mut out: Vec<u8> = (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 56) as u8
        })
        .collect();
    out.extend_from_slice(&[0, 0xff, 0xfe, 0xc3, 0x28, 0]);
    out
}

#[test]
fn binary_garbage() {
    for seed in [1, 2, 3] {
        let f = temp_file("garbage.toml", garbage(4096, seed));
        assert_bad_input(&check(f.path()), f.path(), None);
        assert_bad_input(&check_scenario(f.path()), f.path(), None);
    }
    // Valid UTF-8 up to a bad byte in the middle of a line: the place is given.
    let mut bytes = BASE.as_bytes().to_vec();
    let at = BASE.find("Small").unwrap();
    bytes.splice(at..at, [0xff, 0xfe]);
    let f = temp_file("bad-utf8.toml", &bytes);
    let err = assert_bad_input(&check(f.path()), f.path(), Some(2));
    assert!(err.contains("UTF-8"), "{err}");
    // NUL characters are valid UTF-8 but not TOML.
    let f = temp_file("nul.toml", BASE.replace("Small", "Sm\0all"));
    assert_bad_input(&check(f.path()), f.path(), Some(2));
    let f = temp_file("nuls.toml", "\0\0\0\0\n\0");
    assert_bad_input(&check(f.path()), f.path(), Some(1));
    // A UTF-8 byte-order mark before an otherwise valid file is not a crash either way.
    let f = temp_file("bom.toml", format!("\u{feff}{BASE}"));
    let out = check(f.path());
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
}

const DEPTH: usize = 100_000;

#[test]
fn deeply_nested_arrays() {
    let text = format!(
        "[deal]\nsources = {}{}\n",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    let f = temp_file("deep-arrays.toml", &text);
    let err = assert_bad_input(&check(f.path()), f.path(), Some(2));
    assert!(err.contains("deep"), "{err}");
    // Unclosed, as a typo would leave them.
    let f = temp_file("deep-unclosed.toml", format!("x = {}\n", "[".repeat(DEPTH)));
    assert_bad_input(&check(f.path()), f.path(), Some(1));
    // In a scenario too.
    let text = format!(
        "{SCENARIO}matrix = {}{}\n",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    let f = temp_file("deep-scenario.toml", &text);
    assert_bad_input(&check_scenario(f.path()), f.path(), Some(4));
}

#[test]
fn deeply_nested_inline_tables() {
    let text = format!("x = {}1{}\n", "{ a = ".repeat(DEPTH), " }".repeat(DEPTH));
    let f = temp_file("deep-tables.toml", &text);
    let err = assert_bad_input(&check(f.path()), f.path(), Some(1));
    assert!(err.contains("deep"), "{err}");
    let f = temp_file("deep-tables-scenario.toml", &text);
    assert_bad_input(&check_scenario(f.path()), f.path(), Some(1));
    // Dotted keys and table headers nest too.
    let key = vec!["a"; DEPTH].join(".");
    let f = temp_file("deep-dotted.toml", format!("[{key}]\nx = 1\n"));
    assert_bad_input(&check(f.path()), f.path(), None);
}

#[test]
fn a_50_mb_file() {
    // Valid TOML (comments) so that only the size can be the problem.
    let line = format!("# {}\n", "x".repeat(98));
    let text = line.repeat(50 * 1024 * 1024 / line.len());
    let f = temp_file("big.toml", &text);
    let started = std::time::Instant::now();
    let err = assert_bad_input(&check(f.path()), f.path(), None);
    assert!(err.contains("MB"), "{err}");
    let err = assert_bad_input(&check_scenario(f.path()), f.path(), None);
    assert!(err.contains("MB"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "refusing a big file should be quick, took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_directory_instead_of_a_file() {
    let d = temp_dir("dir.toml");
    let err = assert_bad_input(&check(d.path()), d.path(), None);
    assert!(err.contains("directory"), "{err}");
    let err = assert_bad_input(&check_scenario(d.path()), d.path(), None);
    assert!(err.contains("directory"), "{err}");
    let err = assert_bad_input(&check("contracts"), "contracts", None);
    assert!(err.contains("directory"), "{err}");
}

#[test]
fn a_missing_file() {
    let dir = temp_dir("missing");
    let missing = Path::new(dir.path()).join("missing.toml");
    let missing = missing.to_str().unwrap();
    assert!(!Path::new(missing).exists());
    let err = assert_bad_input(&check(missing), missing, None);
    assert!(err.contains("no such file"), "{err}");
    let err = assert_bad_input(&check_scenario(missing), missing, None);
    assert!(err.contains("no such file"), "{err}");
    // The contract is read first: a missing contract is reported even with a scenario.
    let out = output(&["--color", "never", "check", missing, "--scenario", CONTRACT]);
    assert_bad_input(&out, missing, None);
}

#[test]
fn usage_errors_exit_with_2() {
    let err = assert_usage_error(&output(&["frobnicate"]));
    assert!(err.contains("frobnicate"), "{err}");
    let err = assert_usage_error(&output(&["check"]));
    assert!(err.contains("CONTRACT"), "{err}");
    // No command at all: clap prints the help on stderr (no `error:` line) and exits 2.
    let out = output(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("Usage"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_usage_error(&output(&["check", CONTRACT, "--scenario"]));
    assert_usage_error(&output(&["check", CONTRACT, "extra.toml"]));
    assert_usage_error(&output(&["check", CONTRACT, "--frobnicate"]));
    let err = assert_usage_error(&output(&["--color", "sometimes", "check", CONTRACT]));
    assert!(err.contains("sometimes"), "{err}");
    assert_usage_error(&output(&["schema", "settlement"]));
}

#[test]
fn help_exits_with_0() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["check", "--help"],
        &["help", "check"],
    ] {
        let out = output(args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(stdout.contains("Usage"), "{args:?}: {stdout}");
        assert!(stdout.contains("check"), "{args:?}: {stdout}");
        assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    }
    let out = output(&["check", "--help"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("--scenario"), "{stdout}");
}
