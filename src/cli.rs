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
    /// Simulate a contract under a scenario and summarise every party's results.
    Run {
        /// The contract file (contracts/*.toml).
        contract: PathBuf,
        /// The scenario file (scenarios/*.toml).
        #[arg(long, short)]
        scenario: PathBuf,
        /// Number of trials.
        #[arg(long, short = 'n', default_value_t = 100_000)]
        trials: u64,
        /// Random seed: the same inputs and seed give the same results on any thread count.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Apply a stress preset of the scenario.
        #[arg(long)]
        stress: Option<String>,
        /// Keep adding trials until the key standard errors are below this (IRR and MOIC in
        /// rate units, amounts paid as a share of their mean).
        #[arg(long)]
        precision: Option<f64>,
        /// The most trials --precision may use.
        #[arg(long, default_value_t = 10_000_000)]
        max_trials: u64,
        /// Folder for summary.json and trials.csv (default output/<contract>-<scenario>-s<seed>).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Output on standard output.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Also write trials.csv: a row per trial with the sampled assumptions and the metrics.
        #[arg(long)]
        per_trial: bool,
        /// Overwrite an existing run folder that holds a different run.
        #[arg(long)]
        force: bool,
    },
    /// Compare designs under one scenario on common random numbers: each design's figures
    /// side by side, and paired differences with their standard errors.
    Compare {
        /// Two or more contract files (the same file twice shows differences of exactly 0).
        #[arg(required = true, num_args = 2..)]
        contracts: Vec<PathBuf>,
        /// The scenario file, checked against every design.
        #[arg(long, short)]
        scenario: PathBuf,
        /// Number of trials.
        #[arg(long, short = 'n', default_value_t = 100_000)]
        trials: u64,
        /// Random seed: each design's figures equal `sibyl run` with the same seed and trials.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Apply a stress preset of the scenario to every design.
        #[arg(long)]
        stress: Option<String>,
        /// Output on standard output.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Stress a contract: the base case, the scenario's stress presets and built-in shocks
    /// (effect halved, referrals -30%, six months' delay, termination after year 2), on
    /// common random numbers, with how the key figures move.
    Stress {
        /// The contract file (contracts/*.toml).
        contract: PathBuf,
        /// The scenario file (scenarios/*.toml).
        #[arg(long, short)]
        scenario: PathBuf,
        /// Run only these presets of the scenario (default: all of them).
        #[arg(long = "preset", value_name = "NAME")]
        presets: Vec<String>,
        /// Leave out the built-in shocks.
        #[arg(long)]
        no_shocks: bool,
        /// Also settle the expected world with every metric's measured effect exactly this
        /// (in the scenario's effect units, e.g. 0.075 for a 7.5% reduction); repeatable.
        #[arg(long, value_name = "EFFECT", allow_negative_numbers = true)]
        measured: Vec<f64>,
        /// Number of trials per case.
        #[arg(long, short = 'n', default_value_t = 100_000)]
        trials: u64,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Output on standard output.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// What drives a metric: a tornado (each assumption from its p10 to its p90, the others
    /// at their medians) and rank correlations from a Monte Carlo run.
    Sensitivity {
        /// The contract file (contracts/*.toml).
        contract: PathBuf,
        /// The scenario file (scenarios/*.toml).
        #[arg(long, short)]
        scenario: PathBuf,
        /// A metric or probability name as `sibyl run` reports it, e.g. tranche.bonds.irr.
        #[arg(long, short)]
        metric: String,
        /// Apply a stress preset of the scenario first.
        #[arg(long)]
        stress: Option<String>,
        /// Number of trials per case.
        #[arg(long, short = 'n', default_value_t = 100_000)]
        trials: u64,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Output on standard output.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The value of an assumption (typically the true effect) at which a target holds with
    /// a given probability, by root-finding over Monte Carlo runs on common random numbers.
    Breakeven {
        /// The contract file (contracts/*.toml).
        contract: PathBuf,
        /// The scenario file (scenarios/*.toml).
        #[arg(long, short)]
        scenario: PathBuf,
        /// The assumption to solve for.
        #[arg(long, short)]
        assumption: String,
        /// What must hold in a trial, e.g. 'tranche.investors.irr >= 0' or
        /// 'payer.city.paid <= 5_000_000' (default: the first tranche's IRR at least 0).
        #[arg(long, short, value_parser = parse_goal)]
        target: Option<sibyl::analysis::breakeven::Goal>,
        /// The probability with which the target must hold.
        #[arg(long, default_value_t = 0.5, value_parser = parse_probability)]
        prob: f64,
        /// Apply a stress preset of the scenario first.
        #[arg(long)]
        stress: Option<String>,
        /// Trials per probability estimated (a search makes about 40 estimates).
        #[arg(long, short = 'n', default_value_t = 20_000)]
        trials: u64,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Output on standard output.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Settle a contract on what actually happened: every payment, every tranche's cash
    /// flows, IRR and multiple, through the same code as every simulated trial.
    Settle {
        /// The contract file (contracts/*.toml).
        contract: PathBuf,
        /// The observed outcomes (observed/*.toml).
        #[arg(long, short)]
        observed: PathBuf,
        /// Output on standard output.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Print the JSON Schema of a file kind, for editor completion and checking.
    Schema {
        /// Which file kind.
        #[arg(value_enum, default_value_t = SchemaKind::Contract)]
        kind: SchemaKind,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// JSON for scripts.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// Contract files (contracts/*.toml).
    Contract,
    /// Scenario files (scenarios/*.toml).
    Scenario,
    /// Observed-outcome files (observed/*.toml).
    Observed,
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

fn parse_goal(text: &str) -> Result<sibyl::analysis::breakeven::Goal, String> {
    sibyl::analysis::breakeven::Goal::parse(text)
}

fn parse_probability(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if p > 0.0 && p < 1.0 => Ok(p),
        _ => Err(format!(
            "`{text}` is not a probability strictly between 0 and 1 (e.g. 0.5)"
        )),
    }
}
