//! A run split with `--shard I/N` and combined with `sibyl merge` is the single run, byte for
//! byte; merge refuses parts that are not every shard of one run.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

use crate::util::sibyl;

/// The binary under test: `SIBYL_BIN` if set (e.g. a release build for the long cases),
/// else the one cargo built, run as [`sibyl`] runs it.
fn bin() -> Command {
    match std::env::var_os("SIBYL_BIN") {
        Some(path) => {
            let mut cmd = Command::new(path);
            cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
            cmd.env("NO_COLOR", "1");
            for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
                cmd.env_remove(var);
            }
            cmd
        }
        None => sibyl(),
    }
}

fn ok(args: &[&str]) -> Vec<u8> {
    bin()
        .args(args)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs every shard of `n` as its own process into `dir/<i>`; the part folders in order.
fn shards(example: &str, trials: u64, n: u32, extra: &[&str], dir: &Path) -> Vec<PathBuf> {
    let (c, sc) = (
        format!("contracts/{example}.toml"),
        format!("scenarios/{example}.toml"),
    );
    let trials = trials.to_string();
    (1..=n)
        .map(|i| {
            let part = dir.join(format!("{n}-{i}"));
            let shard = format!("{i}/{n}");
            let mut args = vec![
                "run",
                &c,
                "-s",
                &sc,
                "-n",
                &trials,
                "--shard",
                &shard,
                "--out",
                s(&part),
            ];
            args.extend_from_slice(extra);
            let stdout = ok(&args);
            assert!(stdout.is_empty(), "a shard prints nothing on stdout");
            part
        })
        .collect()
}

/// For each N: shards, merge (JSON and table, and into a folder) and compare bytes with
/// the single run's.
fn assert_merges_exactly(example: &str, trials: u64, counts: &[u32], extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let (c, sc) = (
        format!("contracts/{example}.toml"),
        format!("scenarios/{example}.toml"),
    );
    let n = trials.to_string();
    let single_dir = dir.path().join("single");
    let mut args = vec![
        "run",
        &c,
        "-s",
        &sc,
        "-n",
        &n,
        "--format",
        "json",
        "--out",
        s(&single_dir),
    ];
    args.extend_from_slice(extra);
    let single = ok(&args);
    let mut table_args = vec!["run", c.as_str(), "-s", &sc, "-n", &n];
    table_args.extend(extra.iter().filter(|a| **a != "--per-trial"));
    let single_table = ok(&table_args);
    let per_trial = extra.contains(&"--per-trial");
    for &count in counts {
        let parts = shards(example, trials, count, extra, dir.path());
        let merged_dir = dir.path().join(format!("merged-{count}"));
        let mut margs = vec!["merge".to_string()];
        margs.extend(parts.iter().map(|p| s(p).to_string()));
        let mut json_args = margs.clone();
        json_args.extend(["--format", "json", "--out", s(&merged_dir)].map(String::from));
        let json_refs: Vec<&str> = json_args.iter().map(String::as_str).collect();
        let merged = ok(&json_refs);
        assert!(
            merged == single,
            "{example}, {trials} trials, {count} shards: merged JSON differs from the single run's"
        );
        let table_refs: Vec<&str> = margs.iter().map(String::as_str).collect();
        assert!(
            ok(&table_refs) == single_table,
            "{example}, {count} shards: the merged table differs"
        );
        let mut files = vec!["summary.json", "manifest.json"];
        if per_trial {
            files.push("trials.csv");
        }
        for f in files {
            assert!(
                std::fs::read(single_dir.join(f)).unwrap()
                    == std::fs::read(merged_dir.join(f)).unwrap(),
                "{example}, {count} shards: {f} differs"
            );
        }
    }
}

#[test]
fn merged_shards_equal_the_single_run_on_three_examples() {
    // Three full blocks and one trial; 7 shards leave three with no block at all.
    assert_merges_exactly("peterborough", 3 * 4096 + 1, &[1, 7], &[]);
    assert_merges_exactly("teaching-jobs", 20_000, &[3], &["--real"]);
    assert_merges_exactly("educate-girls", 10_000, &[3], &["--seed", "42"]);
}

#[test]
fn merged_trials_csv_equals_the_single_run_s() {
    assert_merges_exactly("teaching-jobs", 9_000, &[3], &["--per-trial"]);
}

#[test]
fn merged_shards_of_a_stress_preset_equal_the_single_run() {
    assert_merges_exactly("teaching-jobs", 9_000, &[2], &["--stress", "boom"]);
}

/// More shards than blocks: the shards past the last block own none, write an empty
/// part, and the merge is still the single run.
#[test]
fn an_empty_shard_writes_an_empty_part_that_merges() {
    assert_merges_exactly("teaching-jobs", 100, &[3], &[]);
    let dir = tempfile::tempdir().unwrap();
    let parts = shards("teaching-jobs", 100, 3, &[], dir.path());
    let info: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(parts[2].join("part.json")).unwrap())
            .unwrap();
    assert_eq!(info["blocks"], serde_json::json!({"start": 1, "end": 1}));
}

