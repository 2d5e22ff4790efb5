//! What a hostile-input campaign found, kept found: distribution parameters that made a
//! library hang or panic, command-line numbers that overflowed or ran for ever, amounts
//! that were not numbers, and run folders that could lie about what they hold. Every case
//! must end quickly with a located error (exit 1), a usage error (exit 2) or a sound result.

use std::path::Path;
use std::process::Output;

use sibyl::output::folder::{self, State};

use crate::util::{output, sibyl};

const UTAH: [&str; 2] = [
    "contracts/utah-preschool.toml",
    "scenarios/utah-preschool.toml",
];
const PB: [&str; 2] = ["contracts/peterborough.toml", "scenarios/peterborough.toml"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example scenario with its first `old` replaced by `new`, written to a temporary file.
fn scenario_with(scenario: &str, old: &str, new: &str) -> tempfile::NamedTempFile {
    let text = std::fs::read_to_string(root().join(scenario)).unwrap();
    assert!(text.contains(old), "`{old}` is in {scenario}");
    let f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    std::fs::write(f.path(), text.replacen(old, new, 1)).unwrap();
    f
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 1 with an error whose text contains `needle`, and no panic.
fn assert_error(o: &Output, needle: &str) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains(needle), "expected `{needle}` in:\n{err}");
    err
}

#[test]
fn beta_shapes_that_hung_or_panicked_the_quantile_are_located_errors() {
    for (old, new, field) in [
        ("beta = 2 ", "beta = 16000000 ", "beta"),
        ("beta = 2 ", "beta = 8e6 ", "beta"),
        ("alpha = 6 ", "alpha = 5e-324 ", "alpha"),
        ("beta = 2 ", "beta = 5e-324 ", "beta"),
        ("beta = 2 ", "beta = 1e-309 ", "beta"),
    ] {
        let s = scenario_with(UTAH[1], old, new);
        let path = s.path().to_str().unwrap();
        for cmd in ["check", "run"] {
            let mut args = vec![cmd, UTAH[0], "--scenario", path];
            if cmd == "run" {
                args.extend(["--trials", "200"]);
            }
            let err = assert_error(
                &output(&args),
                &format!("`{field}` must be between 0.01 and 10000"),
            );
            assert!(err.contains(":25:") || err.contains(":24:"), "{err}");
            // No follow-on warning about the assumption that failed.
            assert!(!err.contains("is fixed"), "{err}");
        }
    }
}

#[test]
fn a_lognormal_without_a_finite_mean_is_an_error() {
    let s = scenario_with(
        PB[1],
        "mean = 1.55                    # 155",
        "mu = 710\nsigma = 0.1 # 155",
    );
    let s = {
        // `sd` belongs to the mean/sd form: drop it.
        let t = std::fs::read_to_string(s.path()).unwrap().replacen(
            "sd = 0.10                      # ASSUMED\n",
            "",
            1,
        );
        std::fs::write(s.path(), t).unwrap();
        s
    };
    let p = s.path().to_str().unwrap();
    assert_error(
        &output(&["check", PB[0], "--scenario", p]),
        "mean is inf, beyond the 10^15",
    );
    let wide = scenario_with(PB[1], "sd = 0.10 ", "sd = 1e6 ");
    assert_error(
        &output(&["check", PB[0], "--scenario", wide.path().to_str().unwrap()]),
        "the lognormal's log would spread by 5.2, more than 5",
    );
}

