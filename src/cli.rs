//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Shows, before anyone signs, how an outcome-based contract is likely to behave.
#[derive(Debug, Parser)]
#[command(name = "sibyl", version, about, max_term_width = 100)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a contract (and a scenario against it) and print what sibyl understood.
    Check {
        /// The contract file (contracts/*.toml).
        contract: PathBuf,
        /// A scenario file (scenarios/*.toml) to check against the contract.
        #[arg(long, short)]
        scenario: Option<PathBuf>,
    },
    /// Describe the deal in plain language, with a worked example at the expected effect.
    Explain {
        /// The contract file (contracts/*.toml).
        contract: PathBuf,
        /// A scenario file giving the expected world for the worked example.
        #[arg(long, short)]
        scenario: Option<PathBuf>,
    },
    /// Print the JSON Schema of a file kind, for editor completion and checking.
    Schema {
        /// Which file kind.
        #[arg(value_enum, default_value_t = SchemaKind::Contract)]
        kind: SchemaKind,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// Contract files (contracts/*.toml).
    Contract,
    /// Scenario files (scenarios/*.toml).
    Scenario,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when standard error is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}
