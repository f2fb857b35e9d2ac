//! Numbered SQL migrations from assets/migrations, applied in order and tracked by `PRAGMA user_version`.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::{APPLICATION_ID, Result, StoreError};

/// (version, SQL) in order. A new migration is a new file here and a new line below.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../assets/migrations/0001_initial.sql")),
    (2, include_str!("../../assets/migrations/0002_tallies.sql")),
    (3, include_str!("../../assets/migrations/0003_cloud.sql")),
    (4, include_str!("../../assets/migrations/0004_consent.sql")),
    (5, include_str!("../../assets/migrations/0005_stats.sql")),
    (6, include_str!("../../assets/migrations/0006_media.sql")),
    (7, include_str!("../../assets/migrations/0007_coexistence.sql")),
    (8, include_str!("../../assets/migrations/0008_account.sql")),
    (9, include_str!("../../assets/migrations/0009_events.sql")),
    // 10 was reserved for a branch that needed none.
    (11, include_str!("../../assets/migrations/0011_bulk_tallies_and_calls.sql")),
];

/// The schema version of a store that has every migration.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Applies every migration newer than the file's `user_version`, each in its own transaction.
pub(super) fn run(conn: &mut Connection, path: Option<&Path>) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.last().map_or(0, |m| m.0);
    if current > known {
        return Err(StoreError::TooNew {
            path: path.map(Path::to_path_buf).unwrap_or_default(),
            found: current,
            known,
        });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        // The write lock comes before the second look at the version: a process opening a new
        // store at the same moment as another waits for it, then finds the migration done.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if tx.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? >= *version {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::Store;

    #[test]
    fn processes_opening_a_new_store_at_once_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        for round in 0..5 {
            let path = dir.path().join(format!("new-{round}.db"));
            let openers: Vec<_> = (0..6)
                .map(|_| {
                    let path = path.clone();
                    std::thread::spawn(move || Store::open(&path).map(drop).map_err(|e| e.to_string()))
                })
                .collect();
            for opener in openers {
                assert_eq!(opener.join().unwrap(), Ok(()));
            }
        }
    }
}
