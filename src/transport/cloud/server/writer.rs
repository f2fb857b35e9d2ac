//! The store writer: one thread that owns the server's store connection and commits webhook
//! changes. POSTs that arrive while a commit runs are committed together in the next transaction
//! (group commit), which is what lets one SQLite file keep up with thousands of POSTs a second.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::store::{Store, WebhookChange};

/// At most this many POSTs share one transaction, so none waits long behind the others.
const MAX_GROUP: usize = 256;

/// One POST's changes and where to say that they are committed (or why not).
pub(crate) struct Job {
    pub changes: Vec<WebhookChange>,
    pub done: tokio::sync::oneshot::Sender<Result<(), String>>,
}

/// How often the checkpointer moves committed pages from the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// How long a commit waits for the store's write lock while another process holds it (a long
/// `wabi import`, a backup, the sqlite3 shell): long enough that such a writer makes POSTs slow,
/// not failed. The store's usual 5 s turned a 16 s import into 503s.
pub(super) const BUSY_WAIT: Duration = Duration::from_secs(30);

/// Starts the writer; it ends when every sender is dropped.
pub(super) fn spawn(store: Store) -> std::io::Result<(Sender<Job>, JoinHandle<()>)> {
    if let Err(e) = store.conn().busy_timeout(BUSY_WAIT) {
        tracing::warn!("webhook writer keeps the store's usual busy wait: {e}");
    }
    let (jobs, rx) = std::sync::mpsc::channel();
    let thread =
        std::thread::Builder::new().name("wabi-webhook-store".into()).spawn(move || run(store, &rx))?;
    Ok((jobs, thread))
}

fn run(mut store: Store, rx: &Receiver<Job>) {
    let checkpointer = start_checkpointer(&store);
    while let Ok(first) = rx.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(job) => group.push(job),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        commit_group(&mut store, group);
    }
    if let Some((stop, thread)) = checkpointer {
        drop(stop);
        let _ = thread.join();
    }
}

/// Checkpoints from a connection of its own, so that a commit never waits for a checkpoint (which
/// SQLite otherwise runs inside the commit that fills the WAL: a latency spike for every POST in
/// that group). Returns the way to stop it; None for a store without a file, or if it cannot start
/// (then the writer's connection checkpoints as usual).
fn start_checkpointer(store: &Store) -> Option<(Sender<()>, JoinHandle<()>)> {
    let checkpoints = Store::open(store.path()?).ok()?;
    let (stop, stopped) = std::sync::mpsc::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("wabi-webhook-checkpoint".into())
        .spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(CHECKPOINT_EVERY) {
                let passive = checkpoints.conn().query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                if let Err(e) = passive {
                    tracing::warn!("checkpoint: {e}");
                }
            }
        })
        .ok()?;
    store.conn().pragma_update(None, "wal_autocheckpoint", 0).ok()?;
    Some((stop, thread))
}

/// Commits the group in one transaction; if that fails, each POST alone, so one POST the store
/// refuses does not sink the others.
fn commit_group(store: &mut Store, group: Vec<Job>) {
    let posts: Vec<&[WebhookChange]> = group.iter().map(|j| j.changes.as_slice()).collect();
    match store.apply_webhook(&posts) {
        Ok(summary) => {
            tracing::debug!(
                posts = group.len(),
                inserted = summary.inserted,
                duplicates = summary.duplicates,
                statuses = summary.statuses_moved,
                "webhook committed"
            );
            for job in group {
                let _ = job.done.send(Ok(()));
            }
        }
        // Another process held the lock for all of BUSY_WAIT: one by one, each would wait again.
        Err(e) if group.len() > 1 && !is_busy(&e) => {
            tracing::warn!("webhook group commit failed ({e}); committing POSTs one by one");
            for job in group {
                let result =
                    store.apply_webhook(&[job.changes.as_slice()]).map(drop).map_err(|e| e.to_string());
                let _ = job.done.send(result);
            }
        }
        Err(e) => {
            for job in group {
                let _ = job.done.send(Err(e.to_string()));
            }
        }
    }
}

/// Whether the store answered "busy" or "locked": another connection kept the write lock.
fn is_busy(e: &crate::store::StoreError) -> bool {
    matches!(
        e,
        crate::store::StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}
