//! The command line: one subcommand per command, each with the arguments its module
//! declares.

use clap::{Parser, Subcommand, ValueEnum};
use sibyl::commands::{self, Output};
use sibyl::diagnostics::Diagnostics;

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

/// The commands; each one's help is the doc comment of its `Args`.
#[derive(Debug, Subcommand)]
pub enum Command {
    Check(commands::check::Args),
    Explain(commands::explain::Args),
    Run(commands::run::Args),
    Compare(commands::compare::Args),
    Stress(commands::stress::Args),
    Sensitivity(commands::sensitivity::Args),
    Breakeven(commands::breakeven::Args),
    Settle(commands::settle::Args),
    Schema(commands::schema::Args),
}

impl Command {
    pub fn run(&self) -> Result<Output, Diagnostics> {
        match self {
            Command::Check(a) => commands::check::run(a),
            Command::Explain(a) => commands::explain::run(a),
            Command::Run(a) => commands::run::run(a),
            Command::Compare(a) => commands::compare::run(a),
            Command::Stress(a) => commands::stress::run(a),
            Command::Sensitivity(a) => commands::sensitivity::run(a),
            Command::Breakeven(a) => commands::breakeven::run(a),
            Command::Settle(a) => commands::settle::run(a),
            Command::Schema(a) => Ok(commands::schema::run(a)),
        }
    }
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
