//! The HTML report (`sibyl report`): one self-contained page in the reader's language, as
//! written by the binary, checked first as text and then in a real headless Chromium
//! (`tests/browser/check.mjs`: no request, no error, every chart drawn, a screenshot and
//! an A4 PDF of more than one page).
//!
//! The browser part needs node, `npm ci --prefix tests/browser` and Chromium at
//! /usr/bin/chromium (or $CHROMIUM). Without them it prints a loud notice and passes,
//! unless SIBYL_CI is set (as CI sets it): then it fails. The pages, screenshots and PDFs
//! stay in target/tmp/report/ to look at; SIBYL_STRICT_LAYOUT=1 turns the browser's
//! layout warnings (labels over one another, tables wider than an A4 page) into failures.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use crate::util::{output, sibyl};

/// Few trials: the page's shape, not its figures, is under test.
const TRIALS: &str = "2000";

/// One report to build: an example in one language.
struct Case {
    example: &'static str,
    observed: bool,
    lang: &'static str,
    /// Charts the page must hold, by `data-chart` name (or its prefix before a `-`: a
    /// rule's operating curves may be told apart by cohort).
    charts: &'static [&'static str],
}

const PETERBOROUGH: &[&str] = &[
    "diagram",
    "moic-bonds",
    "irr-bonds",
    "paid-moj",
    "years-moj",
    "paid-big_lottery",
    "years-big_lottery",
    "curve-cohort_trigger",
    "curve-pooled_trigger",
    "caps",
];

/// Every language for Peterborough (with what happened), one language each for the others.
const CASES: &[Case] = &[
    Case {
        example: "peterborough",
        observed: true,
        lang: "en",
        charts: PETERBOROUGH,
    },
    Case {
        example: "peterborough",
        observed: true,
        lang: "bg",
        charts: PETERBOROUGH,
    },
    Case {
        example: "peterborough",
        observed: true,
        lang: "sv",
        charts: PETERBOROUGH,
    },
    Case {
        example: "peterborough",
        observed: true,
        lang: "fi",
        charts: PETERBOROUGH,
    },
    Case {
        example: "nyc-able",
        observed: false,
        lang: "bg",
        charts: &[
            "diagram",
            "moic-goldman",
            "irr-goldman",
            "paid-city",
            "years-city",
            "curve-tiers",
            "caps",
        ],
    },
    Case {
        example: "educate-girls",
        observed: false,
        lang: "sv",
        charts: &[
            "diagram",
            "moic-ubs_of",
            "irr-ubs_of",
            "paid-ciff",
            "years-ciff",
            "caps",
        ],
    },
    Case {
        example: "utah-preschool",
        observed: false,
        lang: "fi",
        charts: &[
            "diagram",
            "moic-goldman",
            "irr-goldman",
            "moic-pritzker",
            "irr-pritzker",
            "paid-utah",
            "years-utah",
        ],
    },
];

impl Case {
    fn name(&self) -> String {
        format!("{}-{}", self.example, self.lang)
    }

    /// The command line, without --out.
    fn args(&self) -> Vec<String> {
        let mut args = vec![
            "report".to_string(),
            format!("contracts/{}.toml", self.example),
            "--scenario".into(),
            format!("scenarios/{}.toml", self.example),
        ];
        if self.observed {
            args.extend([
                "--observed".into(),
                format!("observed/{}.toml", self.example),
            ]);
        }
        args.extend([
            "--trials".into(),
            TRIALS.into(),
            "--lang".into(),
            self.lang.into(),
        ]);
        args
    }
}

/// Where the pages, screenshots and PDFs are kept for a person to look at.
fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Built {
    case: &'static Case,
    path: PathBuf,
    html: String,
}

/// Every case's page, built once for all the tests here.
fn built() -> &'static [Built] {
    static BUILT: OnceLock<Vec<Built>> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = out_dir();
        CASES
            .iter()
            .map(|case| {
                let path = dir.join(format!("{}.html", case.name()));
                let _ = std::fs::remove_file(&path);
                let mut args = case.args();
                args.extend(["--out".into(), path.display().to_string()]);
                let out = output(&args.iter().map(String::as_str).collect::<Vec<_>>());
                assert!(
                    out.status.success(),
                    "sibyl {}: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr)
                );
                let html = std::fs::read_to_string(&path).expect("the report is written");
                Built { case, path, html }
            })
            .collect()
    })
}

