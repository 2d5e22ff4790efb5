//! `run --split-uncertainty`: the split of each figure's variance between the parameters
//! and chance, against cases worked by hand, its reproducibility, and its errors.
//!
//! Every statistical check states its tolerance; seeds are fixed, so each test is
//! deterministic.

use sibyl::analysis::split::{SplitFigures, SplitSettings, split};
use sibyl::engine::Reporting;
use sibyl::model::{Contract, Scenario};

use crate::util::{output, rate_card_contract, scenario, sibyl};

fn two_loops(c: &Contract, s: &Scenario, outer: u64, inner: u64, seed: u64) -> SplitFigures {
    let settings = SplitSettings { outer, inner, seed };
    split(c, s, Reporting::Nominal, &settings, &|_| {}).unwrap_or_else(|e| panic!("{e}"))
}

/// Everyone referred is enrolled and stays; the success rate is `rate`'s distribution.
fn world(rate: &str) -> String {
    format!(
        r#"
[assumptions.rate]
{rate}
[metrics.job]
baseline = "rate"
effect = 0
[participants]
referrals = 1
referral_noise = "none"
dropout = 0
"#
    )
}

/// With every assumption fixed, the draws differ only by chance: the parameter variance's
/// estimator, (MSB − MSW) / M, has mean 0 and MSB / MSW ~ F(P − 1, P (M − 1)), so the
/// parameter share is about (F − 1) / M, whose standard deviation is √(2 / (P − 1)) / M
/// ≈ 0.00057 at P = 40, M = 400. Tolerance: 0.003, over 5 of them.
#[test]
fn fixed_assumptions_leave_nothing_to_the_parameters() {
    let c = rate_card_contract(200, 1_000.0);
    let s = scenario(&world("dist = \"fixed\"\nvalue = 0.3"), &c);
    let f = two_loops(&c, &s, 40, 400, 5);
    assert!(f.parameters.is_empty() && f.chance.is_empty());
    for name in ["deal.paid", "outcomes.job.achieved"] {
        let x = &f.metrics[name];
        eprintln!("{name}: {x:?}");
        // Nothing is drawn in the outer loop: 0 by construction, not the estimators' noise.
        assert_eq!(x.parameter_share, 0.0, "{name}: {x:?}");
        assert_eq!(x.parameter_share_se, 0.0, "{name}: {x:?}");
        assert_eq!(x.chance_share, 1.0, "{name}: {x:?}");
        assert_eq!(x.parameter_sd, 0.0, "{name}: {x:?}");
    }
}

/// A cohort of a million: the binomial noise in the people achieving the outcome is
/// n p (1 − p) ≈ 0.21 n, the parameter variance n² Var p = n² · 0.25² · 0.4² / 12 ≈
/// 0.00083 n², so chance's share is about 2.5e-4. Tolerance: the parameter share above 0.99.
#[test]
fn negligible_chance_leaves_everything_to_the_parameters() {
    let c = rate_card_contract(1_000_000, 10.0);
    let text = r#"
[assumptions.effect]
dist = "uniform"
min = 0
max = 0.4
[metrics.job]
baseline = 0.25
effect = "effect"
[participants]
referrals = 1
referral_noise = "none"
dropout = 0
"#;
    let s = scenario(text, &c);
    let f = two_loops(&c, &s, 30, 50, 9);
    assert_eq!(f.parameters, ["effect"]);
    let x = &f.metrics["outcomes.job.achieved"];
    eprintln!("{x:?}");
    assert!(x.parameter_share > 0.99, "{x:?}");
}

/// The success rate p ~ Beta(6, 14) (mean 0.3, variance 0.01) and X | p ~ Binomial(100, p),
/// so by the law of total variance Var X = E[100 p (1 − p)] + 100² Var p = 20 + 100: the
/// parameter share is 100 / 120 = 5/6. Tolerances: the share within 4 of its jackknife
/// standard errors (alpha ≈ 6e-5); the chance variance within 5% of 20 (its standard
/// error, dominated by p (1 − p) varying over 400 draws, is about 1%).
#[test]
fn a_beta_binomial_splits_as_the_law_of_total_variance_says() {
    let c = rate_card_contract(100, 1.0);
    let s = scenario(&world("dist = \"beta\"\nalpha = 6\nbeta = 14"), &c);
    let f = two_loops(&c, &s, 400, 200, 3);
    let x = &f.metrics["outcomes.job.achieved"];
    eprintln!("{x:?}");
    let z = (x.parameter_share - 5.0 / 6.0) / x.parameter_share_se;
    assert!(z.abs() < 4.0, "share {} z {z}", x.parameter_share);
    assert!((x.chance_variance / 20.0 - 1.0).abs() < 0.05, "{x:?}");
    assert!((x.mean / 30.0 - 1.0).abs() < 0.02, "{x:?}");
    // The inner means across draws: 100 p, so their median is near 100 times Beta(6, 14)'s
    // (0.2924), within the spread a median of 400 draws has (about 0.6 here).
    assert!((x.across_draws.p50 - 29.24).abs() < 2.5, "{x:?}");
    // The same trials priced at 1 each are the payments.
    let paid = &f.metrics["deal.paid"];
    assert_eq!(paid.parameter_share, x.parameter_share);
}