/// Past the pilot (64 blocks, 262,144 trials): shards past it compute the pilot for the
/// windows; and past the first narrowing of the windows (128 blocks), which merged parts
/// must meet at the same blocks as a single run. Slow in a debug build; run it with a
/// release binary:
/// `cargo build --release && SIBYL_BIN=target/release/sibyl cargo test --test tests shard:: -- --ignored`
#[test]
#[ignore]
fn merged_shards_equal_the_single_run_past_the_pilot() {
    assert_merges_exactly("peterborough", 64 * 4096 + 5 * 4096 + 7, &[1, 3, 7], &[]);
    assert_merges_exactly("teaching-jobs", 300_000, &[3, 7], &["--per-trial"]);
    assert_merges_exactly("mass-roca", 300_000, &[7], &["--seed", "9"]);
    assert_merges_exactly("nyc-able", 128 * 4096 + 3 * 4096 + 11, &[2, 5], &[]);
}

/// Parts of a small run of teaching-jobs, made once per test in `dir`.
fn small(dir: &Path, n: u32, extra: &[&str]) -> Vec<PathBuf> {
    let sub = dir.join(extra.join("_").replace('-', ""));
    std::fs::create_dir_all(&sub).unwrap();
    shards("teaching-jobs", 2 * 4096 + 5, n, extra, &sub)
}

fn merge_fails(parts: &[&Path], message: &str) {
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(|p| s(p)));
    bin()
        .args(&args)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(message));
}

#[test]
fn merge_names_a_missing_or_duplicate_shard() {
    let dir = tempfile::tempdir().unwrap();
    let p = small(dir.path(), 3, &[]);
    merge_fails(&[&p[0], &p[2]], "shard 2/3 of the run is missing");
    merge_fails(&[&p[0], &p[1], &p[1], &p[2]], "shard 2/3 is given twice");
}

#[test]
fn merge_refuses_parts_of_another_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = small(dir.path(), 2, &[]);
    let seed = small(dir.path(), 2, &["--seed", "7"]);
    merge_fails(
        &[&p[0], &seed[1]],
        "is a part of another run: its seed is 7",
    );
    let other = dir.path().join("other");
    ok(&[
        "run",
        "contracts/peterborough.toml",
        "-s",
        "scenarios/peterborough.toml",
        "-n",
        "8197",
        "--shard",
        "2/2",
        "--out",
        s(&other),
    ]);
    merge_fails(
        &[&p[0], &other],
        "its contract is contracts/peterborough.toml",
    );
    let three = small(dir.path(), 3, &["--real"]);
    merge_fails(&[&p[0], &three[1]], "its terms is real");
    // Not a part at all: a single run's folder.
    let single = dir.path().join("single");
    ok(&[
        "run",
        "contracts/teaching-jobs.toml",
        "-s",
        "scenarios/teaching-jobs.toml",
        "-n",
        "100",
        "--out",
        s(&single),
    ]);
    merge_fails(&[&single], "holds no part.json");
}

