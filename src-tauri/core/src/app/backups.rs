//! Backups of the library: which one is newest, and restoring one in place of a damaged
//! library (the window's "Restore the latest backup" and `factdesk restore-backup`).

use crate::error::{CoreError, Result};
use crate::store;
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// What restoring a backup did, for the message the window shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupRestored {
    pub backup: String,
    /// Where the damaged files were kept.
    pub kept: Vec<String>,
    /// Where this restore put the previous file (none when there was none); for the command
    /// line's message, not sent to the window.
    #[serde(skip)]
    #[ts(skip)]
    pub kept_now: Option<String>,
}

/// The newest automatic backup of the library `db` (see [`super::Desk::open`]), to offer when
/// the library cannot be opened.
pub fn latest_backup(db: &Path) -> Option<PathBuf> {
    store::backups::latest(db)
}

/// Replaces the library `db` by a checked copy of `backup`. The current file (typically a
/// damaged one) is kept beside it as `<db>.damaged-<time>`, never deleted; see
/// [`set_aside_files`]. Call it with the library closed.
pub fn restore_backup(db: &Path, backup: &Path) -> Result<()> {
    store::backups::restore(db, backup).map(|_| ())
}

/// Files a restore kept aside (`<db>.damaged-<time>`), oldest first.
pub fn set_aside_files(db: &Path) -> Vec<PathBuf> {
    store::backups::set_aside(db)
}

/// Restores `backup`, or the newest automatic backup of `db` when `None`, in place of the
/// library `db` (see [`restore_backup`]). Call it with the library closed.
pub fn restore_library(db: &Path, backup: Option<&Path>) -> Result<BackupRestored> {
    let backup = match backup {
        Some(b) => b.to_path_buf(),
        None => latest_backup(db).ok_or_else(|| {
            CoreError::NotFound(format!(
                "{}: no automatic backup in {}",
                db.display(),
                store::backups::backup_dir(db).display()
            ))
        })?,
    };
    let kept_now = store::backups::restore(db, &backup)?;
    let text = |p: &Path| p.to_string_lossy().into_owned();
    Ok(BackupRestored {
        backup: text(&backup),
        kept: set_aside_files(db).iter().map(|p| text(p)).collect(),
        kept_now: kept_now.as_deref().map(text),
    })
}
