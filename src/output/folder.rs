//! A run folder that is whole or absent.
//!
//! A run writes its files into a fresh hidden folder beside the target
//! (`.<name>.partial-<pid>-<n>`), ends with `manifest.json` (every file with its size and
//! SHA-256, and what identifies the run), and only then takes the target's place in one
//! step (`renameat2` with `RENAME_EXCHANGE` on Linux; elsewhere two renames, undone if the
//! second fails). So the target is always a complete run or the previous one (or, on
//! systems without the exchange, for an instant, absent); never a mix.
//!
//! Where the folder cannot be swapped (the target is a mount point, or its parent is not
//! writable), the run is written into a hidden folder inside the target and its files moved
//! into place one by one after the old manifest is removed, the new manifest last: a reader
//! who looks in between sees a folder without a valid manifest, an incomplete run.
//!
//! A folder is a complete run exactly when its manifest lists every file in it and each
//! file's size and hash match ([`verify`]). A run stopped by Ctrl-C, SIGTERM or SIGHUP
//! removes its hidden folder before exiting ([`abandon_all`], called by the binary's signal
//! handler, which waits for any file operation under way); one killed outright (SIGKILL,
//! power loss) leaves it, and the next run into the same folder removes it once its process
//! is gone. Nothing is ever removed that is not a run's: a target folder holding other
//! files is refused, even with `--force`.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics};

use super::write_error;

/// The manifest's file name: written last, it marks a folder as a complete run.
pub const MANIFEST: &str = "manifest.json";

/// The manifest's format.
pub const FORMAT: &str = "sibyl-run-folder/1";

/// The files a run folder may hold: a run's, or a shard's part of one (`part.json`,
/// `part.bin`, and its own trials' rows in `trials.csv`).
pub const RUN_FILES: [&str; 6] = [
    "summary.json",
    "trials.csv",
    "trials.parquet",
    "part.json",
    "part.bin",
    MANIFEST,
];

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
    /// A run's files (regular files with a run's names) without a valid manifest, or not
    /// matching it: a run that never finished (or was written by an older sibyl, or lost a
    /// file since).
    Incomplete,
    /// Anything that is not a run's (its names).
    Foreign(Vec<String>),
    /// A file, not a folder.
    NotAFolder,
    /// A symbolic link.
    Link,
}

/// The hidden folder of a run written inside its target: `.partial-<pid>-<n>`.
fn inner_temporary(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".partial-")?;
    parse_partial(rest.strip_suffix(".abandoned").unwrap_or(rest))
}

/// `<pid>-<n>`, digits only, as this module names its hidden folders.
fn parse_partial(rest: &str) -> Option<u32> {
    let (pid, n) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n))
        .then(|| pid.parse().ok())
        .flatten()
}

/// What `dir` holds, from its listing, its manifest and the files' sizes. Hidden folders of
/// runs written inside it are not its content.
pub fn inspect(dir: &Path) -> std::io::Result<State> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::Absent),
        Err(e) => return Err(e),
    };
    if meta.file_type().is_symlink() {
        return Ok(State::Link);
    }
    if !meta.is_dir() {
        return Ok(State::NotAFolder);
    }
    let mut names = Vec::new();
    let mut foreign = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        if kind.is_dir() && inner_temporary(&name).is_some() {
            continue;
        }
        // A run's files, and temporaries of single files (older sibyls wrote
        // `.summary.json.tmp-<pid>`): regular files only.
        let ours = kind.is_file()
            && (RUN_FILES.contains(&name.as_str())
                || RUN_FILES
                    .iter()
                    .any(|f| name.starts_with(&format!(".{f}.tmp-"))));
        if !ours {
            foreign.push(name.clone());
        }
        names.push(name);
    }
    names.sort();
    foreign.sort();
    if !foreign.is_empty() {
        return Ok(State::Foreign(foreign));
    }
    if names.is_empty() {
        return Ok(State::Empty);
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
        State::Link => Err("a symbolic link".into()),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hidden folders of unfinished runs. Its lock is held through every file operation on
/// a run folder, so the signal handler, which takes it and never gives it back, cleans up
/// between operations, never during one.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Distinguishes the hidden folders of one process.
static SERIAL: AtomicU64 = AtomicU64::new(0);

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Removes the hidden folder of every unfinished run of this process, once any file
/// operation under way has ended, and returns the lock held, so no other operation starts:
/// for a signal handler about to exit. Each folder is first renamed, so nothing can be
/// created in it afterwards.
pub fn abandon_all() -> MutexGuard<'static, Vec<PathBuf>> {
    let mut guard = live();
    for tmp in guard.drain(..) {
        let doomed = suffixed(&tmp, "abandoned");
        let target = if std::fs::rename(&tmp, &doomed).is_ok() {
            doomed
        } else {
            tmp
        };
        let _ = std::fs::remove_dir_all(target);
    }
    guard
}

