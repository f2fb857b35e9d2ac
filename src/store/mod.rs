//! The store: one SQLite file that every part of wabi talks through (DESIGN.md, "the store is the hub").
//!
//! [`Store`] owns one rusqlite connection. Each table group has its own file with the queries for it;
//! every public write runs in one transaction.

mod account;
mod automation;
mod backup;
mod billing;
mod broadcast;
mod broadcast_preview;
mod broadcast_send;
mod bulk;
mod bulk_tallies;
mod card;
mod chats;
mod cloud;
mod coexist;
mod consent;
mod consent_import;
mod contact_data;
mod contacts;
mod events;
mod history;
mod history_sync;
mod hooks;
mod labels;
pub mod lease;
mod media;
mod messages;
mod migrate;
mod notify;
mod outbox;
mod paused;
mod quick_replies;
mod replies;
mod search;
mod stats;
pub mod templates;
mod webhook;

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::consent::ConsentWords;

pub use account::{AccountChange, InboundExtras, Pricing, Referral, TypingDue, WHATSAPP_SOURCE};
pub use automation::ManualAwayState;
pub use backup::BackupReport;
pub use broadcast::{BroadcastList, ListOverview};
pub use broadcast_preview::BroadcastPreview;
pub use broadcast_send::{BroadcastFigures, BroadcastPlan};
pub use bulk::{HistoryCall, HistoryChat, HistoryMessage, HistoryOutcome};
pub use card::ContactCard;
pub use chats::{ChatFilter, ChatRow, ChatView};
pub use cloud::{HeaderMedia, MediaRef, OutboundTemplate, ReceiptDue};
pub use coexist::ContactChange;
pub use consent::{ConsentChange, ConsentRecord, ContactConsent};
pub use consent_import::ImportReport;
pub use contact_data::{EraseCounts, HeldAutomation, HeldBroadcast, HeldMessage};
pub use contacts::{Contact, ContactKey};
pub use events::EventRow;
pub use history::{ChatTimes, ScannedMessage};
pub use history_sync::{HistoryChange, HistoryRow, HistorySync};
pub use hooks::HookState;
pub use labels::{Label, LabelColor, PALETTE};
pub use lease::Lease;
pub use media::OutboxMedia;
pub use messages::{InsertOutcome, MessageRow, NewMessage, NewOutbound};
pub use migrate::SCHEMA_VERSION;
pub use notify::NotifyReport;
pub use outbox::OutboxItem;
pub use replies::{Quote, QuotedMessage, Reaction};
pub use search::SearchHit;
pub use webhook::{Effect, InboundChange, StatusChange, WebhookChange, WebhookSummary};

/// `PRAGMA application_id` of a wabi store ("wabi" in ASCII), so a foreign SQLite file is refused.
pub const APPLICATION_ID: i32 = 0x7761_6269;

/// What can go wrong talking to the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not a wabi store (it is another program's SQLite file)")]
    Foreign { path: PathBuf },
    #[error("{path}: not a readable SQLite database ({reason})")]
    Corrupt { path: PathBuf, reason: String },
    #[error("{path}: store version {found} is newer than this wabi understands ({known})")]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// Bad input from a user (exit 2) rather than a runtime failure (exit 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::Foreign { .. }
                | StoreError::Corrupt { .. }
                | StoreError::TooNew { .. }
                | StoreError::NotFound(_)
                | StoreError::Invalid(_)
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One connection to a wabi store.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Stop and start words every inbound insert checks (`[consent]`; defaults until set).
    consent_words: ConsentWords,
    /// A read-only connection for the part of [`Store::stats`] that runs in a second thread,
    /// opened on first use.
    stats_reader: std::cell::RefCell<Option<Connection>>,
}

impl Drop for Store {
    fn drop(&mut self) {
        // The statistics reader closes first: the last connection to close checkpoints the
        // write-ahead log and deletes it, which a read-only one cannot do. Left to close last,
        // it left the log behind for the next process to read through.
        self.stats_reader.get_mut().take();
    }
}