#[test]
fn command_line_numbers_have_limits_in_their_messages() {
    let base = ["run", PB[0], "--scenario", PB[1]];
    let run = |extra: &[&str]| {
        let mut a = base.to_vec();
        a.extend(extra);
        output(&a)
    };
    assert_error(
        &run(&["--trials", "18446744073709551615"]),
        "is more than sibyl runs (1,000,000,000)",
    );
    assert_error(
        &run(&[
            "--precision",
            "0.01",
            "--max-trials",
            "18446744073709551615",
        ]),
        "--max-trials must be from 1 to 1,000,000,000",
    );
    assert_error(
        &run(&["--max-trials", "100"]),
        "--max-trials applies only with --precision",
    );
    assert_error(
        &run(&["--threads", "10000"]),
        "--threads must be at most 1,024",
    );
    for seed in ["-1", "1.5", "18446744073709551616"] {
        let o = run(&["--seed", seed]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o)
                .contains("is not a seed: a seed is a whole number from 0 to 18446744073709551615")
        );
    }
    // A run folder is written only with --out, so --per-trial and --force need it.
    for flag in ["--per-trial", "--force"] {
        let o = run(&["--trials", "100", flag]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("--out"));
    }
}

#[test]
fn max_trials_is_honoured_exactly() {
    let v = crate::util::json(&[
        "run",
        PB[0],
        "--scenario",
        PB[1],
        "--precision",
        "1e-9",
        "--max-trials",
        "100",
        "--format",
        "json",
    ]);
    assert_eq!(v["trials"], 100);
    let v = crate::util::json(&[
        "run",
        PB[0],
        "--scenario",
        PB[1],
        "--trials",
        "5000",
        "--precision",
        "1e-9",
        "--max-trials",
        "10000",
        "--format",
        "json",
    ]);
    // 8,192 (two blocks), then up to the maximum: 10,000, not 12,288.
    assert_eq!(v["trials"], 10_000);
}

#[test]
fn a_negative_discount_rate_that_would_make_money_infinite_is_an_error() {
    let text = std::fs::read_to_string(root().join(PB[0])).unwrap();
    let long = text
        .replacen("period = \"quarter\"", "period = \"year\"", 1)
        .replacen("horizon = 32", "horizon = 400", 1)
        .replacen("discount_rate = 0.035", "discount_rate = -0.99", 1);
    assert_ne!(long, text);
    let f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    std::fs::write(f.path(), long).unwrap();
    let err = assert_error(
        &output(&["check", f.path().to_str().unwrap()]),
        "`discount_rate` of -99% a year over the deal's 400 years makes money at its end worth 10^800 times",
    );
    assert!(err.contains("at least -8.27% a year"), "{err}");
}

#[test]
fn commands_that_multiply_runs_have_limits() {
    // compare: at most 16 designs.
    let mut args = vec!["compare"];
    args.extend([PB[0]; 17]);
    args.extend(["--scenario", PB[1], "--trials", "100"]);
    assert_error(&output(&args), "sibyl compares at most 16 at once");
    // stress: a preset named twice runs once; --measured is a measured effect.
    let v = crate::util::json(&[
        "stress",
        PB[0],
        "--scenario",
        PB[1],
        "--preset",
        "recession",
        "--preset",
        "recession",
        "--no-shocks",
        "--trials",
        "200",
        "--format",
        "json",
    ]);
    assert_eq!(v["cases"].as_array().unwrap().len(), 2);
    assert_error(
        &output(&["stress", PB[0], "--scenario", PB[1], "--measured", "1e300"]),
        "is not a measured effect",
    );
}

#[test]
fn too_many_stress_presets_are_an_error_at_the_first_one_too_many() {
    let mut text = std::fs::read_to_string(root().join(PB[1])).unwrap();
    for i in 0..70 {
        text.push_str(&format!("\n[stress.p{i}]\nscale = {{ effect = 0.5 }}\n"));
    }
    let f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    std::fs::write(f.path(), &text).unwrap();
    let err = assert_error(
        &output(&["check", PB[0], "--scenario", f.path().to_str().unwrap()]),
        "sibyl handles at most 64",
    );
    // Peterborough has three presets of its own: the 65th is p61.
    assert!(
        err.contains("has 73 stress presets") && err.contains("[stress.p61]"),
        "{err}"
    );
}

