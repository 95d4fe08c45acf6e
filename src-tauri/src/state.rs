//! What the window's commands share: the library (opened once, used by one command at a time)
//! and the files named on the command line that the UI has not opened yet.

use factdesk_core::app::Desk;
use factdesk_core::{CoreError, Result};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

pub struct AppState {
    db: Option<PathBuf>,
    desk: Mutex<Option<Desk>>,
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

    /// Hands the pending files to the UI once; later calls get only what arrived since.
    pub fn take_pending_files(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *lock(&self.pending_files))
    }
}
