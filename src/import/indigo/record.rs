//! One project's INDIGO record, typed: the rows of every table that speak of it, each
//! value a [`Cell`] that knows its table, line, row and column, so that whatever the
//! skeleton takes from it can be cited and whatever is wrong with it can be shown.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Source, did_you_mean};

use super::table::{self, Row, Table};
use super::value;

pub const PROJECTS: &str = "original_projects.csv";
pub const METRICS: &str = "original_projects_outcome_metrics.csv";
pub const PRICINGS: &str = "original_projects_outcome_pricings.csv";
pub const RESULTS: &str = "original_projects_results.csv";
pub const PAYMENTS: &str = "original_projects_outcome_payments.csv";
pub const COMMITMENTS: &str = "original_projects_outcome_payment_commitments.csv";
pub const INVESTMENTS: &str = "original_projects_investments.csv";
pub const PROVISIONS: &str = "original_projects_service_provisions.csv";
pub const INTERMEDIARIES: &str = "original_projects_intermediary_services.csv";
pub const SOURCES: &str = "original_projects_sources.csv";
pub const ORGANISATIONS: &str = "original_organisations.csv";

/// Where a value is in the record: a cell of one of INDIGO's CSV tables, or a value of a
/// project record in JSON.
#[derive(Debug, Clone)]
pub struct At {
    source: Arc<Source>,
    place: Place,
}

#[derive(Debug, Clone)]
enum Place {
    Cell {
        table: &'static str,
        column: &'static str,
        line: u64,
        /// The row's id: the project's, a metric's, an investment's, an organisation's.
        row: String,
        start: usize,
        /// The column's index; `None` when the table has no such column.
        index: Option<usize>,
    },
    Json {
        /// The file's name, as a citation gives it.
        file: String,
        /// The value's JSON pointer (`/outcome_pricings/0/price_per_unit/amount/value`).
        pointer: String,
        /// The value's bytes in the file; empty at its parent when the record lacks it.
        span: Range<usize>,
    },
}

impl At {
    /// A cell of a CSV table.
    pub(super) fn cell(
        source: &Arc<Source>,
        table: &'static str,
        column: &'static str,
        line: u64,
        row: String,
        start: usize,
        index: Option<usize>,
    ) -> At {
        At {
            source: Arc::clone(source),
            place: Place::Cell {
                table,
                column,
                line,
                row,
                start,
                index,
            },
        }
    }

    /// A value of a JSON record.
    pub(super) fn json(
        source: &Arc<Source>,
        file: &str,
        pointer: String,
        span: Range<usize>,
    ) -> At {
        At {
            source: Arc::clone(source),
            place: Place::Json {
                file: file.to_string(),
                pointer,
                span,
            },
        }
    }

    /// `original_projects_outcome_pricings.csv line 13 (outcomemetric1) "Price Per Unit -
    /// Amount - (Value)"`, or `INDIGO-POJ-0131.json line 40
    /// /outcome_pricings/0/price_per_unit/amount/value`.
    pub fn cite(&self) -> String {
        match &self.place {
            Place::Cell {
                table,
                column,
                line,
                row,
                ..
            } => format!("{table} line {line} ({row}) \"{column}\""),
            Place::Json { file, pointer, .. } => {
                format!("{file} line {} {pointer}", self.line())
            }
        }
    }

    /// The table's file name, or the JSON file's.
    pub fn file(&self) -> &str {
        match &self.place {
            Place::Cell { table, .. } => table,
            Place::Json { file, .. } => file,
        }
    }

    /// The column's name, or the value's JSON pointer.
    pub fn column(&self) -> &str {
        match &self.place {
            Place::Cell { column, .. } => column,
            Place::Json { pointer, .. } => pointer,
        }
    }

    /// The line the row starts on, or the line of the value.
    pub fn line(&self) -> u64 {
        match &self.place {
            Place::Cell { line, .. } => *line,
            Place::Json { span, .. } => self.source.line_col(span.start).0 as u64,
        }
    }

