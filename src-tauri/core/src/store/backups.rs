//! Rolling automatic backups and restoring one.
//!
//! Once a day, the first open of a library copies it (SQLite online backup, consistent while
//! other processes write) to `<folder>/backups/<name>-YYYYMMDD.sqlite3`, checks the copy, and
//! keeps the newest [`KEEP`]. Restoring never deletes anything: the current file (damaged or
//! not) is renamed aside with its `-wal`/`-shm`, and a checked copy of the backup takes its
//! place.

use super::{integrity, Library};
use crate::error::{CoreError, Result};
use rusqlite::OpenFlags;
use std::path::{Path, PathBuf};

/// How many daily backups are kept.
pub const KEEP: usize = 7;

/// `<folder of db>/backups`.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// The library's file name without extension: backups of two libraries in one folder stay
/// apart.
fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "library".into())
}

/// `<stem>-YYYYMMDD.sqlite3` → the date part, for this library's backups only.
fn day_of(db: &Path, name: &str) -> Option<String> {
    let day = name
        .strip_prefix(&format!("{}-", stem(db)))?
        .strip_suffix(".sqlite3")?;
    (day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit())).then(|| day.to_string())
}

/// This library's automatic backups, oldest first.
pub fn list(db: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(backup_dir(db)) else {
        return Vec::new();
    };
    let mut days: Vec<(String, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            day_of(db, &name).map(|d| (d, e.path()))
        })
        .filter(|(_, p)| p.is_file())
        .collect();
    days.sort();
    days.into_iter().map(|(_, p)| p).collect()
}

/// The newest automatic backup of `db`, if there is one.
pub fn latest(db: &Path) -> Option<PathBuf> {
    list(db).pop()
}

/// Files that a restore set aside (`<db>.damaged-<time>`), oldest first.
pub fn set_aside(db: &Path) -> Vec<PathBuf> {
    let Some(name) = db.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = format!("{name}.damaged-");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&prefix) && !n.ends_with("-wal") && !n.ends_with("-shm")
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

impl Library {
    /// Today's backup, unless there is one already or the library holds no article yet.
    /// Returns the new backup's path.
    pub fn daily_backup(&self) -> Result<Option<PathBuf>> {
        let empty: bool =
            self.conn()
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM articles)", [], |r| {
                    r.get(0)
                })?;
        if empty {
            return Ok(None);
        }
        let day = chrono::Local::now().format("%Y%m%d").to_string();
        let dir = backup_dir(self.path());
        let dest = dir.join(format!("{}-{day}.sqlite3", stem(self.path())));
        if dest.exists() {
            return Ok(None);
        }
        std::fs::create_dir_all(&dir).map_err(|e| CoreError::io(&dir, e))?;
        // Made under a private name and renamed when checked: a half-made copy (a crash, a
        // full disk) is never taken for a backup, and two processes never share one.
        let tmp = dir.join(format!(
            ".{}-{day}.{}.partial",
            stem(self.path()),
            std::process::id()
        ));
        let _ = std::fs::remove_file(&tmp);
        let made = self.backup_to(&tmp).and_then(|()| {
            let copy = Library::open_with(&tmp, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            integrity::quick_check(copy.conn(), &tmp)
        });
        if let Err(e) = made {
            for p in [
                tmp.clone(),
                with_suffix(&tmp, "-wal"),
                with_suffix(&tmp, "-shm"),
            ] {
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
        std::fs::rename(&tmp, &dest).map_err(|e| CoreError::io(&dest, e))?;
        let all = list(self.path());
        for old in &all[..all.len().saturating_sub(KEEP)] {
            std::fs::remove_file(old).map_err(|e| CoreError::io(old, e))?;
        }
        Ok(Some(dest))
    }
}

/// Puts a copy of `backup` in place of the library `db`. The current file, if any, is renamed
/// `<db>.damaged-<time>` (with its `-wal` and `-shm`), never deleted. The backup itself is
/// only read. Returns where the previous file went.
pub fn restore(db: &Path, backup: &Path) -> Result<Option<PathBuf>> {
    if !backup.is_file() {
        return Err(CoreError::NotFound(format!(
            "{}: no such backup file",
            backup.display()
        )));
    }
    let incoming = with_suffix(db, ".restoring");
    for p in [
        incoming.clone(),
        with_suffix(&incoming, "-wal"),
        with_suffix(&incoming, "-shm"),
    ] {
        let _ = std::fs::remove_file(p);
    }
    std::fs::copy(backup, &incoming).map_err(|e| CoreError::io(&incoming, e))?;
    // The copy must open as a sound library (and be brought to this version's schema)
    // before it replaces anything.
    let checked = Library::open(&incoming).and_then(|lib| {
        integrity::quick_check(lib.conn(), backup)?;
        Ok(())
    });
    if let Err(e) = checked {
        let _ = std::fs::remove_file(&incoming);
        return Err(e);
    }
    std::fs::File::open(&incoming)
        .and_then(|f| f.sync_all())
        .map_err(|e| CoreError::io(&incoming, e))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let aside = with_suffix(db, &format!(".damaged-{stamp}"));
    let moved = if db.exists() {
        std::fs::rename(db, &aside).map_err(|e| CoreError::io(db, e))?;
        Some(aside.clone())
    } else {
        None
    };
    // The old write-ahead log belongs to the old file: left here, SQLite would replay it
    // onto the restored one.
    for suffix in ["-wal", "-shm"] {
        let side = with_suffix(db, suffix);
        if side.exists() {
            let to = with_suffix(&aside, suffix);
            std::fs::rename(&side, &to).map_err(|e| CoreError::io(&side, e))?;
        }
    }
    std::fs::rename(&incoming, db).map_err(|e| CoreError::io(db, e))?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Make the renames themselves durable.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(moved)
}
