//! `sibyl import indigo TABLES_DIR --project ID [--out FILE] [--observed FILE] [--force]`,
//! or `sibyl import indigo RECORD.json [--project ID] [...]`: a deal from a public record as
//! a contract skeleton (and its observed outcomes), every value cited and every gap marked
//! TODO. A folder is read as INDIGO's CSV tables, a file as one project record in JSON;
//! both readers fill the same record, and one writer writes it.
//!
//! The skeleton goes to `--out`, or to standard output; the summary of what was found and
//! what is left to fill in goes to standard output when the skeleton is in a file, else to
//! standard error. The summary is in the user's language; the files' comments are English,
//! like the example contracts, and cite the record's English column names. Before anything
//! is written, the command reads its own skeleton and observed file back through the same
//! validation as `sibyl check` and `sibyl settle`, and says whether they pass.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Severity, Source};
use crate::i18n::Locale;
use crate::import::indigo::{self, Import, Summary, todo_groups};
use crate::load::{contract_from_source, observed_from_source};
use crate::tr;

use super::Output;

/// Import a deal from a public record as a contract skeleton (and its observed outcomes).
///
/// Every value is cited to the record, every gap marked TODO.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub source: Record,
}

/// Where the deal comes from.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Record {
    Indigo(Indigo),
}

/// One project of INDIGO, the Government Outcomes Lab's open data on impact bonds.
///
/// From INDIGO's CSV tables, or from one project record in JSON (the data standard's
/// project schema, as INDIGO's API returns it): the deal, parties, outcome metrics with
/// their prices (a rate card), caps and investments as a contract skeleton; the
/// participants engaged and the outcome counts as an observed-outcomes file.
#[derive(Debug, Clone, clap::Args)]
pub struct Indigo {
    /// The folder of INDIGO's CSV tables (original_projects.csv,
    /// original_projects_outcome_pricings.csv, ...), as the public mirror has them; or a
    /// project record in JSON (a .json file).
    #[arg(value_name = "TABLES_DIR|RECORD.json")]
    pub tables: PathBuf,
    /// The project: its INDIGO id (INDIGO-POJ-0131) or its number (131). Needed with a
    /// folder of tables; with a JSON record, optional and must be the record's.
    #[arg(long, short)]
    pub project: Option<String>,
    /// Write the contract skeleton to this file (default: standard output).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Write the observed outcomes to this file, when the record counts outcomes.
    #[arg(long)]
    pub observed: Option<PathBuf>,
    /// Replace files that exist.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &Args, loc: &Locale) -> Result<Output, Diagnostics> {
    match &args.source {
        Record::Indigo(a) => indigo_run(a, loc),
    }
}

/// Whether the path is read as a project record in JSON: a `.json` name, or a file that is
/// not a `.csv` table; a folder (or anything else) is read as INDIGO's CSV tables.
pub fn is_json_record(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        _ if path.is_dir() => false,
        Some("json") => true,
        Some("csv") => false,
        _ => path.is_file(),
    }
}

/// A usage error the argument parser cannot see: the sub-command (`["import", "indigo"]`)
/// and what is wrong, for the binary to report with exit code 2.
pub fn usage_error(args: &Args) -> Option<(Vec<&'static str>, String)> {
    match &args.source {
        Record::Indigo(a) if a.project.is_none() && !is_json_record(&a.tables) => Some((
            vec!["import", "indigo"],
            format!(
                "`{}` is read as a folder of INDIGO's CSV tables, which needs --project <PROJECT> (e.g. --project INDIGO-POJ-0131); a project record in JSON is a .json file",
                a.tables.display()
            ),
        )),
        _ => None,
    }
}