    /// Where several values are, for one comment: `original_projects_outcome_pricings.csv
    /// lines 3, 5, "Notes"`, or `x.json line 40 /outcome_pricings/0/notes, line 52
    /// /outcome_pricings/1/notes`.
    pub fn cite_all(all: &[&At]) -> String {
        let Some(first) = all.first() else {
            return String::new();
        };
        match &first.place {
            Place::Cell { table, column, .. } => {
                let lines: Vec<String> = all.iter().map(|a| a.line().to_string()).collect();
                format!("{table} lines {}, \"{column}\"", lines.join(", "))
            }
            Place::Json { file, .. } => {
                let places: Vec<String> = all
                    .iter()
                    .map(|a| format!("line {} {}", a.line(), a.column()))
                    .collect();
                format!("{file} {}", places.join(", "))
            }
        }
    }

    /// The cell's bytes in its file, for a diagnostic.
    pub fn span(&self) -> Range<usize> {
        match &self.place {
            Place::Cell {
                start,
                index: Some(i),
                ..
            } => table::field_span(&self.source.text, *start, *i),
            Place::Cell { start, .. } => *start..*start,
            Place::Json { span, .. } => span.clone(),
        }
    }

    pub fn source(&self) -> &Arc<Source> {
        &self.source
    }

    /// A warning at this cell.
    pub fn warning(&self, message: String, label: &str, help: &str) -> Diagnostic {
        Diagnostic::warning(message)
            .at(&self.source, self.span())
            .label(label)
            .help(help)
    }
}

/// A cell's text, trimmed, and where it is.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub at: At,
}

impl Cell {
    /// A cell of a one-row table, for tests of what reads cells.
    #[cfg(test)]
    pub fn of(text: &str) -> Cell {
        Cell {
            text: text.trim().to_string(),
            at: At::cell(
                &Source::new("t.csv", format!("a\n{text}\n")),
                PRICINGS,
                "Price Per Unit - Amount - (Value)",
                2,
                "outcomemetric1".into(),
                2,
                Some(0),
            ),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The cell when it holds something.
    pub fn given(&self) -> Option<&Cell> {
        (!self.is_empty()).then_some(self)
    }
}

/// The project's own row of `original_projects.csv`.
#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub name: Cell,
    pub stage: Cell,
    pub contract_signed: Cell,
    pub all_signed: Cell,
    pub completion_anticipated: Cell,
    pub completion_actual: Cell,
    pub service_start: Cell,
    pub service_end_anticipated: Cell,
    pub service_end_actual: Cell,
    pub duration_anticipated: Cell,
    pub duration_actual: Cell,
    pub investment_currency: Cell,
    pub investment_min: Cell,
    pub investment_exact: Cell,
    pub investment_max: Cell,
    pub max_outcome_currency: Cell,
    pub max_outcome: Cell,
    pub max_return_type: Cell,
    pub max_return: Cell,
    pub paid_currency: Cell,
    pub paid: Cell,
    pub intervention: Cell,
    pub challenge: Cell,
    pub target: Cell,
    pub engaged: Cell,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub id: Cell,
    pub definition: Cell,
    pub target: Cell,
    pub validation: Cell,
    pub notes: Cell,
}

#[derive(Debug, Clone)]
pub struct Pricing {
    pub metric: Cell,
    pub currency: Cell,
    pub price: Cell,
    pub max_price: Cell,
    pub description: Cell,
    pub notes: Cell,
}

/// A row of `original_projects_results.csv`.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub metric: Cell,
    pub level: Cell,
    pub kind: Cell,
    pub start: Cell,
    pub end: Cell,
    pub achieved: Cell,
    pub engaged: Cell,
    pub positive: Cell,
}

#[derive(Debug, Clone)]
pub struct Payment {
    pub metric: Cell,
    pub start: Cell,
    pub end: Cell,
    pub payer: Cell,
    pub kind: Cell,
    pub currency: Cell,
    pub amount: Cell,
    pub notes: Cell,
}

#[derive(Debug, Clone)]
pub struct Commitment {
    pub org: Cell,
    pub max_currency: Cell,
    pub max: Cell,
    pub paid_currency: Cell,
    pub paid: Cell,
}

#[derive(Debug, Clone)]
pub struct Investment {
    pub id: Cell,
    pub org: Cell,
    pub currency: Cell,
    pub min: Cell,
    pub exact: Cell,
    pub max: Cell,
    pub return_type: Cell,
    pub max_return: Cell,
    pub kind: Cell,
    pub notes: Cell,
}

