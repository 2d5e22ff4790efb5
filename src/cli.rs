//! The command line: one subcommand per command, each with the arguments its module
//! declares.

use clap::{Parser, Subcommand, ValueEnum};
use sibyl::commands::{self, Output};
use sibyl::diagnostics::Diagnostics;
use sibyl::i18n::{Lang, Locale};

/// Shows, before anyone signs, how an outcome-based contract is likely to behave.
#[derive(Debug, Parser)]
#[command(name = "sibyl", version, about, max_term_width = 100)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    /// Language of what people read (tables, explanations, reports): en, bg, sv or fi
    /// [default: from LC_ALL, LC_MESSAGES or LANG, else en]. JSON, CSV and error messages
    /// stay English.
    #[arg(long, value_enum, global = true)]
    pub lang: Option<Lang>,
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
    Merge(commands::merge::Args),
    Stress(commands::stress::Args),
    Sensitivity(commands::sensitivity::Args),
    Breakeven(commands::breakeven::Args),
    Settle(commands::settle::Args),
    Report(commands::report::Args),
    Sweep(commands::sweep::Args),
    Schema(commands::schema::Args),
    Import(commands::import::Args),
    Serve(commands::serve::Args),
}

impl Command {
    /// A usage error the parser cannot see (it depends on what a path is): the
    /// sub-command's names and the message.
    pub fn usage_error(&self) -> Option<(Vec<&'static str>, String)> {
        match self {
            Command::Import(a) => commands::import::usage_error(a),
            Command::Run(a) => commands::run::usage_error(a),
            Command::Compare(a) => commands::compare::usage_error(a),
            Command::Sweep(a) => commands::sweep::usage_error(a),
            Command::Merge(a) => commands::merge::usage_error(a),
            _ => None,
        }
    }

    pub fn run(&self, loc: &Locale) -> Result<Output, Diagnostics> {
        match self {
            Command::Check(a) => commands::check::run(a, loc),
            Command::Explain(a) => commands::explain::run(a, loc),
            Command::Run(a) => commands::run::run(a, loc),
            Command::Compare(a) => commands::compare::run(a, loc),
            Command::Merge(a) => commands::merge::run(a, loc),
            Command::Stress(a) => commands::stress::run(a, loc),
            Command::Sensitivity(a) => commands::sensitivity::run(a, loc),
            Command::Breakeven(a) => commands::breakeven::run(a, loc),
            Command::Settle(a) => commands::settle::run(a, loc),
            Command::Report(a) => commands::report::run(a, loc),
            Command::Sweep(a) => commands::sweep::run(a, loc),
            Command::Schema(a) => Ok(commands::schema::run(a)),
            Command::Import(a) => commands::import::run(a, loc),
            Command::Serve(a) => sibyl::serve::run(a, loc),
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
