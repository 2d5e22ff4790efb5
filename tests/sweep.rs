//! `sibyl sweep`: grids and Latin hypercubes over numbers of the files, on common random
//! numbers; points.csv and summary.csv, resuming, the design search, shards and their merge.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{output, sibyl};

const C: &str = "contracts/peterborough.toml";
const S: &str = "scenarios/peterborough.toml";
const THRESHOLD: &str = "rules.pooled_trigger.threshold";

/// Runs sibyl, expects success, returns stdout and stderr.
fn ok(args: &[&str]) -> (String, String) {
    let out = sibyl().args(args).assert().success().get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs sibyl, expects exit code `code`, returns stderr.
fn fails(args: &[&str], code: i32) -> String {
    let out = output(args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    stderr
}

/// points.csv's rows as maps from column to field.
fn rows(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join("points.csv")).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A figure's statistic at each point, by point.
fn stat(rows: &[BTreeMap<String, String>], name: &str, statistic: &str) -> Vec<f64> {
    rows.iter()
        .filter(|r| r["name"] == name && r["statistic"] == statistic)
        .map(|r| r["value"].parse().unwrap())
        .collect()
}

fn dir_arg(dir: &Path) -> String {
    dir.to_str().unwrap().to_string()
}

#[test]
fn a_grid_is_the_cross_product_with_the_settings_as_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("grid");
    let (table, notes) = ok(&[
        "sweep",
        C,
        "-s",
        S,
        "--set",
        &format!("{THRESHOLD}=0.05:0.1:3"),
        "--set",
        "cohorts.c1.target=500,1000",
        "-n",
        "1000",
        "--out",
        &dir_arg(&out),
    ]);
    assert!(
        table.starts_with("Sweep of 6 points, 1,000 trials each, seed 1"),
        "{table}"
    );
    assert!(notes.contains("sweep written to"), "{notes}");
    let rows = rows(&out);
    let header = std::fs::read_to_string(out.join("points.csv")).unwrap();
    assert!(header.starts_with(
        "point,contract,scenario,rules.pooled_trigger.threshold,cohorts.c1.target,seed,trials,name,statistic,value\n"
    ));
    let mut seen = Vec::new();
    for r in &rows {
        let key = (
            r["point"].clone(),
            r[THRESHOLD].clone(),
            r["cohorts.c1.target"].clone(),
        );
        if !seen.contains(&key) {
            seen.push(key);
        }
        assert_eq!((r["contract"].as_str(), r["scenario"].as_str()), (C, S));
        assert_eq!((r["seed"].as_str(), r["trials"].as_str()), ("1", "1000"));
    }
    let expected: Vec<(String, String, String)> = [
        ("0", "0.05", "500"),
        ("1", "0.05", "1000"),
        ("2", "0.075", "500"),
        ("3", "0.075", "1000"),
        ("4", "0.1", "500"),
        ("5", "0.1", "1000"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(seen, expected);
    // Every statistic of the figures: a metric's summary, a probability's p and se.
    let statistics: Vec<&str> = rows
        .iter()
        .filter(|r| r["point"] == "0" && r["name"] == "deal.paid")
        .map(|r| r["statistic"].as_str())
        .collect();
    assert_eq!(
        statistics,
        [
            "n", "mean", "se", "sd", "min", "p05", "p25", "p50", "p75", "p95", "max", "cvar05"
        ]
    );
    assert_eq!(stat(&rows, "tranche.bonds.loss", "p").len(), 6);
    assert_eq!(
        stat(
            &rows,
            "payer.moj.cost_per_true_outcome.reconviction",
            "value"
        )
        .len(),
        6
    );
    // summary.csv: a row per point.
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), 7);
    assert!(
        summary
            .lines()
            .next()
            .unwrap()
            .contains(",deal.paid.mean,deal.paid.se,")
    );
    assert!(summary.contains(",P(tranche.bonds.loss),P(tranche.bonds.loss).se,"));
    // A point's figures are those of `sibyl run` on the edited file.
    let edited = tmp.path().join("c.toml");
    let text = std::fs::read_to_string(C)
        .unwrap()
        .replace("threshold = 0.075", "threshold = 0.1");
    std::fs::write(&edited, text).unwrap();
    let (run, _) = ok(&[
        "run",
        edited.to_str().unwrap(),
        "-s",
        S,
        "-n",
        "1000",
        "--format",
        "json",
    ]);
    let run: serde_json::Value = serde_json::from_str(&run).unwrap();
    let paid = stat(&rows, "deal.paid", "mean");
    let pooled_thresholds: Vec<&String> = rows
        .iter()
        .filter(|r| r["name"] == "deal.paid" && r["statistic"] == "mean")
        .map(|r| &r[THRESHOLD])
        .collect();
    assert_eq!(pooled_thresholds[5], "0.1");
    assert_eq!(
        run["metrics"]["deal.paid"]["mean"].as_f64().unwrap(),
        paid[5]
    );
}

#[test]
fn a_misspelt_path_names_the_nearest_numbers() {
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            "rules.pooled_trigger.treshold=0.1,0.2",
            "-n",
            "100",
        ],
        1,
    );
    assert!(
        err.contains("no number at `rules.pooled_trigger.treshold`"),
        "{err}"
    );
    assert!(
        err.contains("the nearest numbers of the two files: `rules.pooled_trigger.threshold`"),
        "{err}"
    );
}