/// A run folder being written: files go into a hidden folder that replaces the target on
/// [`RunFolder::commit`]; dropped without a commit, the hidden folder is removed.
pub struct RunFolder {
    dir: PathBuf,
    tmp: PathBuf,
    /// The hidden folder is inside the target (which cannot be swapped as a whole).
    inside: bool,
    identity: serde_json::Value,
    force: bool,
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

/// `dir` as a parent folder and a final name (`b/.` is `b`; `.`, `..` and `/` name no
/// folder a run can replace).
fn split(dir: &Path) -> Option<(PathBuf, String)> {
    let mut parts: Vec<Component> = dir.components().collect();
    let name = match parts.pop()? {
        Component::Normal(n) => n.to_str()?.to_string(),
        _ => return None,
    };
    let parent: PathBuf = parts.iter().collect();
    let parent = if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent
    };
    Some((parent, name))
}

fn error(message: String, help: &str) -> Diagnostics {
    Diagnostic::error(message).help(help).into()
}

/// What a run into `target` (found in `state`) replaces, or why it may not.
fn decide(
    target: &Path,
    state: State,
    force: bool,
    identity: &serde_json::Value,
) -> Result<Replaced, Diagnostics> {
    let shown = target.display();
    Ok(match state {
        State::Absent => Replaced::Nothing,
        State::Empty => Replaced::SameRun,
        State::Complete(m) if m.run == *identity => Replaced::SameRun,
        State::Complete(_) if force => Replaced::DifferentRun,
        State::Complete(_) => {
            return Err(error(
                format!("`{shown}` already holds a different run"),
                "add --force to replace it, or choose another folder with --out",
            ));
        }
        State::Incomplete => Replaced::Incomplete,
        State::Foreign(names) => {
            let list: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
            return Err(error(
                format!(
                    "`{shown}` is not a run folder: it holds {}{}",
                    list.join(", "),
                    if names.len() > 3 { " and more" } else { "" }
                ),
                "sibyl replaces only folders it wrote (even with --force): choose a new or empty folder with --out",
            ));
        }
        State::NotAFolder => {
            return Err(error(
                format!("`{shown}` is a file, not a folder"),
                "--out names the folder a run is written to: choose a new or empty folder",
            ));
        }
        State::Link => {
            return Err(error(
                format!("`{shown}` is a symbolic link"),
                "give --out the folder itself (a run replaces its folder, which would replace the link)",
            ));
        }
    })
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
        let Some((parent, name)) = split(dir) else {
            return Err(error(
                format!("`{}` does not name a folder", dir.display()),
                "give --out a folder's name (in UTF-8), e.g. --out runs/peterborough",
            ));
        };
        let target = parent.join(&name);
        let shown = target.display();
        let state = inspect(&target).map_err(|e| {
            error(
                format!("cannot read `{shown}`: {e}"),
                "choose another folder with --out",
            )
        })?;
        let replaced = decide(&target, state, force, &identity)?;
        std::fs::create_dir_all(&parent).map_err(|e| {
            error(
                format!("cannot create `{}`: {e}", parent.display()),
                "choose another folder with --out",
            )
        })?;
        remove_stale(&parent, &name);
        let exists = replaced != Replaced::Nothing;
        if exists {
            remove_stale_inside(&target);
        }
        let serial = format!(
            "{}-{}",
            std::process::id(),
            SERIAL.fetch_add(1, Ordering::Relaxed)
        );
        // Beside the target, unless the target is a mount point (a folder on another device
        // than its parent cannot be renamed) or the parent is not writable.
        let mount_point = exists && device(&target) != device(&parent);
        let mut live = live();
        let beside = parent.join(format!(".{name}.partial-{serial}"));
        let inside = target.join(format!(".partial-{serial}"));
        let tmp = if mount_point {
            std::fs::create_dir(&inside).map(|()| inside)
        } else {
            match std::fs::create_dir(&beside) {
                Ok(()) => Ok(beside),
                // A parent that is not writable, or a name too long for a hidden sibling:
                // written inside the target (created if need be) instead.
                Err(e) if cannot_write_beside(&e) => (if exists {
                    Ok(())
                } else {
                    std::fs::create_dir(&target)
                })
                .and_then(|()| std::fs::create_dir(&inside))
                .map(|()| inside)
                .or(Err(e)),
                Err(e) => Err(e),
            }
        }
        .map_err(|e| {
            error(
                format!("cannot write in `{}`: {e}", parent.display()),
                "check the folder is writable, or choose another with --out",
            )
        })?;
        live.push(tmp.clone());
        drop(live);
        Ok(RunFolder {
            inside: tmp.parent() == Some(target.as_path()),
            dir: target,
            tmp,
            identity,
            force,
            files: Vec::new(),
            replaced,
            committed: false,
        })
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
        let live = live();
        let file = std::fs::File::create(&path).map_err(|e| write_error(&shown, &e))?;
        drop(live);
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
        let live = live();
        file.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .map_err(|e| write_error(&shown, &e))?;
        drop(live);
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
        let mut live = live();
        // The target may have changed while the run was simulating (a file added, another
        // run finished there): decided again, under the lock, just before it is replaced.
        let now = inspect(&self.dir).map_err(|e| write_error(&self.dir, &e))?;
        self.replaced = decide(&self.dir, now, self.force, &self.identity).map_err(|d| {
            let mut d = d;
            d.push(
                Diagnostic::error(format!(
                    "`{}` changed while the run was simulating: the run was not written there",
                    self.dir.display()
                ))
                .help("choose another folder with --out, or run again"),
            );
            d
        })?;
        let shown = self.dir.join(MANIFEST);
        std::fs::File::create(self.tmp.join(MANIFEST))
            .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.sync_all()))
            .map_err(|e| write_error(&shown, &e))?;
        sync_dir(&self.tmp);
        let placed = if self.inside {
            self.move_in()
        } else {
            match swap_into_place(&self.tmp, &self.dir) {
                // A mount point its device number did not reveal (a bind mount): moved in
                // file by file instead.
                Err(e) if is_mount_error(&e) && self.dir.is_dir() => self.move_in(),
                done => done,
            }
        };
        placed.map_err(|e| write_error(&self.dir, &e))?;
        // The hidden path now holds what the target held before, or nothing.
        let _ = std::fs::remove_dir_all(&self.tmp);
        if let Some(parent) = self.dir.parent() {
            sync_dir(parent);
        }
        self.committed = true;
        live.retain(|p| p != &self.tmp);
        drop(live);
        let mut names: Vec<String> = self.files.iter().map(|f| f.name.clone()).collect();
        names.push(MANIFEST.into());
        Ok(names)
    }

    /// Moves the run from its hidden folder inside the target into the target: the old
    /// manifest first out (so the folder reads as incomplete until the end), the old run's
    /// files out, the new files in, the new manifest last.
    fn move_in(&self) -> std::io::Result<()> {
        match std::fs::remove_file(self.dir.join(MANIFEST)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        sync_dir(&self.dir);
        // Only a run's files (and older sibyls' temporaries) go: nothing else is touched.
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let run_file = RUN_FILES.contains(&name.as_str())
                || RUN_FILES
                    .iter()
                    .any(|f| name.starts_with(&format!(".{f}.tmp-")));
            if run_file
                && entry.file_type()?.is_file()
                && !self.files.iter().any(|f| f.name == name)
            {
                std::fs::remove_file(entry.path())?;
            }
        }
        for f in &self.files {
            move_file(&self.tmp.join(&f.name), &self.dir.join(&f.name))?;
        }
        sync_dir(&self.dir);
        move_file(&self.tmp.join(MANIFEST), &self.dir.join(MANIFEST))?;
        sync_dir(&self.dir);
        Ok(())
    }
}