/// An amount that is not a number (an assumption drawn as infinity, which validation now
/// prevents) stops the run with an error naming the assumption, in `run` and in
/// `sensitivity`; nothing is summarised from it.
#[test]
fn a_non_finite_draw_is_an_error_naming_the_assumption() {
    use sibyl::analysis::run::{RunSettings, simulate};
    use sibyl::engine::{Culprit, Model};
    use sibyl::model::distribution::Distribution;
    let c = sibyl::load::load_contract(&root().join(PB[0]))
        .unwrap()
        .value;
    let mut s = sibyl::load::load_scenario(&root().join(PB[1]), &c)
        .unwrap()
        .value;
    let i = s
        .assumptions
        .iter()
        .position(|a| a.id == "baseline")
        .unwrap();
    s.assumptions[i].dist = Distribution::Lognormal {
        mu: 710.0,
        sigma: 0.1,
    };
    let model = Model::new(&c, &s);
    let settings = RunSettings {
        trials: 5_000,
        seed: 3,
        precision: None,
        max_trials: 5_000,
        keep_draws: false,
    };
    simulate(&model, &settings, None, &|_| {}).unwrap();
    let nf = model.non_finite(3).expect("the infinite draws are seen");
    assert_eq!(nf.trial, 0);
    assert!(
        matches!(nf.culprit, Culprit::Assumption { index, value } if index == i && value.is_infinite())
    );
    let err = sibyl::analysis::soundness::check(&model, 3, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("assumption `baseline` was drawn as inf in trial 0 (seed 3)"),
        "{err}"
    );

    let swings = sibyl::analysis::sensitivity::tornado(
        &c,
        &s,
        "tranche.bonds.moic",
        3,
        4_096,
        sibyl::engine::Reporting::Nominal,
        &|_| {},
    );
    let err = swings.unwrap_err().to_string();
    assert!(err.contains("assumption `baseline`"), "{err}");

    // A sound model reports nothing.
    let sound = sibyl::load::load_scenario(&root().join(PB[1]), &c)
        .unwrap()
        .value;
    let model = Model::new(&c, &sound);
    simulate(&model, &settings, None, &|_| {}).unwrap();
    assert!(model.non_finite(3).is_none());
}

// ---------------------------------------------------------------------------------------
// Run folders

