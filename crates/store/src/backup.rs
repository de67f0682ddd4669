//! Backups of this desk's database: copied while the app runs (SQLite's online backup API),
//! on demand and once a day (keeping the newest N), and restored in place.
//!
//! A restored desk is behind the server, and its outbox may hold mutations the server already
//! answered. Sync needs nothing special for those: the server answers a mutation it has seen
//! with its first answer, and the pull brings back everything since the backup's cursor. What
//! must not go back are this desk's counters — its document numbers (SO-K7-202612-0005 must
//! not be issued twice), its mutation sequence and its clock — so they keep the higher of the
//! live database's and the backup's, and once the next pull has brought back the documents
//! made after the backup, the number series are moved past them too.

use crate::{migrate, search_index, Store, StoreError};
use chrono::NaiveDate;
pub use fairdesk_core::desk::{BackupFile, Restored};
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Why a file could not be restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreRefusal {
    /// Not a Fairdesk database (or unreadable).
    NotABackup,
    /// A backup of another desk: restoring it would make two desks one.
    OtherDesk,
}

impl RestoreRefusal {
    pub fn message(&self, lang: fairdesk_core::Lang) -> String {
        match self {
            RestoreRefusal::NotABackup => lang.pick(
                "这不是 Fairdesk 的备份文件，未做任何改动",
                "This is not a Fairdesk backup; nothing was changed",
            ),
            RestoreRefusal::OtherDesk => lang.pick(
                "这是另一台电脑的备份，不能在本机恢复；未做任何改动",
                "This backup is of another desk and can't be restored here; nothing was changed",
            ),
        }
        .to_string()
    }
}

const PREFIX: &str = "fairdesk-backup-";
const RENUMBER: &str = "renumber_after_restore";

/// The backups in `dir`, newest first.
pub fn list_backups(dir: &Path) -> Vec<BackupFile> {
    let mut out: Vec<BackupFile> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name.starts_with(PREFIX) && name.ends_with(".db")).then(|| BackupFile {
                bytes: e.metadata().map(|m| m.len()).unwrap_or(0),
                path: e.path(),
                name,
            })
        })
        .collect();
    out.sort_by(|a, b| b.name.cmp(&a.name));
    out
}

/// The counters a restore must not take back: (prefix, period) → next number, the next
/// mutation sequence and the clock.
struct Counters {
    series: Vec<(String, String, i64)>,
    next_seq: i64,
    hlc: fairdesk_core::Hlc,
}

fn counters(conn: &Connection) -> Result<Counters, StoreError> {
    let mut stmt = conn.prepare("SELECT prefix, period, next FROM doc_series")?;
    let series = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let (next_seq, hlc): (i64, String) = conn.query_row(
        "SELECT next_seq, hlc FROM device WHERE singleton = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Counters {
        series,
        next_seq,
        hlc: serde_json::from_str(&hlc)?,
    })
}