impl Drop for RunFolder {
    fn drop(&mut self) {
        if !self.committed {
            let mut live = live();
            live.retain(|p| p != &self.tmp);
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
        let live = live();
        let n = self.file.write(buf)?;
        drop(live);
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _live = live();
        self.file.flush()
    }
}

/// Puts folder `from` at `to`: an exchange in one step where the system has it (`from`
/// then names what was at `to`), else a rename over an absent `to`, else two renames (the
/// first undone if the second fails).
fn swap_into_place(from: &Path, to: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(to).is_err() {
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
        let e = std::io::Error::last_os_error();
        // Only a system or file system without the exchange falls back; any other error
        // (the target gone, another device) is reported with both folders untouched.
        if !matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
        ) {
            return Err(e);
        }
    }
    let aside = suffixed(from, "previous");
    std::fs::rename(to, &aside)?;
    if let Err(e) = std::fs::rename(from, to) {
        let _ = std::fs::rename(&aside, to);
        return Err(e);
    }
    // The new run is in place: the old one is removed, as best can be.
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}

/// A hidden folder that cannot be made beside the target (permissions, a read-only parent,
/// a name too long).
fn cannot_write_beside(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::EACCES | libc::EPERM | libc::EROFS | libc::ENAMETOOLONG)
        )
    }
    #[cfg(not(unix))]
    {
        e.kind() == std::io::ErrorKind::PermissionDenied
    }
}

