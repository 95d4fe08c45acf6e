//! The library: one SQLite file holding articles, revisions, claims, notes, sources, statuses,
//! settings and history.
//!
//! Invariants:
//! - Every user change is one IMMEDIATE transaction that also writes its history row
//!   (see `history`), so a crash leaves either both or neither.
//! - WAL + `synchronous=NORMAL` + the flusher (`flush`): a change acknowledged to the caller
//!   survives a crash of the process at once, and a power cut once flushed (within about a
//!   second). A second process (the window and the CLI) waits up to `BUSY_TIMEOUT` for the
//!   lock.
//! - Positions are code points of the revision's text, as everywhere outside Rust.
//! - Claims and revisions are never deleted; an orphaned claim keeps its last selector.

mod archive;
mod articles;
pub mod backups;
mod claims;
#[cfg(test)]
mod failure_tests;
mod flush;
mod history;
mod integrity;
mod matching;
mod recent;
mod schema;
mod search;
mod terms;
mod vectors;

pub(crate) use articles::blocks_of;
pub use articles::{ArticleCounts, ArticleRow, ReanchorReport, RevisionRow, StoredBlock};
pub use claims::{ClaimPatch, NewClaim};
pub use history::{HistoryRow, HistoryState};
pub use matching::{ClaimOccurrenceRow, MatchIndex, FIELD_WEIGHTS};
pub use search::{SearchHit, SearchKind};
pub(crate) use terms::{Phrase, Stemmer, TermIndex};

use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        let (code, what) = match e.sqlite_error_code() {
            Some(C::DatabaseCorrupt | C::NotADatabase) => (
                ErrorCode::LibraryCorrupt,
                "the library file is damaged; nothing was changed. Restore the latest backup",
            ),
            Some(C::ReadOnly) => (
                ErrorCode::LibraryReadonly,
                "the library cannot be written (read-only file or folder); nothing was changed",
            ),
            Some(C::DiskFull) => (
                ErrorCode::LibraryFull,
                "the disk is full; the change was not saved and the library is as it was",
            ),
            Some(C::DatabaseBusy | C::DatabaseLocked) => (
                ErrorCode::LibraryBusy,
                "another Factdesk kept the library busy too long; nothing was changed, try again",
            ),
            _ => return CoreError::Library(e.to_string()),
        };
        CoreError::library_file(PathBuf::new(), code, format!("{what} ({e})"))
    }
}

/// Prepared statements kept per connection (`prepare_cached`). rusqlite keeps 16; matching
/// an article alone uses about 20 in turn, and past the cache's size each was compiled again
/// on every use.
const STATEMENT_CACHE: usize = 64;

