//! `run --per-trial --per-trial-format parquet`: trials.parquet in a run folder with the
//! cargo feature `parquet`, a clear error without it. (The file's values against
//! trials.csv's: the unit test `output::parquet::tests`, `cargo test --features parquet
//! --lib parquet`.)

use crate::util::output;

const C: &str = "contracts/peterborough.toml";
const S: &str = "scenarios/peterborough.toml";

fn run_into(dir: &std::path::Path) -> std::process::Output {
    output(&[
        "run",
        C,
        "-s",
        S,
        "-n",
        "300",
        "--out",
        dir.to_str().unwrap(),
        "--per-trial",
        "--per-trial-format",
        "parquet",
    ])
}

#[cfg(not(feature = "parquet"))]
#[test]
fn without_the_feature_parquet_is_an_error_that_says_how_to_build_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    let out = run_into(&run);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("built without Parquet support"), "{err}");
    assert!(err.contains("--features parquet"), "{err}");
    assert!(!run.exists(), "nothing is written");
}

#[cfg(feature = "parquet")]
#[test]
fn with_the_feature_the_run_folder_lists_trials_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    let out = run_into(&run);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let manifest = sibyl::output::folder::verify(&run).unwrap();
    let names: Vec<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["trials.parquet", "summary.json"]);
    assert_eq!(manifest.run["per_trial_format"], "parquet");
    let bytes = std::fs::read(run.join("trials.parquet")).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
}

#[test]
fn the_format_needs_per_trial() {
    let out = output(&["run", C, "-s", S, "--per-trial-format", "parquet"]);
    assert_eq!(out.status.code(), Some(2));
}
