//! `wabi init`: writes the starter config (the commented `config.example.toml`, or with
//! `--interactive` the example with the owner's answers in it) to the config path, mode 0600.
//!
//! It never replaces a file without `--force`, which keeps the old one as `FILE.bak`. Every
//! question is answered and the text checked before anything is written; the file appears whole
//! or not at all (written beside it, then renamed).

mod ask;

use std::io::{IsTerminal, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use clap::Args;

use super::{CliError, Context};
use crate::config::Config;
use crate::config::starter::starter;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Ask for the business name, time zone, opening hours, away message, transport and language
    #[arg(long)]
    pub interactive: bool,
    /// Replace an existing config file (the old one is kept as FILE.bak)
    #[arg(long)]
    pub force: bool,
}

pub fn init(ctx: &Context, args: &InitArgs) -> Result<(), CliError> {
    let path = &ctx.config_path;
    let exists = path.symlink_metadata().is_ok();
    if exists && !args.force {
        return Err(CliError::bad(format!(
            "{} exists; wabi init leaves it as it is (--force replaces it, keeping the old one as {})",
            path.display(),
            backup_path(path).display()
        )));
    }
    let text = if args.interactive {
        let stdin = std::io::stdin();
        let again = stdin.is_terminal();
        let answers =
            ask::ask_all(&mut stdin.lock(), &mut std::io::stdout(), again, &ask::Defaults::from_machine())?;
        starter(Some(&answers))
    } else {
        starter(None)
    };
    // What init writes, check-config accepts.
    Config::parse(&text, path)?;
    let backup = write(path, &text, exists)?;
    crate::outln!("wrote {} (mode 0600)", path.display());
    if let Some(backup) = backup {
        crate::outln!("kept the old one as {}", backup.display());
    }
    let named = if ctx.config_named { format!(" --config {}", path.display()) } else { String::new() };
    crate::outln!("next: read it and change what fits your shop (every key is explained in it),");
    crate::outln!("      check it with `wabi{named} check-config`, then open the inbox with `wabi{named}`");
    Ok(())
}

/// `FILE.bak` beside `FILE`.
fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `text` to a temporary file beside `path` and renames it into place, keeping an existing
/// file as `.bak` when `replace`. Returns the backup's path. Any failure is exit 2 naming the
/// path, with nothing left behind.
fn write(path: &Path, text: &str, replace: bool) -> Result<Option<PathBuf>, CliError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if dir.symlink_metadata().is_ok() && !dir.is_dir() {
        return Err(CliError::bad(format!(
            "cannot write {}: {} is not a folder",
            path.display(),
            dir.display()
        )));
    }
    if !dir.is_dir() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| CliError::bad(format!("cannot create the folder {}: {e}", dir.display())))?;
    }
    let cannot_write = |e: std::io::Error| CliError::bad(format!("cannot write {}: {e}", path.display()));
    let mut file = tempfile::Builder::new()
        .prefix(".wabi-init-")
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(&dir)
        .map_err(cannot_write)?;
    file.write_all(text.as_bytes()).and_then(|()| file.as_file().sync_all()).map_err(cannot_write)?;
    if !replace {
        // Fails if the file appeared meanwhile: never clobbered.
        file.persist_noclobber(path).map_err(|e| cannot_write(e.error))?;
        return Ok(None);
    }
    let backup = backup_path(path);
    std::fs::copy(path, &backup)
        .map_err(|e| CliError::bad(format!("cannot keep {} as {}: {e}", path.display(), backup.display())))?;
    std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(0o600)).map_err(cannot_write)?;
    file.persist(path).map_err(|e| cannot_write(e.error))?;
    Ok(Some(backup))
}