/// The values of every `name="..."` attribute in the page (also `xlink:name`).
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let mut values = Vec::new();
    let needle = format!("{name}=\"");
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let preceded = rest[..i].chars().next_back();
        rest = &rest[i + needle.len()..];
        // `href` also matches inside `data-href`; only whole attribute names count.
        if preceded.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            continue;
        }
        let end = rest.find('"').expect("attribute values are quoted");
        values.push(&rest[..end]);
    }
    values
}

/// The `data-chart` name of every figure, with what it holds first: an svg or a note.
fn figures(html: &str) -> Vec<(String, &'static str)> {
    let open = "<figure class=\"chart\" data-chart=\"";
    html.match_indices(open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            let end = rest.find("\">").expect("a figure's opening tag ends");
            let inside = &rest[end + 2..];
            let holds = if inside.starts_with("<svg") {
                "svg"
            } else if inside.starts_with("<p class=\"note\">") {
                "note"
            } else {
                "something else"
            };
            (rest[..end].to_string(), holds)
        })
        .collect()
}

/// What makes a page less than self-contained, if anything.
fn external_references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for tag in ["<script", "<link", "<iframe", "<object", "<embed", "<base"] {
        if lower.contains(tag) {
            found.push(format!("a {tag}> element"));
        }
    }
    if lower.contains("@import") {
        found.push("an @import".into());
    }
    if lower.contains("@font-face") {
        found.push("a @font-face".into());
    }
    for (i, _) in lower.match_indices("url(") {
        let target = lower[i + 4..].trim_start_matches(['"', '\'', ' ']);
        if !target.starts_with('#') {
            found.push(format!("url({}", excerpt(&html[i + 4..], 60)));
        }
    }
    for name in ["href", "xlink:href"] {
        for v in attribute_values(html, name) {
            if !v.starts_with('#') {
                found.push(format!("{name}=\"{v}\""));
            }
        }
    }
    // Inline data (`data:`) is part of the page; anything else would be fetched.
    for name in ["src", "srcset", "action", "poster", "data"] {
        for v in attribute_values(html, name) {
            if !(name == "src" && v.starts_with("data:")) {
                found.push(format!("{name}=\"{v}\""));
            }
        }
    }
    if lower.contains("http-equiv=\"refresh\"") {
        found.push("a refresh to elsewhere".into());
    }
    found
}

/// The first `chars` characters of `s`, for a message.
fn excerpt(s: &str, chars: usize) -> String {
    s.chars().take(chars).collect()
}

#[test]
fn every_page_is_one_self_contained_file_with_its_charts_in_its_language() {
    for b in built() {
        let name = b.case.name();
        let html = &b.html;
        assert!(
            html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"),
            "{name}: not one whole HTML page"
        );
        assert!(
            html.contains(&format!("<html lang=\"{}\">", b.case.lang)),
            "{name}: the page's lang is not {}",
            b.case.lang
        );
        let external = external_references(html);
        assert!(
            external.is_empty(),
            "{name}: the page refers outside itself: {external:?}"
        );
        // The only absolute URLs in attributes are namespaces (identifiers, never fetched).
        for (i, _) in html.match_indices("://") {
            let scheme = html[..i]
                .rfind(|c: char| !c.is_ascii_alphanumeric())
                .map_or(0, |s| s + 1);
            let Some(before) = html[..scheme].strip_suffix("=\"") else {
                continue;
            };
            let attribute = &before[before.rfind(char::is_whitespace).map_or(0, |s| s + 1)..];
            assert!(
                attribute == "xmlns" || attribute.starts_with("xmlns:"),
                "{name}: an absolute URL in {attribute}: {}",
                excerpt(&html[scheme..], 60)
            );
        }
        assert_eq!(
            html.matches("<svg").count(),
            html.matches("</svg>").count(),
            "{name}: unbalanced <svg>"
        );
        let figures = figures(html);
        for want in b.case.charts {
            assert!(
                figures
                    .iter()
                    .any(|(n, _)| n == want || n.starts_with(&format!("{want}-"))),
                "{name}: no chart {want} among {figures:?}"
            );
        }
        for (chart, holds) in &figures {
            assert!(
                *holds == "svg" || *holds == "note",
                "{name}: chart {chart} holds {holds}"
            );
        }
        assert!(
            figures.iter().any(|(n, h)| n == "diagram" && *h == "svg"),
            "{name}: the diagram is not drawn"
        );
        assert!(
            figures
                .iter()
                .any(|(n, h)| *h == "svg"
                    && ["moic-", "irr-", "paid-"].iter().any(|p| n.starts_with(p))),
            "{name}: no histogram is drawn"
        );
        assert_eq!(
            html.contains("<section id=\"settlement\">"),
            b.case.observed,
            "{name}: what actually happened is shown if and only if --observed is given"
        );
    }
}

