//! The inbox in the terminal: launching it, and giving the terminal back whatever happens.

pub mod app;
mod broadcast_io;
pub mod draft;
pub mod first_run;
pub mod keymap;
pub mod layout;
mod media_io;
pub mod run;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod when;
pub mod wrap;

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use crate::cli::Cli;
use crate::commands::{CliError, Context};
use crate::config::{Config, TransportKind};
use crate::store::{Store, now_ms};
use crate::worker::{AutomationRunner, Worker, WorkerHandle};
use app::{App, Msg};
use keymap::Keymap;

/// Opens the inbox: on the configured store, or with `--demo` on a seeded throwaway one.
pub fn launch(cli: &Cli) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let ctx = Context::resolve(cli);
    let mut config = ctx.config()?;
    let keymap = Keymap::new(&config.ui.keys)
        .map_err(|(k, m)| crate::config::ConfigError::at_key(&ctx.config_path, "ui.keys", &k, m))?;
    let schedule = config.hours.schedule().map_err(|e| CliError::bad(e.to_string()))?;
    let (db_path, _tempdir) = if cli.demo {
        config.transport.kind = TransportKind::Demo;
        demo_path(cli)?
    } else {
        (ctx.db_path.clone(), None)
    };
    let mut store = Store::open(&db_path)?.with_consent_words(config.consent.words());
    store.set_business_zone(config.hours.timezone)?;
    if cli.demo {
        crate::demo::seed(&mut store, now_ms()).map_err(|e| CliError::failed(e.to_string()))?;
    }
    let transport = crate::transport::build(&config).map_err(CliError::bad)?;
    let (size_w, size_h) = ratatui::crossterm::terminal::size().unwrap_or((120, 40));
    let mut app = App::new(keymap, schedule, now_ms(), (size_w, size_h));
    app.status.store = short_path(&db_path);
    app.status.transport = transport.name().to_string();
    app.status.away_auto = config.away.enabled;
    app.notify = config.ui.notify;
    app.business = config.business.clone();
    app.cloud = config.transport.kind == TransportKind::Cloud;
    app.templates = crate::templates::catalogue(store.templates()?, &config.templates)
        .into_iter()
        .filter(crate::templates::Template::is_approved)
        .collect();
    app.broadcast = config.broadcast.clone();
    let situation =
        first_run::Situation { config_exists: ctx.config_path.exists(), transport: config.transport.kind };
    app.hint = Some(first_run::hint(&short_path(&ctx.config_path), situation));

    let (tx, rx) = std::sync::mpsc::channel();
    let worker = start_worker(&db_path, transport, &config, tx.clone())?;
    let media = terminal::MediaOpener { config: config.clone(), db: db_path.clone(), events: tx.clone() };
    let result = terminal::with_terminal(tx, |terminal, shell_parts| {
        let mut session = run::Session::new(app, store, terminal, theme::Theme::detect());
        let mut shell = terminal::RealShell::new(shell_parts, worker.as_ref(), media);
        run::run(&mut session, &rx, &mut shell, started)
    });
    if let Some(w) = worker {
        w.stop();
    }
    let timings = result.map_err(|e| CliError::failed(format!("terminal: {e}")))?;
    if cli.print_timings {
        crate::errln!("wabi timings: {}", timings.summary());
    }
    Ok(())
}

/// The demo's store: `--db` if given, else a file in a temporary directory removed on exit.
fn demo_path(cli: &Cli) -> Result<(PathBuf, Option<tempfile::TempDir>), CliError> {
    if let Some(db) = &cli.db {
        return Ok((db.clone(), None));
    }
    let dir = tempfile::Builder::new().prefix("wabi-demo-").tempdir()?;
    Ok((dir.path().join("demo.db"), Some(dir)))
}

/// Starts the worker thread, forwarding its events into the loop's channel.
fn start_worker(
    db: &Path,
    transport: Box<dyn crate::transport::Transport>,
    config: &Config,
    tx: Sender<Msg>,
) -> Result<Option<WorkerHandle>, CliError> {
    let automation = AutomationRunner::for_worker(config).map_err(|e| CliError::bad(e.to_string()))?;
    let hooks = crate::worker::hooks::prepare(config).map_err(CliError::bad)?;
    let store = Store::open(db)?.with_consent_words(config.consent.words());
    let (wtx, wrx) = std::sync::mpsc::channel();
    let hooks = crate::worker::hooks::start(db, config, hooks, "wabi", wtx.clone())?;
    let worker = Worker { store, transport, holder: "wabi".into(), automation, standby_for: None };
    let handle = worker.spawn(wtx)?.with_hooks(hooks);
    std::thread::Builder::new().name("wabi-worker-events".into()).spawn(move || {
        for event in wrx {
            if tx.send(Msg::Worker(event)).is_err() {
                break;
            }
        }
    })?;
    Ok(Some(handle))
}

/// The path with the home directory shown as ~.
fn short_path(path: &Path) -> String {
    let shown = path.display().to_string();
    match std::env::var("HOME") {
        Ok(home) if !home.is_empty() && shown.starts_with(&home) => {
            format!("~{}", &shown[home.len()..])
        }
        _ => shown,
    }
}
