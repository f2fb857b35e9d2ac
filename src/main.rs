//! wabi's entry point: parse the command line, dispatch, turn errors into one line and an exit code.
#![deny(clippy::disallowed_macros)]

use std::process::ExitCode;

use clap::Parser;
use wabi::cli::Cli;
use wabi::commands::{self, CliError};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let result = match &cli.command {
        Some(command) => commands::run(&cli, command),
        None => wabi::tui::launch(&cli),
    };
    // A reader that closed stdout early is not a failure (see wabi::output); a full disk is.
    let result = result.and_then(|()| wabi::output::finish().map_err(CliError::failed));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError { code, message }) => {
            // Messages quote file names, zip entries and stored text: never control sequences.
            wabi::errln!("wabi: {}", wabi::sanitize::one_line(&message));
            ExitCode::from(code)
        }
    }
}

/// Help and version go to stdout with exit 0; a usage error is one line and exit 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let text = e.render().to_string();
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("bad arguments");
    wabi::errln!("wabi: {} (see wabi --help)", wabi::sanitize::one_line(line.trim_start_matches("error: ")));
    ExitCode::from(2)
}
