//! A run folder that is whole or absent.
//!
//! A run writes its files into a fresh hidden folder beside the target
//! (`.<name>.partial-<pid>-<n>`), ends with `manifest.json` (every file with its size and
//! SHA-256, and what identifies the run), and only then takes the target's place in one
//! step (`renameat2` with `RENAME_EXCHANGE` on Linux; elsewhere two renames). So the target
//! is always a complete run, the previous one, or (on systems without the exchange, for an
//! instant) absent; never a mix. A folder is a complete run exactly when its manifest lists
//! every file in it and each file's size and hash match ([`verify`]).
//!
//! A run stopped by Ctrl-C, SIGTERM or SIGHUP removes its hidden folder before exiting
//! ([`abandon_all`], called by the binary's signal handler); one killed outright (SIGKILL,
//! power loss) leaves it, and the next run into the same parent removes it once its process
//! is gone. Nothing is ever removed that is not a run: a target folder holding other files
//! is refused, even with `--force`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics};

use super::write_error;

/// The manifest's file name: written last, it marks a folder as a complete run.
pub const MANIFEST: &str = "manifest.json";

/// The manifest's format.
pub const FORMAT: &str = "sibyl-run-folder/1";

/// The files a run folder may hold.
pub const RUN_FILES: [&str; 3] = ["summary.json", "trials.csv", MANIFEST];

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    /// What identifies the run: runs with equal identities give identical results.
    pub run: serde_json::Value,
    /// Every other file of the folder.
    pub files: Vec<FileEntry>,
}

/// One file of a run folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// What a folder holds.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Nothing at that path.
    Absent,
    /// An empty folder.
    Empty,
    /// A complete run: its manifest lists every file and the sizes match (hashes are
    /// checked by [`verify`]).
    Complete(Manifest),
    /// Files of a run without a valid manifest, or not matching it: a run that never
    /// finished (or was written by an older sibyl).
    Incomplete,
    /// Files that are not a run's (their names).
    Foreign(Vec<String>),
    /// A file, not a folder.
    NotAFolder,
}

/// What `dir` holds, from its listing, its manifest and the files' sizes.
pub fn inspect(dir: &Path) -> std::io::Result<State> {
    let meta = match std::fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::Absent),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return Ok(State::NotAFolder);
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    if names.is_empty() {
        return Ok(State::Empty);
    }
    // Temporaries of single files (older sibyls wrote `.summary.json.tmp-<pid>`) belong to
    // a run too.
    let ours = |n: &str| {
        RUN_FILES.contains(&n)
            || RUN_FILES
                .iter()
                .any(|f| n.starts_with(&format!(".{f}.tmp-")))
    };
    let foreign: Vec<String> = names.iter().filter(|n| !ours(n)).cloned().collect();
    if !foreign.is_empty() {
        return Ok(State::Foreign(foreign));
    }
    let Some(manifest) = read_manifest(dir) else {
        return Ok(State::Incomplete);
    };
    let mut listed: Vec<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
    listed.push(MANIFEST);
    listed.sort_unstable();
    let sizes_match = manifest.files.iter().all(|f| {
        std::fs::metadata(dir.join(&f.name)).is_ok_and(|m| m.is_file() && m.len() == f.bytes)
    });
    Ok(if listed == names && sizes_match {
        State::Complete(manifest)
    } else {
        State::Incomplete
    })
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let m: Manifest = serde_json::from_str(&text).ok()?;
    (m.format == FORMAT
        && m.files.iter().all(|f| {
            RUN_FILES.contains(&f.name.as_str()) && f.name != MANIFEST && f.sha256.len() == 64
        }))
    .then_some(m)
}

