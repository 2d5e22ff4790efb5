//! The helpers shared by the topic modules.

mod pairs;

use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use sibyl::cashflow::Ledger;
use sibyl::diagnostics::Source;
use sibyl::model::{Contract, Scenario};

pub use pairs::example_pairs;

/// The `sibyl` binary, run from the crate root with plain (uncoloured) diagnostics and
/// without the machine's locale: output is English unless a test asks with `--lang`.
pub fn sibyl() -> Command {
    let mut cmd = Command::cargo_bin("sibyl").expect("the sibyl binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs sibyl, expects success, and parses its standard output as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = sibyl()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("JSON on stdout")
}

/// Runs sibyl to the end, whatever its exit code, for tests that read the code and both
/// streams themselves. Backtraces are off, so a panic leaves only its message; a run that
/// hangs fails after a minute.
pub fn output(args: &[&str]) -> Output {
    sibyl()
        .env("RUST_BACKTRACE", "0")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("sibyl runs")
}

/// Parses and validates contract text (panics with the diagnostics if invalid).
pub fn contract(text: &str) -> Contract {
    match sibyl::load::contract_from_source(&Source::new("contract.toml", text)) {
        Ok(c) => c.value,
        Err(e) => panic!("{e}"),
    }
}

/// The invariants every settled trial keeps: money conserved, no negative payment, the
/// deal cap respected.
pub fn assert_sound(c: &Contract, ledger: &Ledger, label: &str) {
    let scale = 1.0 + ledger.deal_paid().abs() + ledger.tranche_drawn.iter().sum::<f64>();
    assert!(
        ledger.imbalance().abs() <= 1e-6 * scale,
        "{label}: imbalance {}",
        ledger.imbalance()
    );
    assert!(
        ledger.payments.iter().all(|p| p.amount >= 0.0),
        "{label}: negative payment"
    );
    if let Some(cap) = c.caps.deal {
        assert!(
            ledger.deal_paid() <= cap + 1e-6,
            "{label}: deal cap exceeded"
        );
    }
}

/// Parses and validates scenario text against a contract (panics with the diagnostics if
/// invalid).
pub fn scenario(text: &str, c: &Contract) -> Scenario {
    match sibyl::load::scenario_from_source(&Source::new("s.toml", text), c) {
        Ok(s) => s.value,
        Err(e) => panic!("{e}"),
    }
}

/// A one-cohort, one-metric rate card paying `price` per success of a binary metric,
/// measured without a counterfactual; payments go straight to the provider.
pub fn rate_card_contract(n: u32, price: f64) -> Contract {
    contract(&format!(
        r#"
[deal]
name = "rate card"
currency = "GBP"
period = "year"
horizon = 4
[parties.city]
role = "payer"
[parties.charity]
role = "provider"
[cohorts.a]
target = {n}
enrol_from = 0
[metrics.job]
kind = "binary"
direction = "increase"
measured_at = 1
measurement = "none"
[rules.card]
type = "rate_card"
metric = "job"
price = {price}
"#
    ))
}

/// Everyone referred is enrolled and stays: the treated count is exactly Binomial(n, p).
pub fn fixed_world(baseline: f64, effect: f64) -> String {
    format!(
        r#"
[metrics.job]
baseline = {baseline}
effect = {effect}
[participants]
referrals = 1
referral_noise = "none"
dropout = 0
"#
    )
}
