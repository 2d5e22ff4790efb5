//! The `sibyl` binary: parse arguments, run a command, print, map errors to exit codes
//! (0 ok, 1 bad input, 2 usage).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use sibyl::commands::{self, Output};
use sibyl::diagnostics::{ColorChoice, Diagnostics, render_all};

use cli::{Cli, Color, Command, Format, SchemaKind};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let color = color_choice(cli.color);
    match run(cli.command) {
        Ok(out) => {
            if !out.warnings.is_empty() {
                eprint!("{}", render_all(&out.warnings, color));
            }
            print_stdout(&out.stdout)
        }
        Err(diagnostics) => {
            eprint!("{}", render_all(&diagnostics, color));
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Result<Output, Diagnostics> {
    match command {
        Command::Check { contract, scenario } => {
            commands::check::run(&contract, scenario.as_deref())
        }
        Command::Explain { contract, scenario } => {
            commands::explain::run(&contract, scenario.as_deref())
        }
        Command::Run {
            contract,
            scenario,
            trials,
            seed,
            threads,
            stress,
            precision,
            max_trials,
            out,
            format,
            per_trial,
            force,
        } => {
            let format = format.into();
            let args = commands::run::RunArgs {
                contract,
                scenario,
                trials,
                seed,
                threads,
                stress,
                precision,
                max_trials,
                out,
                format,
                per_trial,
                force,
            };
            commands::run::run(&args)
        }
        Command::Compare {
            contracts,
            scenario,
            trials,
            seed,
            threads,
            stress,
            format,
        } => commands::compare::run(&commands::compare::CompareArgs {
            contracts,
            scenario,
            trials,
            seed,
            threads,
            stress,
            format: format.into(),
        }),
        Command::Stress {
            contract,
            scenario,
            presets,
            no_shocks,
            measured,
            trials,
            seed,
            threads,
            format,
        } => commands::stress::run(&commands::stress::StressArgs {
            contract,
            scenario,
            presets,
            no_shocks,
            measured,
            trials,
            seed,
            threads,
            format: format.into(),
        }),
        Command::Sensitivity {
            contract,
            scenario,
            metric,
            stress,
            trials,
            seed,
            threads,
            format,
        } => commands::sensitivity::run(&commands::sensitivity::SensitivityArgs {
            contract,
            scenario,
            metric,
            stress,
            trials,
            seed,
            threads,
            format: format.into(),
        }),
        Command::Breakeven {
            contract,
            scenario,
            assumption,
            target,
            prob,
            stress,
            trials,
            seed,
            threads,
            format,
        } => commands::breakeven::run(&commands::breakeven::BreakevenArgs {
            contract,
            scenario,
            assumption,
            target,
            prob,
            stress,
            trials,
            seed,
            threads,
            format: format.into(),
        }),
        Command::Settle {
            contract,
            observed,
            format,
        } => {
            let format = format.into();
            commands::settle::run(&contract, &observed, format)
        }
        Command::Schema { kind } => {
            let kind = match kind {
                SchemaKind::Contract => commands::schema::Kind::Contract,
                SchemaKind::Scenario => commands::schema::Kind::Scenario,
                SchemaKind::Observed => commands::schema::Kind::Observed,
            };
            Ok(Output {
                stdout: commands::schema::json(kind),
                ..Output::default()
            })
        }
    }
}

/// Writes to stdout; a closed pipe (`sibyl ... | head`) ends quietly.
fn print_stdout(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

fn color_choice(c: Color) -> ColorChoice {
    let styled = match c {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    if styled {
        ColorChoice::Styled
    } else {
        ColorChoice::Plain
    }
}

impl From<Format> for commands::run::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Table => commands::run::Format::Table,
            Format::Json => commands::run::Format::Json,
        }
    }
}