/// The same rate marked `chance`: drawn afresh in every trial, it is all chance.
#[test]
fn an_assumption_marked_chance_is_chance() {
    let c = rate_card_contract(100, 1.0);
    let s = scenario(
        &world("dist = \"beta\"\nalpha = 6\nbeta = 14\nuncertainty = \"chance\""),
        &c,
    );
    let f = two_loops(&c, &s, 40, 400, 3);
    assert!(f.parameters.is_empty());
    assert_eq!(f.chance, ["rate"]);
    let x = &f.metrics["outcomes.job.achieved"];
    // Nothing is drawn in the outer loop: the share is 0 by construction.
    assert_eq!(x.parameter_share, 0.0, "{x:?}");
    assert_eq!(x.chance_share, 1.0, "{x:?}");
    // Var X = 120 now within each draw.
    assert!((x.chance_variance / 120.0 - 1.0).abs() < 0.05, "{x:?}");
}

/// On an example: every split adds up (the shares to 1, the variances to the total) and a
/// clamped one has no parameter variance.
#[test]
fn the_shares_add_up_on_an_example() {
    let c = crate::util::contract(&std::fs::read_to_string("contracts/peterborough.toml").unwrap());
    let s = scenario(
        &std::fs::read_to_string("scenarios/peterborough.toml").unwrap(),
        &c,
    );
    let f = two_loops(&c, &s, 8, 60, 1);
    assert_eq!(
        f.parameters,
        ["baseline", "effect", "referrals", "selection"]
    );
    let mut checked = 0;
    for (name, x) in f.metrics.iter().chain(&f.probabilities) {
        if x.total_variance.is_nan() || x.total_variance == 0.0 {
            continue;
        }
        checked += 1;
        assert!(
            (x.parameter_share + x.chance_share - 1.0).abs() < 1e-12,
            "{name}"
        );
        let sum = x.parameter_variance + x.chance_variance;
        assert!((sum - x.total_variance).abs() <= 1e-12 * sum, "{name}");
        if x.clamped {
            assert_eq!(x.parameter_variance, 0.0, "{name}");
        }
    }
    assert!(checked > 20, "{checked}");
}

const C: &str = "contracts/peterborough.toml";
const S: &str = "scenarios/peterborough.toml";

