//! Hooks: the thread that hands logged events to the `[[hooks]]` of the config, and prunes the log.
//!
//! It runs beside the worker in the same process and acts only while that process holds the
//! worker lease, so one process delivers at a time. Each hook goes through the log in order from
//! its own cursor kept in the store; an event is handed over until it succeeds (at least once:
//! a crash between delivery and recording delivers it again), with backoff between attempts,
//! and a hook failing for a day is paused. Hooks share this thread, never the worker's, so a slow
//! or failing hook never holds up the inbox, the webhook or the outbox.

pub mod deliver;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::WorkerEvent;
use crate::config::{Config, HookConfig};
use crate::events::{Clock, EventKind, json_line};
use crate::store::{EventRow, Store, StoreError, now_ms};

/// A hook failing for this long is paused until `wabi hooks resume`.
pub const PAUSE_AFTER_MS: i64 = 86_400_000;
/// The longest wait between two attempts.
const MAX_BACKOFF_MS: i64 = 10 * 60_000;
const TICK: Duration = Duration::from_millis(200);
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// A configured hook with its secret read from the environment.
pub struct Hook {
    pub config: HookConfig,
    secret: Option<Vec<u8>>,
    /// URL hooks: a client whose every request ends within the hook's timeout.
    agent: Option<ureq::Agent>,
}

/// The hooks of `config`, each URL hook's secret read from its variable; a missing one is an error
/// naming the hook and the variable.
pub fn prepare(config: &Config) -> Result<Vec<Hook>, String> {
    config
        .hooks
        .iter()
        .map(|h| {
            let secret = match (&h.url, &h.secret_env) {
                (Some(_), Some(var)) => match std::env::var(var) {
                    Ok(v) if !v.is_empty() => Some(v.into_bytes()),
                    _ => {
                        return Err(format!(
                            "hook {:?}: the environment variable {var} (secret_env) is not set",
                            h.name
                        ));
                    }
                },
                _ => None,
            };
            let timeout = h.timeout.to_std().unwrap_or(Duration::from_secs(30));
            let agent = h.url.as_ref().map(|_| crate::transport::cloud::sender::agent(timeout));
            Ok(Hook { config: h.clone(), secret, agent })
        })
        .collect()
}

/// Checks that every URL hook's host answers, so a wrong URL is said when `wabi serve` starts.
pub fn check_urls(hooks: &[Hook]) -> Result<(), String> {
    for h in hooks {
        if let Some(url) = &h.config.url {
            deliver::reachable(url, Duration::from_secs(5))
                .map_err(|e| format!("hook {:?}: {url} is unreachable ({e})", h.config.name))?;
        }
    }
    Ok(())
}