#[derive(Debug, Clone)]
pub struct Intermediary {
    pub org: Cell,
    pub category: Cell,
    pub description: Cell,
}

#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub name: Cell,
}

#[derive(Debug, Clone)]
pub struct SourceRef {
    pub name: Cell,
    pub url: Cell,
}

/// Where a record was read from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// The folder of INDIGO's CSV tables.
    Tables,
    /// A project record in JSON, as INDIGO's data standard describes it; the file's name.
    Json(String),
}

/// Every row of the record that the import reads.
#[derive(Debug, Clone)]
pub struct Record {
    pub origin: Origin,
    pub project: Project,
    pub metrics: Vec<Metric>,
    pub pricings: Vec<Pricing>,
    pub results: Vec<Outcome>,
    pub payments: Vec<Payment>,
    pub commitments: Vec<Commitment>,
    pub investments: Vec<Investment>,
    pub providers: Vec<Cell>,
    pub intermediaries: Vec<Intermediary>,
    pub orgs: Vec<Org>,
    pub sources: Vec<SourceRef>,
    /// The optional tables the folder does not have.
    pub missing_tables: Vec<&'static str>,
}

impl Record {
    pub fn org(&self, id: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    /// Where the record names its organisations, for a TODO about one it lacks.
    pub fn orgs_place(&self) -> &str {
        match &self.origin {
            Origin::Tables => ORGANISATIONS,
            Origin::Json(_) => "the record's organisations",
        }
    }

    /// Where the record prices outcomes, for a note.
    pub fn pricings_place(&self) -> &str {
        match &self.origin {
            Origin::Tables => PRICINGS,
            Origin::Json(_) => "outcome_pricings",
        }
    }
}

/// Reads cells of one row, noting the columns the table lacks.
struct Reader<'a> {
    table: &'a Table,
    row: &'a Row,
    id: String,
    missing: &'a mut BTreeSet<(&'static str, &'static str)>,
}

impl Reader<'_> {
    fn cell(&mut self, column: &'static str) -> Cell {
        let index = self.table.column(column);
        if index.is_none() {
            self.missing.insert((self.table.name, column));
        }
        let text = index
            .and_then(|i| self.row.cells.get(i))
            .map_or("", |s| s.trim())
            .to_string();
        Cell {
            text,
            at: At::cell(
                &self.table.source,
                self.table.name,
                column,
                self.row.line,
                self.id.clone(),
                self.row.start,
                index,
            ),
        }
    }
}

/// A project id as typed: `INDIGO-POJ-0131`, or its number (`131`, `0131`).
pub fn project_id(text: &str) -> String {
    let t = text.trim();
    if !t.is_empty() && t.len() <= 6 && t.chars().all(|c| c.is_ascii_digit()) {
        let n: u32 = t.parse().unwrap_or(0);
        return format!("INDIGO-POJ-{n:04}");
    }
    t.to_ascii_uppercase()
}

