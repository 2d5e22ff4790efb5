//! Files a run leaves behind: its folder, `summary.json`, `trials.csv`; every file written
//! to a temporary name and renamed, so a reader never sees half a file.

pub mod csv;

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Hex SHA-256 of a text.
pub fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    let fail = |e: std::io::Error| -> Diagnostics {
        Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
            .help("check the folder exists and is writable, or choose another with --out")
            .into()
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out"),
        std::process::id()
    ));
    let mut file = std::fs::File::create(&tmp).map_err(fail)?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

/// The default folder of a run: `output/<contract>-<scenario>[-<stress>]-s<seed>`.
pub fn default_run_dir(
    contract: &Path,
    scenario: &Path,
    stress: Option<&str>,
    seed: u64,
) -> PathBuf {
    let stem = |p: &Path| {
        p.file_stem()
            .map_or_else(|| "run".to_string(), |s| s.to_string_lossy().into_owned())
    };
    let stress = stress.map_or(String::new(), |s| format!("-{s}"));
    Path::new("output").join(format!(
        "{}-{}{stress}-s{seed}",
        stem(contract),
        stem(scenario)
    ))
}

/// Prepares a run folder: creates it, or accepts an existing one if `force` is set or it
/// holds a run of exactly the same inputs (whose results would be identical).
pub fn prepare_run_dir(
    dir: &Path,
    force: bool,
    same_inputs: impl Fn(&serde_json::Value) -> bool,
) -> Result<(), Diagnostics> {
    if dir.exists() && !force {
        let previous = std::fs::read_to_string(dir.join("summary.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
        if !previous.as_ref().is_some_and(same_inputs) {
            return Err(Diagnostic::error(format!(
                "`{}` already holds a different run",
                dir.display()
            ))
            .help("add --force to overwrite it, or choose another folder with --out")
            .into());
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::error(format!("cannot create `{}`: {e}", dir.display()))
            .help("choose another folder with --out")
            .into()
    })
}
