//! `wabi serve`: the worker (and, with the cloud transport, the webhook server) without a terminal.
//! Runs until SIGTERM, SIGINT or SIGHUP; logs to the log file as well as to stderr.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use super::{CliError, Context};
use crate::config::{Config, TransportKind, paths};
use crate::transport::cloud::{self, WebhookServer};
use crate::worker::{AutomationRunner, Worker, WorkerEvent, WorkerHandle, hooks};

pub fn serve(ctx: &Context) -> Result<(), CliError> {
    let config = ctx.config()?;
    let transport = crate::transport::build(&config).map_err(CliError::bad)?;
    let secrets = match config.transport.kind {
        TransportKind::Cloud => {
            Some(cloud::webhook_secrets(&config.transport.cloud).map_err(|e| CliError::bad(e.to_string()))?)
        }
        _ => None,
    };
    let hooks = hooks::prepare(&config).map_err(CliError::bad)?;
    hooks::check_urls(&hooks).map_err(CliError::bad)?;
    let store = ctx.store()?;
    let log = paths::log_file();
    if let Err(e) = crate::logging::init_file(&log) {
        eprintln!("wabi serve: no log file ({}: {e})", log.display());
    }
    let automation = AutomationRunner::for_worker(&config).map_err(|e| CliError::bad(e.to_string()))?;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let server = match secrets {
        Some(secrets) => Some(start_server(ctx, &config, secrets)?),
        None => None,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let holder = "wabi serve";
    let hooks = hooks::start(&ctx.db_path, &config, hooks, holder, tx.clone())?;
    let worker = Worker { store, transport, holder: holder.into(), automation, standby_for: None };
    let handle = worker.spawn(tx)?.with_hooks(hooks);
    eprintln!("wabi serve: store {}", ctx.db_path.display());
    tracing::info!("wabi serve started, store {}", ctx.db_path.display());
    report_until_stopped(&rx, &handle, &stop);
    handle.stop();
    if let Some(server) = server {
        server.stop();
    }
    tracing::info!("wabi serve stopped");
    eprintln!("wabi serve: stopped");
    Ok(())
}

/// Starts the webhook server on the store file, with its own connection.
fn start_server(
    ctx: &Context,
    config: &Config,
    secrets: cloud::WebhookSecrets,
) -> Result<WebhookServer, CliError> {
    let cloud = &config.transport.cloud;
    let server =
        WebhookServer::start(&cloud.listen, &cloud.webhook_path, secrets, ctx.store()?).map_err(|e| {
            if e.is_bad_input() { CliError::bad(e.to_string()) } else { CliError::failed(e.to_string()) }
        })?;
    eprintln!("wabi serve: webhook listening on http://{}{}", server.addr(), cloud.webhook_path);
    Ok(server)
}

/// Prints what the worker reports until a signal arrives or the worker ends.
fn report_until_stopped(rx: &Receiver<WorkerEvent>, handle: &WorkerHandle, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) && !handle.is_finished() {
        let line = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(WorkerEvent::Active { transport }) => {
                format!("worker active, transport {transport}")
            }
            Ok(WorkerEvent::Standby(lease)) => {
                format!("standby, worker lease held by {} (pid {})", lease.holder, lease.pid)
            }
            Ok(WorkerEvent::Paused(reason)) => format!("sending paused: {reason}"),
            Ok(WorkerEvent::Error(e)) => e,
            Ok(_) | Err(_) => continue,
        };
        tracing::info!("{line}");
        eprintln!("wabi serve: {line}");
    }
}
