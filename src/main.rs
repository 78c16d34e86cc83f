//! `qari`: the reader window by default, the subcommands of [`qari::cli`] otherwise.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = qari::cli::Cli::parse();
    let result = match cli.command {
        Some(command) => qari::cli::run(command),
        None => qari::ui::open(cli.file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("qari: {message}");
            ExitCode::FAILURE
        }
    }
}