fn indigo_run(a: &Indigo, loc: &Locale) -> Result<Output, Diagnostics> {
    let imp = if is_json_record(&a.tables) {
        indigo::import_json(&a.tables, a.project.as_deref())?
    } else {
        let Some(project) = &a.project else {
            // The binary reports this as a usage error first (`usage_error`).
            return Err(Diagnostic::error(
                "a folder of INDIGO's CSV tables needs --project <PROJECT>",
            )
            .help("give the project, e.g. --project INDIGO-POJ-0131")
            .into());
        };
        indigo::import(&a.tables, project)?
    };
    let observed_to = a.observed.as_ref().filter(|_| imp.observed.is_some());
    if let (Some(o), Some(c)) = (&a.observed, &a.out)
        && same_file(o, c)
    {
        return Err(Diagnostic::error(format!(
            "`--out` and `--observed` name the same file `{}`",
            c.display()
        ))
        .help("give the observed outcomes a file of their own, e.g. observed/<deal>.toml")
        .into());
    }
    for path in a.out.iter().chain(observed_to) {
        check_target(path, a.force)?;
    }
    let mut warnings = imp.warnings.clone();
    let valid = self_check(&imp, a, &mut warnings);
    let mut files = Vec::new();
    if let Some(path) = &a.out {
        files.push((path.as_path(), imp.contract.as_str()));
    }
    if let (Some(path), Some(text)) = (observed_to, &imp.observed) {
        files.push((path.as_path(), text.as_str()));
    }
    write_all(&files)?;
    let summary = summary(&imp.summary, a, imp.observed.is_some(), valid, loc);
    Ok(match &a.out {
        Some(_) => Output {
            stdout: summary,
            warnings,
            notes: Vec::new(),
        },
        None => Output {
            stdout: imp.contract.clone(),
            warnings,
            notes: summary.lines().map(str::to_string).collect(),
        },
    })
}

/// Whether two paths name the same file (as written, or once resolved when they exist).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
}

/// A file the import may write: not a folder, and not an existing file without `--force`.
fn check_target(path: &Path, force: bool) -> Result<(), Diagnostics> {
    let shown = path.display();
    if path.is_dir() {
        return Err(
            Diagnostic::error(format!("`{shown}` is a folder, not a file to write"))
                .help("give a file name, e.g. contracts/<deal>.toml")
                .into(),
        );
    }
    if path.exists() && !force {
        return Err(
            Diagnostic::error(format!("`{shown}` exists: the import does not replace it"))
                .help("give another file name, or add --force to replace it")
                .into(),
        );
    }
    Ok(())
}

/// Reads the skeleton (and the observed file) back through the validation of `sibyl check`
/// and `sibyl settle`. Their errors, should there be any, become warnings: the files are
/// still written, for a person to finish.
fn self_check(imp: &Import, a: &Indigo, warnings: &mut Diagnostics) -> bool {
    let name = |p: &Option<PathBuf>, default: &str| {
        p.as_ref()
            .map_or_else(|| default.to_string(), |p| p.display().to_string())
    };
    let contract = Source::new(name(&a.out, "<contract skeleton>"), imp.contract.clone());
    let demote = |e: Diagnostics, warnings: &mut Diagnostics| {
        for mut d in e.0 {
            if d.is_error() {
                d.severity = Severity::Warning;
                d = d.help_opt(Some(
                    "the import should always write files that sibyl reads: please report this with the record's project id".to_string(),
                ));
            }
            warnings.push(d);
        }
    };
    match contract_from_source(&contract) {
        Ok(c) => {
            let Some(text) = &imp.observed else {
                return true;
            };
            let observed = Source::new(name(&a.observed, "<observed outcomes>"), text.clone());
            match observed_from_source(&observed, &c.value) {
                Ok(_) => true,
                Err(e) => {
                    demote(e, warnings);
                    false
                }
            }
        }
        Err(e) => {
            demote(e, warnings);
            false
        }
    }
}

