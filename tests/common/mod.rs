//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `sibyl` binary, run from the crate root with plain (uncoloured) diagnostics.
pub fn sibyl() -> Command {
    let mut cmd = Command::cargo_bin("sibyl").expect("the sibyl binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env("NO_COLOR", "1");
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

/// Every example pair: (contract, scenario) with the same file name, relative to the crate
/// root. A design variant (`contracts/peterborough-rate-card.toml`) pairs with the scenario
/// of the contract it varies (`scenarios/peterborough.toml`).
pub fn example_pairs() -> Vec<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("contracts")).expect("contracts/ exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_name().expect("a file name").to_owned();
            let mut stem = path
                .file_stem()
                .expect("a stem")
                .to_string_lossy()
                .into_owned();
            loop {
                let scenario = Path::new("scenarios").join(format!("{stem}.toml"));
                if root.join(&scenario).exists() {
                    out.push((Path::new("contracts").join(&name), scenario));
                    break;
                }
                match stem.rfind('-') {
                    Some(i) => stem.truncate(i),
                    None => panic!("no scenario for contracts/{}", name.to_string_lossy()),
                }
            }
        }
    }
    out.sort();
    out
}

/// The invariants every settled trial keeps: money conserved, no negative payment, the
/// deal cap respected.
pub fn assert_sound(c: &sibyl::model::Contract, ledger: &sibyl::cashflow::Ledger, label: &str) {
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