impl Store {
    /// Copies the whole database to `path` while the app keeps working (SQLite's online
    /// backup: a consistent copy, other writes wait only between steps).
    pub fn backup_to(&self, path: &Path) -> Result<u64, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        let tmp = path.with_extension("db-part");
        {
            let mut dst = Connection::open(&tmp)?;
            let backup = Backup::new(&self.conn, &mut dst)?;
            backup.run_to_completion(256, Duration::from_millis(0), None)?;
        }
        // A half-written file never carries a backup's name.
        std::fs::rename(&tmp, path).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
    }

    /// Today's backup into `dir` if there is none yet (named by the day and time), keeping the
    /// newest `keep`; the file written, if any.
    pub fn daily_backup(&self, dir: &Path, keep: usize) -> Result<Option<PathBuf>, StoreError> {
        let today: NaiveDate = self.today();
        let day = today.format("%Y%m%d").to_string();
        if list_backups(dir)
            .iter()
            .any(|b| b.name.starts_with(&format!("{PREFIX}{day}")))
        {
            return Ok(None);
        }
        let path = self.backup_now(dir)?;
        for old in list_backups(dir).into_iter().skip(keep.max(1)) {
            let _ = std::fs::remove_file(old.path);
        }
        Ok(Some(path))
    }

    /// A backup into `dir` now, named by the local time.
    pub fn backup_now(&self, dir: &Path) -> Result<PathBuf, StoreError> {
        let at = fairdesk_core::mutation::local_time(self.now_ms());
        let path = dir.join(format!("{PREFIX}{}.db", at.format("%Y%m%d-%H%M%S")));
        self.backup_to(&path)?;
        Ok(path)
    }

    /// Replaces this desk's data with a backup of it. Refused, with nothing changed, for a
    /// file that is not a Fairdesk database or is another desk's. The document numbers, the
    /// mutation sequence and the clock keep the higher of the two; the next sync re-sends what
    /// the backup had not sent (the server answers what it has seen once) and brings back
    /// everything since.
    pub fn restore_from(&mut self, path: &Path) -> Result<Restored, StoreError> {
        let refuse = |r: RestoreRefusal| StoreError::Restore(r);
        let src = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|_| refuse(RestoreRefusal::NotABackup))?;
        let device: Option<String> = src
            .query_row(
                "SELECT device_id FROM device WHERE singleton = 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|_| refuse(RestoreRefusal::NotABackup))?;
        match device {
            None => return Err(refuse(RestoreRefusal::NotABackup)),
            Some(d) if d != self.device.id.to_string() => {
                return Err(refuse(RestoreRefusal::OtherDesk))
            }
            Some(_) => {}
        }
        let live = counters(&self.conn).ok();
        {
            let backup = Backup::new(&src, &mut self.conn)?;
            backup.run_to_completion(256, Duration::from_millis(0), None)?;
        }
        drop(src);
        // A backup made by an older version is brought up to this one.
        migrate::run(&mut self.conn, (self.clock)())?;
        search_index::rekey_if_stale(&mut self.conn)?;
        if let Some(live) = live {
            let tx = self.conn.transaction()?;
            for (prefix, period, next) in &live.series {
                tx.execute(
                    "INSERT INTO doc_series (prefix, period, next) VALUES (?1, ?2, ?3)
                     ON CONFLICT (prefix, period) DO UPDATE SET next = max(next, excluded.next)",
                    rusqlite::params![prefix, period, next],
                )?;
            }
            let (seq, hlc): (i64, String) = tx.query_row(
                "SELECT next_seq, hlc FROM device WHERE singleton = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let hlc: fairdesk_core::Hlc = serde_json::from_str(&hlc)?;
            tx.execute(
                "UPDATE device SET next_seq = ?1, hlc = ?2 WHERE singleton = 1",
                rusqlite::params![
                    seq.max(live.next_seq),
                    serde_json::to_string(&hlc.max(live.hlc))?
                ],
            )?;
            tx.commit()?;
        }
        self.device = crate::device::load_or_create(&self.conn, (self.clock)())?;
        self.set_setting(RENUMBER, "1")?;
        let outbox = crate::queries::outbox::pending_count(&self.conn)?;
        Ok(Restored { outbox })
    }

    /// After a pull, once after a restore: every series moves past the numbers this desk's
    /// documents carry (those made after the backup came back with the pull).
    pub fn renumber_after_restore(&mut self) -> Result<(), StoreError> {
        if self.setting(RENUMBER)?.is_none() {
            return Ok(());
        }
        let code = self.device.code.clone();
        let tx = self.conn.transaction()?;
        for (table, column) in [
            ("customers", "code"),
            ("quotes", "number"),
            ("orders", "number"),
            ("deliveries", "number"),
            ("return_notes", "number"),
            ("invoices", "number"),
        ] {
            let numbers: Vec<String> = {
                let mut stmt = tx.prepare(&format!(
                    "SELECT {column} FROM {table} WHERE {column} LIKE '%-' || ?1 || '-%'"
                ))?;
                let rows = stmt.query_map([&code], |r| r.get(0))?;
                rows.collect::<Result<_, _>>()?
            };
            for n in numbers {
                // PREFIX-CODE-YYYYMM-N
                let parts: Vec<&str> = n.split('-').collect();
                if let [prefix, c, period, seq] = parts[..] {
                    if c == code {
                        if let Ok(seq) = seq.parse::<i64>() {
                            tx.execute(
                                "INSERT INTO doc_series (prefix, period, next) VALUES (?1, ?2, ?3)
                                 ON CONFLICT (prefix, period)
                                 DO UPDATE SET next = max(next, excluded.next)",
                                rusqlite::params![prefix, period, seq + 1],
                            )?;
                        }
                    }
                }
            }
        }
        tx.execute("DELETE FROM local_settings WHERE key = ?1", [RENUMBER])?;
        tx.commit()?;
        Ok(())
    }
}
