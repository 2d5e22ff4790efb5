//! Files a run leaves behind: its folder, `summary.json`, `trials.csv`; every file written
//! to a temporary name and renamed, so a reader never sees half a file. Like the reports it
//! writes what the analyses produced and computes nothing.

pub mod csv;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The error for a file that could not be written.
pub fn write_error(path: &Path, e: &std::io::Error) -> Diagnostics {
    Diagnostic::error(format!("cannot write `{}`: {e}", path.display()))
        .help("check the folder exists and is writable, or choose another with --out")
        .into()
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    let mut f = AtomicFile::create(path)?;
    f.write(bytes)?;
    f.commit()
}

/// A file written under a temporary name and renamed into place on `commit`; dropped
/// without commit, the temporary file is removed.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<Self, Diagnostics> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(|e| write_error(path, &e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            file: Some(std::io::BufWriter::with_capacity(1 << 20, file)),
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Diagnostics> {
        let path = self.path.clone();
        self.file
            .as_mut()
            .expect("open until committed")
            .write_all(bytes)
            .map_err(|e| write_error(&path, &e))
    }

    pub fn commit(mut self) -> Result<(), Diagnostics> {
        let file = self.file.take().expect("open until committed");
        let file = file
            .into_inner()
            .map_err(|e| write_error(&self.path, e.error()))?;
        file.sync_all().map_err(|e| write_error(&self.path, &e))?;
        std::fs::rename(&self.tmp, &self.path).map_err(|e| write_error(&self.path, &e))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("open until committed").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("open until committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
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