#[test]
fn a_path_to_text_is_not_a_number() {
    let err = fails(
        &["sweep", C, "-s", S, "--set", "deal.name=1,2", "-n", "100"],
        1,
    );
    assert!(
        err.contains("`deal.name` in `contracts/peterborough.toml` is a string, not a number"),
        "{err}"
    );
}

#[test]
fn a_bad_swept_value_is_located_and_names_the_setting() {
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            "cohorts.c1.target=10,-5",
            "-n",
            "100",
        ],
        1,
    );
    assert!(
        err.contains("--> contracts/peterborough.toml [cohorts.c1.target = -5]:60:10"),
        "{err}"
    );
    // A count takes whole values.
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            "cohorts.c1.target=10.5",
            "-n",
            "100",
        ],
        1,
    );
    assert!(
        err.contains("--> contracts/peterborough.toml [cohorts.c1.target = 10.5]:60:10"),
        "{err}"
    );
}

#[test]
fn malformed_and_oversized_sweeps_are_refused() {
    // The parser's errors and those it cannot see are usage errors.
    fails(&["sweep", C, "-s", S, "--set", "x=1:2:1"], 2);
    fails(&["sweep", C, "-s", S, "--set", "x"], 2);
    let err = fails(
        &["sweep", C, "-s", S, "--set", &format!("{THRESHOLD}=0:1")],
        2,
    );
    assert!(err.contains("has no count"), "{err}");
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--lhs",
            "4",
            "--set",
            &format!("{THRESHOLD}=0.1,0.2"),
        ],
        2,
    );
    assert!(err.contains("is a list"), "{err}");
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            "x=1,2",
            "--objective",
            "min a",
            "--objective",
            "min b",
            "--objective",
            "min c",
        ],
        2,
    );
    assert!(err.contains("--objective is given 3 times"), "{err}");
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            &format!("{THRESHOLD}=0:1:1000"),
            "--set",
            "parties.moj.discount_rate=0:0.1:1000",
        ],
        1,
    );
    assert!(err.contains("more than sibyl runs (100,000)"), "{err}");
}

#[test]
fn two_contracts_by_two_scenarios() {
    let tmp = tempfile::tempdir().unwrap();
    let s2 = tmp.path().join("other.toml");
    std::fs::copy(S, &s2).unwrap();
    let out = tmp.path().join("pairs");
    let s2 = s2.to_str().unwrap();
    ok(&[
        "sweep",
        C,
        "contracts/peterborough-pooled-only.toml",
        "-s",
        S,
        s2,
        "--set",
        "tranches.bonds.amount=4000000,5000000",
        "-n",
        "500",
        "--out",
        &dir_arg(&out),
    ]);
    let rows = rows(&out);
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    for r in &rows {
        let k = (
            r["contract"].clone(),
            r["scenario"].clone(),
            r["tranches.bonds.amount"].clone(),
        );
        if !pairs.contains(&k) {
            pairs.push(k);
        }
    }
    assert_eq!(pairs.len(), 8);
    assert_eq!(pairs[0].0, C);
    assert_eq!(pairs[2].1, s2);
    assert_eq!(pairs[4].0, "contracts/peterborough-pooled-only.toml");
    // The same scenario under another name gives the same figures.
    let paid = stat(&rows, "deal.paid", "mean");
    assert_eq!(paid[0], paid[2]);
    assert_eq!(paid[5], paid[7]);
}

