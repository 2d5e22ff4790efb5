//! The `sibyl` binary: parse arguments, run a command, print, map errors to exit codes
//! (0 ok, 1 bad input, 2 usage; 130 when interrupted).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use sibyl::diagnostics::{ColorChoice, render_all};

use cli::{Cli, Color};

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
    if let Some((names, message)) = cli.command.usage_error() {
        // Reported as the parser reports usage errors, with the sub-command's usage line.
        let mut sub = Cli::command();
        sub.build();
        for name in names {
            match sub.find_subcommand(name) {
                Some(next) => sub = next.clone(),
                None => break,
            }
        }
        let _ = sub
            .error(clap::error::ErrorKind::MissingRequiredArgument, message)
            .print();
        return ExitCode::from(2);
    }
    let color = match cli.color {
        Color::Always => ColorChoice::Styled,
        Color::Never => ColorChoice::Plain,
        Color::Auto
            if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() =>
        {
            ColorChoice::Styled
        }
        Color::Auto => ColorChoice::Plain,
    };
    // Ctrl-C, SIGTERM, SIGHUP: remove an unfinished run folder, then exit as interrupted.
    // The folders' lock stays held to the exit, so no file operation starts after it.
    let _ = ctrlc::set_handler(|| {
        let _held = sibyl::output::folder::abandon_all();
        std::process::exit(130);
    });
    let loc = sibyl::i18n::Locale::of(cli.lang.unwrap_or_else(sibyl::i18n::Lang::from_env));
    match cli.command.run(loc) {
        Ok(out) => {
            if !out.warnings.is_empty() {
                eprint!("{}", render_all(&out.warnings, color));
            }
            for note in &out.notes {
                eprintln!("{note}");
            }
            print_stdout(&out.stdout)
        }
        Err(diagnostics) => {
            eprint!("{}", render_all(&diagnostics, color));
            ExitCode::from(1)
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
