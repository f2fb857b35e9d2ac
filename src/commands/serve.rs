//! `wabi serve`: the worker (and, with the cloud transport, the webhook server) without a terminal.
//! Runs until SIGTERM or SIGINT; SIGHUP re-reads the config and the secrets ([`reload`]). Logs to
//! the log file as well as to stderr, and says once when it is ready.

mod env_file;
mod reload;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use super::{CliError, Context};
use crate::cli::ServeArgs;
use crate::config::{Config, TransportKind, paths};
use crate::sanitize::one_line;
use crate::transport::cloud::{self, WebhookServer};
use crate::worker::{Worker, WorkerEvent, WorkerHandle, hooks};
use reload::{Live, Parts, ReloadError, ServerKey};

pub fn serve(ctx: &Context, args: &ServeArgs) -> Result<(), CliError> {
    let source = env_file::SecretSource::read(args.env_file.as_deref()).map_err(CliError::bad)?;
    let config = ctx.config()?;
    let parts = Parts::build(&config, &source).map_err(CliError::bad)?;
    let hooks = hooks::prepare(&config).map_err(CliError::bad)?;
    hooks::check_urls(&hooks).map_err(CliError::bad)?;
    let store = ctx.store()?;
    let log = paths::log_file();
    if let Err(e) = crate::logging::init_file(&log) {
        crate::errln!("wabi serve: no log file ({}: {e})", log.display());
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let hup = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&hup))?;
    let mut live = Live::new(parts.transport, parts.automation);
    if let Some(secrets) = parts.webhook {
        let key = ServerKey::new(&config, &secrets);
        live.set_server(Some(start_server(ctx, &config, secrets)?), Some(key));
    }
    let refresher = start_template_refresher(ctx, &config, &source, &stop)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let holder = "wabi serve";
    let hooks = hooks::start(&ctx.db_path, &config, hooks, holder, tx.clone())?;
    let worker = Worker {
        store,
        transport: live.transport(),
        holder: holder.into(),
        automation: Some(live.automation()),
        standby_for: None,
    };
    let handle = worker.spawn(tx)?.with_hooks(hooks);
    crate::errln!("wabi serve: store {}", ctx.db_path.display());
    tracing::info!("wabi serve started, store {}", ctx.db_path.display());
    let signals = Signals { stop: Arc::clone(&stop), hup };
    let result = report_until_stopped(&rx, &handle, &signals, &mut live, (ctx, args));
    handle.stop();
    if let Some(server) = live.server.take() {
        server.stop();
    }
    if let Some(refresher) = refresher {
        stop.store(true, Ordering::Relaxed);
        let _ = refresher.join();
    }
    tracing::info!("wabi serve stopped");
    crate::errln!("wabi serve: stopped");
    result
}

/// Starts the webhook server on the store file, with its own connection.
fn start_server(
    ctx: &Context,
    config: &Config,
    secrets: cloud::WebhookSecrets,
) -> Result<WebhookServer, CliError> {
    let cloud = &config.transport.cloud;
    let limits = crate::transport::cloud::Limits { max_connections: cloud.max_connections };
    let server = WebhookServer::start_with(&cloud.listen, &cloud.webhook_path, secrets, ctx.store()?, limits)
        .map_err(|e| {
            if e.is_bad_input() { CliError::bad(e.to_string()) } else { CliError::failed(e.to_string()) }
        })?;
    crate::errln!("wabi serve: webhook listening on http://{}{}", server.addr(), cloud.webhook_path);
    Ok(server)
}

/// With the cloud transport and a `waba_id`, keeps the templates synced from Meta (daily, and after
/// a status webhook names one the store lacks).
fn start_template_refresher(
    ctx: &Context,
    config: &Config,
    source: &env_file::SecretSource,
    stop: &Arc<AtomicBool>,
) -> Result<Option<std::thread::JoinHandle<()>>, CliError> {
    let cloud = &config.transport.cloud;
    if config.transport.kind != TransportKind::Cloud || cloud.waba_id.trim().is_empty() {
        return Ok(None);
    }
    let token =
        cloud::Secret::from_source(&cloud.access_token_env, "access_token_env", &|name| source.get(name))
            .map_err(|e| CliError::bad(e.to_string()))?;
    let graph = cloud::api::Graph::new(cloud, token);
    let thread = cloud::templates::spawn_refresher(
        graph,
        cloud.waba_id.trim().to_string(),
        ctx.store()?,
        Arc::clone(stop),
    )?;
    Ok(Some(thread))
}

struct Signals {
    stop: Arc<AtomicBool>,
    hup: Arc<AtomicBool>,
}

/// "ready: listening on …, worker holds the lease" (or stands by).
fn ready_line(live: &Live, worker: &str) -> String {
    let webhook = match &live.server {
        Some(server) => format!("listening on http://{}", server.addr()),
        None => "no webhook (transport is not cloud)".to_string(),
    };
    format!("ready: {webhook}, {worker}")
}

/// Prints what the worker reports, and reloads on SIGHUP, until a signal stops it or the worker
/// ends. A reload that fails half-way ends it with exit 1.
fn report_until_stopped(
    rx: &Receiver<WorkerEvent>,
    handle: &WorkerHandle,
    signals: &Signals,
    live: &mut Live,
    (ctx, args): (&Context, &ServeArgs),
) -> Result<(), CliError> {
    let mut said_ready = false;
    let say = |line: &str| {
        tracing::info!("{line}");
        crate::errln!("wabi serve: {line}");
    };
    while !signals.stop.load(Ordering::Relaxed) && !handle.is_finished() {
        if signals.hup.swap(false, Ordering::Relaxed) {
            match live.reload(ctx, args) {
                Ok(line) => say(&line),
                Err(ReloadError::Refused(line)) => say(&line),
                Err(ReloadError::Fatal(line)) => return Err(CliError::failed(line)),
            }
        }
        let (line, worker) = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(WorkerEvent::Active { transport }) => {
                (format!("worker active, transport {transport}"), Some("worker holds the lease".to_string()))
            }
            Ok(WorkerEvent::Standby(lease)) => (
                format!("standby, worker lease held by {} (pid {})", one_line(&lease.holder), lease.pid),
                Some(format!(
                    "worker stands by (lease held by {}, pid {})",
                    one_line(&lease.holder),
                    lease.pid
                )),
            ),
            Ok(WorkerEvent::Paused(reason)) => (format!("sending paused: {}", one_line(&reason)), None),
            Ok(WorkerEvent::Error(e)) => (one_line(&e), None),
            Ok(_) | Err(_) => continue,
        };
        say(&line);
        if let (false, Some(worker)) = (said_ready, worker) {
            said_ready = true;
            say(&ready_line(live, &worker));
        }
    }
    Ok(())
}
