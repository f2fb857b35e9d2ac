//! `wabi completions SHELL` and `wabi man`: generated from the same clap definitions that parse
//! the command line, so they always list the commands and options this binary has.

use std::io::Write;

use clap::CommandFactory;

use super::CliError;
use crate::cli::Cli;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<(), CliError> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "wabi", &mut script);
    print_bytes(&script)
}

/// Prints the man page (roff) of wabi: the options and commands clap knows, then the files, the
/// environment and the exit codes.
pub fn man() -> Result<(), CliError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .section("1")
        .manual("wabi manual")
        .render(&mut page)
        .map_err(|e| CliError::failed(e.to_string()))?;
    page.extend_from_slice(EXTRA_SECTIONS.as_bytes());
    print_bytes(&page)
}

/// Written to stdout whole; a closed pipe (`wabi man | head`) is not an error worth a message.
fn print_bytes(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// What clap does not know: files, environment, exit status, and where to read more.
const EXTRA_SECTIONS: &str = r#".SH FILES
.TP
\fI~/.config/wabi/config.toml\fR
The configuration (\fB\-\-config\fR, else \fB$WABI_CONFIG\fR). \fBwabi init\fR writes a commented starter; \fBwabi check\-config\fR checks it.
.TP
\fI~/.local/share/wabi/wabi.db\fR
The store, an SQLite file (\fB\-\-db\fR, else \fB$WABI_DB\fR).
.TP
\fI~/.local/share/wabi/media/\fR
Downloaded and imported attachments.
.TP
\fI~/.local/state/wabi/wabi.log\fR
The log of \fBwabi serve\fR.
.SH ENVIRONMENT
.TP
\fBWABI_CONFIG\fR, \fBWABI_DB\fR
The config file and the store, when no option names them.
.TP
\fBWABI_ACCESS_TOKEN\fR, \fBWABI_APP_SECRET\fR, \fBWABI_VERIFY_TOKEN\fR
The WhatsApp Cloud API secrets (their names can be changed in \fB[transport.cloud]\fR). Never put them in the config file.
.TP
\fBWABI_ENV_FILE\fR
A file of NAME=value lines that \fBwabi serve\fR reads at start and again on SIGHUP (as \fB\-\-env\-file\fR).
.TP
\fBWABI_LOG\fR
The log level of \fBwabi serve\fR (\fBdebug\fR for more).
.SH SIGNALS
\fBwabi serve\fR stops on SIGTERM or SIGINT and re\-reads the config and the secrets on SIGHUP.
.SH EXIT STATUS
0 done; 2 bad input or config (one line on standard error, nothing changed); 1 a failure at run time.
.SH SEE ALSO
\fBsqlite3\fR(1), \fBsystemctl\fR(1). The README of wabi explains setting up the WhatsApp Cloud API.
"#;
