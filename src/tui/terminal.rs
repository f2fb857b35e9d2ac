//! The real terminal: raw mode, alternate screen, mouse and bracketed paste on the way in, and all
//! of it undone on the way out — on quit, on panic (hook installed before raw mode) and on
//! SIGTERM/SIGHUP. Also the input thread, the bell, desktop notifications and $EDITOR.

use std::io::{Stdout, Write, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::app::Msg;
use super::run::Shell;
use crate::worker::WorkerHandle;

/// Undoes everything `enter` turned on. Safe to call twice.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

fn enter() -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste)
}

/// What the shell needs from the terminal side.
pub struct ShellParts {
    /// Set while an editor owns the terminal, so the input thread does not steal its keys.
    pub input_paused: Arc<AtomicBool>,
}

/// Sets up the terminal, runs `body`, and restores the terminal whatever `body` did.
pub fn with_terminal<T>(
    tx: Sender<Msg>,
    body: impl FnOnce(Terminal<CrosstermBackend<Stdout>>, ShellParts) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    watch_signals(tx.clone())?;
    enter()?;
    let input_paused = Arc::new(AtomicBool::new(false));
    spawn_input(tx, Arc::clone(&input_paused))?;
    let result =
        Terminal::new(CrosstermBackend::new(stdout())).and_then(|t| body(t, ShellParts { input_paused }));
    restore();
    result
}

/// SIGTERM and SIGHUP end the loop like q does, so the terminal is restored on the normal path.
fn watch_signals(tx: Sender<Msg>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::Builder::new().name("wabi-signals".into()).spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Msg::Terminate);
        }
    })?;
    Ok(())
}

fn spawn_input(tx: Sender<Msg>, paused: Arc<AtomicBool>) -> std::io::Result<()> {
    std::thread::Builder::new().name("wabi-input".into()).spawn(move || {
        loop {
            if paused.load(Ordering::Relaxed) || !event::poll(Duration::from_millis(50)).unwrap_or(false) {
                if paused.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(50));
                }
                continue;
            }
            let msg = match event::read() {
                Ok(Event::Key(k)) if k.kind != event::KeyEventKind::Release => Msg::Key(k),
                Ok(Event::Mouse(m)) => Msg::Mouse(m),
                Ok(Event::Paste(p)) => Msg::Paste(p),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) => continue,
                Err(_) => break,
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    })?;
    Ok(())
}

/// What opening an attachment needs: its own store connection (the download blocks), the config
/// (token, media folder) and a way to report failures back to the loop.
pub struct MediaOpener {
    pub config: crate::config::Config,
    pub db: std::path::PathBuf,
    pub events: Sender<Msg>,
}

/// The shell of a real terminal session.
pub struct RealShell<'a> {
    parts: ShellParts,
    worker: Option<&'a WorkerHandle>,
    media: MediaOpener,
}

impl<'a> RealShell<'a> {
    pub fn new(parts: ShellParts, worker: Option<&'a WorkerHandle>, media: MediaOpener) -> RealShell<'a> {
        RealShell { parts, worker, media }
    }
}

/// Downloads the attachment if it is not on disk yet, then hands it to the system's opener.
fn open_attachment(config: &crate::config::Config, db: &std::path::Path, id: i64) -> Result<(), String> {
    let mut store = crate::store::Store::open(db).map_err(|e| e.to_string())?;
    let local = store.media_ref(id).ok().flatten().and_then(|m| m.path).map(std::path::PathBuf::from);
    let path = match local.filter(|p| p.is_file()) {
        Some(path) => path,
        None => {
            crate::transport::cloud::media::fetch_for(config, &mut store, id).map_err(|e| e.to_string())?
        }
    };
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    std::process::Command::new(opener)
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| format!("{opener} {}: {e}", path.display()))
}

