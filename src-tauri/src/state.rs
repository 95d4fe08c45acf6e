//! What the window's commands share: the library, through a writing connection (one command at
//! a time) and a reading one (one at a time too, but never behind a write, so listing,
//! searching, showing and exporting go on while a large article is being saved), and the files
//! named on the command line that the UI has not opened yet.

use factdesk_core::app::api::BackupRestored;
use factdesk_core::app::{Desk, DeskAccess};
use factdesk_core::{CoreError, Result};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

pub struct AppState {
    db: Option<PathBuf>,
    desk: Mutex<Option<Desk>>,
    /// Locked after `desk` when both are needed, never before.
    reader: Mutex<Option<Desk>>,
    pending_files: Mutex<Vec<PathBuf>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another command must not take the library down with it.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AppState {
    pub fn new(files: Vec<PathBuf>, db: Option<PathBuf>) -> Self {
        AppState {
            db,
            desk: Mutex::new(None),
            reader: Mutex::new(None),
            pending_files: Mutex::new(files),
        }
    }

    /// Runs `f` on the library, opening it first if needed. A library that fails to open is
    /// tried again on the next call, so the user can fix the cause without restarting.
    pub fn with_desk<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T>) -> Result<T> {
        let mut guard = lock(&self.desk);
        if guard.is_none() {
            *guard = Some(Desk::open_or_default(self.db.as_deref())?);
        }
        match guard.as_mut() {
            Some(desk) => f(desk),
            None => Err(CoreError::Library("the library is not open".into())),
        }
    }

    /// Runs `f`, which only reads, on one consistent state of the library through the reading
    /// connection. Until that can open (no library yet, or one the writer must migrate first)
    /// it runs on the writing desk, which creates or migrates the library.
    pub fn with_reader<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T>) -> Result<T> {
        let mut guard = lock(&self.reader);
        if guard.is_none() {
            match self.db_path().and_then(|db| Desk::open_reader(&db)) {
                Ok(reader) => *guard = Some(reader),
                Err(_) => {
                    drop(guard);
                    return self.with_desk(f);
                }
            }
        }
        match guard.as_mut() {
            Some(reader) => reader.in_snapshot(f),
            None => Err(CoreError::Library("the library is not open".into())),
        }
    }

    /// The library file this window works on.
    pub fn db_path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => factdesk_core::app::default_db_path(),
        }
    }

    /// Puts the latest automatic backup in place of a damaged library. The damaged file is
    /// kept beside it, renamed; the library is reopened on the next command.
    pub fn restore_latest_backup(&self) -> Result<BackupRestored> {
        let mut guard = lock(&self.desk);
        // Close our connections before the files move.
        *guard = None;
        *lock(&self.reader) = None;
        factdesk_core::app::restore_library(&self.db_path()?, None)
    }

    /// Hands the pending files to the UI once; later calls get only what arrived since.
    pub fn take_pending_files(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *lock(&self.pending_files))
    }
}

/// Lets the core's step-by-step use cases (`open_article_via`) take the library only when
/// they need it.
impl DeskAccess for AppState {
    fn with_desk<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T>) -> Result<T> {
        AppState::with_desk(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// The library list must answer while a save holds the writing desk (a 20 MB article takes
    /// seconds to save); before the reading connection it waited for the whole save.
    #[test]
    fn the_library_answers_while_the_writer_is_busy() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "Headline\n\nThe council spent $3.5 million in 2023.").unwrap();
        let state = AppState::new(Vec::new(), Some(dir.path().join("lib.sqlite3")));
        state.with_desk(|d| d.open_article(&file)).unwrap();

        std::thread::scope(|s| {
            let (release, held) = mpsc::channel::<()>();
            let (busy, writer_busy) = mpsc::channel::<()>();
            let writer = &state;
            s.spawn(move || {
                writer
                    .with_desk(move |_| {
                        busy.send(()).unwrap();
                        held.recv_timeout(Duration::from_secs(20)).ok();
                        Ok(())
                    })
                    .unwrap();
            });
            writer_busy.recv().unwrap();
            let (answer, answered) = mpsc::channel();
            let state = &state;
            s.spawn(move || {
                answer
                    .send(state.with_reader(|d| d.list_articles()))
                    .unwrap();
            });
            let listed = answered.recv_timeout(Duration::from_secs(5));
            release.send(()).unwrap();
            let listed = listed.expect("the library list waited for the writer");
            assert_eq!(listed.unwrap().len(), 1);
        });
    }
}