/// Writes each file beside itself under a hidden name, then renames it into place, so that
/// a failed write leaves no half file.
fn write_all(files: &[(&Path, &str)]) -> Result<(), Diagnostics> {
    let mut staged = Vec::new();
    let cleanup = |staged: &[(PathBuf, &Path)]| {
        for (tmp, _) in staged {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, text) in files {
        let Some(name) = path.file_name() else {
            cleanup(&staged);
            return Err(
                Diagnostic::error(format!("`{}` is not a file name", path.display()))
                    .help("give a file name, e.g. contracts/<deal>.toml")
                    .into(),
            );
        };
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = dir.join(format!(
            ".{}.partial-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        if let Err(e) = std::fs::write(&tmp, text) {
            cleanup(&staged);
            let _ = std::fs::remove_file(&tmp);
            return Err(
                Diagnostic::error(format!("cannot write `{}`: {}", path.display(), e))
                    .help("check that the folder exists and can be written")
                    .into(),
            );
        }
        staged.push((tmp, *path));
    }
    for (i, (tmp, path)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            cleanup(&staged[i..]);
            return Err(
                Diagnostic::error(format!("cannot write `{}`: {}", path.display(), e))
                    .help("check that the folder can be written")
                    .into(),
            );
        }
    }
    Ok(())
}

/// The most TODO groups the summary lists one by one.
const LISTED: usize = 15;

/// What was found and what is left to fill in, for people.
fn summary(s: &Summary, a: &Indigo, has_observed: bool, valid: bool, loc: &Locale) -> String {
    let mut out = String::new();
    let mut line = |indent: usize, text: String| {
        out.push_str(&" ".repeat(indent));
        out.push_str(&text);
        out.push('\n');
    };
    let name = if s.name.is_empty() {
        "-"
    } else {
        s.name.as_str()
    };
    line(
        0,
        tr!(
            loc,
            "import-title",
            project = s.project.as_str(),
            name = name
        ),
    );
    if s.origin != indigo::record::Origin::Tables {
        line(
            2,
            tr!(
                loc,
                "import-from-record",
                path = a.tables.display().to_string()
            ),
        );
    }
    line(
        2,
        match &a.out {
            Some(p) => tr!(loc, "import-contract-file", path = p.display().to_string()),
            None => loc.t("import-contract-stdout"),
        },
    );
    line(
        2,
        match (&a.observed, has_observed) {
            (_, false) => loc.t("import-observed-none"),
            (Some(p), true) => tr!(loc, "import-observed-file", path = p.display().to_string()),
            (None, true) => tr!(
                loc,
                "import-observed-not-asked",
                counts = loc.num(s.counts as f64)
            ),
        },
    );
    line(
        2,
        tr!(
            loc,
            "import-found",
            parties = loc.num(s.parties as f64),
            metrics = loc.num(s.metrics as f64),
            prices = loc.num(s.prices as f64),
            tranches = loc.num(s.tranches as f64),
            counts = loc.num(s.counts as f64)
        ),
    );
    let mut todos = s.contract_todos.clone();
    if a.observed.is_some() {
        todos.extend(s.observed_todos.iter().cloned());
    }
    if todos.is_empty() {
        line(2, loc.t("import-todo-none"));
    } else {
        line(
            2,
            tr!(loc, "import-todo", count = loc.num(todos.len() as f64)),
        );
        let groups = todo_groups(&todos);
        for (path, n) in groups.iter().take(LISTED) {
            line(
                4,
                if *n > 1 {
                    format!("{path} ({n})")
                } else {
                    path.clone()
                },
            );
        }
        if groups.len() > LISTED {
            line(
                4,
                tr!(
                    loc,
                    "import-todo-more",
                    count = loc.num((groups.len() - LISTED) as f64)
                ),
            );
        }
    }
    let unnamed = s
        .contract_todos
        .iter()
        .filter(|t| t.starts_with("parties.") && t.ends_with(".name"))
        .count();
    if !s.has_orgs && unnamed > 0 {
        line(
            2,
            tr!(
                loc,
                "import-no-organisations",
                count = loc.num(unnamed as f64)
            ),
        );
    }
    if let Some(x) = s.recorded {
        line(
            2,
            tr!(loc, "import-recorded", amount = loc.amount(&s.currency, x)),
        );
    }
    if let (Some(x), true) = (s.computed, s.counts > 0 && s.prices > 0) {
        line(
            2,
            tr!(loc, "import-computed", amount = loc.amount(&s.currency, x)),
        );
    }
    if !s.missing_tables.is_empty() {
        line(
            2,
            tr!(loc, "import-missing", tables = s.missing_tables.join(", ")),
        );
    }
    line(
        2,
        loc.t(if valid {
            "import-valid"
        } else {
            "import-invalid"
        }),
    );
    out
}