/// A rename that failed because the target is a mount point or on another device.
fn is_mount_error(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(e.raw_os_error(), Some(libc::EBUSY | libc::EXDEV))
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Moves a file: a rename, or across devices a copy (synced) and a removal. The target
/// name appears whole either way (a copy goes to a temporary name first).
fn move_file(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::rename(from, to) {
        Err(e) if is_mount_error(&e) => {
            let name = to.file_name().map(|n| n.to_string_lossy().into_owned());
            let part = to.with_file_name(format!(
                ".{}.tmp-{}",
                name.unwrap_or_default(),
                std::process::id()
            ));
            std::fs::copy(from, &part)?;
            std::fs::File::open(&part)?.sync_all()?;
            std::fs::rename(&part, to)?;
            std::fs::remove_file(from)
        }
        done => done,
    }
}

/// The device a path is on (where the system says).
fn device(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| m.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
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
/// before it could clean up): exactly `.<name>.partial-<pid>-<n>`, and those already
/// renamed for removal (`….abandoned`). A `….previous` folder (the old run set aside by
/// the two-rename fallback) is never removed.
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
        let rest = rest.strip_suffix(".abandoned").unwrap_or(rest);
        if parse_partial(rest).is_some_and(|p| p != std::process::id() && !alive(p)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Removes hidden folders of runs written inside `dir` whose process is gone.
fn remove_stale_inside(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if inner_temporary(&file_name).is_some_and(|p| p != std::process::id() && !alive(p)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn id(seed: u64) -> serde_json::Value {
        serde_json::json!({ "seed": seed })
    }

    fn run(dir: &Path, seed: u64, files: &[(&str, &str)]) -> RunFolder {
        let mut f = RunFolder::begin(dir, true, id(seed)).unwrap();
        for (name, text) in files {
            f.write(name, text.as_bytes()).unwrap();
        }
        f
    }

    /// Where the target cannot be swapped (a mount point, a parent not writable), the run
    /// is moved in file by file, the old manifest out first and the new one in last.
    #[test]
    fn a_run_moved_in_place_replaces_the_old_one_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run");
        run(
            &dir,
            1,
            &[("summary.json", "{1}"), ("trials.csv", "a\n1\n")],
        )
        .commit()
        .unwrap();
        assert_eq!(verify(&dir).unwrap().run, id(1));
        // The same run written inside the target, as begin() does when it must.
        let mut f = RunFolder::begin(&dir, true, id(2)).unwrap();
        let inner = dir.join(".partial-4194999-0");
        std::fs::create_dir(&inner).unwrap();
        let beside = std::mem::replace(&mut f.tmp, inner.clone());
        std::fs::remove_dir(&beside).unwrap();
        f.inside = true;
        // While it is being written, the folder is still the old, complete run.
        f.write("summary.json", b"{2}").unwrap();
        assert_eq!(verify(&dir).unwrap().run, id(1));
        assert_eq!(f.commit().unwrap(), ["summary.json", MANIFEST]);
        // The old trials.csv went with the old run.
        assert_eq!(verify(&dir).unwrap().run, id(2));
        assert_eq!(std::fs::read(dir.join("summary.json")).unwrap(), b"{2}");
        assert!(!dir.join("trials.csv").exists() && !inner.exists());
    }

    #[test]
    fn a_hidden_folder_inside_is_not_content_and_a_dead_one_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run");
        run(&dir, 1, &[("summary.json", "{}")]).commit().unwrap();
        let dead = dir.join(".partial-4194999-3");
        std::fs::create_dir(&dead).unwrap();
        assert!(matches!(inspect(&dir).unwrap(), State::Complete(_)));
        run(&dir, 1, &[("summary.json", "{}")]).commit().unwrap();
        assert!(!dead.exists());
    }

    #[test]
    fn hidden_names_are_parsed_strictly() {
        assert_eq!(parse_partial("123-4"), Some(123));
        assert_eq!(parse_partial("5.partial-6-7"), None);
        assert_eq!(parse_partial("12-"), None);
        assert_eq!(inner_temporary(".partial-9-0"), Some(9));
        assert_eq!(inner_temporary(".partial-9-0.previous"), None);
        // One renamed for removal by an interrupted run is a temporary too.
        assert_eq!(inner_temporary(".partial-9-0.abandoned"), Some(9));
    }

    #[test]
    fn dropped_without_a_commit_nothing_is_left() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("run");
        drop(run(&dir, 1, &[("summary.json", "{}")]));
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
        assert!(!live().iter().any(|p| p.starts_with(tmp.path())));
    }
}