fn split_json(extra: &[&str]) -> Vec<u8> {
    let mut args = vec![
        "run",
        C,
        "-s",
        S,
        "--split-uncertainty",
        "--outer",
        "6",
        "--inner",
        "50",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    sibyl()
        .args(&args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

#[test]
fn the_same_seed_gives_the_same_bytes_on_any_thread_count() {
    let one = split_json(&["--threads", "1"]);
    assert_eq!(one, split_json(&["--threads", "2"]));
    assert_eq!(one, split_json(&["--threads", "1"]));
    assert_ne!(one, split_json(&["--threads", "1", "--seed", "2"]));
}

#[test]
fn the_table_names_both_kinds_and_every_language_has_it() {
    for lang in ["en", "bg", "sv", "fi"] {
        let out = output(&[
            "run",
            C,
            "-s",
            S,
            "--split-uncertainty",
            "--outer",
            "4",
            "--inner",
            "30",
            "--lang",
            lang,
        ]);
        assert_eq!(out.status.code(), Some(0), "{lang}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("`effect`"), "{lang}: {text}");
        if lang == "en" {
            assert!(text.contains("parameters"), "{text}");
            assert!(
                text.contains("4 parameter draws, 30 trials in each"),
                "{text}"
            );
        } else {
            assert!(!text.contains("parameter draws"), "{lang}: {text}");
        }
    }
}

/// Writes a contract and scenario into a folder and runs `run --split-uncertainty` on them.
fn run_files(scenario_text: &str, extra: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let contract = dir.path().join("c.toml");
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &contract,
        std::fs::read_to_string("contracts/peterborough.toml").unwrap(),
    )
    .unwrap();
    std::fs::write(&scenario, scenario_text).unwrap();
    let mut args = vec![
        "run",
        contract.to_str().unwrap(),
        "-s",
        scenario.to_str().unwrap(),
        "--split-uncertainty",
        "--outer",
        "3",
        "--inner",
        "20",
    ];
    args.extend_from_slice(extra);
    output(&args)
}

fn peterborough_with(find: &str, replace: &str) -> String {
    let text = std::fs::read_to_string(S).unwrap();
    assert!(text.contains(find), "{find}");
    text.replacen(find, replace, 1)
}

#[test]
fn a_bad_marking_is_an_error_at_its_place() {
    let text = peterborough_with(
        "[assumptions.effect]\n",
        "[assumptions.effect]\nuncertainty = \"chanse\"\n",
    );
    let out = run_files(&text, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    // The line and column of the value, and the nearest allowed one.
    assert!(err.contains("s.toml:19:15"), "{err}");
    assert!(err.contains("`chanse` is not an allowed value"), "{err}");
    assert!(err.contains("did you mean `chance`?"), "{err}");
}

#[test]
fn a_correlation_across_the_two_kinds_is_an_error() {
    let scenario = std::fs::read_to_string("scenarios/peterborough.toml").unwrap();
    let start = scenario
        .find("[correlation]")
        .expect("Peterborough correlates assumptions");
    let line = scenario[start..]
        .lines()
        .find(|l| l.starts_with("assumptions"))
        .unwrap();
    let first = line.split('"').nth(1).unwrap().to_string();
    let text = peterborough_with(
        &format!("[assumptions.{first}]\n"),
        &format!("[assumptions.{first}]\nuncertainty = \"chance\"\n"),
    );
    let out = run_files(&text, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is correlated with"), "{err}");
    assert!(err.contains("s.toml:"), "{err}");
}

#[test]
fn a_stress_preset_cannot_mark_uncertainty() {
    let text = std::fs::read_to_string(S).unwrap()
        + "\n[stress.marked.assumptions.effect]\ndist = \"fixed\"\nvalue = 0\nuncertainty = \"chance\"\n";
    let out = run_files(&text, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`uncertainty` does not apply to a stress preset"),
        "{err}"
    );
}

#[test]
fn flags_that_do_not_go_with_it_are_usage_errors() {
    for extra in [
        &["--precision", "0.01"][..],
        &["--trials", "100"],
        &["--out", "somewhere"],
    ] {
        let mut args = vec!["run", C, "-s", S, "--split-uncertainty"];
        args.extend_from_slice(extra);
        let out = output(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
    }
    let out = output(&["run", C, "-s", S, "--outer", "10"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn loops_out_of_bounds_are_errors_that_say_the_range() {
    for (flag, value, says) in [
        ("--outer", "1", "--outer must be from 2 to 10,000"),
        ("--inner", "1", "--inner must be from 2 to 10,000,000"),
        ("--outer", "10001", "--outer must be from 2 to 10,000"),
    ] {
        let out = output(&["run", C, "-s", S, "--split-uncertainty", flag, value]);
        assert_eq!(out.status.code(), Some(1), "{flag} {value}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says), "{err}");
    }
    let out = output(&[
        "run",
        C,
        "-s",
        S,
        "--split-uncertainty",
        "--outer",
        "10000",
        "--inner",
        "1000000",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("more trials than sibyl runs")
    );
}

#[test]
fn check_shows_an_assumption_marked_chance() {
    let text = peterborough_with(
        "[assumptions.referrals]\n",
        "[assumptions.referrals]\nuncertainty = \"chance\"\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(&scenario, text).unwrap();
    let out = output(&["check", C, "--scenario", scenario.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("referrals:"))
        .unwrap();
    assert!(line.ends_with("; uncertainty: chance"), "{line}");
    let effect = text
        .lines()
        .find(|l| l.trim_start().starts_with("effect:"))
        .unwrap();
    assert!(!effect.contains("uncertainty"), "{effect}");
}

/// The two loops simulate the scenario `run` simulates, so the split's grand mean of every
/// metric and probability (over every trial of every draw) estimates the run's mean.
/// Standard errors: the run's sd / √n; the split's, the sd of the draws' means / √P (each
/// draw an independent cluster). Tolerance: 4 combined standard errors per figure (a false
/// alarm about 6e-5 each, under 1% over the figures of both examples); figures that never
/// vary must agree to rounding.
fn split_means_match_run(name: &str, outer: u64, inner: u64, trials: u64) {
    let c =
        crate::util::contract(&std::fs::read_to_string(format!("contracts/{name}.toml")).unwrap());
    let s = scenario(
        &std::fs::read_to_string(format!("scenarios/{name}.toml")).unwrap(),
        &c,
    );
    let f = two_loops(&c, &s, outer, inner, 11);
    let model = sibyl::engine::Model::new(&c, &s);
    let settings = sibyl::analysis::run::RunSettings {
        trials,
        seed: 12,
        precision: None,
        max_trials: trials,
        keep_draws: false,
    };
    let run = sibyl::analysis::run::outcome(&model, &settings, &|_| {});
    let mut checked = 0;
    let mut compare = |figure: &str, x: &sibyl::analysis::split::Split, mean: f64, se: f64| {
        if x.mean.is_nan() || mean.is_nan() {
            assert!(
                x.mean.is_nan() == mean.is_nan() || x.across_draws.draws < outer,
                "{name} {figure}: {x:?} vs {mean}"
            );
            return;
        }
        let split_se = x.across_draws.sd / (x.across_draws.draws as f64).sqrt();
        let both = (split_se * split_se + se * se).sqrt();
        let gap = (x.mean - mean).abs();
        assert!(
            gap <= 4.0 * both + 1e-9 * mean.abs().max(1.0),
            "{name} {figure}: split {} vs run {mean} (se {both}, z {})",
            x.mean,
            gap / both
        );
        checked += 1;
    };
    for (figure, x) in &f.metrics {
        let r = &run.metrics[figure];
        compare(figure, x, r.mean, r.sd / (r.n as f64).sqrt());
    }
    for (figure, x) in &f.probabilities {
        let p = run.probabilities[figure].p;
        compare(figure, x, p, (p * (1.0 - p) / run.trials as f64).sqrt());
    }
    assert!(checked > 20, "{name}: {checked}");
}

#[test]
fn the_grand_means_are_the_runs_on_life_chances() {
    // Many small draws, for power: with each draw's payer shares taken from its own expected
    // world (not the scenario's, as `run` takes them), payer.lcf.net_value was off by z = 6.7
    // at these sizes and seeds.
    split_means_match_run("life-chances", 1_000, 20, 40_000);
}

#[test]
fn the_grand_means_are_the_runs_on_peterborough() {
    split_means_match_run("peterborough", 200, 50, 20_000);
}

/// The inner noise is reported beside the spread it widens: with every assumption fixed,
/// the draws' means differ by their own noise alone, so the spread's sd is about
/// `inner_se` (within 30% at P = 40) and `parameter_sd` is 0.
#[test]
fn the_spread_across_draws_says_its_inner_noise() {
    let c = rate_card_contract(200, 1_000.0);
    let s = scenario(&world("dist = \"fixed\"\nvalue = 0.3"), &c);
    let f = two_loops(&c, &s, 40, 400, 5);
    let p = &f.probabilities["deal.any_payment"];
    let x = &f.metrics["outcomes.job.achieved"];
    // Binomial(200, 0.3) achieved: sd √42 in a trial, √42 / 20 for a draw's mean of 400.
    assert!(
        (x.inner_se / (42f64.sqrt() / 20.0) - 1.0).abs() < 0.05,
        "{x:?}"
    );
    let ratio = x.across_draws.sd / x.inner_se;
    assert!((0.7..1.3).contains(&ratio), "{x:?}");
    assert_eq!(x.parameter_sd, 0.0);
    assert!(p.inner_se.is_finite(), "{p:?}");
}

/// Every assumption marked chance: nothing drawn in the outer loop, so every share is 0 from
/// the parameters with no error, and the table says why.
#[test]
fn with_nothing_drawn_the_table_says_so() {
    let mut text = std::fs::read_to_string(S).unwrap();
    for id in ["baseline", "effect", "referrals", "selection"] {
        let head = format!("\n[assumptions.{id}]\n");
        assert!(text.contains(&head), "{id}");
        text = text.replacen(&head, &format!("{head}uncertainty = \"chance\"\n"), 1);
    }
    let out = run_files(&text, &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("Parameters: none drawn"), "{table}");
    assert!(
        table.contains("the parameters' share is 0 by construction"),
        "{table}"
    );
    let out = run_files(&text, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paid = &json["metrics"]["deal.paid"];
    assert_eq!(paid["parameter_share"], 0.0, "{paid}");
    assert_eq!(paid["chance_share"], 1.0, "{paid}");
    assert_eq!(paid["parameter_share_se"], 0.0, "{paid}");
}