/// Reads the record of `project` from the folder of INDIGO's CSV tables.
pub fn load(dir: &Path, project: &str) -> Result<(Record, Diagnostics), Diagnostics> {
    let mut warnings = Diagnostics::new();
    let mut missing_columns = BTreeSet::new();
    if !dir.is_dir() {
        let shown = dir.display();
        return Err(Diagnostic::error(if dir.exists() {
            format!("`{shown}` is a file: give the folder that holds INDIGO's CSV tables")
        } else {
            format!("cannot read the folder `{shown}`: no such folder")
        })
        .help("give the folder of INDIGO's CSV export, e.g. archive/imported-data/impact-bonds/all-data-by-type/ of the public mirror")
        .into());
    }
    let id = project_id(project);
    let projects = table::read(dir, PROJECTS, "ID", |_| true, &mut warnings)?.ok_or_else(|| {
        Diagnostics::from(
            Diagnostic::error(format!(
                "`{}` has no {PROJECTS}: it is not a folder of INDIGO's CSV tables",
                dir.display()
            ))
            .help("give the folder of INDIGO's CSV export, e.g. archive/imported-data/impact-bonds/all-data-by-type/ of the public mirror"),
        )
    })?;
    let key = projects.column("ID").unwrap_or(0);
    let ours: Vec<&Row> = projects
        .rows
        .iter()
        .filter(|r| {
            r.cells
                .get(key)
                .is_some_and(|c| c.trim().eq_ignore_ascii_case(&id))
        })
        .collect();
    let Some(row) = ours.first() else {
        let ids: Vec<&str> = projects
            .rows
            .iter()
            .filter_map(|r| r.cells.get(key).map(|c| c.trim()))
            .filter(|c| !c.is_empty())
            .collect();
        let help = match did_you_mean(&id, ids.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the table lists {} projects, from `{}` to `{}`",
                ids.len(),
                ids.first().unwrap_or(&"-"),
                ids.last().unwrap_or(&"-")
            ),
        };
        return Err(
            Diagnostic::error(format!("no project `{id}` in {}", projects.source.path))
                .in_file(&projects.source)
                .help(help)
                .into(),
        );
    };
    for extra in ours.iter().skip(1) {
        warnings.push(
            Diagnostic::warning(format!(
                "`{id}` has more than one row in {PROJECTS}: the first (line {}) is used",
                row.line
            ))
            .at(&projects.source, projects.cell_span(extra, key))
            .label("another row of the project")
            .help("remove the duplicate row, or check which is right"),
        );
    }
    let mut r = Reader {
        table: &projects,
        row,
        id: id.clone(),
        missing: &mut missing_columns,
    };
    let project = Project {
        id: id.clone(),
        name: r.cell("Impact Bond Name - (Value)"),
        stage: r.cell("Stage of Development - (Value)"),
        contract_signed: r.cell("Dates - Date outcomes contract signed - (Value)"),
        all_signed: r.cell("Dates - Date contracts between all parties signed - (Value)"),
        completion_anticipated: r.cell("Dates - Anticipated completion date - (Value)"),
        completion_actual: r.cell("Dates - Actual completion date - (Value)"),
        service_start: r.cell("Dates - Start date of service provision - (Value)"),
        service_end_anticipated: r.cell("Dates - Anticipated end date of service provision - (Value)"),
        service_end_actual: r.cell("Dates - Actual end date of service provision - (Value)"),
        duration_anticipated: r.cell("Dates - Anticipated duration of service provision - (Value)"),
        duration_actual: r.cell("Dates - Actual duration of service provision - (Value)"),
        investment_currency: r.cell("Overall project finance - Total investment commitment - Currency - (Value)"),
        investment_min: r.cell("Overall project finance - Total investment commitment - Amount - Min - (Value)"),
        investment_exact: r.cell("Overall project finance - Total investment commitment - Amount - Exact - (Value)"),
        investment_max: r.cell("Overall project finance - Total investment commitment - Amount - Max - (Value)"),
        max_outcome_currency: r.cell("Overall project finance - Maximum potential outcome payment - Currency - (Value)"),
        max_outcome: r.cell("Overall project finance - Maximum potential outcome payment - Amount - (Value)"),
        max_return_type: r.cell("Overall project finance - Maximum potential return type - (Value)"),
        max_return: r.cell("Overall project finance - Maximum potential return - (Value)"),
        paid_currency: r.cell("Overall project finance - Total outcome payments made - Currency - (Value)"),
        paid: r.cell("Overall project finance - Total outcome payments made - Amount - (Value)"),
        intervention: r.cell("Purpose and classifications - Intervention - (Value)"),
        challenge: r.cell("Purpose and classifications - Social challenge - (Value)"),
        target: r.cell("Service and beneficiaries - Targeted number of unique service users or beneficiaries (total) - (Value)"),
        engaged: r.cell("Service and beneficiaries - Actual number of unique service users or beneficiaries engaged (total) - (Value)"),
    };
    let mut missing_tables = Vec::new();
    let rows = |name: &'static str,
                key: &str,
                warnings: &mut Diagnostics,
                missing_tables: &mut Vec<&'static str>|
     -> Result<Option<Table>, Diagnostics> {
        let t = table::read(dir, name, key, |k| k.eq_ignore_ascii_case(&id), warnings)?;
        if t.is_none() {
            missing_tables.push(name);
        }
        Ok(t)
    };
    let metrics_t = rows(METRICS, "Project ID", &mut warnings, &mut missing_tables)?;
    let pricings_t = rows(PRICINGS, "Project ID", &mut warnings, &mut missing_tables)?;
    let results_t = rows(RESULTS, "Project ID", &mut warnings, &mut missing_tables)?;
    let payments_t = rows(PAYMENTS, "Project ID", &mut warnings, &mut missing_tables)?;
    let commitments_t = rows(
        COMMITMENTS,
        "Project ID",
        &mut warnings,
        &mut missing_tables,
    )?;
    let investments_t = rows(
        INVESTMENTS,
        "Project ID",
        &mut warnings,
        &mut missing_tables,
    )?;
    let provisions_t = rows(PROVISIONS, "Project ID", &mut warnings, &mut missing_tables)?;
    let intermediaries_t = rows(
        INTERMEDIARIES,
        "Project ID",
        &mut warnings,
        &mut missing_tables,
    )?;
    let sources_t = rows(SOURCES, "Project ID", &mut warnings, &mut missing_tables)?;

    // Each table's rows, read with the row's own id where it has one.
    fn each<T>(
        t: &Option<Table>,
        id_column: Option<&str>,
        missing: &mut BTreeSet<(&'static str, &'static str)>,
        mut f: impl FnMut(&mut Reader) -> T,
    ) -> Vec<T> {
        let Some(t) = t else { return Vec::new() };
        t.rows
            .iter()
            .enumerate()
            .map(|(n, row)| {
                let own = id_column
                    .and_then(|c| t.column(c))
                    .and_then(|i| row.cells.get(i))
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty());
                let id = match own {
                    Some(s) => crate::import::writer::shorten(s, 40),
                    None => format!("row {}", n + 1),
                };
                let mut r = Reader {
                    table: t,
                    row,
                    id,
                    missing: &mut *missing,
                };
                f(&mut r)
            })
            .collect()
    }
    let m = &mut missing_columns;
    let metrics = each(&metrics_t, Some("Id"), m, |r| Metric {
        id: r.cell("Id"),
        definition: r.cell("Outcome Definition - (Value)"),
        target: r.cell("Targeted number of service users Or beneficiaries (total) - (Value)"),
        validation: r.cell("Outcome validation Method - (Value)"),
        notes: r.cell("Notes"),
    });
    let pricings = each(&pricings_t, Some("Outcome Metric Id - (Value)"), m, |r| {
        Pricing {
            metric: r.cell("Outcome Metric Id - (Value)"),
            currency: r.cell("Currency - (Value)"),
            price: r.cell("Price Per Unit - Amount - (Value)"),
            max_price: r.cell("Maximum Price if all targets achieved - Amount - (Value)"),
            description: r.cell("Price Description - (Value)"),
            notes: r.cell("Notes"),
        }
    });
    let results = each(&results_t, Some("Outcome Metric Id - (Value)"), m, |r| {
        Outcome {
            metric: r.cell("Outcome Metric Id - (Value)"),
            level: r.cell("Result level - (Value)"),
            kind: r.cell("Result type - (Value)"),
            start: r.cell("Period - Start - (Value)"),
            end: r.cell("Period - End - (Value)"),
            achieved: r.cell("Outcomes achieved - (Value)"),
            engaged: r.cell("Number engaged In impact bond - (Value)"),
            positive: r.cell("Number with Positive social outcomes - (Value)"),
        }
    });
    let payments = each(&payments_t, Some("Outcome Metric Id - (Value)"), m, |r| {
        Payment {
            metric: r.cell("Outcome Metric Id - (Value)"),
            start: r.cell("Period - Start - (Value)"),
            end: r.cell("Period - End - (Value)"),
            payer: r.cell("Payer Organisation ID - (Value)"),
            kind: r.cell("Type - (Value)"),
            currency: r.cell("Payments - Currency - (Value)"),
            amount: r.cell("Payments - Amount - (Value)"),
            notes: r.cell("Notes"),
        }
    });
    let commitments = each(&commitments_t, Some("Organisation ID - (Value)"), m, |r| {
        Commitment {
            org: r.cell("Organisation ID - (Value)"),
            max_currency: r.cell("Maximum potential Outcome payment - Currency - (Value)"),
            max: r.cell("Maximum potential Outcome payment - Amount - (Value)"),
            paid_currency: r.cell("Total outcome payments made - Currency - (Value)"),
            paid: r.cell("Total outcome payments made - Amount - (Value)"),
        }
    });
    let investments = each(&investments_t, Some("Id"), m, |r| Investment {
        id: r.cell("Id"),
        org: r.cell("Organisation ID - (Value)"),
        currency: r.cell("Investment Commitment - Currency - (Value)"),
        min: r.cell("Investment Commitment - Amount - Min - (Value)"),
        exact: r.cell("Investment Commitment - Amount - Exact - (Value)"),
        max: r.cell("Investment Commitment - Amount - Max - (Value)"),
        return_type: r.cell("Maximum Potential Return Type - (Value)"),
        max_return: r.cell("Maximum Potential Return - (Value)"),
        kind: r.cell("Investment Type - (Value)"),
        notes: r.cell("Notes"),
    });
    let providers = each(&provisions_t, Some("Id"), m, |r| {
        r.cell("Organisation ID - (Value)")
    });
    let intermediaries = each(
        &intermediaries_t,
        Some("Organisation ID - (Value)"),
        m,
        |r| Intermediary {
            org: r.cell("Organisation ID - (Value)"),
            category: r.cell("Organisation Role Category - (Value)"),
            description: r.cell("Other Role Description - (Value)"),
        },
    );
    let sources = each(&sources_t, Some("Id"), m, |r| SourceRef {
        name: r.cell("Name - (Value)"),
        url: r.cell("URL - (Value)"),
    });

    // The organisations named, then their rows.
    let mut named = BTreeSet::new();
    for c in commitments
        .iter()
        .map(|c| &c.org)
        .chain(investments.iter().map(|i| &i.org))
        .chain(providers.iter())
        .chain(intermediaries.iter().map(|i| &i.org))
        .chain(payments.iter().map(|p| &p.payer))
    {
        named.extend(value::ids(&c.text));
    }
    let orgs_t = table::read(
        dir,
        ORGANISATIONS,
        "ID",
        |k| named.contains(&k.to_ascii_uppercase()),
        &mut warnings,
    )?;
    if orgs_t.is_none() {
        missing_tables.push(ORGANISATIONS);
    }
    let mut orgs: Vec<Org> = each(&orgs_t, Some("ID"), m, |r| Org {
        id: r.cell("ID").text.to_ascii_uppercase(),
        name: r.cell("Name"),
    });
    // The first row of an organisation listed twice.
    let mut seen = BTreeSet::new();
    orgs.retain(|o| seen.insert(o.id.clone()));

    for (table_name, column) in &missing_columns {
        let t = [
            Some(&projects),
            metrics_t.as_ref(),
            pricings_t.as_ref(),
            results_t.as_ref(),
            payments_t.as_ref(),
            commitments_t.as_ref(),
            investments_t.as_ref(),
            provisions_t.as_ref(),
            intermediaries_t.as_ref(),
            sources_t.as_ref(),
            orgs_t.as_ref(),
        ]
        .into_iter()
        .flatten()
        .find(|t| t.name == *table_name);
        if let Some(t) = t {
            warnings.push(
                Diagnostic::warning(format!(
                    "{table_name} has no column `{column}`: its values are read as missing"
                ))
                .at(&t.source, t.header_span())
                .label("the header row")
                .help("the import reads INDIGO's CSV export as the public mirror has it; a renamed column leaves its values as TODOs"),
            );
        }
    }

    Ok((
        Record {
            origin: Origin::Tables,
            project,
            metrics,
            pricings,
            results,
            payments,
            commitments,
            investments,
            providers,
            intermediaries,
            orgs,
            sources,
            missing_tables,
        },
        warnings,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_ids_as_typed() {
        assert_eq!(project_id("131"), "INDIGO-POJ-0131");
        assert_eq!(project_id("0131"), "INDIGO-POJ-0131");
        assert_eq!(project_id(" indigo-poj-0131 "), "INDIGO-POJ-0131");
        assert_eq!(project_id("99999999"), "99999999");
    }
}
