//! Sets `SIBYL_BUILD_ID`: a hash of the sources (every `src/**/*.rs`, sorted paths and
//! contents), so that parts written by shards (and sweeps' points) are merged only by a
//! sibyl built from the same code, whatever the version number says.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// 64-bit FNV-1a, fed `bytes`.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=build.rs");
    let mut paths = Vec::new();
    files(Path::new("src"), &mut paths);
    paths.sort();
    // Two FNV-1a streams from different offsets: 128 bits, ample to tell builds apart.
    let (mut a, mut b) = (0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142u64);
    for path in &paths {
        let name = path.to_string_lossy().replace('\\', "/");
        let text = std::fs::read(path).unwrap_or_default();
        for part in [name.as_bytes(), &[0], &text, &[0xff]] {
            a = fnv(a, part);
            b = fnv(b, part);
        }
    }
    println!("cargo:rustc-env=SIBYL_BUILD_ID={a:016x}{b:016x}");
}