#[test]
fn a_latin_hypercube_hits_every_stratum_once_and_repeats() {
    let tmp = tempfile::tempdir().unwrap();
    let n = 8;
    let run = |name: &str, seed: &str| {
        let out = tmp.path().join(name);
        ok(&[
            "sweep",
            C,
            "-s",
            S,
            "--lhs",
            &n.to_string(),
            "--set",
            &format!("{THRESHOLD}=0.05:0.15"),
            "--set",
            "parties.moj.discount_rate=0:0.08:5",
            "-n",
            "300",
            "--seed",
            seed,
            "--out",
            &dir_arg(&out),
        ]);
        out
    };
    let a = run("a", "3");
    let summary = std::fs::read_to_string(a.join("summary.csv")).unwrap();
    let mut r = csv::Reader::from_reader(summary.as_bytes());
    let points: Vec<(f64, f64)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[3].parse().unwrap(), rec[4].parse().unwrap())
        })
        .collect();
    assert_eq!(points.len(), n);
    for (d, (lo, hi)) in [(0.05, 0.15), (0.0, 0.08)].into_iter().enumerate() {
        let mut hit = vec![0; n];
        for p in &points {
            let x = if d == 0 { p.0 } else { p.1 };
            let u = (x - lo) / (hi - lo);
            hit[(u * n as f64) as usize] += 1;
        }
        assert!(hit.iter().all(|&h| h == 1), "dimension {d}: {hit:?}");
    }
    let b = run("b", "3");
    assert_eq!(
        std::fs::read(a.join("points.csv")).unwrap(),
        std::fs::read(b.join("points.csv")).unwrap()
    );
    let c = run("c", "4");
    assert_ne!(
        std::fs::read_to_string(a.join("summary.csv")).unwrap(),
        std::fs::read_to_string(c.join("summary.csv")).unwrap()
    );
}

/// Points differing only in a contract setting see the same assumption draws: the
/// outcomes are identical, only what the contract does with them differs.
#[test]
fn points_share_their_random_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("crn");
    ok(&[
        "sweep",
        C,
        "-s",
        S,
        "--set",
        &format!("{THRESHOLD}=0.05,0.1"),
        "--set",
        "parties.moj.discount_rate=0.01,0.05",
        "-n",
        "2000",
        "--out",
        &dir_arg(&out),
    ]);
    let rows = rows(&out);
    for name in [
        "outcomes.reconviction.achieved",
        "outcomes.reconviction.measured",
    ] {
        for s in ["mean", "sd", "p05", "p50", "p95"] {
            let v = stat(&rows, name, s);
            assert!(v.iter().all(|x| *x == v[0]), "{name} {s}: {v:?}");
        }
    }
    // The discount rate changes only the payer's present value...
    let paid = stat(&rows, "deal.paid", "mean");
    assert_eq!((paid[0], paid[2]), (paid[1], paid[3]));
    let npv = stat(&rows, "payer.moj.npv", "mean");
    assert_ne!(npv[0], npv[1]);
    // ... and the threshold what is paid.
    assert_ne!(paid[0], paid[2]);
}

