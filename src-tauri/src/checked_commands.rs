//! The window's commands for "checked before": earlier checks of an article's claims, adopting
//! one's verdict, and the fact-check archives. Each is one call into `factdesk_core::app::Desk`.

use crate::commands::{with_claim, with_desk, with_reader};
use crate::error::{IpcError, IpcResult};
use factdesk_core::app::api::{
    ArchiveSummary, ClaimCard, ClaimMatches, ImportReport, RecurringClaim, RECURRING_SHOWN,
};
use std::path::PathBuf;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// The earlier checks of every claim of the article (on the reading connection: the window
/// asks for them after the article shows, and never waits for them).
#[tauri::command]
pub async fn article_matches(app: AppHandle, article: String) -> IpcResult<Vec<ClaimMatches>> {
    with_reader(&app, move |d| d.article_matches(&article)).await
}

/// Gives the claim the verdict of an earlier check, which becomes one of its sources: one
/// undoable step.
#[tauri::command]
pub async fn adopt_match(
    app: AppHandle,
    article: String,
    claim: String,
    match_id: String,
) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| d.adopt_match(&article, &claim, &match_id)).await
}

#[tauri::command]
pub async fn archives(app: AppHandle) -> IpcResult<Vec<ArchiveSummary>> {
    with_reader(&app, |d| d.archives()).await
}

/// Shows the native Open dialog for a fact-check archive, then imports it.
#[tauri::command]
pub async fn import_archive(app: AppHandle) -> IpcResult<Option<ImportReport>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Import a fact-check archive (ClaimReview)")
        .add_filter(
            "ClaimReview",
            &["jsonl", "json", "jsonld", "ndjson", "html", "htm"],
        )
        .add_filter("All files", &["*"])
        .pick_file(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    let path: Option<PathBuf> = rx.await.map_err(|e| IpcError::internal(e.to_string()))?;
    let Some(path) = path else {
        return Ok(None);
    };
    with_desk(&app, move |d| d.import_archive(&path, &mut |_| {}))
        .await
        .map(Some)
}

/// "Recurring claims" of the library screen.
#[tauri::command]
pub async fn recurring_claims(app: AppHandle) -> IpcResult<Vec<RecurringClaim>> {
    with_reader(&app, |d| d.recurring_claims(RECURRING_SHOWN)).await
}