/// Settings of every connection to a library: the statement cache, and SQLite's query planner
/// stability guarantee. Without it, a statement whose plan SQLite chose by peeking at a bound
/// value (`x = ?` next to a join, `LIMIT ?`, and FTS5's own `segid = ?`) is compiled again
/// whenever that value changes or rusqlite clears it on returning the statement to its cache:
/// matching an article's claims recompiled statements ~11,000 times, a sixth of its work.
fn tune(conn: &Connection) -> Result<()> {
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

pub struct Library {
    /// Dropped first (its last flush), so `conn` is the last connection and closes the WAL.
    /// A reader ([`Library::open_reader`]) writes nothing and has none.
    flusher: Option<flush::Flusher>,
    conn: Connection,
    path: PathBuf,
    /// The archive's sentence vectors, for nearest-neighbour candidates.
    vectors: vectors::VectorCache,
}

impl Library {
    /// Opens (creating if needed) the library at `path`, migrating it to the current schema
    /// after backing up an existing file. A damaged file (`library.corrupt`) or one that
    /// cannot be written (`library.readonly`) is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Library> {
        Library::open_with(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }

    pub(crate) fn open_with(path: &Path, flags: OpenFlags) -> Result<Library> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| CoreError::io(dir, e))?;
        }
        let existed = integrity::check_file(path)?;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| match CoreError::from(e) {
                CoreError::Library(m) if existed && integrity::folder_read_only(path) => {
                    integrity::read_only(path, &m)
                }
                e => e.in_library(path),
            })?;
        // SQLite falls back to read-only on a write-protected file; say so now rather than at
        // the user's first change.
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(integrity::read_only(path, "the file is write-protected"));
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        tune(&conn)?;
        // Not a library (or a damaged one): refuse before changing anything in it.
        schema::check(&conn, path)?;
        if existed && schema::needs_migration(&conn).map_err(|e| e.in_library(path))? {
            integrity::quick_check(&conn, path)?;
        }
        let journal: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| CoreError::from(e).in_library(path))?;
        if !journal.eq_ignore_ascii_case("wal") {
            return Err(CoreError::Library(format!(
                "{}: cannot use write-ahead logging (journal mode {journal})",
                path.display()
            )));
        }
        // See `flush`: NORMAL keeps every acknowledged change across a crash of the process;
        // the flusher bounds what a power cut can take to about `FLUSH_EVERY`.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // The flusher checkpoints off the user's path; this only bounds a burst.
        conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let mut lib = Library {
            flusher: Some(flush::Flusher::start(path)),
            conn,
            path: path.to_path_buf(),
            vectors: Default::default(),
        };
        schema::migrate(&mut lib, existed).map_err(|e| e.in_library(path))?;
        Ok(lib)
    }

    /// A second connection to an existing, current library that only reads. WAL lets it read
    /// while the writer's connection is inside a long transaction (saving a 20 MB article takes
    /// seconds), so the window can list, search and show articles meanwhile. It creates,
    /// migrates and writes nothing: a library that is missing or needs migrating is refused,
    /// and any write through it fails with `library.readonly`.
    pub fn open_reader(path: &Path) -> Result<Library> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| CoreError::from(e).in_library(path))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        tune(&conn)?;
        schema::check(&conn, path)?;
        if schema::needs_migration(&conn).map_err(|e| e.in_library(path))? {
            return Err(CoreError::Library(format!(
                "{}: the library must be opened for writing first (it needs migrating)",
                path.display()
            )));
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(Library {
            flusher: None,
            conn,
            path: path.to_path_buf(),
            vectors: Default::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A consistent copy of the whole library, taken with SQLite's online backup while other
    /// processes may be writing.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(CoreError::Invalid(format!(
                "{}: already exists; choose a new file for the backup",
                dest.display()
            )));
        }
        let mut out = Connection::open(dest)
            .map_err(|e| CoreError::Library(format!("{}: {e}", dest.display())))?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        Ok(())
    }

    /// Runs `f` in one IMMEDIATE transaction: the write lock is taken up front, so a second
    /// process waits (busy timeout) instead of failing half-way through.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| CoreError::from(e).in_library(&self.path))?;
        let out = f(&tx).map_err(|e| e.in_library(&self.path))?;
        tx.commit()
            .map_err(|e| CoreError::from(e).in_library(&self.path))?;
        if let Some(f) = &self.flusher {
            f.wrote();
        }
        Ok(out)
    }

    /// A read transaction for a run of reads (one snapshot, and one lock of the WAL's index
    /// instead of one per statement), unless one is open already. It writes nothing to the
    /// library; committing it keeps what the run made on the temporary schema.
    pub(crate) fn read_transaction(&self) -> Result<Option<rusqlite::Transaction<'_>>> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        Ok(Some(self.conn.unchecked_transaction()?))
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        let rows: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows.join("; "))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

/// Now, RFC 3339 UTC with milliseconds.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// `a12` (or `12`) → 12.
pub fn parse_article_id(s: &str) -> Result<i64> {
    parse_id(s, 'a', "article")
}

/// `c3` (or `3`) → 3.
pub fn parse_claim_id(s: &str) -> Result<i64> {
    parse_id(s, 'c', "claim")
}

/// `s7` (or `7`) → 7.
pub fn parse_source_id(s: &str) -> Result<i64> {
    parse_id(s, 's', "source")
}

fn parse_id(s: &str, letter: char, what: &str) -> Result<i64> {
    let digits = s.trim().strip_prefix(letter).unwrap_or(s.trim());
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| CoreError::Invalid(format!("'{s}' is not a {what} id (like {letter}3)")))
}

pub fn article_id(n: i64) -> String {
    format!("a{n}")
}

pub fn claim_id(n: i64) -> String {
    format!("c{n}")
}

pub fn source_id(n: i64) -> String {
    format!("s{n}")
}