fn run_into(dir: &Path, extra: &[&str]) -> Output {
    let mut a = vec![
        "run",
        PB[0],
        "--scenario",
        PB[1],
        "--trials",
        "3000",
        "--out",
        dir.to_str().unwrap(),
    ];
    a.extend(extra);
    output(&a)
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_run_folder_is_whole_says_where_it_is_and_is_never_mixed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let o = run_into(&dir, &["--per-trial"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!(
        "run written to {} (trials.csv, summary.json, manifest.json)",
        dir.display()
    )));
    let m = folder::verify(&dir).unwrap();
    assert_eq!(m.run["seed"], 1);
    // Another seed needs --force; with it, the folder is the new run only (no trials.csv
    // of the old one beside the new summary).
    assert_error(
        &run_into(&dir, &["--seed", "9"]),
        "already holds a different run",
    );
    let o = run_into(&dir, &["--seed", "9", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files(&dir), ["manifest.json", "summary.json"]);
    assert_eq!(folder::verify(&dir).unwrap().run["seed"], 9);
    // The same run again replaces it without --force.
    assert!(run_into(&dir, &["--seed", "9"]).status.success());
    // Nothing is left beside it.
    assert_eq!(files(tmp.path()), ["run"]);
    // A changed byte is seen.
    let summary = dir.join("summary.json");
    let mut text = std::fs::read(&summary).unwrap();
    text[10] ^= 1;
    std::fs::write(&summary, text).unwrap();
    assert!(
        folder::verify(&dir)
            .unwrap_err()
            .contains("does not match its hash")
    );
}

#[test]
fn a_different_precision_is_a_different_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let p = |x: &str| run_into(&dir, &["--precision", x, "--max-trials", "8192"]);
    assert!(p("0.05").status.success());
    assert!(p("0.05").status.success());
    assert_error(&p("0.5"), "already holds a different run");
    // A precision that does not read back exactly from JSON without care is still the
    // same run.
    let dir = tmp.path().join("run2");
    let q = || {
        run_into(
            &dir,
            &["--precision", "0.09476572718746067", "--max-trials", "100"],
        )
    };
    assert!(q().status.success());
    let o = q();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn what_a_run_folder_may_replace() {
    let tmp = tempfile::tempdir().unwrap();
    // An empty folder: used.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(run_into(&empty, &[]).status.success());
    assert!(folder::verify(&empty).is_ok());
    // A file: refused.
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert_error(&run_into(&file, &[]), "is a file, not a folder");
    // Someone else's folder: refused, even with --force, and left as it was.
    let theirs = tmp.path().join("theirs");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("notes.txt"), "keep me").unwrap();
    assert_error(
        &run_into(&theirs, &["--force"]),
        "is not a run folder: it holds `notes.txt`",
    );
    assert_eq!(
        std::fs::read_to_string(theirs.join("notes.txt")).unwrap(),
        "keep me"
    );
    // An incomplete run (a summary without a manifest, a stale temporary): replaced, and
    // the run says so.
    let partial = tmp.path().join("partial");
    std::fs::create_dir(&partial).unwrap();
    std::fs::write(partial.join("summary.json"), "{}").unwrap();
    std::fs::write(partial.join(".trials.csv.tmp-12345"), "a,b\n").unwrap();
    assert_eq!(folder::inspect(&partial).unwrap(), State::Incomplete);
    let o = run_into(&partial, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("it replaced an incomplete run"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files(&partial), ["manifest.json", "summary.json"]);
    // A folder with a run file's name is not a run file: refused, left as it was.
    let named = tmp.path().join("named");
    std::fs::create_dir_all(named.join("trials.csv")).unwrap();
    std::fs::write(named.join("trials.csv").join("notes.txt"), "keep").unwrap();
    assert_error(
        &run_into(&named, &[]),
        "is not a run folder: it holds `trials.csv`",
    );
    assert!(named.join("trials.csv").join("notes.txt").exists());
    // A symbolic link: refused (replacing it would replace the link, not its folder).
    #[cfg(unix)]
    {
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&empty, &link).unwrap();
        assert_error(&run_into(&link, &[]), "is a symbolic link");
    }
    // `b/.` names the folder b; `..` names none.
    let dotted = tmp.path().join("dotted");
    let o = run_into(&dotted.join("."), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(folder::verify(&dotted).is_ok());
    assert_error(
        &run_into(&tmp.path().join(".."), &[]),
        "does not name a folder",
    );
}

/// A file put into the folder while the run simulates is never removed: the run checks
/// the folder again just before replacing it, and stops.
#[test]
fn a_file_added_during_the_run_stops_the_run_and_is_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    assert!(run_into(&dir, &[]).status.success());
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sibyl"))
        .current_dir(root())
        .args(["run", PB[0], "--scenario", PB[1], "--trials", "400000"])
        .args(["--seed", "2", "--force", "--out"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once its hidden folder exists, the run has begun.
    let started = std::time::Instant::now();
    while !files(tmp.path())
        .iter()
        .any(|n| n.starts_with(".run.partial-"))
    {
        assert!(started.elapsed().as_secs() < 60, "the run never began");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::fs::write(dir.join("notes.txt"), "keep me").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = assert_error(&out, "changed while the run was simulating");
    assert!(
        err.contains("is not a run folder: it holds `notes.txt`"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "keep me"
    );
    // The previous run is still there, and nothing hidden is left.
    std::fs::remove_file(dir.join("notes.txt")).unwrap();
    assert_eq!(folder::verify(&dir).unwrap().run["seed"], 1);
    assert_eq!(files(tmp.path()), ["run"]);
}

#[test]
fn a_hidden_folder_left_by_a_killed_run_is_removed_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    // A process id that is not running (pid_max is at most 2^22).
    let dead = tmp.path().join(".run.partial-4194999-0");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join("trials.csv"), "half").unwrap();
    // One of a live process (this test) is left alone.
    let live = tmp
        .path()
        .join(format!(".run.partial-{}-7", std::process::id()));
    std::fs::create_dir(&live).unwrap();
    assert!(run_into(&dir, &[]).status.success());
    assert!(!dead.exists());
    assert!(live.exists());
}

#[test]
fn without_out_nothing_is_written() {
    let cwd = tempfile::tempdir().unwrap();
    sibyl()
        .current_dir(cwd.path())
        .args([
            "run",
            root().join(PB[0]).to_str().unwrap(),
            "--scenario",
            root().join(PB[1]).to_str().unwrap(),
            "--trials",
            "300",
        ])
        .assert()
        .success();
    assert!(std::fs::read_dir(cwd.path()).unwrap().next().is_none());
}

/// SIGINT and SIGKILL at random moments of a large `--per-trial` run, a few dozen times:
/// the folder is always the previous complete run or the new complete run, never one that
/// looks complete and is not; after SIGINT no hidden folder is left, and one left by
/// SIGKILL is gone after the next run. Heavy (about 30 runs of 300,000 trials with
/// trials.csv): `cargo test --release --test tests hostile::kills -- --ignored`.
#[cfg(unix)]
#[test]
#[ignore]
fn kills_never_leave_a_folder_that_lies() {
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let bin = assert_cmd::cargo::cargo_bin("sibyl");
    let start = |seed: u64| {
        std::process::Command::new(&bin)
            .current_dir(root())
            .args([
                "run",
                PB[0],
                "--scenario",
                PB[1],
                "--trials",
                "300000",
                "--per-trial",
            ])
            .args(["--force", "--seed", &seed.to_string(), "--out"])
            .arg(&dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long a whole run takes here, to spread the kills over it.
    let t = Instant::now();
    assert!(start(1).wait().unwrap().success());
    let whole = t.elapsed();
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let (mut interrupted, mut killed, mut finished) = (0, 0, 0);
    for round in 0..32u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let at = whole.mul_f64((x % 1000) as f64 / 900.0);
        let mut child = start(round + 2);
        let pid = child.id();
        std::thread::sleep(at);
        let signal = if round % 2 == 0 {
            libc::SIGINT
        } else {
            libc::SIGKILL
        };
        // SAFETY: sends a signal to our own child.
        unsafe { libc::kill(pid as i32, signal) };
        let status = child.wait().unwrap();
        match status.code() {
            Some(0) => finished += 1,
            Some(130) => interrupted += 1,
            None => killed += 1,
            Some(c) => panic!("exit {c} in round {round}"),
        }
        // The folder is a complete run: the previous one or the new one.
        let m = folder::verify(&dir).unwrap_or_else(|e| panic!("round {round}: {e}"));
        let seed = m.run["seed"].as_u64().unwrap();
        assert!(seed <= round + 2, "round {round}: seed {seed}");
        if status.code() == Some(0) {
            assert_eq!(seed, round + 2);
        }
        // Its own hidden folder is gone after SIGINT (one left by an earlier SIGKILL may
        // remain if this run was stopped before it began writing).
        let mine: Vec<String> = files(tmp.path())
            .into_iter()
            .filter(|n| n.starts_with(&format!(".run.partial-{pid}-")))
            .collect();
        if signal == libc::SIGINT {
            assert!(mine.is_empty(), "round {round}: {mine:?} left after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // One more run cleans what SIGKILL left.
    assert!(start(99).wait().unwrap().success());
    assert_eq!(files(tmp.path()), ["run"]);
    assert_eq!(folder::verify(&dir).unwrap().run["seed"], 99);
    eprintln!("{interrupted} interrupted, {killed} killed, {finished} finished first");
    assert!(interrupted + killed >= 20);
}
