//! Durability without an fsync on the user's path.
//!
//! The library runs WAL with `synchronous=NORMAL`: a commit appends the change to the `-wal`
//! file with `write()` and returns without `fsync`. Once `write()` has returned, the bytes are
//! the kernel's, so a crash of the process (SIGKILL, a panic, the window killed) loses nothing
//! acknowledged, and WAL never lets a crash or power cut corrupt the file; `tests/crash.rs`
//! checks both. What NORMAL alone would risk is a power cut or kernel crash undoing the
//! changes since the last checkpoint. This flusher bounds that: at most [`FLUSH_EVERY`] after
//! a write it fsyncs the `-wal` file and checkpoints (PASSIVE: it never blocks the window or
//! the CLI), from its own thread and connection. So a status key press costs a `write()`
//! (p99 well under 5 ms even on a loaded machine), instead of an fsync plus, every few
//! hundred changes, a checkpoint inside the user's transaction (what made p99 11.85 ms with
//! `synchronous=FULL`).

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// The longest a committed change waits for its fsync.
pub const FLUSH_EVERY: Duration = Duration::from_millis(500);

pub(super) struct Flusher {
    dirty: Arc<AtomicBool>,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Flusher {
    pub(super) fn start(db: &Path) -> Flusher {
        let dirty = Arc::new(AtomicBool::new(false));
        let (stop, stopped) = mpsc::channel::<()>();
        let flag = dirty.clone();
        let db = db.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("factdesk-flush".into())
            .spawn(move || {
                let mut conn = None;
                loop {
                    let last = !matches!(
                        stopped.recv_timeout(FLUSH_EVERY),
                        Err(RecvTimeoutError::Timeout)
                    );
                    if flag.swap(false, Ordering::AcqRel) {
                        flush(&db, &mut conn);
                    }
                    if last {
                        break;
                    }
                }
            })
            .ok();
        Flusher {
            dirty,
            stop: Some(stop),
            thread,
        }
    }

    /// A transaction was committed.
    pub(super) fn wrote(&self) {
        self.dirty.store(true, Ordering::Release);
    }
}

impl Drop for Flusher {
    /// Flushes what is pending and stops: closing the library leaves nothing unsynced.
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn wal_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push("-wal");
    PathBuf::from(s)
}

/// fsyncs the write-ahead log (every change committed so far becomes power-cut safe), then
/// moves it into the database file. Failures are left to the next round and to SQLite's own
/// checkpoints: nothing acknowledged depends on this succeeding.
fn flush(db: &Path, conn: &mut Option<Connection>) {
    if let Ok(f) = std::fs::File::open(wal_path(db)) {
        let _ = f.sync_data();
    }
    if conn.is_none() {
        *conn = Connection::open_with_flags(
            db,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .ok()
        .filter(|c| c.busy_timeout(Duration::from_millis(200)).is_ok());
    }
    if let Some(c) = conn {
        let _ = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
}