/// Whether `dir` is a complete run: a manifest that lists exactly the folder's other files,
/// each with its size and SHA-256. What a reader (or a test) checks before trusting a run.
pub fn verify(dir: &Path) -> Result<Manifest, String> {
    match inspect(dir).map_err(|e| e.to_string())? {
        State::Complete(m) => {
            for f in &m.files {
                use std::io::Read;
                let mut file = std::fs::File::open(dir.join(&f.name)).map_err(|e| e.to_string())?;
                let mut hash = Sha256::new();
                let mut buf = vec![0u8; 1 << 16];
                loop {
                    let n = file.read(&mut buf).map_err(|e| e.to_string())?;
                    if n == 0 {
                        break;
                    }
                    hash.update(&buf[..n]);
                }
                if hex(&hash.finalize()) != f.sha256 {
                    return Err(format!("`{}` does not match its hash", f.name));
                }
            }
            Ok(m)
        }
        State::Absent => Err("no such folder".into()),
        State::Empty => Err("an empty folder".into()),
        State::Incomplete => Err("an incomplete run".into()),
        State::Foreign(n) => Err(format!("not a run folder (it holds `{}`)", n[0])),
        State::NotAFolder => Err("a file, not a folder".into()),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hidden folders of unfinished runs, for the signal handler.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Distinguishes the hidden folders of one process.
static SERIAL: AtomicU64 = AtomicU64::new(0);

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Removes the hidden folder of every unfinished run of this process: for a signal handler
/// about to exit. Each is first renamed, so no file can be created in it afterwards.
pub fn abandon_all() {
    let folders: Vec<PathBuf> = live().drain(..).collect();
    for tmp in folders {
        let doomed = suffixed(&tmp, "abandoned");
        let target = if std::fs::rename(&tmp, &doomed).is_ok() {
            doomed
        } else {
            tmp
        };
        let _ = std::fs::remove_dir_all(target);
    }
}

/// A run folder being written: files go into a hidden folder that replaces the target on
/// [`RunFolder::commit`]; dropped without a commit, the hidden folder is removed.
pub struct RunFolder {
    dir: PathBuf,
    tmp: PathBuf,
    identity: serde_json::Value,
    files: Vec<FileEntry>,
    replaced: Replaced,
    committed: bool,
}

/// What the new run replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    Nothing,
    /// An empty folder, or a run of the same inputs (identical results).
    SameRun,
    /// A different run, with `--force`.
    DifferentRun,
    /// A run that never finished.
    Incomplete,
}

impl RunFolder {
    /// Checks the target and starts a run folder for it. The target may be absent, an
    /// empty folder, a run of the same `identity` or an incomplete run (both replaced), or
    /// a different complete run with `force`; anything else is refused.
    pub fn begin(
        dir: &Path,
        force: bool,
        identity: serde_json::Value,
    ) -> Result<Self, Diagnostics> {
        let shown = dir.display();
        let state = inspect(dir).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(format!("cannot read `{shown}`: {e}"))
                    .help("choose another folder with --out"),
            )
        })?;
        let replaced = match state {
            State::Absent => Replaced::Nothing,
            State::Empty => Replaced::SameRun,
            State::Complete(m) if m.run == identity => Replaced::SameRun,
            State::Complete(_) if force => Replaced::DifferentRun,
            State::Complete(_) => {
                return Err(
                    Diagnostic::error(format!("`{shown}` already holds a different run"))
                        .help("add --force to replace it, or choose another folder with --out")
                        .into(),
                );
            }
            State::Incomplete => Replaced::Incomplete,
            State::Foreign(names) => {
                let list: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
                return Err(Diagnostic::error(format!(
                    "`{shown}` is not a run folder: it holds {}{}",
                    list.join(", "),
                    if names.len() > 3 { " and more" } else { "" }
                ))
                .help("sibyl replaces only folders it wrote (even with --force): choose a new or empty folder with --out")
                .into());
            }
            State::NotAFolder => {
                return Err(Diagnostic::error(format!("`{shown}` is a file, not a folder"))
                    .help("--out names the folder a run is written to: choose a new or empty folder")
                    .into());
            }
        };
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| {
                Diagnostics::from(
                    Diagnostic::error(format!("`{shown}` does not name a folder"))
                        .help("give --out a folder name, e.g. --out runs/peterborough"),
                )
            })?;
        std::fs::create_dir_all(&parent).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(format!("cannot create `{}`: {e}", parent.display()))
                    .help("choose another folder with --out"),
            )
        })?;
        remove_stale(&parent, &name);
        let tmp = parent.join(format!(
            ".{name}.partial-{}-{}",
            std::process::id(),
            SERIAL.fetch_add(1, Ordering::Relaxed)
        ));
        live().push(tmp.clone());
        let folder = RunFolder {
            dir: dir.to_path_buf(),
            tmp,
            identity,
            files: Vec::new(),
            replaced,
            committed: false,
        };
        std::fs::create_dir(&folder.tmp).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(format!("cannot write in `{}`: {e}", parent.display()))
                    .help("check the folder is writable, or choose another with --out"),
            )
        })?;
        Ok(folder)
    }

    /// The folder the run is written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the run replaces (known once [`RunFolder::begin`] succeeded).
    pub fn replaced(&self) -> Replaced {
        self.replaced
    }

    /// Creates file `name` of the run; [`RunFolder::add`] it once written.
    pub fn create(&self, name: &str) -> Result<HashedFile, Diagnostics> {
        let path = self.tmp.join(name);
        let shown = self.dir.join(name);
        let file = std::fs::File::create(&path).map_err(|e| write_error(&shown, &e))?;
        Ok(HashedFile {
            name: name.to_string(),
            shown,
            file: std::io::BufWriter::with_capacity(1 << 20, file),
            hash: Sha256::new(),
            bytes: 0,
        })
    }

    /// Flushes and syncs a file and records it for the manifest.
    pub fn add(&mut self, f: HashedFile) -> Result<(), Diagnostics> {
        let HashedFile {
            name,
            shown,
            file,
            hash,
            bytes,
        } = f;
        file.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .map_err(|e| write_error(&shown, &e))?;
        self.files.push(FileEntry {
            name,
            bytes,
            sha256: hex(&hash.finalize()),
        });
        Ok(())
    }

    /// Writes a whole file of the run.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
        let mut f = self.create(name)?;
        f.write_all(bytes).map_err(|e| write_error(&f.shown, &e))?;
        self.add(f)
    }

    /// Writes the manifest and puts the run in the target's place; the previous content
    /// (if any) is removed. The names of the files written, manifest last.
    pub fn commit(mut self) -> Result<Vec<String>, Diagnostics> {
        let manifest = Manifest {
            format: FORMAT.into(),
            run: self.identity.clone(),
            files: self.files.clone(),
        };
        let text = serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n";
        let manifest_path = self.tmp.join(MANIFEST);
        let shown = self.dir.join(MANIFEST);
        std::fs::File::create(&manifest_path)
            .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
            .map_err(|e| write_error(&shown, &e))?;
        sync_dir(&self.tmp);
        swap_into_place(&self.tmp, &self.dir).map_err(|e| write_error(&self.dir, &e))?;
        // The hidden path now holds what the target held before (or nothing).
        let _ = std::fs::remove_dir_all(&self.tmp);
        if let Some(parent) = self.dir.parent() {
            sync_dir(parent);
        }
        self.committed = true;
        live().retain(|p| p != &self.tmp);
        let mut names: Vec<String> = self.files.iter().map(|f| f.name.clone()).collect();
        names.push(MANIFEST.into());
        Ok(names)
    }
}

