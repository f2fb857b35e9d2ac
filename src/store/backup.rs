//! `wabi backup`: a consistent copy of a store that may be in use, through SQLite's online backup API.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub messages: i64,
    pub chats: i64,
}

impl Store {
    /// Copies the store into `dest` (a file; replaced atomically if it exists).
    ///
    /// The copy is one read transaction on this connection (`step(-1)`): in WAL mode it never
    /// blocks the inbox, `wabi serve` or an import, and it sees the store as of one instant, so it
    /// never restarts however busy the store is. It is written to a new file beside `dest` with
    /// mode 0600, switched out of WAL mode so it is a single self-contained file, checked with
    /// `PRAGMA integrity_check`, synced, and only then renamed over `dest`. Any failure leaves
    /// `dest` as it was.
    pub fn backup_to(&self, dest: &Path) -> Result<BackupReport> {
        let io = |source| StoreError::Io { path: dest.to_path_buf(), source };
        let dir = match dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            Some(d) => d.to_path_buf(),
            None => PathBuf::from("."),
        };
        // A fresh file that nothing else has open: tempfile creates it 0600 with O_EXCL, and the
        // descriptor is closed before SQLite opens the path (only SQLite holds the copy's locks).
        let tmp = tempfile::Builder::new()
            .prefix(".wabi-backup-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(io)?
            .into_temp_path();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut copy = Connection::open_with_flags(&tmp, flags)?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            backup.step(-1)?;
        }
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Invalid(format!("the copy failed its integrity check: {check}")));
        }
        let (messages, chats): (i64, i64) = copy.query_row(
            "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM chats)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        copy.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
        // Durable before it is visible: sync the copy's contents, rename, then sync the folder.
        // ok: the copy, not the store, and SQLite has closed it: no connection holds its locks.
        std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(io)?;
        let bytes = std::fs::metadata(&tmp).map_err(io)?.len();
        tmp.persist(dest).map_err(|e| io(e.error))?;
        // ok: the destination folder, not a database file.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(BackupReport { path: dest.to_path_buf(), bytes, messages, chats })
    }
}
