//! Where a result came from: each input file by its path and the SHA-256 of its text, so
//! a result can be matched to the files that made it.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::Source;

/// An input file: its path as given and the SHA-256 of its text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileRef {
    pub path: String,
    pub sha256: String,
}

impl FileRef {
    /// A loaded file by its path and the SHA-256 of its text.
    pub fn of(source: &Source) -> Self {
        FileRef {
            path: source.path.clone(),
            sha256: sha256(&source.text),
        }
    }
}

/// A scenario file, and the stress preset applied to it, if any.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ScenarioRef {
    pub path: String,
    pub sha256: String,
    pub stress: Option<String>,
}

impl ScenarioRef {
    /// A loaded scenario, with the stress preset applied to it.
    pub fn of(source: &Source, stress: Option<String>) -> Self {
        ScenarioRef {
            path: source.path.clone(),
            sha256: sha256(&source.text),
            stress,
        }
    }
}

/// Hex SHA-256 of a text.
pub fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
