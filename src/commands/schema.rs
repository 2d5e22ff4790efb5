//! `sibyl schema [contract|scenario]`: JSON Schema of the file kinds, for editors.

use schemars::generate::SchemaSettings;

use crate::raw::{contract::ContractFile, observed::ObservedFile, scenario::ScenarioFile};

use super::Output;

/// Print the JSON Schema of a file kind, for editor completion and checking.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Which file kind.
    #[arg(value_enum, default_value_t = Kind::Contract)]
    pub kind: Kind,
}

/// Which file kind's schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Contract files (contracts/*.toml).
    Contract,
    /// Scenario files (scenarios/*.toml).
    Scenario,
    /// Observed-outcome files (observed/*.toml).
    Observed,
}

pub fn run(args: &Args) -> Output {
    Output {
        stdout: json(args.kind),
        ..Output::default()
    }
}

/// The schema as pretty-printed JSON (draft-07, the draft editors support best).
pub fn json(kind: Kind) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let (mut schema, id, title) = match kind {
        Kind::Contract => (
            generator.into_root_schema_for::<ContractFile>(),
            "contract",
            "sibyl contract",
        ),
        Kind::Scenario => (
            generator.into_root_schema_for::<ScenarioFile>(),
            "scenario",
            "sibyl scenario",
        ),
        Kind::Observed => (
            generator.into_root_schema_for::<ObservedFile>(),
            "observed",
            "sibyl observed outcomes",
        ),
    };
    schema.insert("$id".into(), format!("urn:sibyl:schema:{id}").into());
    schema.insert("title".into(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema is plain JSON");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_the_top_level_tables_and_rule_types() {
        let s: serde_json::Value = serde_json::from_str(&json(Kind::Contract)).unwrap();
        let props = s["properties"].as_object().unwrap();
        for key in [
            "deal",
            "parties",
            "cohorts",
            "metrics",
            "rules",
            "caps",
            "tranches",
            "guarantees",
            "termination",
        ] {
            assert!(props.contains_key(key), "missing {key}");
        }
        assert!(json(Kind::Contract).contains("savings_share"));
        assert!(json(Kind::Scenario).contains("logit_normal"));
    }
}
