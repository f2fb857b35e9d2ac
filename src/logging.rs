//! The log file. `wabi serve` logs there (and the TUI may), never to a terminal the TUI draws on.
//! Secrets and message bodies are never logged; `WABI_LOG` (error, warn, info, debug, trace) sets
//! the level, info by default.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing::Level;

/// Sends `tracing` output to `path` (appended, created with mode 0600). A second call keeps the
/// first destination.
pub fn init_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(path)?;
    let _ = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_max_level(level(std::env::var("WABI_LOG").ok().as_deref()))
        .with_target(false)
        .try_init();
    Ok(())
}

/// The level `WABI_LOG` names; anything else means info.
fn level(name: Option<&str>) -> Level {
    name.and_then(|n| n.trim().parse().ok()).unwrap_or(Level::INFO)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_level_comes_from_its_name_and_defaults_to_info() {
        assert_eq!(level(Some("debug")), Level::DEBUG);
        assert_eq!(level(Some("WARN")), Level::WARN);
        assert_eq!(level(Some("loud")), Level::INFO);
        assert_eq!(level(None), Level::INFO);
    }
}
