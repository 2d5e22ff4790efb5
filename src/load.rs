//! Loading input files: read the text (path checks, size and encoding limits), parse it
//! into the raw file types, and validate it into the model. Commands start here.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Source};
use crate::model::observed::History;
use crate::model::{Contract, Scenario};
use crate::raw::parse_collecting;
use crate::validate;

/// Input files are small documents; anything larger is almost certainly the wrong file.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The kinds of file sibyl reads, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Contract,
    Scenario,
    Observed,
}

impl FileKind {
    pub fn noun(self) -> &'static str {
        match self {
            FileKind::Contract => "contract",
            FileKind::Scenario => "scenario",
            FileKind::Observed => "observed-outcomes",
        }
    }

    fn example(self) -> &'static str {
        match self {
            FileKind::Contract => "contracts/peterborough.toml",
            FileKind::Scenario => "scenarios/peterborough.toml",
            FileKind::Observed => "observed/peterborough.toml",
        }
    }
}

/// Reads a file as UTF-8 text, refusing directories, huge files and binary data.
pub fn read_source(path: &Path, kind: FileKind) -> Result<Arc<Source>, Diagnostics> {
    let shown = path.display().to_string();
    let noun = kind.noun();
    let metadata = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(format!(
            "cannot read {noun} file `{shown}`: {}",
            io_reason(&e)
        ))
        .help(format!(
            "give the path of a {noun} file, e.g. `{}`",
            kind.example()
        ))
    })?;
    if metadata.is_dir() {
        return Err(
            Diagnostic::error(format!("`{shown}` is a directory, not a {noun} file"))
                .help(format!(
                    "give the path of a .toml file inside it, e.g. `{}`",
                    kind.example()
                ))
                .into(),
        );
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "`{shown}` is {:.1} MB; a {noun} file is a small text document (at most {} MB)",
            metadata.len() as f64 / 1e6,
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .help("check that this is the file you meant")
        .into());
    }
    let bytes = read_limited(path).map_err(|e| {
        Diagnostic::error(format!(
            "cannot read {noun} file `{shown}`: {}",
            io_reason(&e)
        ))
    })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "`{shown}` is larger than {} MB; a {noun} file is a small text document",
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .help("check that this is the file you meant")
        .into());
    }
    Source::from_utf8(
        shown,
        bytes,
        format!("{noun} files are TOML text; save the file as UTF-8"),
    )
}

/// Reads at most one byte more than the limit, whatever the file claims its size is.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// A validated value with the file it came from and any warnings.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub value: T,
    pub source: Arc<Source>,
    pub warnings: Diagnostics,
}

/// Parses and validates contract text.
pub fn contract_from_source(source: &Arc<Source>) -> Result<Loaded<Contract>, Diagnostics> {
    let (value, warnings) = parse_then(source, |file| validate::contract(file, source))?;
    Ok(Loaded {
        value,
        source: Arc::clone(source),
        warnings,
    })
}

/// Parses a file and validates it. When the file has shape errors, the rest of it (their
/// lines set aside) is validated too, so that independent mistakes are reported together;
/// a check that a set-aside field is missing (at its table's header, exactly) is left out.
fn parse_then<T, V>(
    source: &Arc<Source>,
    validate: impl FnOnce(&T) -> Result<(V, Diagnostics), Diagnostics>,
) -> Result<(V, Diagnostics), Diagnostics>
where
    T: serde::de::DeserializeOwned + schemars::JsonSchema,
{
    let partial = match parse_collecting::<T>(source) {
        Ok(file) => return validate(&file),
        Err(p) => p,
    };
    let mut errors = partial.errors;
    // Other tables' checks read what the set-aside lines would have said (a party's role, a
    // metric's design), and would report mistakes that are not in the file; only the
    // descriptive tables and top-level keys are safe to leave out.
    let independent = partial
        .set_aside
        .iter()
        .all(|(table, _)| matches!(table.as_str(), "" | "deal" | "scenario" | "observed"));
    if let (Some(rest), true) = (&partial.rest, independent) {
        let more = match validate(rest) {
            Ok(_) => Diagnostics::new(),
            Err(d) => d,
        };
        let at_set_aside_header = |d: &Diagnostic| {
            d.span.as_ref().is_some_and(|s| {
                partial
                    .set_aside
                    .iter()
                    .any(|(_, h)| !h.is_empty() && s == h)
            })
        };
        let mut kept: Vec<Diagnostic> = more
            .iter()
            .filter(|d| d.is_error() && !at_set_aside_header(d))
            .cloned()
            .collect();
        let mut all: Vec<Diagnostic> = errors.iter().cloned().collect();
        all.append(&mut kept);
        // In the order of the file.
        all.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        errors = Diagnostics::new();
        for d in all {
            errors.push(d);
        }
    }
    Err(errors)
}

/// Reads, parses and validates a contract file.
pub fn load_contract(path: &Path) -> Result<Loaded<Contract>, Diagnostics> {
    let source = read_source(path, FileKind::Contract)?;
    contract_from_source(&source)
}

/// Parses and validates scenario text against a contract.
pub fn scenario_from_source(
    source: &Arc<Source>,
    contract: &Contract,
) -> Result<Loaded<Scenario>, Diagnostics> {
    let (value, warnings) = parse_then(source, |file| validate::scenario(file, source, contract))?;
    Ok(Loaded {
        value,
        source: Arc::clone(source),
        warnings,
    })
}

/// Reads, parses and validates a scenario file against a contract.
pub fn load_scenario(path: &Path, contract: &Contract) -> Result<Loaded<Scenario>, Diagnostics> {
    let source = read_source(path, FileKind::Scenario)?;
    scenario_from_source(&source, contract)
}

/// Parses and validates an observed-outcomes text against a contract.
pub fn observed_from_source(
    source: &Arc<Source>,
    contract: &Contract,
) -> Result<Loaded<History>, Diagnostics> {
    let (value, warnings) = parse_then(source, |file| validate::observed(file, source, contract))?;
    Ok(Loaded {
        value,
        source: Arc::clone(source),
        warnings,
    })
}

/// Reads, parses and validates an observed-outcomes file against a contract.
pub fn load_observed(path: &Path, contract: &Contract) -> Result<Loaded<History>, Diagnostics> {
    let source = read_source(path, FileKind::Observed)?;
    observed_from_source(&source, contract)
}

pub mod edit;