impl Store {
    /// Opens (creating if missing, with mode 0600) the store at `path` and brings its schema up to date.
    /// A foreign or corrupt file is an error, never silently re-created.
    pub fn open(path: &Path) -> Result<Store> {
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        create_private(path).map_err(io)?;
        // Opening sets WAL and migrates; on a file another process is setting up at the same
        // moment, a few of SQLite's steps answer "busy" without waiting, so opening waits here.
        let mut attempt = 0;
        loop {
            match Store::open_once(path) {
                Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)))
                    if attempt < 40
                        && matches!(
                            f.code,
                            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                        ) =>
                {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(25 * attempt.min(8)));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            consent_words: ConsentWords::default(),
            stats_reader: Default::default(),
        };
        store.prepare().map_err(|e| store.explain(e))?;
        Ok(store)
    }

    /// A private in-memory store, for tests and benches.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            consent_words: ConsentWords::default(),
            stats_reader: Default::default(),
        };
        store.prepare()?;
        Ok(store)
    }

    /// The file behind this store (None in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The underlying connection, for the few callers (benches, checks) that need raw SQL.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The store checking inbound messages for these stop and start words (from `[consent]`).
    pub fn with_consent_words(mut self, words: ConsentWords) -> Store {
        self.consent_words = words;
        self
    }

    /// Changes whenever another connection commits to the file; cheap to poll.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    fn prepare(&mut self) -> Result<()> {
        self.conn.busy_timeout(Duration::from_secs(5))?;
        // A webhook commit runs a dozen distinct statements per message; rusqlite's default cache
        // of 16 would evict and re-parse them on every batch.
        self.conn.set_prepared_statement_cache_capacity(64);
        // Every transaction here writes. Taking the write lock at BEGIN lets a busy store make
        // us wait (busy_timeout); a read that later upgrades fails at once with "database is
        // locked" when another process (`wabi serve`, `wabi inject`) wrote in between.
        self.conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // Plans must not depend on bound values: otherwise SQLite marks most statements on
        // `messages` (it has partial indexes) to be compiled again whenever their parameters
        // change, and every cached query of the store is re-prepared on each use (~4x slower).
        self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        self.check_identity()?;
        self.conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;",
        )?;
        migrate::run(&mut self.conn, self.path.as_deref())
    }

    /// Refuses a SQLite file that some other program made.
    fn check_identity(&self) -> Result<()> {
        // One statement, one snapshot: read apart, a store another process is creating at this
        // moment could show its tables but not yet its id, and look foreign.
        let (app_id, tables): (i32, i64) = self.conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT count(*) FROM sqlite_schema)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if app_id == APPLICATION_ID || (app_id == 0 && tables == 0) {
            return Ok(());
        }
        Err(StoreError::Foreign { path: self.path.clone().unwrap_or_default() })
    }

    /// Turns SQLite's "file is not a database" into a message naming the file.
    fn explain(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, msg))
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
                ) =>
            {
                StoreError::Corrupt {
                    path: self.path.clone().unwrap_or_default(),
                    reason: msg.unwrap_or_else(|| f.to_string()),
                }
            }
            other => other,
        }
    }
}

/// Creates the file with mode 0600 if it does not exist yet, so the store is never world-readable.
///
/// This is the one place wabi opens the database file outside SQLite, and it must never touch a
/// file that exists: POSIX advisory locks belong to the process, and closing *any* descriptor of the
/// file drops every lock the process holds on it — including the SHARED lock a live connection in
/// another thread keeps in WAL mode. Without that lock, another SQLite client (the `sqlite3` shell,
/// Python) believes it is the last connection and deletes the live write-ahead log when it closes.
/// `create_new` is `O_CREAT | O_EXCL`: when the file exists the call fails without ever holding a
/// descriptor of it, and when it succeeds the file is a brand-new inode no connection can have open.
fn create_private(path: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Ok(());
    }
    // ok: O_CREAT|O_EXCL on a path that did not exist: a new inode no connection can hold.
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(file) => {
            drop(file);
            Ok(())
        }
        // Another thread or process created it between the look and the open: nothing to do.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Milliseconds since the Unix epoch, the store's unit of time.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