#[test]
fn the_same_inputs_and_seed_give_the_same_page_on_one_thread_or_two() {
    let case = &CASES[0];
    let page = |threads: &str| {
        let mut args = case.args();
        args.extend([
            "--seed".into(),
            "7".into(),
            "--threads".into(),
            threads.into(),
        ]);
        sibyl()
            .args(&args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let one = page("1");
    let two = page("2");
    assert!(one.starts_with(b"<!DOCTYPE html>"));
    assert!(one == two, "the page differs between 1 and 2 threads");
}

#[test]
fn without_out_the_page_goes_to_stdout_and_with_out_to_the_file_it_names() {
    let case = &CASES[0];
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.html");
    let to_stdout = sibyl().args(case.args()).assert().success();
    let stdout = to_stdout.get_output().stdout.clone();
    assert!(stdout.starts_with(b"<!DOCTYPE html>"));
    assert!(
        !String::from_utf8_lossy(&to_stdout.get_output().stderr).contains("written"),
        "nothing is written to a file without --out"
    );
    let mut args = case.args();
    args.extend(["--out".into(), file.display().to_string()]);
    let to_file = sibyl().args(&args).assert().success();
    let out = to_file.get_output();
    assert!(
        out.stdout.is_empty(),
        "with --out, nothing on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&file.display().to_string()),
        "stderr names the file: {stderr}"
    );
    let written = std::fs::read(&file).expect("the file is written");
    assert!(written == stdout, "the file and stdout hold the same page");
    // Nothing is left beside it.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("x.html")]);
}

#[test]
fn a_workbook_needs_a_file_and_an_unknown_extension_needs_a_format() {
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "report",
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "--trials",
        "100",
    ];
    let xlsx = output(&[&base[..], &["--format", "xlsx"]].concat());
    assert_eq!(xlsx.status.code(), Some(1), "{xlsx:?}");
    assert!(xlsx.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&xlsx.stderr);
    assert!(
        stderr.contains("--out"),
        "the error says what to do: {stderr}"
    );

    let pdf = dir.path().join("r.pdf");
    let unknown = output(&[&base[..], &["--out", pdf.to_str().unwrap()]].concat());
    assert_eq!(unknown.status.code(), Some(1), "{unknown:?}");
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("r.pdf") && stderr.contains("--format"),
        "the error names the file and the way out: {stderr}"
    );
    assert!(!pdf.exists(), "no file is written");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    // With the format given, the extension does not matter.
    let named = dir.path().join("r.page");
    let html = output(
        &[
            &base[..],
            &["--format", "html", "--out", named.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(html.status.success(), "{html:?}");
    assert!(
        std::fs::read_to_string(&named)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

/// Says something that `cargo test` does not capture: a skipped browser check must be seen.
fn notice(text: &str) {
    let line = "!".repeat(78);
    let _ = writeln!(std::io::stderr(), "\n{line}\n{text}\n{line}\n");
}

fn in_ci() -> bool {
    std::env::var_os("SIBYL_CI").is_some_and(|v| !v.is_empty())
}

/// node, the browser check and Chromium, or why not: a notice (once), or a failure in CI.
fn browser_check() -> Option<&'static (PathBuf, PathBuf)> {
    static FOUND: OnceLock<Option<(PathBuf, PathBuf)>> = OnceLock::new();
    FOUND.get_or_init(find_browser_check).as_ref()
}

fn find_browser_check() -> Option<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let script = dir.join("check.mjs");
    let chromium = std::env::var_os("CHROMIUM")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let node = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    let mut missing = Vec::new();
    if node.is_none() {
        missing.push("node (Node.js 20 or later) on the PATH".to_string());
    }
    if !dir
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
        missing.push("tests/browser/node_modules: run `npm ci --prefix tests/browser`".into());
    }
    if !chromium.is_file() {
        missing.push(format!(
            "Chromium at {} (apt-get install chromium, or set CHROMIUM)",
            chromium.display()
        ));
    }
    if missing.is_empty() {
        return Some((dir, script));
    }
    let text = format!(
        "report:: the HTML report was NOT checked in a real browser; missing:\n  - {}",
        missing.join("\n  - ")
    );
    assert!(!in_ci(), "{text}\n(SIBYL_CI is set, so this fails)");
    notice(&text);
    None
}

/// Runs check.mjs on one page: its exit code, stdout and stderr.
fn run_check(
    dir: &Path,
    script: &Path,
    page: &Path,
    lang: &str,
    out: &Path,
) -> (i32, String, String) {
    let mut cmd = Command::new("node");
    cmd.current_dir(dir)
        .arg(script)
        .arg(page)
        .arg(out)
        .args(["--lang", lang]);
    if std::env::var_os("SIBYL_STRICT_LAYOUT").is_some_and(|v| !v.is_empty() && v != "0") {
        cmd.arg("--strict-layout");
    }
    let o = cmd.output().expect("node runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn the_pages_open_cleanly_in_a_real_browser() {
    let Some((dir, script)) = browser_check() else {
        return;
    };
    let out = out_dir();
    let mut failures = Vec::new();
    for b in built() {
        let started = Instant::now();
        let (code, stdout, stderr) = run_check(dir, script, &b.path, b.case.lang, &out);
        eprintln!(
            "{} in {:.1} s: {}{}",
            b.case.name(),
            started.elapsed().as_secs_f64(),
            stdout.trim(),
            stderr.trim()
        );
        if code != 0 {
            failures.push(format!(
                "{} (exit {code}):\n{stderr}{stdout}",
                b.case.name()
            ));
            continue;
        }
        let summary: serde_json::Value = serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("{}: no JSON summary ({e}): {stdout}", b.case.name()));
        let figures = figures(&b.html).len() as u64;
        assert_eq!(summary["charts"], figures, "{}: charts seen", b.case.name());
        assert_eq!(summary["lang"], b.case.lang);
        assert_eq!(summary["requests"].as_array().map(Vec::len), Some(1));
        assert!(summary["pdfPages"].as_u64().unwrap_or(0) > 1);
        for ext in ["png", "pdf"] {
            let f = out.join(format!("{}.{ext}", b.case.name()));
            let size = std::fs::metadata(&f).map_or(0, |m| m.len());
            assert!(size > 10_000, "{}: {ext} of {size} bytes", f.display());
        }
    }
    assert!(
        failures.is_empty(),
        "in the browser:\n{}\n(screenshots and PDFs are in {})",
        failures.join("\n"),
        out.display()
    );
}

#[test]
fn the_browser_check_fails_a_page_that_reaches_out() {
    let Some((dir, script)) = browser_check() else {
        return;
    };
    let page = &built()[0];
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.html");
    let html = page
        .html
        .replacen(
            "</style>",
            "h1 { background: url(https://example.invalid/a.png); }\n</style>",
            1,
        )
        .replacen(
            "<figure class=\"chart\" data-chart=\"diagram\"><svg",
            "<figure class=\"chart\" data-chart=\"diagram\"><svg width=\"10\" height=\"10\"></svg><svg",
            1,
        );
    std::fs::write(&bad, html).unwrap();
    let (code, stdout, stderr) = run_check(dir, script, &bad, "sv", tmp.path());
    assert_eq!(code, 1, "{stdout}{stderr}");
    for said in [
        "requested image https://example.invalid/a.png",
        "the page's lang is \"en\", expected \"sv\"",
        "chart 1 (diagram): its svg is 10 x 10 px",
    ] {
        assert!(
            stderr.contains(said),
            "check.mjs does not say {said:?}: {stderr}"
        );
    }
}

#[test]
fn the_text_checks_find_what_they_look_for() {
    let clean = "<svg xmlns=\"http://www.w3.org/2000/svg\"><path marker-end=\"url(#head)\"/></svg>\
                 <a href=\"#deal\">the deal</a><p>see https://example.org in the text</p>";
    assert_eq!(external_references(clean), Vec::<String>::new());
    for bad in [
        "<SCRIPT>1</SCRIPT>",
        "<link rel=stylesheet href=\"x.css\">",
        "<style>@import 'x.css';</style>",
        "<style>@font-face { font-family: X }</style>",
        "<div style=\"background: url('http://x/y.png')\"></div>",
        "<a href=\"https://example.org\">x</a>",
        "<use xlink:href=\"other.svg#a\"/>",
        "<image src=\"//example.org/a.png\"/>",
        "<img src=\"x.png\">",
        "<meta http-equiv=\"refresh\" content=\"0; url=#x\">",
    ] {
        assert!(!external_references(bad).is_empty(), "{bad}");
    }
    assert!(external_references("<p data-href=\"x\">").is_empty());
    assert!(external_references("<image src=\"data:image/png;base64,AA\"/>").is_empty());
    let html = "<figure class=\"chart\" data-chart=\"a\"><svg></svg></figure>\
                <figure class=\"chart\" data-chart=\"b-c\"><p class=\"note\">none</p></figure>\
                <figure class=\"chart\" data-chart=\"d\"><div></div></figure>";
    assert_eq!(
        figures(html),
        vec![
            ("a".to_string(), "svg"),
            ("b-c".to_string(), "note"),
            ("d".to_string(), "something else")
        ]
    );
}

/// An example's contract and scenario, loaded as the commands load them.
fn example(contract: &str, scenario: &str) -> (sibyl::model::Contract, sibyl::model::Scenario) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = sibyl::load::load_contract(&root.join(contract))
        .unwrap_or_else(|e| panic!("{e}"))
        .value;
    let s = sibyl::load::load_scenario(&root.join(scenario), &c)
        .unwrap_or_else(|e| panic!("{e}"))
        .value;
    (c, s)
}

/// The report's sampled distributions are the run's own trials: with fewer trials than the
/// sample holds, their means equal the run's to rounding, the cash flows by period add up
/// to what each payer paid, and the multiple without the guarantee never exceeds the one
/// with it.
#[test]
fn the_charts_show_the_runs_own_trials() {
    use sibyl::analysis::report::{FlowKind, sample};
    use sibyl::analysis::run::{RunSettings, outcome};
    use sibyl::engine::Model;
    let (c, s) = example("contracts/nyc-able.toml", "scenarios/nyc-able.toml");
    let model = Model::new(&c, &s);
    let trials = 6_000;
    let settings = RunSettings {
        trials,
        seed: 3,
        precision: None,
        max_trials: trials,
        keep_draws: false,
    };
    let run = outcome(&model, &settings, &|_| {});
    let sampled = sample(&model, 3, trials);
    assert_eq!(sampled.trials, trials);
    assert_eq!(sampled.flow_trials, trials);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
    for name in ["tranche.goldman.moic", "payer.city.paid"] {
        let v = &sampled.values[name];
        assert_eq!(v.len() as u64, trials, "{name}");
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        assert!(
            close(mean, run.metrics[name].mean),
            "{name}: {mean} vs {}",
            run.metrics[name].mean
        );
    }
    // The IRR's sample leaves out the trials where it is undefined, as the run does.
    let irr = &sampled.values["tranche.goldman.irr"];
    assert_eq!(irr.len() as u64, run.metrics["tranche.goldman.irr"].n);
    let with = &sampled.values["tranche.goldman.moic"];
    let without = &sampled.values["tranche.goldman.moic_without_guarantee"];
    assert_eq!(with.len(), without.len());
    assert!(with.iter().zip(without).all(|(w, o)| o <= &(w + 1e-12)));
    assert!(
        with.iter().zip(without).any(|(w, o)| o < w),
        "the guarantee never paid"
    );
    // Cash flows: a payer's periods add up to what it paid; a tranche's flows to what it
    // received less what it put in.
    let paid = sampled
        .flows
        .iter()
        .find(|f| f.kind == FlowKind::Paid && f.id == "city")
        .expect("the city's flows");
    let total: f64 = paid.periods.iter().map(|p| p.mean).sum();
    assert!(close(total, run.metrics["payer.city.paid"].mean), "{total}");
    let by_year: f64 = paid.years.iter().map(|(_, y)| y.mean).sum();
    assert!(close(by_year, total), "{by_year} vs {total}");
    let tranche = sampled
        .flows
        .iter()
        .find(|f| f.kind == FlowKind::Tranche)
        .expect("the tranche's flows");
    // A tranche's flows by period put in (negative) before they give back.
    assert!(tranche.periods.iter().any(|p| p.mean < 0.0));
    // Each budget year's percentiles are ordered.
    for (label, y) in &paid.years {
        assert!(y.p05 <= y.p50 && y.p50 <= y.p95, "{label}: {y:?}");
    }
}

/// In real terms (period-0 money under inflation) the multiple without the guarantee is
/// the engine's multiple less the guarantee's share of what came back, so it never exceeds
/// the multiple with it.
#[test]
fn the_guarantee_outline_is_in_the_runs_terms() {
    use sibyl::analysis::report::sample;
    use sibyl::engine::{Model, Reporting};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = sibyl::load::load_contract(&root.join("contracts/nyc-able.toml"))
        .unwrap_or_else(|e| panic!("{e}"))
        .value;
    let text = std::fs::read_to_string(root.join("scenarios/nyc-able.toml")).unwrap()
        + "\n[economy]\ninflation = 0.10\n";
    let s = sibyl::load::scenario_from_source(
        &sibyl::diagnostics::Source::new("inflated.toml", text),
        &c,
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .value;
    let model = Model::with_terms(&c, &s, Reporting::Real);
    let sampled = sample(&model, 2, 3_000);
    let with = &sampled.values["tranche.goldman.moic"];
    let without = &sampled.values["tranche.goldman.moic_without_guarantee"];
    assert_eq!(with.len(), without.len());
    assert!(with.iter().zip(without).all(|(w, o)| *o <= w + 1e-12));
    let loss = |v: &[f64]| v.iter().filter(|&&x| x < 1.0).count();
    assert!(loss(without) >= loss(with));
    assert!(
        with.iter().zip(without).any(|(w, o)| o < w),
        "the guarantee never paid"
    );
}

/// A trigger's operating curve: the share of trials in which it paid, by true effect,
/// rises with the effect for a trigger on its own, and over all trials equals how often the
/// rule paid anything.
#[test]
fn operating_curves_rise_with_the_true_effect() {
    use sibyl::analysis::report::sample;
    use sibyl::engine::Model;
    let (c, s) = example("contracts/peterborough.toml", "scenarios/peterborough.toml");
    let model = Model::new(&c, &s);
    let sampled = sample(&model, 1, 8_000);
    let pooled = sampled
        .curves
        .iter()
        .find(|k| k.rule == "pooled_trigger")
        .expect("the pooled trigger's curve");
    assert_eq!(pooled.triggers, vec![0.075]);
    assert!(pooled.relative);
    let n: u64 = pooled.points.iter().map(|p| p.trials).sum();
    assert_eq!(n, 8_000, "every trial in a bin");
    let weighted: f64 = pooled
        .points
        .iter()
        .map(|p| p.p * p.trials as f64)
        .sum::<f64>()
        / n as f64;
    assert!((weighted - pooled.paid).abs() < 1e-12);
    // The pooled trigger skips cohorts its cohort triggers paid, so it pays less often at
    // large effects; a cohort's own trigger rises with the effect.
    let c1 = sampled
        .curves
        .iter()
        .find(|k| k.rule == "cohort_trigger" && k.cohort.as_deref() == Some("c1"))
        .expect("cohort 1's curve");
    assert_eq!(c1.triggers, vec![0.10]);
    let (first, last) = (c1.points[0], c1.points[c1.points.len() - 1]);
    assert!(first.effect < last.effect);
    assert!(first.p + 0.3 < last.p, "{first:?} {last:?}");
    assert!(c1.points.windows(2).all(|w| w[0].effect <= w[1].effect));
    // Per-cohort rules get a curve per cohort.
    let cohorts: Vec<_> = sampled
        .curves
        .iter()
        .filter(|k| k.rule == "cohort_trigger")
        .filter_map(|k| k.cohort.clone())
        .collect();
    assert_eq!(cohorts, ["c1", "c2", "c3"]);
}

/// With --compare, --stress and --sensitivity the page has their sections, and their
/// figures are those of the commands themselves.
#[test]
fn the_optional_sections_carry_the_commands_figures() {
    let dir = out_dir();
    let page = dir.join("optional-sections.html");
    let base = [
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
    ];
    let mut args: Vec<&str> = vec!["report"];
    args.extend(base);
    args.extend([
        "--compare",
        "contracts/peterborough-rate-card.toml",
        "--stress",
        "--sensitivity",
        "tranche.bonds.moic",
        "-n",
        "600",
        "--seed",
        "5",
        "--lang",
        "en",
        "--out",
        page.to_str().unwrap(),
    ]);
    sibyl().args(&args).assert().success();
    let html = std::fs::read_to_string(&page).unwrap();
    for id in ["compare", "stress", "sensitivity"] {
        assert!(
            html.contains(&format!("<section id=\"{id}\"")),
            "no {id} section"
        );
    }
    assert!(html.contains("data-chart=\"tornado\""));
    let compare = crate::util::json(&[
        "compare",
        "contracts/peterborough.toml",
        "contracts/peterborough-rate-card.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "-n",
        "600",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    let d = &compare["differences"][0]["metrics"]["payer.moj.paid"];
    let shown = format!(
        "+{} ({})",
        sibyl::format::money(d["mean"].as_f64().unwrap()),
        sibyl::format::money(d["se"].as_f64().unwrap())
    );
    assert!(
        html.contains(&shown),
        "the paired difference {shown} is not on the page"
    );
    let stress = crate::util::json(&[
        "stress",
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "-n",
        "600",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    let case = stress["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "effect_halved")
        .expect("the halved effect");
    let moic = case["metrics"]["tranche.bonds.moic"]["mean"]
        .as_f64()
        .unwrap();
    let stress_section = &html[html.find("<section id=\"stress\"").unwrap()..];
    let row = &stress_section[stress_section.find("effect_halved").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains(&format!("{moic:.2}x")),
        "stress figure {moic:.2}x not in {row}"
    );
    let tornado = crate::util::json(&[
        "sensitivity",
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "--metric",
        "tranche.bonds.moic",
        "-n",
        "600",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    let base = tornado["at_medians"]["value"].as_f64().unwrap();
    assert!(
        html.contains(&format!("{base:.2}x")),
        "tornado base {base:.2}x missing"
    );
}

/// A metric the contract does not have is an error that names the nearest, before any
/// simulation.
#[test]
fn an_unknown_sensitivity_metric_is_named_with_the_nearest() {
    let out = crate::util::output(&[
        "report",
        "contracts/peterborough.toml",
        "--scenario",
        "scenarios/peterborough.toml",
        "--sensitivity",
        "tranche.bond.moic",
        "-n",
        "1000000000",
    ]);
    // A billion trials would take far longer than the minute `output` allows.
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tranche.bonds.moic"), "{err}");
}

/// The diagram's arrows balance: what the vehicle pays an investor leaves out what the
/// investor's guarantor paid it, which has its own arrow (NYC ABLE: the city pays nothing
/// in the expected case, the guarantee repays USD 6m of the loan).
#[test]
fn the_diagram_counts_the_guarantee_once() {
    let (c, s) = example("contracts/nyc-able.toml", "scenarios/nyc-able.toml");
    let ex = sibyl::analysis::explain::explain(&c, Some(&s));
    let svg = sibyl::report::diagram::who_pays_whom(
        &c,
        ex.expected.as_ref(),
        sibyl::i18n::Locale::english(),
    );
    let l = &ex.expected.as_ref().unwrap().ledger;
    let guarantee: f64 = l.guarantee_paid.iter().sum();
    assert!(guarantee > 0.0);
    let back = l.tranche_received[0] - guarantee;
    for label in [
        format!("gets back USD {}", sibyl::format::money(back)),
        format!("covers USD {}", sibyl::format::money(guarantee)),
        format!("puts in USD {}", sibyl::format::money(l.tranche_drawn[0])),
    ] {
        assert!(svg.contains(&label), "no `{label}` in the diagram");
    }
}

/// With --observed the page replays the settlement: every payment `settle` makes, with its
/// period and amount, and each tranche's multiple.
#[test]
fn the_settlement_section_is_settles() {
    let dir = out_dir();
    let page = dir.join("settlement.html");
    sibyl()
        .args([
            "report",
            "contracts/peterborough.toml",
            "--scenario",
            "scenarios/peterborough.toml",
            "--observed",
            "observed/peterborough.toml",
            "-n",
            "200",
            "--lang",
            "en",
            "--out",
            page.to_str().unwrap(),
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    let section = &html[html
        .find("<section id=\"settlement\"")
        .expect("a settlement section")..];
    let section = &section[..section.find("</section>").unwrap()];
    let settled = crate::util::json(&[
        "settle",
        "contracts/peterborough.toml",
        "--observed",
        "observed/peterborough.toml",
        "--format",
        "json",
    ]);
    let payments = settled["payments"].as_array().unwrap();
    assert!(!payments.is_empty());
    for p in payments {
        let row = format!(
            "<td class=\"n\">{}</td><td>{}</td>",
            p["period"],
            p["payer"].as_str().unwrap()
        );
        let at = section.find(&row).unwrap_or_else(|| panic!("no row {row}"));
        let amount = sibyl::format::money(p["amount"].as_f64().unwrap());
        let rest = &section[at..];
        let rest = &rest[..rest.find("</tr>").unwrap()];
        assert!(rest.contains(&amount), "{amount} not in {rest}");
    }
    for t in settled["tranches"].as_array().unwrap() {
        let moic = format!("{:.2}x", t["moic"].as_f64().unwrap());
        assert!(section.contains(&moic), "tranche multiple {moic}");
    }
}

/// Every example makes a page in every language: the page says its language, has the
/// diagram, and its headings are the language's own (none of them English but in English).
#[test]
fn every_example_in_every_language() {
    let english_deal = "<h2 class=\"first\">The deal</h2>";
    for (contract, scenario) in crate::util::example_pairs() {
        for lang in ["en", "bg", "sv", "fi"] {
            let out = sibyl()
                .args(["report"])
                .arg(&contract)
                .arg("--scenario")
                .arg(&scenario)
                .args(["-n", "100", "--lang", lang])
                .output()
                .expect("sibyl runs");
            let label = format!("{} in {lang}", contract.display());
            assert!(
                out.status.success(),
                "{label}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let html = String::from_utf8(out.stdout).unwrap();
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{label}");
            assert!(html.contains("data-chart=\"diagram\""), "{label}");
            assert_eq!(html.contains(english_deal), lang == "en", "{label}");
        }
    }
}

/// A payment pushed past the deal's last period is not made, so it does not count as the
/// rule paying: with cohort 3 so late that its results come after the deal ends, its own
/// trigger never pays.
#[test]
fn a_payment_after_the_deal_is_no_payment_on_the_curve() {
    use sibyl::analysis::report::sample;
    use sibyl::engine::Model;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let c = sibyl::load::load_contract(&root.join("contracts/peterborough.toml"))
        .unwrap_or_else(|e| panic!("{e}"))
        .value;
    let text = std::fs::read_to_string(root.join("scenarios/peterborough.toml")).unwrap()
        + "\n[cohorts.c3]\ndelay = 12\n";
    let s =
        sibyl::load::scenario_from_source(&sibyl::diagnostics::Source::new("late.toml", text), &c)
            .unwrap_or_else(|e| panic!("{e}"))
            .value;
    let sampled = sample(&Model::new(&c, &s), 1, 2_000);
    let curve = |k: &str| {
        sampled
            .curves
            .iter()
            .find(|x| x.rule == "cohort_trigger" && x.cohort.as_deref() == Some(k))
            .unwrap()
            .paid
    };
    assert_eq!(curve("c3"), 0.0);
    assert!(curve("c1") > 0.1);
}
