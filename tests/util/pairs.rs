//! The example pairs, in a file of their own so that `tests/no_alloc.rs` (its own binary)
//! can include it without the rest of the helpers.

use std::path::{Path, PathBuf};

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
