//! `wabi backup DEST`: a consistent copy of the store while the inbox and `wabi serve` keep running.

use std::path::{Path, PathBuf};

use super::{CliError, Context};

/// Copies the store to `dest` (a file, or a folder to put `wabi-YYYYMMDD-HHMMSS.db` in).
pub fn backup(ctx: &Context, dest: &Path) -> Result<(), CliError> {
    // A backup never creates a store: a mistyped --db must not leave an empty one behind.
    if std::fs::symlink_metadata(&ctx.db_path).is_err() {
        return Err(CliError::bad(format!("{}: no store to back up", ctx.db_path.display())));
    }
    let dest = target(dest);
    if same_file(&ctx.db_path, &dest) {
        return Err(CliError::bad(format!(
            "{}: that is the store itself; name another file",
            dest.display()
        )));
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(CliError::bad(format!("{}: no such folder", dir.display())));
        }
    }
    let store = ctx.store()?;
    let started = std::time::Instant::now();
    let report = store.backup_to(&dest)?;
    crate::outln!(
        "backed up {} messages in {} chats ({:.1} MB) to {} in {:.1} s; integrity ok",
        report.messages,
        report.chats,
        report.bytes as f64 / 1e6,
        report.path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `dest` itself, or a dated file inside it when it is a folder.
fn target(dest: &Path) -> PathBuf {
    if dest.is_dir() {
        dest.join(format!("wabi-{}.db", chrono::Utc::now().format("%Y%m%d-%H%M%S")))
    } else {
        dest.to_path_buf()
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