#[test]
fn a_stopped_sweep_resumes_without_rerunning_what_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("resume");
    let args = |force: bool| {
        let mut a: Vec<String> = [
            "sweep",
            C,
            "-s",
            S,
            "--set",
            &format!("{THRESHOLD}=0.05:0.1:4"),
            "-n",
            "500",
            "--out",
            &dir_arg(&out),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        if force {
            a.push("--force".into());
        }
        a
    };
    let run = |a: &[String]| ok(&a.iter().map(String::as_str).collect::<Vec<_>>());
    run(&args(false));
    let whole = std::fs::read_to_string(out.join("points.csv")).unwrap();
    let summary = std::fs::read(out.join("summary.csv")).unwrap();
    // Point 1 removed, and point 3 cut in the middle of its sixth row.
    let mut cut = String::new();
    let mut of_3 = 0;
    for line in whole.lines() {
        if line.starts_with("1,") {
            continue;
        }
        if line.starts_with("3,") {
            of_3 += 1;
            if of_3 == 6 {
                cut.push_str(&line[..line.len() - 4]);
                break;
            }
        }
        cut.push_str(line);
        cut.push('\n');
    }
    std::fs::write(out.join("points.csv"), &cut).unwrap();
    let (_, notes) = run(&args(false));
    assert!(
        notes.contains("resumed: 2 of 4 points were already in"),
        "{notes}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("points.csv")).unwrap(),
        whole
    );
    assert_eq!(std::fs::read(out.join("summary.csv")).unwrap(), summary);
    // Complete: nothing runs again.
    let (_, notes) = run(&args(false));
    assert!(notes.contains("resumed: 4 of 4"), "{notes}");
    // Another sweep in the folder is refused, unless forced.
    let mut other = args(false);
    other[5] = format!("{THRESHOLD}=0.05:0.1:3");
    let err = fails(&other.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    assert!(err.contains("holds a different sweep"), "{err}");
    other.push("--force".into());
    let (_, notes) = run(&other);
    assert!(!notes.contains("resumed"), "{notes}");
    assert_eq!(
        rows(&out)
            .iter()
            .filter(|r| r["name"] == "deal.paid" && r["statistic"] == "n")
            .count(),
        3
    );
}

/// The search's best point, checked by hand from the points' figures.
#[test]
fn the_search_picks_the_best_feasible_point_and_a_pareto_front() {
    let objective = "payer.moj.cost_per_true_outcome.reconviction";
    let (text, _) = ok(&[
        "sweep",
        C,
        "-s",
        S,
        "--set",
        &format!("{THRESHOLD}=0.02:0.12:6"),
        "--set",
        "rules.pooled_trigger.price=5000,8000",
        "-n",
        "1000",
        "--objective",
        &format!("minimise {objective}"),
        "--objective",
        "maximise tranche.bonds.irr",
        "--subject-to",
        "P(tranche.bonds.loss) <= 0.645",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let points = v["points"].as_array().unwrap();
    assert_eq!(points.len(), 12);
    let figure = |p: &serde_json::Value, kind: &str, name: &str, s: &str| {
        p[kind][name][s].as_f64().unwrap_or(f64::NAN)
    };
    let feasible: Vec<&serde_json::Value> = points
        .iter()
        .filter(|p| figure(p, "probabilities", "tranche.bonds.loss", "p") <= 0.645)
        .collect();
    assert!(
        !feasible.is_empty() && feasible.len() < 12,
        "{}",
        feasible.len()
    );
    let best = feasible
        .iter()
        .min_by(|a, b| {
            figure(a, "estimates", objective, "value").total_cmp(&figure(
                b,
                "estimates",
                objective,
                "value",
            ))
        })
        .unwrap();
    let search = &v["search"];
    assert_eq!(search["feasible"].as_u64().unwrap(), feasible.len() as u64);
    assert_eq!(search["best"]["point"], best["point"]);
    assert_eq!(
        search["best"]["objectives"][0]["value"].as_f64().unwrap(),
        figure(best, "estimates", objective, "value")
    );
    assert_eq!(
        search["best"]["objectives"][0]["se"].as_f64().unwrap(),
        figure(best, "estimates", objective, "se")
    );
    // The front: no feasible point beats one of its points on both objectives.
    let front = search["pareto"].as_array().unwrap();
    assert!(!front.is_empty());
    for f in front {
        let (a, b) = (
            f["objectives"][0]["value"].as_f64().unwrap(),
            f["objectives"][1]["value"].as_f64().unwrap(),
        );
        for p in &feasible {
            let (pa, pb) = (
                figure(p, "estimates", objective, "value"),
                figure(p, "metrics", "tranche.bonds.irr", "mean"),
            );
            assert!(
                !(pa <= a && pb >= b && (pa < a || pb > b)),
                "point {} dominates front point {}",
                p["point"],
                f["point"]
            );
        }
    }
    // Every feasible point off the front is beaten by one on it.
    let on_front: Vec<u64> = front.iter().map(|f| f["point"].as_u64().unwrap()).collect();
    for p in &feasible {
        if on_front.contains(&p["point"].as_u64().unwrap()) {
            continue;
        }
        let (pa, pb) = (
            figure(p, "estimates", objective, "value"),
            figure(p, "metrics", "tranche.bonds.irr", "mean"),
        );
        assert!(front.iter().any(|f| {
            let (a, b) = (
                f["objectives"][0]["value"].as_f64().unwrap(),
                f["objectives"][1]["value"].as_f64().unwrap(),
            );
            a <= pa && b >= pb
        }));
    }
    // The table says the same for people.
    let (table, _) = ok(&[
        "sweep",
        C,
        "-s",
        S,
        "--set",
        &format!("{THRESHOLD}=0.02:0.12:6"),
        "--set",
        "rules.pooled_trigger.price=5000,8000",
        "-n",
        "1000",
        "--objective",
        &format!("minimise {objective}"),
        "--subject-to",
        "P(tranche.bonds.loss) <= 0.645",
    ]);
    assert!(
        table.contains(&format!("Best: point {} (", best["point"])),
        "{table}"
    );
    // A figure the points do not have.
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            &format!("{THRESHOLD}=0.1,0.2"),
            "-n",
            "100",
            "--objective",
            "minimise deal.payd",
        ],
        1,
    );
    assert!(
        err.contains("the points have no figure `deal.payd`"),
        "{err}"
    );
    assert!(err.contains("`deal.paid`"), "{err}");
}

/// The parts of a sharded sweep merge into the unsharded sweep's files, byte for byte.
#[test]
fn shards_merge_into_the_unsharded_files() {
    let tmp = tempfile::tempdir().unwrap();
    let base = [
        "sweep",
        C,
        "-s",
        S,
        "--set",
        "rules.pooled_trigger.threshold=0.05:0.1:4",
        "--set",
        "cohorts.c2.target=800,1000",
        "-n",
        "300",
    ];
    let whole = tmp.path().join("whole");
    let mut args = base.to_vec();
    let w = dir_arg(&whole);
    args.extend(["--out", &w]);
    ok(&args);
    let loc = sibyl::i18n::Locale::english();
    for n in [1u32, 3] {
        let mut dirs: Vec<PathBuf> = Vec::new();
        for i in 1..=n {
            let d = tmp.path().join(format!("part{i}of{n}"));
            let mut args = base.to_vec();
            let (ds, shard) = (dir_arg(&d), format!("{i}/{n}"));
            args.extend(["--out", &ds, "--shard", &shard]);
            ok(&args);
            dirs.push(d);
        }
        // Given in any order.
        dirs.reverse();
        let merged = tmp.path().join(format!("merged{n}"));
        // Through `sibyl merge`, as a cluster's merge job runs it.
        let mut args = vec!["merge".to_string()];
        args.extend(dirs.iter().map(|d| dir_arg(d)));
        args.extend(["--format", "json", "--out"].map(String::from));
        args.push(dir_arg(&merged));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (stdout, _) = ok(&args);
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(v["points"].as_array().unwrap().len(), 8);
        for f in ["points.csv", "summary.csv"] {
            assert_eq!(
                std::fs::read(whole.join(f)).unwrap(),
                std::fs::read(merged.join(f)).unwrap(),
                "{f} with {n} shards"
            );
        }
        if n == 3 {
            // A missing shard, a shard twice, parts of another sweep.
            let e =
                sibyl::commands::sweep::merge(&dirs[..2], sibyl::commands::Format::Json, None, loc)
                    .unwrap_err();
            assert!(
                e.to_string()
                    .contains("shards 1/3 of the sweep are missing"),
                "{e}"
            );
            let twice = [dirs[0].clone(), dirs[0].clone(), dirs[1].clone()];
            let e = sibyl::commands::sweep::merge(&twice, sibyl::commands::Format::Json, None, loc)
                .unwrap_err();
            assert!(e.to_string().contains("is given twice"), "{e}");
            let other = [dirs[0].clone(), whole.clone()];
            let e = sibyl::commands::sweep::merge(&other, sibyl::commands::Format::Json, None, loc)
                .unwrap_err();
            assert!(e.to_string().contains("parts of different sweeps"), "{e}");
        }
    }
}

#[test]
fn the_table_is_in_every_language() {
    for (lang, word) in [
        ("en", "point"),
        ("bg", "точка"),
        ("sv", "punkt"),
        ("fi", "piste"),
    ] {
        let (table, _) = ok(&[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            &format!("{THRESHOLD}=0.05,0.1"),
            "-n",
            "200",
            "--lang",
            lang,
            "--objective",
            "min deal.paid",
        ]);
        assert!(table.contains(word), "{lang}: {table}");
    }
}

#[test]
fn a_sweep_is_the_same_on_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |name: &str, threads: &str| {
        let out = tmp.path().join(name);
        ok(&[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            &format!("{THRESHOLD}=0.05:0.1:5"),
            "-n",
            "5000",
            "--threads",
            threads,
            "--out",
            &dir_arg(&out),
        ]);
        std::fs::read(out.join("points.csv")).unwrap()
    };
    assert_eq!(run("one", "1"), run("three", "3"));
}