impl Drop for RunFolder {
    fn drop(&mut self) {
        if !self.committed {
            live().retain(|p| p != &self.tmp);
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// A file of a run folder being written, hashed as it goes.
pub struct HashedFile {
    name: String,
    /// Its path once the run is in place (for messages).
    shown: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    hash: Sha256,
    bytes: u64,
}

impl HashedFile {
    /// The path the file will have once the run is in place (for messages).
    pub fn path(&self) -> &Path {
        &self.shown
    }
}

impl Write for HashedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Puts folder `from` at `to`: an exchange in one step where the system has it (`to` then
/// names what was at `to`, moved to `from`), else a rename over an absent or empty `to`,
/// else two renames.
fn swap_into_place(from: &Path, to: &Path) -> std::io::Result<()> {
    if !to.exists() {
        return std::fs::rename(from, to);
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
        let (a, b) = (c(from)?, c(to)?);
        // SAFETY: both are valid NUL-terminated paths; the call only renames.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
    }
    // Without the exchange: the old content aside under the hidden name's sibling, then the
    // new one in place.
    let aside = suffixed(from, "previous");
    std::fs::rename(to, &aside)?;
    std::fs::rename(from, to)?;
    std::fs::rename(&aside, from)
}

/// `path` with `.suffix` added to its last component.
fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(".");
    s.push(suffix);
    PathBuf::from(s)
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes hidden folders of earlier runs into `parent/name` whose process is gone (killed
/// before it could clean up).
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.partial-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest
            .split(['-', '.'])
            .next()
            .and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && !alive(p)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether process `pid` is running (on systems without `/proc`, assumed so: its folder is
/// left, hidden, rather than risk removing a live run's).
fn alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}