impl Shell for RealShell<'_> {
    fn bell(&mut self) {
        let mut out = stdout();
        let _ = out.write_all(b"\x07");
        let _ = out.flush();
    }

    fn desktop(&mut self, title: &str, body: &str) {
        // Best effort: notify-send where it exists; the bell otherwise.
        let spawned = std::process::Command::new("notify-send").arg(title).arg(body).spawn();
        if spawned.is_err() {
            self.bell();
        }
    }

    fn edit(&mut self, text: &str) -> Option<String> {
        self.parts.input_paused.store(true, Ordering::Relaxed);
        std::thread::sleep(Duration::from_millis(120));
        restore();
        let result = run_editor(text);
        let _ = enter();
        self.parts.input_paused.store(false, Ordering::Relaxed);
        result
    }

    fn wake_worker(&mut self) {
        if let Some(w) = self.worker {
            w.wake();
        }
    }

    fn block(&mut self, chat_id: i64, block: bool) {
        let (config, db, events) =
            (self.media.config.clone(), self.media.db.clone(), self.media.events.clone());
        let spawned = std::thread::Builder::new().name("wabi-block".into()).spawn(move || {
            if let Err(e) = crate::transport::cloud::block::block_chat(&config, &db, chat_id, block) {
                let _ = events.send(Msg::Failed(e));
            }
        });
        if let Err(e) = spawned {
            let _ = self.media.events.send(Msg::Failed(format!("block: {e}")));
        }
    }

    fn send_files(&mut self, job: super::app::FilesJob) -> Option<super::app::FilesJob> {
        let (db, events) = (self.media.db.clone(), self.media.events.clone());
        let spawned = std::thread::Builder::new().name("wabi-attach".into()).spawn(move || {
            let dir = crate::transport::cloud::media::media_dir();
            let done = crate::store::Store::open(&db)
                .map_err(|e| e.to_string())
                .and_then(|mut store| super::media_io::send_files(&mut store, &dir, &job));
            let _ = events.send(match done {
                Ok(()) => Msg::StoreChanged,
                Err(e) => Msg::Failed(e),
            });
        });
        match spawned {
            Ok(_) => None,
            Err(e) => {
                let _ = self.media.events.send(Msg::Failed(format!("attach: {e}")));
                None
            }
        }
    }

    fn background(&mut self, job: super::app::Job) -> Option<super::app::Job> {
        let events = self.media.events.clone();
        let spawned = std::thread::Builder::new().name("wabi-job".into()).spawn(move || {
            let _ = events.send(job());
        });
        if let Err(e) = spawned {
            let _ = self.media.events.send(Msg::Failed(format!("background work: {e}")));
        }
        None
    }

    fn copy(&mut self, text: &str) {
        use base64::Engine as _;
        // OSC 52: the terminal (and tmux with set-clipboard on) puts it on the system clipboard.
        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
        let mut out = stdout();
        let _ = write!(out, "\x1b]52;c;{encoded}\x07");
        let _ = out.flush();
    }

    fn load_stats(&mut self, range: &str, tz: chrono_tz::Tz) -> bool {
        let (db, events, range) = (self.media.db.clone(), self.media.events.clone(), range.to_string());
        std::thread::Builder::new()
            .name("wabi-stats".into())
            .spawn(move || {
                let msg = match read_stats(&db, &range, tz) {
                    Ok(report) => Msg::Stats { range, report },
                    Err(e) => Msg::Failed(format!("statistics: {e}")),
                };
                let _ = events.send(msg);
            })
            .is_ok()
    }

    fn open_media(&mut self, message_id: i64) {
        let (config, db, events) =
            (self.media.config.clone(), self.media.db.clone(), self.media.events.clone());
        let spawned = std::thread::Builder::new().name("wabi-media".into()).spawn(move || {
            if let Err(e) = open_attachment(&config, &db, message_id) {
                let _ = events.send(Msg::Failed(format!("attachment: {e}")));
            }
        });
        if let Err(e) = spawned {
            let _ = self.media.events.send(Msg::Failed(format!("attachment: {e}")));
        }
    }
}

/// Statistics over a named range on a connection of their own (the UI thread keeps going).
fn read_stats(db: &std::path::Path, range: &str, tz: chrono_tz::Tz) -> Result<crate::stats::Report, String> {
    let store = crate::store::Store::open(db).map_err(|e| e.to_string())?;
    let parsed = crate::stats::DayRange::parse(range, chrono::Utc::now(), tz)?;
    store.stats(&parsed, None).map_err(|e| e.to_string())
}

/// Writes `text` to a temporary file, opens $VISUAL/$EDITOR (else vi) on it, reads it back.
fn run_editor(text: &str) -> Option<String> {
    let file = tempfile::Builder::new().prefix("wabi-draft-").suffix(".txt").tempfile().ok()?;
    std::fs::write(file.path(), text).ok()?;
    let editor = std::env::var("VISUAL").or_else(|_| std::env::var("EDITOR")).unwrap_or_else(|_| "vi".into());
    let mut parts = editor.split_whitespace();
    let program = parts.next()?;
    let status = std::process::Command::new(program).args(parts).arg(file.path()).status().ok()?;
    if !status.success() {
        return None;
    }
    std::fs::read_to_string(file.path()).ok()
}
