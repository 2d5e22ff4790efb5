//! Every command's JSON output (and `summary.json`) starts with `format_version` and
//! matches its committed schema under `schemas/output/`: a renamed, missing or retyped
//! field fails here until the schema (and, if it breaks readers, the format version) moves
//! with it.

use std::path::Path;

use crate::util::sibyl;

const C: &str = "contracts/peterborough.toml";
const S: &str = "scenarios/peterborough.toml";

/// The committed schema of a command's output.
fn schema(command: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas/output")
        .join(format!("{command}.schema.json"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` starts with `format_version` and matches `command`'s schema.
fn check(command: &str, text: &str) -> serde_json::Value {
    let first = format!(
        "{{\n  \"format_version\": \"{}\",\n",
        sibyl::output::FORMAT_VERSION
    );
    assert!(text.starts_with(&first), "{command}: {}", &text[..80]);
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let validator = jsonschema::draft202012::new(&schema(command)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{command}: {errors:#?}");
    value
}

fn stdout(args: &[&str]) -> String {
    let out = sibyl()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn run_and_its_summary_match_the_run_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let text = stdout(&[
        "run",
        C,
        "-s",
        S,
        "-n",
        "500",
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    check("run", &text);
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    check("run", &summary);
    // Another example, with a stress preset named.
    let text = stdout(&[
        "run",
        "contracts/utah-preschool.toml",
        "-s",
        "scenarios/utah-preschool.toml",
        "-n",
        "300",
        "--format",
        "json",
    ]);
    check("run", &text);
}

#[test]
fn compare_matches_its_schema() {
    let text = stdout(&[
        "compare",
        C,
        "contracts/peterborough-rate-card.toml",
        "-s",
        S,
        "-n",
        "300",
        "--format",
        "json",
    ]);
    check("compare", &text);
}

#[test]
fn stress_matches_its_schema() {
    let text = stdout(&["stress", C, "-s", S, "-n", "300", "--format", "json"]);
    check("stress", &text);
}

#[test]
fn sensitivity_matches_its_schema() {
    let text = stdout(&[
        "sensitivity",
        C,
        "-s",
        S,
        "-n",
        "300",
        "--metric",
        "tranche.bonds.irr",
        "--format",
        "json",
    ]);
    check("sensitivity", &text);
}

#[test]
fn breakeven_matches_its_schema() {
    let text = stdout(&[
        "breakeven",
        C,
        "-s",
        S,
        "-n",
        "300",
        "--assumption",
        "effect",
        "--format",
        "json",
    ]);
    check("breakeven", &text);
}

#[test]
fn settle_matches_its_schema() {
    for name in ["peterborough", "nyc-able", "utah-preschool"] {
        let contract = format!("contracts/{name}.toml");
        let observed = format!("observed/{name}.toml");
        let out = sibyl()
            .args([
                "settle",
                &contract,
                "--observed",
                &observed,
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        check("settle", &String::from_utf8(out.stdout).unwrap());
    }
}

#[test]
fn split_uncertainty_matches_its_schema() {
    // Two examples: one investor tranche, and a deal ended on results.
    for (contract, scenario) in [
        (C, S),
        ("contracts/nyc-able.toml", "scenarios/nyc-able.toml"),
    ] {
        let text = stdout(&[
            "run",
            contract,
            "-s",
            scenario,
            "--split-uncertainty",
            "--outer",
            "6",
            "--inner",
            "40",
            "--format",
            "json",
        ]);
        check("split-uncertainty", &text);
    }
}

/// The schemas are strict enough to notice a renamed or missing field, or a wrong type.
#[test]
fn sweep_matches_its_schema() {
    let text = stdout(&[
        "sweep",
        C,
        "-s",
        S,
        "--set",
        "rules.pooled_trigger.threshold=0.05,0.1",
        "--set",
        "rules.pooled_trigger.price=10000,14000",
        "-n",
        "300",
        "--objective",
        "minimise payer.moj.cost_per_true_outcome.reconviction",
        "--objective",
        "maximise tranche.bonds.irr",
        "--subject-to",
        "P(tranche.bonds.loss) <= 0.9",
        "--format",
        "json",
    ]);
    let v = check("sweep", &text);
    assert_eq!(v["points"].as_array().unwrap().len(), 4);
    assert!(v["search"]["best"].is_object());
    // Without a search.
    let text = stdout(&[
        "sweep",
        C,
        "-s",
        S,
        "--set",
        "rules.pooled_trigger.threshold=0.05,0.1",
        "-n",
        "300",
        "--format",
        "json",
    ]);
    check("sweep", &text);
}

#[test]
fn a_renamed_or_retyped_field_fails_the_schema() {
    let text = stdout(&["run", C, "-s", S, "-n", "200", "--format", "json"]);
    let good: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft202012::new(&schema("run")).unwrap();
    assert!(validator.is_valid(&good));
    let mut renamed = good.clone();
    let m = renamed.as_object_mut().unwrap();
    let metrics = m.remove("metrics").unwrap();
    m.insert("metric".into(), metrics);
    assert!(!validator.is_valid(&renamed));
    let mut inner = good.clone();
    let first = inner["metrics"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap();
    first.as_object_mut().unwrap().remove("p50");
    assert!(!validator.is_valid(&inner));
    let mut retyped = good.clone();
    retyped["trials"] = "200".into();
    assert!(!validator.is_valid(&retyped));
    let mut version = good;
    version["format_version"] = "0".into();
    assert!(!validator.is_valid(&version));
}

#[test]
fn a_shard_s_part_json_and_merge_match_their_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let parts: Vec<_> = (1..=2)
        .map(|i| {
            let part = dir.path().join(i.to_string());
            stdout(&[
                "run",
                C,
                "-s",
                S,
                "-n",
                "500",
                "--shard",
                &format!("{i}/2"),
                "--out",
                part.to_str().unwrap(),
            ]);
            check(
                "part",
                &std::fs::read_to_string(part.join("part.json")).unwrap(),
            );
            part
        })
        .collect();
    let text = stdout(&[
        "merge",
        parts[0].to_str().unwrap(),
        parts[1].to_str().unwrap(),
        "--format",
        "json",
    ]);
    check("run", &text);
}
