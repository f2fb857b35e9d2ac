//! The worker: one background loop that holds the lease, runs automation, sends the outbox and
//! records what the transport reports. It talks to the UI only through [`WorkerEvent`]s.

pub mod automate;
mod heartbeat;
pub mod hooks;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::store::lease::LeaseOutcome;
use crate::store::{Lease, Store, StoreError, now_ms};
use crate::transport::{SendResult, Transport, TransportEvent};
pub use automate::AutomationRunner;

/// How long a lease lasts without renewal, and how often it is renewed.
pub const LEASE_TTL_MS: i64 = 10_000;
pub(crate) const LEASE_RENEW: Duration = Duration::from_secs(2);
/// How often the worker looks at the store when nothing wakes it (rows queued by other processes).
const TICK: Duration = Duration::from_millis(250);

/// What the worker tells whoever started it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerEvent {
    /// The worker changed the store; views should re-read.
    StoreChanged,
    /// A new inbound message arrived in this chat (for notifications).
    Inbound { chat_id: i64 },
    /// This worker holds the lease and runs.
    Active { transport: &'static str },
    /// Another process holds the lease; this worker waits.
    Standby(Lease),
    /// Sending is paused (expired credentials); the reason is safe to show.
    Paused(String),
    /// A failure worth showing once.
    Error(String),
}

/// Commands to a running worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerCmd {
    /// Look at the outbox now (the UI just queued something).
    Wake,
    /// Finish the current step, release the lease and stop.
    Stop,
}

/// The worker thread and the way to reach it.
pub struct WorkerHandle {
    cmds: Sender<WorkerCmd>,
    thread: Option<JoinHandle<()>>,
    stopped: Arc<AtomicBool>,
    /// The hook thread beside the worker, stopped with it.
    hooks: Option<hooks::HooksHandle>,
}

impl WorkerHandle {
    /// Asks the worker to look at the outbox now.
    pub fn wake(&self) {
        let _ = self.cmds.send(WorkerCmd::Wake);
    }

    /// Stops `hooks` together with the worker.
    pub fn with_hooks(mut self, hooks: hooks::HooksHandle) -> WorkerHandle {
        self.hooks = Some(hooks);
        self
    }

    /// Stops the worker and waits for it to release the lease.
    pub fn stop(mut self) {
        self.shutdown();
    }

    /// Whether the thread has ended (on its own, after an error).
    pub fn is_finished(&self) -> bool {
        self.stopped.load(Ordering::Relaxed)
    }