/// Two paths to the same number: the first's values would never run.
#[test]
fn two_settings_of_one_number_are_refused() {
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            &format!("{THRESHOLD}=0.05,0.1"),
            "--set",
            &format!("contract.{THRESHOLD}=0.2,0.3"),
            "-n",
            "100",
        ],
        1,
    );
    assert!(
        err.contains(&format!(
            "--set {THRESHOLD} and --set contract.{THRESHOLD} both set `{THRESHOLD}`"
        )),
        "{err}"
    );
    // A correlation's cell and its mirror are one number.
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            "correlation.matrix.0.1=-0.2,0.2",
            "--set",
            "correlation.matrix.1.0=0.1,0.3",
            "-n",
            "100",
        ],
        1,
    );
    assert!(err.contains("both set `correlation.matrix.1.0`"), "{err}");
}

/// A correlation's cell is set with its mirror, so the matrix stays symmetric.
#[test]
fn a_correlation_cell_is_set_with_its_mirror() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("corr");
    ok(&[
        "sweep",
        C,
        "-s",
        S,
        "--set",
        "correlation.matrix.0.1=-0.5,0.5",
        "-n",
        "200",
        "--out",
        &dir_arg(&out),
    ]);
    let rows = rows(&out);
    assert_eq!(stat(&rows, "deal.paid", "mean").len(), 2);
}

