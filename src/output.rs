//! What commands print: every line for stdout and every note for stderr goes through here, never
//! through `println!`/`eprintln!` (clippy.toml forbids them), because those panic (exit 101) when
//! the reader has gone: `wabi chats | head -1`.
//!
//! A closed stdout ends the output quietly: later lines are dropped and the command finishes what
//! it was doing, so a `send` or `import` that committed exits 0 and never looks failed to a script
//! that retries on failure. Any other write error (a full disk) is kept, and `main` reports it as
//! a failure once the command is done. Writes to a closed stderr are dropped.

use std::fmt;
use std::io::{self, ErrorKind, Write};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once stdout refused a write: nothing more is written to it.
static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
/// The first stdout error that was not a closed pipe.
static STDOUT_ERROR: OnceLock<String> = OnceLock::new();

/// Writes to stdout, unless it has gone (see the module documentation). Use [`crate::out!`] and
/// [`crate::outln!`].
pub fn stdout(args: fmt::Arguments<'_>) {
    if STDOUT_GONE.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = io::stdout().lock().write_fmt(args) {
        record(&e);
    }
}

/// Writes to stderr; a closed stderr loses the note rather than ending wabi. Use
/// [`crate::errln!`].
pub fn stderr(args: fmt::Arguments<'_>) {
    let _ = io::stderr().lock().write_fmt(args);
}

/// Flushes stdout and says whether everything written reached it, or went to a reader that
/// closed early (both fine); otherwise the error, for `main` to report.
pub fn finish() -> Result<(), String> {
    if !STDOUT_GONE.load(Ordering::Relaxed) {
        if let Err(e) = io::stdout().lock().flush() {
            record(&e);
        }
    }
    match STDOUT_ERROR.get() {
        Some(e) => Err(format!("could not write the output: {e}")),
        None => Ok(()),
    }
}

fn record(e: &io::Error) {
    STDOUT_GONE.store(true, Ordering::Relaxed);
    if e.kind() != ErrorKind::BrokenPipe {
        let _ = STDOUT_ERROR.set(e.to_string());
    }
}

/// `print!` that survives a closed stdout (see [`crate::output`]).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::stdout(format_args!($($arg)*)) };
}

/// `println!` that survives a closed stdout (see [`crate::output`]).
#[macro_export]
macro_rules! outln {
    () => { $crate::output::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` that survives a closed stderr (see [`crate::output`]).
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::output::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}
