//! `sibyl import indigo`: one project of INDIGO, the Government Outcomes Lab's open data on
//! impact bonds (the INDIGO data standard, published as CSV tables and as one JSON record a
//! project), as a contract skeleton and, where the record counts outcomes, an
//! observed-outcomes file.
//!
//! The tables are read with the `csv` crate (`table`) into a typed record ([`record`])
//! whose every value knows its table, line, row and column; a project record in JSON is
//! read ([`json`]) into the same record, each value knowing its line and JSON pointer, so
//! that one writer serves both. `value` reads what people
//! typed into the cells ("$11.712M", "2015-01", "Quasi-equity"). The skeleton (`contract`)
//! and the observed file (`observed`) are then written as text with the citations as
//! comments. A table the folder lacks is skipped and named; a cell that
//! cannot be read becomes a TODO quoting it; only a folder or file that cannot be read as
//! INDIGO's tables at all is an error.

mod contract;
pub mod json;
mod observed;
pub mod record;
mod table;
mod value;

use std::path::Path;

use crate::diagnostics::Diagnostics;

/// What an import produced.
#[derive(Debug)]
pub struct Import {
    /// The contract skeleton (TOML).
    pub contract: String,
    /// The observed-outcomes file (TOML), when the record counts outcomes.
    pub observed: Option<String>,
    pub summary: Summary,
    /// Problems in the record worth a look (a count above the participants, a short row).
    pub warnings: Diagnostics,
}

/// What was found and what is left to fill in, for the summary people read.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Where the record was read from.
    pub origin: record::Origin,
    pub project: String,
    pub name: String,
    pub parties: usize,
    pub metrics: usize,
    pub prices: usize,
    pub tranches: usize,
    /// Outcome counts written to the observed file.
    pub counts: usize,
    /// The TODOs of the contract and of the observed file, by where they are
    /// (`deal.period`, `metrics.outcomemetric1.kind`).
    pub contract_todos: Vec<String>,
    pub observed_todos: Vec<String>,
    /// Optional tables the folder does not have.
    pub missing_tables: Vec<String>,
    /// Whether the record lists its organisations (the CSV tables and INDIGO's API do, a
    /// record of the project schema alone does not).
    pub has_orgs: bool,
    pub currency: String,
    /// The outcome payments the record states, in the deal's currency.
    pub recorded: Option<f64>,
    /// What the skeleton's prices pay for the observed counts, before caps.
    pub computed: Option<f64>,
}

/// Imports project `project` (`INDIGO-POJ-0131`, or `131`) from the folder of INDIGO's CSV
/// tables.
pub fn import(dir: &Path, project: &str) -> Result<Import, Diagnostics> {
    let (rec, warnings) = record::load(dir, project)?;
    Ok(write(&rec, warnings))
}

/// Imports the project record in JSON at `path`; `project`, when given, must be its id.
pub fn import_json(path: &Path, project: Option<&str>) -> Result<Import, Diagnostics> {
    let (rec, warnings) = json::load(path, project)?;
    Ok(write(&rec, warnings))
}

/// The skeleton and observed file of a record, whichever way it was read.
fn write(rec: &record::Record, mut warnings: Diagnostics) -> Import {
    let sk = contract::skeleton(rec);
    let obs = observed::observed(rec, &sk, &mut warnings);
    let mut contract = String::new();
    let todos = sk.doc.todos.len();
    contract.push_str(&sk.doc.text);
    let head = if todos == 0 {
        "# Nothing is left marked TODO.\n".to_string()
    } else {
        format!("# {todos} values are marked TODO: search the file for `TODO`.\n")
    };
    // After the opening comment, before the first table.
    let at = contract.find("\n[").map_or(0, |i| i + 1);
    contract.insert_str(at, &format!("{head}\n"));
    let recorded = observed::recorded_payments(rec, &sk.currency).map(|(x, _)| x);
    let summary = Summary {
        origin: rec.origin.clone(),
        project: rec.project.id.clone(),
        name: rec
            .project
            .name
            .given()
            .map_or_else(String::new, |n| n.text.clone()),
        parties: sk.parties,
        metrics: sk.metrics.len(),
        prices: sk.prices,
        tranches: sk.tranches,
        counts: obs.as_ref().map_or(0, |o| o.counts),
        contract_todos: sk.doc.todos.clone(),
        observed_todos: obs
            .as_ref()
            .map(|o| o.doc.todos.clone())
            .unwrap_or_default(),
        missing_tables: rec.missing_tables.iter().map(|s| s.to_string()).collect(),
        has_orgs: rec.origin == record::Origin::Tables || !rec.orgs.is_empty(),
        currency: sk.currency.clone(),
        recorded,
        computed: obs.as_ref().map(|o| o.computed),
    };
    Import {
        contract,
        observed: obs.map(|o| o.doc.text),
        summary,
        warnings,
    }
}

/// TODOs grouped where several differ only in an id (`metrics.*.kind` for 21 metrics),
/// in the order they first appear, each with how many it stands for.
pub fn todo_groups(todos: &[String]) -> Vec<(String, usize)> {
    // The id in a path: the second part in a table of ids (`metrics.<id>.kind`), else the
    // last (`rules.rate_card.prices.<metric>`).
    let pattern = |t: &str| -> String {
        let mut parts: Vec<&str> = t.split('.').collect();
        let tables = [
            "metrics",
            "tranches",
            "parties",
            "results",
            "guarantees",
            "cohorts",
        ];
        let last = parts.len() - 1;
        if parts.len() >= 2 && tables.contains(&parts[0]) {
            parts[1] = "*";
        } else if (parts[0] == "rules" && parts.len() >= 4)
            || (parts[0] == "caps" && parts.len() == 3)
        {
            parts[last] = "*";
        }
        parts.join(".")
    };
    let mut groups: Vec<(String, usize)> = Vec::new();
    let mut members: Vec<Vec<&str>> = Vec::new();
    for t in todos {
        let p = pattern(t);
        match groups.iter().position(|(g, _)| *g == p) {
            Some(i) => {
                groups[i].1 += 1;
                if !members[i].contains(&t.as_str()) {
                    members[i].push(t);
                }
            }
            None => {
                groups.push((p, 1));
                members.push(vec![t]);
            }
        }
    }
    // A pattern that stands for one path only is shown as that path.
    groups
        .into_iter()
        .zip(members)
        .map(|((g, n), m)| {
            if m.len() == 1 {
                (m[0].to_string(), n)
            } else {
                (g, n)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn todos_group_by_what_differs_only_in_an_id() {
        let todos: Vec<String> = [
            "deal.period",
            "metrics.a.kind",
            "metrics.b.kind",
            "metrics.a.measured_at",
            "tranches.t1.amount",
            "rules.rate_card.cap_per_participant",
            "rules.rate_card.cap_per_participant",
            "rules.rate_card.payers",
            "rules.rate_card.prices.a",
            "rules.rate_card.prices.b",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            todo_groups(&todos),
            [
                ("deal.period".to_string(), 1),
                ("metrics.*.kind".to_string(), 2),
                ("metrics.a.measured_at".to_string(), 1),
                ("tranches.t1.amount".to_string(), 1),
                ("rules.rate_card.cap_per_participant".to_string(), 2),
                ("rules.rate_card.payers".to_string(), 1),
                ("rules.rate_card.prices.*".to_string(), 2),
            ]
        );
    }
}