/// The running hook thread.
pub struct HooksHandle {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl HooksHandle {
    /// Stops the thread after the delivery in progress.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for HooksHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Starts the hook thread on its own connection to the store at `db`, acting while the worker
/// lease is held by `holder` in this process.
pub fn start(
    db: &Path,
    config: &Config,
    hooks: Vec<Hook>,
    holder: &str,
    events: Sender<WorkerEvent>,
) -> Result<HooksHandle, StoreError> {
    let mut store = Store::open(db)?;
    let store_id = store.store_id()?;
    // A hook new to the store starts at the end of the log as it is now, when the process starts,
    // whether or not this process gets the lease.
    for hook in &hooks {
        store.hook_state(&hook.config.name)?;
    }
    let runner = Runner {
        store,
        store_id,
        hooks,
        holder: holder.to_string(),
        pid: i64::from(std::process::id()),
        keep_ms: config.events.keep.num_milliseconds(),
        events,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let thread = std::thread::Builder::new()
        .name("wabi-hooks".into())
        .spawn(move || runner.run(&flag))
        .map_err(|e| StoreError::Invalid(format!("could not start the hook thread: {e}")))?;
    Ok(HooksHandle { stop, thread: Some(thread) })
}

struct Runner {
    store: Store,
    store_id: String,
    hooks: Vec<Hook>,
    holder: String,
    pid: i64,
    keep_ms: i64,
    events: Sender<WorkerEvent>,
}

impl Runner {
    fn run(mut self, stop: &AtomicBool) {
        let mut pruned: Option<Instant> = None;
        while !stop.load(Ordering::Relaxed) {
            if self.holds_lease() {
                if pruned.is_none_or(|t| t.elapsed() >= PRUNE_EVERY) {
                    pruned = Some(Instant::now());
                    if let Err(e) = self.store.prune_events(now_ms() - self.keep_ms) {
                        tracing::warn!("pruning the event log: {e}");
                    }
                }
                for i in 0..self.hooks.len() {
                    if let Err(e) = self.run_hook(i, stop) {
                        tracing::warn!("hook {:?}: {e}", self.hooks[i].config.name);
                    }
                }
            }
            std::thread::sleep(TICK);
        }
    }

    fn holds_lease(&self) -> bool {
        matches!(self.store.lease(), Ok(Some(l)) if l.holder == self.holder && l.pid == self.pid && l.expires_at > now_ms())
    }

    /// Delivers what is due for hook `i`, in order, until it is caught up, fails, or we stop.
    fn run_hook(&mut self, i: usize, stop: &AtomicBool) -> Result<(), StoreError> {
        let name = self.hooks[i].config.name.clone();
        // Read, not written: an idle hook must not take the write lock every tick.
        let state = match self.store.find_hook_state(&name)? {
            Some(state) => state,
            None => self.store.hook_state(&name)?,
        };
        let now = now_ms();
        if state.paused_at.is_some() || state.next_attempt_at.is_some_and(|t| t > now) {
            return Ok(());
        }
        let mut cursor = state.cursor;
        let mut failures = state.failures;
        loop {
            let batch = self.store.events_after(cursor, 200)?;
            let Some(last) = batch.last().map(|e| e.seq) else { return Ok(()) };
            for event in &batch {
                if stop.load(Ordering::Relaxed) {
                    return self.advance(&name, cursor, 0).map(drop);
                }
                if !self.wanted(i, event)? {
                    cursor = event.seq;
                    continue;
                }
                match self.deliver(i, event, stop) {
                    Ok(()) => {
                        if !self.advance(&name, event.seq, 1).is_ok_and(|held| held) {
                            return Ok(());
                        }
                        cursor = event.seq;
                        failures = 0;
                    }
                    Err(_) if stop.load(Ordering::Relaxed) => {
                        // Cut short by stopping: not the hook's failure; the next start retries.
                        return self.advance(&name, cursor, 0).map(drop);
                    }
                    Err(error) => {
                        self.advance(&name, cursor, 0)?;
                        return self.failed(&name, &error, failures + 1);
                    }
                }
            }
            if !self.advance(&name, last, 0)? {
                return Ok(());
            }
            cursor = last;
        }
    }

    /// Records progress; false when this process no longer holds the lease.
    fn advance(&mut self, name: &str, cursor: i64, delivered: i64) -> Result<bool, StoreError> {
        self.store.hook_advanced(name, cursor, delivered, now_ms(), &self.holder, self.pid)
    }

    fn failed(&mut self, name: &str, error: &str, failures: i64) -> Result<(), StoreError> {
        let now = now_ms();
        let backoff = 1000_i64.saturating_mul(1 << (failures - 1).clamp(0, 20)).min(MAX_BACKOFF_MS);
        let state = self.store.hook_failed(name, error, now, now + backoff, PAUSE_AFTER_MS)?;
        tracing::warn!("hook {name:?} failed ({} in a row): {error}", state.failures);
        if state.failures == 1 || state.paused_at == Some(now) {
            let what = if state.paused_at.is_some() { "paused after failing for a day" } else { "failing" };
            let _ = self.events.send(WorkerEvent::Error(format!("hook {name}: {what}: {error}")));
        }
        Ok(())
    }

    /// Whether hook `i` wants this event: its kind, then the origin and label filters.
    fn wanted(&self, i: usize, event: &EventRow) -> Result<bool, StoreError> {
        let hook = &self.hooks[i].config;
        let Ok(kind) = event.kind.parse::<EventKind>() else { return Ok(false) };
        if !hook.on.contains(&kind) {
            return Ok(false);
        }
        if !hook.origins.is_empty() && kind.is_message() {
            let origin = event.origin.as_deref().and_then(|o| o.parse().ok());
            if !origin.is_some_and(|o| hook.origins.contains(&o)) {
                return Ok(false);
            }
        }
        if hook.labels.is_empty() {
            return Ok(true);
        }
        let wanted = |name: &str| hook.labels.iter().any(|l| l.eq_ignore_ascii_case(name));
        if kind == EventKind::ChatLabel {
            let data: serde_json::Value = serde_json::from_str(&event.data).unwrap_or_default();
            if data["label"].as_str().is_some_and(wanted) {
                return Ok(true);
            }
        }
        match event.chat_id {
            Some(chat) => Ok(self.store.chat_label_names(chat)?.iter().any(|n| wanted(n))),
            None => Ok(false),
        }
    }

    fn deliver(&self, i: usize, event: &EventRow, stop: &AtomicBool) -> Result<(), String> {
        let hook = &self.hooks[i];
        let mut body = Vec::with_capacity(event.data.len() + 96);
        json_line(
            &mut body,
            &mut Clock::default(),
            &self.store_id,
            event.seq,
            event.at,
            &event.kind,
            &event.data,
        )
        .map_err(|e| e.to_string())?;
        let cursor = format!("{}:{}", self.store_id, event.seq);
        let timeout = hook.config.timeout.to_std().unwrap_or(Duration::from_secs(30));
        match (&hook.config.command, &hook.agent.as_ref().zip(hook.config.url.as_ref())) {
            (Some(command), _) => {
                let env = [
                    ("WABI_EVENT", event.kind.as_str()),
                    ("WABI_CURSOR", cursor.as_str()),
                    ("WABI_HOOK", hook.config.name.as_str()),
                ];
                deliver::run_command(command, &body, &env, timeout, stop)
            }
            (None, Some((agent, url))) => {
                body.pop(); // the newline ends a line on stdin, not a POST body
                let secret = hook.secret.as_deref().unwrap_or_default();
                let headers = [("X-Wabi-Event", event.kind.as_str()), ("X-Wabi-Cursor", cursor.as_str())];
                deliver::post(agent, url, &body, secret, &headers)
            }
            (None, None) => Err("nothing to do".into()),
        }
    }
}