/// A search is over the contract's settings; checks that need no run come before any.
#[test]
fn a_search_is_checked_before_any_point_runs() {
    // A number of the scenario is a state of the world, not a design choice.
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            "correlation.matrix.0.1=-0.5,0.5",
            "-n",
            "100",
            "--objective",
            "minimise deal.paid",
        ],
        2,
    );
    assert!(
        err.contains("a state of the world, not a design choice"),
        "{err}"
    );
    assert!(err.contains("without --objective"), "{err}");
    // Several scenarios.
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            S,
            "--set",
            &format!("{THRESHOLD}=0.1,0.2"),
            "-n",
            "100",
            "--objective",
            "minimise deal.paid",
        ],
        2,
    );
    assert!(err.contains("give one --scenario for a search"), "{err}");
    // An unknown figure in a constraint, found before the points run: no folder is filled.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            &format!("{THRESHOLD}=0.1,0.2"),
            "-n",
            "100",
            "--objective",
            "minimise deal.paid",
            "--subject-to",
            "P(tranche.bonds.los) <= 0.3",
            "--out",
            &dir_arg(&out),
        ],
        1,
    );
    assert!(
        err.contains("the points have no figure `P(tranche.bonds.los)`"),
        "{err}"
    );
    assert!(err.contains("`P(tranche.bonds.loss)`"), "{err}");
    assert!(!out.join("points.csv").exists() || rows(&out).is_empty());
    // A value a file cannot take, found before the first point runs.
    let out = tmp.path().join("v");
    let err = fails(
        &[
            "sweep",
            C,
            "-s",
            S,
            "--set",
            "cohorts.c1.target=900,1000.5",
            "-n",
            "100",
            "--out",
            &dir_arg(&out),
        ],
        1,
    );
    assert!(err.contains("[cohorts.c1.target = 1000.5]"), "{err}");
    assert!(!out.join("points.csv").exists() || rows(&out).is_empty());
}

/// A sharded sweep is searched by merging its parts and running the sweep again on the
/// merged folder: every point resumes, none runs.
#[test]
fn a_merged_sweep_is_searched_by_running_it_again() {
    let tmp = tempfile::tempdir().unwrap();
    let base = [
        "sweep",
        C,
        "-s",
        S,
        "--set",
        "rules.pooled_trigger.threshold=0.05:0.1:3",
        "-n",
        "200",
    ];
    let mut parts = Vec::new();
    for i in 1..=2 {
        let d = dir_arg(&tmp.path().join(format!("s{i}")));
        let shard = format!("{i}/2");
        let mut args = base.to_vec();
        args.extend(["--out", &d, "--shard", &shard]);
        ok(&args);
        parts.push(d);
    }
    let merged = dir_arg(&tmp.path().join("M"));
    ok(&["merge", &parts[0], &parts[1], "--out", &merged]);
    let mut args = base.to_vec();
    args.extend([
        "--out",
        &merged,
        "--objective",
        "minimise deal.paid",
        "--format",
        "json",
    ]);
    let (stdout, notes) = ok(&args);
    assert!(notes.contains("resumed: 3 of 3 points"), "{notes}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["search"]["feasible"], 3);
    assert_eq!(v["search"]["undefined"], 0);
    assert_eq!(v["search"]["best"]["contract"], C);
    assert_eq!(v["search"]["best"]["scenario"], S);
}
