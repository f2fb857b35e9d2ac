//! `wabi serve`: the worker (and, with the cloud transport, the webhook server) without a terminal.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::{CliError, Context};
use crate::worker::{AutomationRunner, Worker, WorkerEvent};

pub fn serve(ctx: &Context) -> Result<(), CliError> {
    let config = ctx.config()?;
    let store = ctx.store()?;
    let transport = crate::transport::build(&config).map_err(CliError::bad)?;
    let automation = AutomationRunner::for_worker(&config).map_err(|e| CliError::bad(e.to_string()))?;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let worker = Worker { store, transport, holder: "wabi serve".into(), automation, standby_for: None };
    let handle = worker.spawn(tx)?;
    eprintln!("wabi serve: store {}", ctx.db_path.display());
    while !stop.load(Ordering::Relaxed) && !handle.is_finished() {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(WorkerEvent::Active { transport }) => {
                eprintln!("wabi serve: worker active, transport {transport}")
            }
            Ok(WorkerEvent::Standby(lease)) => {
                eprintln!("wabi serve: standby, worker lease held by {} (pid {})", lease.holder, lease.pid)
            }
            Ok(WorkerEvent::Paused(reason)) => eprintln!("wabi serve: sending paused: {reason}"),
            Ok(WorkerEvent::Error(e)) => eprintln!("wabi serve: {e}"),
            Ok(_) | Err(_) => {}
        }
    }
    handle.stop();
    eprintln!("wabi serve: stopped");
    Ok(())
}
