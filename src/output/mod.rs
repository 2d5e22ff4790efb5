//! Files a run leaves behind: its folder ([`folder::RunFolder`]: `summary.json`,
//! `trials.csv`, `manifest.json`), written whole or not at all; single files written to a
//! temporary name and renamed, so a reader never sees half a file. Like the reports it
//! writes what the analyses produced and computes nothing.

pub mod csv;
pub mod folder;
pub mod parquet;
pub mod sweep;

/// The version of every JSON result's format (`summary.json` and each command's
/// `--format json`), its first field `format_version`. It changes when a field is renamed,
/// removed or changes meaning; fields may be added without a change. The schemas of the
/// results are under `schemas/output/`.
pub const FORMAT_VERSION: &str = "1";

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

    /// Flushes, syncs and renames the file into place; on any failure (a full disk) the
    /// temporary file is removed.
    pub fn commit(mut self) -> Result<(), Diagnostics> {
        let file = self.file.take().expect("open until committed");
        let done = file
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .and_then(|()| std::fs::rename(&self.tmp, &self.path));
        done.map_err(|e| {
            let _ = std::fs::remove_file(&self.tmp);
            write_error(&self.path, &e)
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect()
    }

    #[test]
    fn a_file_is_written_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_atomic(&path, b"{}").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_commit_that_fails_leaves_no_temporary_file() {
        // The rename fails (a non-empty folder stands at the path), as a full disk would fail
        // the flush: the error is reported and the temporary file is gone.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("x"), "x").unwrap();
        let e = write_atomic(&path, b"{}").unwrap_err().to_string();
        assert!(e.contains("cannot write"), "{e}");
        assert!(leftovers(dir.path()).is_empty());
    }
}
