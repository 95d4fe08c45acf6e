//! What the window's commands share: the library (opened once, used by one command at a time)
//! and the files named on the command line that the UI has not opened yet.

use factdesk_core::app::{Desk, DeskAccess};
use factdesk_core::{CoreError, Result};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// What restoring a backup did, for the message the window shows.
#[derive(Debug, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BackupRestored {
    pub backup: String,
    /// Where the damaged files were kept.
    pub kept: Vec<String>,
}

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
        *guard = None; // close our connection before the files move
        let db = self.db_path()?;
        let backup = factdesk_core::app::latest_backup(&db).ok_or_else(|| {
            CoreError::Library(format!("{}: there is no backup to restore", db.display()))
        })?;
        factdesk_core::app::restore_backup(&db, &backup)?;
        Ok(BackupRestored {
            backup: backup.to_string_lossy().into_owned(),
            kept: factdesk_core::app::set_aside_files(&db)
                .into_iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
        })
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
