//! The inbox in the terminal.

use crate::cli::Cli;
use crate::commands::CliError;

/// Opens the inbox (not yet: the TUI arrives with the next commit).
pub fn launch(_cli: &Cli) -> Result<(), CliError> {
    Err(CliError::failed("the inbox is not built yet; use the subcommands (wabi --help)"))
}