/// Rewrites a part's file and its manifest entry, as a part written by another sibyl would
/// look.
fn rewrite(part: &Path, name: &str, bytes: &[u8]) {
    use sha2::Digest;
    std::fs::write(part.join(name), bytes).unwrap();
    let path = part.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for f in m["files"].as_array_mut().unwrap() {
        if f["name"] == name {
            f["bytes"] = bytes.len().into();
            let hash = sha2::Sha256::digest(bytes);
            f["sha256"] = hash
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
                .into();
        }
    }
    std::fs::write(path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

#[test]
fn merge_refuses_another_version_and_damaged_parts() {
    let dir = tempfile::tempdir().unwrap();
    let p = small(dir.path(), 2, &[]);
    let json = std::fs::read_to_string(p[1].join("part.json")).unwrap();
    let old = json.replace(
        &format!("\"sibyl_version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"sibyl_version\": \"0.0.1\"",
    );
    assert_ne!(json, old);
    rewrite(&p[1], "part.json", old.as_bytes());
    merge_fails(&[&p[0], &p[1]], "was written by sibyl 0.0.1");

    // A part.bin cut short: the manifest no longer matches it.
    let q = small(dir.path(), 2, &["--seed", "3"]);
    let bytes = std::fs::read(q[0].join("part.bin")).unwrap();
    std::fs::write(q[0].join("part.bin"), &bytes[..bytes.len() / 2]).unwrap();
    merge_fails(&[&q[0], &q[1]], "is not a complete part of a run");
    // Cut short or garbled, with a manifest to match: the part's own checks refuse it.
    rewrite(&q[0], "part.bin", &bytes[..bytes.len() / 2]);
    merge_fails(&[&q[0], &q[1]], "cannot be merged");
    let mut garbled = bytes.clone();
    for b in garbled.iter_mut().skip(13).step_by(7) {
        *b ^= 0x5a;
    }
    rewrite(&q[0], "part.bin", &garbled);
    merge_fails(&[&q[0], &q[1]], "cannot be merged");
}

#[test]
fn shard_is_a_usage_error_with_precision_or_outside_a_scheduler() {
    let base = [
        "run",
        "contracts/teaching-jobs.toml",
        "-s",
        "scenarios/teaching-jobs.toml",
        "--out",
        "target/never-written",
    ];
    bin()
        .args(base)
        .args(["--shard", "1/2", "--precision", "0.01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    bin()
        .args(base)
        .args(["--shard", "auto"])
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--shard auto found no scheduler"));
    bin()
        .args(base)
        .args(["--shard", "3/2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("numbered from 1 to 2"));
    bin()
        .args(base)
        .args([
            "--shard",
            "1/2",
            "--per-trial",
            "--per-trial-format",
            "parquet",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--per-trial-format parquet"));
}

#[test]
fn shard_auto_reads_a_slurm_array_and_a_kubernetes_indexed_job() {
    let dir = tempfile::tempdir().unwrap();
    let (c, sc) = (
        "contracts/teaching-jobs.toml",
        "scenarios/teaching-jobs.toml",
    );
    let n = "8197";
    let single = ok(&["run", c, "-s", sc, "-n", n, "--format", "json"]);
    // Slurm numbers this array 0..1; Kubernetes from 0 with the count set in the Job.
    let mut parts = Vec::new();
    for (i, env) in [
        [
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
        ],
        [("JOB_COMPLETION_INDEX", "1"), ("SIBYL_SHARD_COUNT", "2")],
    ]
    .iter()
    .enumerate()
    {
        let part = dir.path().join(i.to_string());
        bin()
            .args([
                "run",
                c,
                "-s",
                sc,
                "-n",
                n,
                "--shard",
                "auto",
                "--out",
                s(&part),
            ])
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("JOB_COMPLETION_INDEX")
            .envs(env.iter().copied())
            .assert()
            .success();
        parts.push(part);
    }
    let merged = ok(&["merge", s(&parts[1]), s(&parts[0]), "--format", "json"]);
    assert!(merged == single, "auto shards merge to the single run");
}

/// `compare --shard` for each N, merged, against the single comparison (JSON and table).
fn assert_compare_merges_exactly(designs: &[&str], scenario: &str, trials: u64, counts: &[u32]) {
    let dir = tempfile::tempdir().unwrap();
    let n = trials.to_string();
    let mut base = vec!["compare"];
    base.extend_from_slice(designs);
    base.extend_from_slice(&["-s", scenario, "-n", &n]);
    let mut json = base.clone();
    json.extend_from_slice(&["--format", "json"]);
    let (single, single_table) = (ok(&json), ok(&base));
    for &count in counts {
        let parts: Vec<PathBuf> = (1..=count)
            .map(|i| {
                let part = dir.path().join(format!("{count}-{i}"));
                let shard = format!("{i}/{count}");
                let mut args = base.clone();
                args.extend_from_slice(&["--shard", &shard, "--out", s(&part)]);
                assert!(ok(&args).is_empty());
                part
            })
            .collect();
        let mut merge = vec!["merge"];
        merge.extend(parts.iter().map(|p| s(p)));
        assert!(ok(&merge) == single_table, "{count} shards: table differs");
        merge.extend_from_slice(&["--format", "json"]);
        assert!(ok(&merge) == single, "{count} shards: JSON differs");
    }
}

#[test]
fn merged_compare_shards_equal_the_single_comparison() {
    assert_compare_merges_exactly(
        &[
            "contracts/peterborough.toml",
            "contracts/peterborough-pooled-only.toml",
        ],
        "scenarios/peterborough.toml",
        2 * 4096 + 3,
        &[7],
    );
}

#[test]
fn merged_compare_shards_of_three_designs_equal_the_single_comparison() {
    assert_compare_merges_exactly(
        &[
            "contracts/peterborough.toml",
            "contracts/peterborough-pooled-only.toml",
            "contracts/peterborough-rate-card.toml",
        ],
        "scenarios/peterborough.toml",
        3 * 4096 + 3,
        &[3],
    );
}

/// Past the pilot; with a release binary:
/// `cargo build --release && SIBYL_BIN=target/release/sibyl cargo test --test tests shard:: -- --ignored`
#[test]
#[ignore]
fn merged_compare_shards_equal_the_single_comparison_past_the_pilot() {
    assert_compare_merges_exactly(
        &[
            "contracts/peterborough.toml",
            "contracts/peterborough-rate-card.toml",
        ],
        "scenarios/peterborough.toml",
        300_000,
        &[3, 7],
    );
}

#[test]
fn merge_refuses_a_mix_of_run_and_compare_parts() {
    let dir = tempfile::tempdir().unwrap();
    let run = small(dir.path(), 2, &[]);
    let cmp = dir.path().join("cmp");
    ok(&[
        "compare",
        "contracts/teaching-jobs.toml",
        "contracts/teaching-jobs.toml",
        "-s",
        "scenarios/teaching-jobs.toml",
        "-n",
        "8197",
        "--shard",
        "2/2",
        "--out",
        s(&cmp),
    ]);
    merge_fails(
        &[&run[0], &cmp],
        "holds a part of a `compare`, not of a `run`",
    );
    bin()
        .args(["merge", s(&cmp), "--out", s(&dir.path().join("x"))])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a comparison's parts are merged to the screen only",
        ));
}

/// `dir`'s part.json, edited by `edit`, written back with its manifest entry.
fn edit_json(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("part.json")).unwrap()).unwrap();
    edit(&mut v);
    rewrite(
        dir,
        "part.json",
        serde_json::to_string_pretty(&v).unwrap().as_bytes(),
    );
}

/// The bytes of part.bin before its blocks: the magic and the part's identity.
const HEAD: usize = 13 + 32;

#[test]
fn merge_refuses_a_part_bin_swapped_from_another_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = small(dir.path(), 2, &[]);
    let other = small(dir.path(), 2, &["--seed", "7"]);
    let ours = std::fs::read(p[1].join("part.bin")).unwrap();
    let theirs = std::fs::read(other[1].join("part.bin")).unwrap();
    // Another seed's blocks, same shapes, the manifest made to match: the identity in
    // part.bin is not part.json's.
    rewrite(&p[1], "part.bin", &theirs);
    merge_fails(&[&p[0], &p[1]], "belong to another run");
    // With this part's identity forged in front: the re-simulated first block differs.
    let mut forged = ours[..HEAD].to_vec();
    forged.extend_from_slice(&theirs[HEAD..]);
    rewrite(&p[1], "part.bin", &forged);
    merge_fails(
        &[&p[0], &p[1]],
        "block 2 is not the block this run's inputs and seed simulate",
    );
    // The forged part is named.
    merge_fails(&[&p[0], &p[1]], &format!("`{}", s(&p[1].join("part.bin"))));
}

#[test]
fn merge_refuses_a_stress_preset_edited_in_every_part() {
    let dir = tempfile::tempdir().unwrap();
    let p = small(dir.path(), 2, &["--stress", "boom"]);
    for part in &p {
        edit_json(part, |v| v["stress"] = serde_json::Value::Null);
    }
    merge_fails(&[&p[0], &p[1]], "belong to another run");
    // Every part.json and part.bin header taken from an unstressed run, the blocks kept:
    // the re-simulated blocks differ.
    let plain = small(dir.path(), 2, &[]);
    for (stressed, plain) in p.iter().zip(&plain) {
        let head = std::fs::read(plain.join("part.bin")).unwrap();
        let body = std::fs::read(stressed.join("part.bin")).unwrap();
        let mut forged = head[..HEAD].to_vec();
        forged.extend_from_slice(&body[HEAD..]);
        rewrite(stressed, "part.bin", &forged);
        let json = std::fs::read(plain.join("part.json")).unwrap();
        rewrite(stressed, "part.json", &json);
    }
    merge_fails(
        &[&p[0], &p[1]],
        "block 0 is not the block this run's inputs and seed simulate",
    );
}

#[test]
fn merge_refuses_a_part_of_another_build() {
    let dir = tempfile::tempdir().unwrap();
    let p = small(dir.path(), 2, &[]);
    let json = std::fs::read_to_string(p[1].join("part.json")).unwrap();
    let ours: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ours = ours["build_id"].as_str().unwrap().to_string();
    assert_eq!(ours.len(), 32);
    edit_json(&p[1], |v| v["build_id"] = "0123456789abcdef".into());
    merge_fails(
        &[&p[0], &p[1]],
        &format!("built as 0123456789abcdef, this sibyl is built as {ours}"),
    );
}

#[test]
fn merge_refuses_an_impossible_shard_or_hash_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let p = small(dir.path(), 2, &[]);
    let original = std::fs::read(p[1].join("part.json")).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let cases: [(&str, Edit); 5] = [
        ("a run is split into 1 to", |v| {
            v["shard"]["count"] = 0.into()
        }),
        ("shards are numbered from 1", |v| {
            v["shard"]["index"] = 0.into()
        }),
        ("not 64 lowercase hexadecimal digits", |v| {
            v["scenario"]["sha256"] = "é".repeat(40).into()
        }),
        ("not 64 lowercase hexadecimal digits", |v| {
            v["contracts"][0]["sha256"] = "ab".into()
        }),
        ("not 64 lowercase hexadecimal digits", |v| {
            v["contracts"][0]["sha256"] = "A".repeat(64).into()
        }),
    ];
    for (message, edit) in cases {
        rewrite(&p[1], "part.json", &original);
        edit_json(&p[1], edit);
        // In either order: the broken part first or second.
        merge_fails(&[&p[0], &p[1]], message);
        merge_fails(&[&p[1], &p[0]], message);
    }
}