    fn shutdown(&mut self) {
        if let Some(hooks) = self.hooks.take() {
            hooks.stop();
        }
        let _ = self.cmds.send(WorkerCmd::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Everything a worker loop needs; built by the caller so tests can pass their own parts.
pub struct Worker {
    pub store: Store,
    pub transport: Box<dyn Transport>,
    pub holder: String,
    pub automation: Option<Box<dyn Automation>>,
    /// The other holder we last reported standing by for (to report each change once).
    pub standby_for: Option<(String, i64)>,
}

/// The automatic-message pass the worker runs on every tick while it holds the lease.
pub trait Automation: Send {
    /// Decides and queues what is due; returns how many messages it queued.
    fn run(&mut self, store: &mut Store, now: i64) -> Result<usize, StoreError>;
}

impl Worker {
    /// Starts the loop in a thread.
    pub fn spawn(self, events: Sender<WorkerEvent>) -> std::io::Result<WorkerHandle> {
        let (cmds, rx) = std::sync::mpsc::channel();
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopped);
        let thread = std::thread::Builder::new().name("wabi-worker".into()).spawn(move || {
            self.run(&rx, &events);
            flag.store(true, Ordering::Relaxed);
        })?;
        Ok(WorkerHandle { cmds, thread: Some(thread), stopped, hooks: None })
    }

    /// The loop: runs until a Stop command or the command channel closes.
    pub fn run(mut self, cmds: &Receiver<WorkerCmd>, events: &Sender<WorkerEvent>) {
        let pid = i64::from(std::process::id());
        let mut active = false;
        let mut last_renew: Option<Instant> = None;
        loop {
            if last_renew.is_none_or(|t| t.elapsed() >= LEASE_RENEW) {
                last_renew = Some(Instant::now());
                active = self.renew_lease(pid, active, events);
            }
            if active {
                if let Err(e) = self.step(events) {
                    let _ = events.send(WorkerEvent::Error(e.to_string()));
                }
            }
            match cmds.recv_timeout(TICK) {
                Ok(WorkerCmd::Wake) | Err(RecvTimeoutError::Timeout) => {}
                Ok(WorkerCmd::Stop) | Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        if active {
            let _ = self.store.release_lease(&self.holder, pid);
        }
    }

    /// Takes or renews the lease; reports changes of role. Returns whether we are active.
    fn renew_lease(&mut self, pid: i64, was_active: bool, events: &Sender<WorkerEvent>) -> bool {
        let now = now_ms();
        match self.store.acquire_lease(&self.holder, pid, now, LEASE_TTL_MS) {
            Ok(LeaseOutcome::Held { taken_over }) => {
                if taken_over {
                    // Whoever held it before is gone; what it was sending is of unknown fate.
                    if let Ok(n) = self.store.fail_stale_sending(now) {
                        if n > 0 {
                            let _ = events.send(WorkerEvent::StoreChanged);
                        }
                    }
                }
                self.standby_for = None;
                if !was_active {
                    let _ = events.send(WorkerEvent::Active { transport: self.transport.name() });
                }
                true
            }
            Ok(LeaseOutcome::HeldBy(lease)) => {
                let holder = Some((lease.holder.clone(), lease.pid));
                if was_active || self.standby_for != holder {
                    self.standby_for = holder;
                    let _ = events.send(WorkerEvent::Standby(lease));
                }
                false
            }
            Err(e) => {
                let _ = events.send(WorkerEvent::Error(format!("worker lease: {e}")));
                false
            }
        }
    }

    /// One pass: transport events, automation, outbox.
    fn step(&mut self, events: &Sender<WorkerEvent>) -> Result<(), StoreError> {
        let mut changed = self.collect_transport_events(events)?;
        if let Some(runner) = self.automation.as_mut() {
            changed |= runner.run(&mut self.store, now_ms())? > 0;
        }
        changed |= self.send_outbox(events)?;
        changed |= self.transport.upkeep(&mut self.store)?;
        if changed {
            let _ = events.send(WorkerEvent::StoreChanged);
        }
        Ok(())
    }

    fn collect_transport_events(&mut self, events: &Sender<WorkerEvent>) -> Result<bool, StoreError> {
        let polled = self.transport.poll(now_ms());
        if polled.is_empty() {
            return Ok(false);
        }
        let mut inbound = Vec::new();
        for event in polled {
            match event {
                TransportEvent::Inbound(m) => inbound.push(m),
                TransportEvent::Status { external_id, status, at, error } => {
                    let error = error.as_ref().map(|(c, r)| (*c, r.as_str()));
                    self.store.apply_status(&external_id, status, at, error)?;
                }
            }
        }
        for outcome in self.store.insert_messages(&inbound)? {
            if let crate::store::InsertOutcome::Inserted { chat_id, .. } = outcome {
                let _ = events.send(WorkerEvent::Inbound { chat_id });
            }
        }
        Ok(true)
    }

    /// Sends what is due. Returns whether anything changed. While the batch runs, a heartbeat
    /// thread keeps the lease renewed (see [`heartbeat`]).
    fn send_outbox(&mut self, events: &Sender<WorkerEvent>) -> Result<bool, StoreError> {
        if !self.transport.can_send() {
            return Ok(false);
        }
        let items = self.store.claim_outbox(now_ms(), 20)?;
        if items.is_empty() {
            return Ok(false);
        }
        let beat = self.store.path().map(|p| heartbeat::Heartbeat {
            path: p.to_path_buf(),
            holder: self.holder.clone(),
            pid: i64::from(std::process::id()),
        });
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        std::thread::scope(|scope| {
            if let Some(beat) = beat {
                scope.spawn(move || beat.run(&stopped));
            }
            let sent = self.send_items(items, events);
            drop(stop);
            sent
        })?;
        Ok(true)
    }

    fn send_items(
        &mut self,
        items: Vec<crate::store::OutboxItem>,
        events: &Sender<WorkerEvent>,
    ) -> Result<(), StoreError> {
        let mut paused = false;
        for mut item in items {
            let result = match self.upload(&mut item) {
                Ok(()) => self.transport.send(&item),
                Err(refused) => refused,
            };
            let now = now_ms();
            match result {
                SendResult::Sent { external_id } => self.store.mark_sent(item.id, &external_id, now)?,
                SendResult::Failed { code, reason } => self.store.mark_failed(item.id, code, &reason, now)?,
                SendResult::Retry { after_ms, reason } => {
                    self.store.retry_later(item.id, now + after_ms, &reason)?
                }
                SendResult::AuthExpired { reason } => {
                    self.store.retry_later(item.id, now + 60_000, &reason)?;
                    // The rest of the batch is refused the same way: say it once.
                    if !paused {
                        paused = true;
                        let _ = events.send(WorkerEvent::Paused(reason));
                    }
                }
            }
        }
        Ok(())
    }

    /// Uploads the item's attachment if it has not gone up yet, and keeps the media id on the row
    /// before anything is sent: a retry, or a resend after a crash, sends with the same id.
    fn upload(&mut self, item: &mut crate::store::OutboxItem) -> Result<(), SendResult> {
        if item.media.as_ref().is_none_or(|m| m.media_id.is_some()) {
            return Ok(());
        }
        let id = item.id;
        if let Some(media_id) = self.transport.upload(item)? {
            if let Err(e) = self.store.set_uploaded_media(id, &media_id) {
                return Err(SendResult::Retry { after_ms: 1_000, reason: format!("store: {e}") });
            }
            if let Some(media) = item.media.as_mut() {
                media.media_id = Some(media_id);
            }
        }
        Ok(())
    }
}
