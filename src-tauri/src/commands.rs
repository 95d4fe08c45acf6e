//! The window's commands: each is one call into `factdesk_core::app::Desk`, run on the
//! blocking pool so the window never waits on the disk.

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use factdesk_core::app::api::{
    web_link, ArticleSummary, ArticleView, BackupRestored, ClaimCard, ErrorCode, ExportRequest,
    HistoryRow, LibraryOpened, OpenedView, Progress, RecentArticle, SearchHit, Settings,
    SourceInput, UndoOutcome, HISTORY_SHOWN, SEARCH_SHOWN,
};
use factdesk_core::app::{open_article_via, Desk};
use factdesk_core::progress::{Plan, Reporter, EXPORT_PLAN, OPEN_PLAN};
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

/// Runs `f` on the window's state on the blocking pool.
async fn on_state<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&AppState) -> factdesk_core::Result<T> + Send + 'static,
) -> IpcResult<T> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        f(&app.state::<AppState>()).map_err(IpcError::from)
    })
    .await
    .map_err(|e| IpcError::internal(e.to_string()))?
}

/// Runs `f` with the library on the blocking pool.
pub(crate) async fn with_desk<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&mut Desk) -> factdesk_core::Result<T> + Send + 'static,
) -> IpcResult<T> {
    on_state(app, |state| state.with_desk(f)).await
}

/// Runs `f`, a change of one claim, like [`with_desk`], and answers with the claim as the
/// window shows it.
pub(crate) async fn with_claim<T: Into<ClaimCard> + Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&mut Desk) -> factdesk_core::Result<T> + Send + 'static,
) -> IpcResult<ClaimCard> {
    with_desk(app, move |d| f(d).map(Into::into)).await
}

/// Runs `f`, which only reads, on the library's reading connection on the blocking pool: it
/// never waits behind a save or another change.
pub(crate) async fn with_reader<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&mut Desk) -> factdesk_core::Result<T> + Send + 'static,
) -> IpcResult<T> {
    on_state(app, |state| state.with_reader(f)).await
}

/// The recent list as it is, numbered for File → Open Recent (`menu::recent_seq`).
type Recent = factdesk_core::Result<(Vec<RecentArticle>, u64)>;

fn recent_of(d: &Desk) -> Recent {
    Ok((d.recent_articles()?, crate::menu::recent_seq()))
}

/// Like `with_desk` for a command that changes the recent list: File → Open Recent is rebuilt
/// from the list as it is once `f` is done.
async fn with_desk_recent<T: Send + 'static>(
    app: &AppHandle,
    f: impl FnOnce(&mut Desk) -> factdesk_core::Result<T> + Send + 'static,
) -> IpcResult<T> {
    let (out, recent) = with_desk(app, move |d| Ok((f(d)?, recent_of(d)))).await?;
    show_recent_later(app, recent);
    Ok(out)
}

/// Rebuilds File → Open Recent beside the command's answer, not before it: each change of a
/// native menu waits for the main thread, which also hands the answer to the window.
fn show_recent_later(app: &AppHandle, recent: Recent) {
    match recent {
        Ok((recent, seq)) => {
            let app = app.clone();
            tauri::async_runtime::spawn_blocking(move || refresh_recent_menu(&app, &recent, seq));
        }
        Err(e) => eprintln!("factdesk: could not list the recent articles: {e}"),
    }
}

fn refresh_recent_menu(app: &AppHandle, recent: &[RecentArticle], seq: u64) {
    if let Err(e) = crate::menu::show_recent(app, recent, seq) {
        eprintln!("factdesk: could not update File → Open Recent: {e}");
    }
}

/// Fills File → Open Recent at start-up, off the main thread (it opens the library).
pub fn load_recent_menu(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Ok((recent, seq)) = with_reader(&app, |d| recent_of(d)).await {
            refresh_recent_menu(&app, &recent, seq);
        }
    });
}

#[tauri::command]
pub fn startup_files(state: State<'_, AppState>) -> Vec<String> {
    state
        .take_pending_files()
        .into_iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

/// Shows the native Open dialog (from Rust, so the window needs no dialog permission).
#[tauri::command]
pub async fn pick_article(app: AppHandle) -> IpcResult<Option<String>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Open article")
        .add_filter(
            "Articles",
            &[
                "txt", "md", "markdown", "html", "htm", "docx", "odt", "pdf", "json",
            ],
        )
        .add_filter("All files", &["*"])
        .pick_file(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    let path: Option<PathBuf> = rx.await.map_err(|e| IpcError::internal(e.to_string()))?;
    Ok(path.map(|p| p.to_string_lossy().into_owned()))
}

/// Shows the native Save dialog for an export, starting from `suggested`; a bare file name
/// starts in the user's documents folder (never beside the article: see `ui/src/lib/exportpath.ts`).
#[tauri::command]
pub async fn pick_export_path(app: AppHandle, suggested: String) -> IpcResult<Option<String>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let suggested = PathBuf::from(suggested);
    let mut dialog = app.dialog().file().set_title("Export the check");
    let start = suggested
        .parent()
        .filter(|d| d.is_dir())
        .map(PathBuf::from)
        .or_else(|| app.path().document_dir().ok().filter(|d| d.is_dir()))
        .or_else(|| app.path().home_dir().ok());
    if let Some(dir) = start {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = suggested.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    dialog.save_file(move |path| {
        let _ = tx.send(path.and_then(|p| p.into_path().ok()));
    });
    let path: Option<PathBuf> = rx.await.map_err(|e| IpcError::internal(e.to_string()))?;
    Ok(path.map(|p| p.to_string_lossy().into_owned()))
}

/// Runs `f` on the blocking pool with a reporter that streams its progress to the window.
async fn with_progress<T: Send + 'static>(
    plan: Plan,
    channel: Channel<Progress>,
    f: impl FnOnce(&mut Reporter) -> IpcResult<T> + Send + 'static,
) -> IpcResult<T> {
    tauri::async_runtime::spawn_blocking(move || {
        // A window that went away stops listening; the job still finishes.
        let mut sink = |p: Progress| {
            let _ = channel.send(p);
        };
        f(&mut Reporter::new(plan, &mut sink))
    })
    .await
    .map_err(|e| IpcError::internal(e.to_string()))?
}

/// Opens an article file, streaming its progress (stage, share done) to `on_progress`, and
/// answers with the article's view: opening is one call. The library is taken only to look
/// the file up and to save it, so the window can use it while a large file is read and
/// analysed.
#[tauri::command]
pub async fn open_article(
    app: AppHandle,
    path: String,
    on_progress: Channel<Progress>,
) -> IpcResult<OpenedView> {
    let handle = app.clone();
    let (opened, recent) = with_progress(OPEN_PLAN, on_progress, move |rep| {
        let state = handle.state::<AppState>();
        let opened = open_article_via(&*state, Path::new(&path), rep).map_err(IpcError::from)?;
        // The article is saved: a recent list that cannot be read only leaves the menu as it was.
        let recent = state.with_desk(|d| Ok(recent_of(d))).and_then(|r| r);
        Ok((opened, recent))
    })
    .await?;
    show_recent_later(&app, recent);
    Ok(opened)
}

/// Opens an article of the library (File → Open Recent, the library's lists, a search hit):
/// says whether its file is unchanged, changed or missing, and answers with its view.
#[tauri::command]
pub async fn open_from_library(app: AppHandle, article: String) -> IpcResult<LibraryOpened> {
    with_desk_recent(&app, move |d| d.open_from_library(&article)).await
}

#[tauri::command]
pub async fn recent_articles(app: AppHandle) -> IpcResult<Vec<RecentArticle>> {
    with_reader(&app, |d| d.recent_articles()).await
}

/// Empties the recent list (File → Open Recent → Clear Recent); the library keeps every article.
#[tauri::command]
pub async fn clear_recent(app: AppHandle) -> IpcResult<Vec<RecentArticle>> {
    with_desk_recent(&app, |d| {
        d.clear_recent()?;
        d.recent_articles()
    })
    .await
}

#[tauri::command]
pub async fn list_articles(app: AppHandle) -> IpcResult<Vec<ArticleSummary>> {
    with_reader(&app, |d| d.list_articles()).await
}

/// The article's view read again (after an undo, a new claim, a failed save); opening an
/// article answers with it already.
#[tauri::command]
pub async fn article_view(app: AppHandle, article: String) -> IpcResult<ArticleView> {
    with_reader(&app, move |d| d.article_view(&article)).await
}

#[tauri::command]
pub async fn set_status(
    app: AppHandle,
    article: String,
    claim: String,
    status: String,
) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| d.set_status(&article, &claim, &status)).await
}

#[tauri::command]
pub async fn set_note(
    app: AppHandle,
    article: String,
    claim: String,
    note: String,
) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| d.set_note(&article, &claim, &note)).await
}

#[tauri::command]
pub async fn add_source(
    app: AppHandle,
    article: String,
    claim: String,
    source: SourceInput,
) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| d.add_source(&article, &claim, source)).await
}

#[tauri::command]
#[allow(non_snake_case)] // the UI sends camelCase argument names
pub async fn update_source(
    app: AppHandle,
    article: String,
    claim: String,
    sourceId: String,
    source: SourceInput,
) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| {
        d.update_source(&article, &claim, &sourceId, source)
    })
    .await
}

#[tauri::command]
#[allow(non_snake_case)]
pub async fn remove_source(
    app: AppHandle,
    article: String,
    claim: String,
    sourceId: String,
) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| d.remove_source(&article, &claim, &sourceId)).await
}

#[tauri::command]
pub async fn add_manual_claim(
    app: AppHandle,
    article: String,
    start: u32,
    end: u32,
) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| d.add_manual_claim(&article, start, end)).await
}

#[tauri::command]
pub async fn adjust_claim_span(
    app: AppHandle,
    article: String,
    claim: String,
    start: u32,
    end: u32,
) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| {
        d.adjust_claim_span(&article, &claim, start, end)
    })
    .await
}

#[tauri::command]
pub async fn dismiss_claim(app: AppHandle, article: String, claim: String) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| d.dismiss(&article, &claim)).await
}

#[tauri::command]
pub async fn restore_claim(app: AppHandle, article: String, claim: String) -> IpcResult<ClaimCard> {
    with_claim(&app, move |d| d.restore(&article, &claim)).await
}

#[tauri::command]
pub async fn undo(app: AppHandle) -> IpcResult<UndoOutcome> {
    with_desk(&app, |d| d.undo()).await
}

#[tauri::command]
pub async fn redo(app: AppHandle) -> IpcResult<UndoOutcome> {
    with_desk(&app, |d| d.redo()).await
}

#[tauri::command]
pub async fn claim_history(
    app: AppHandle,
    article: String,
    claim: String,
) -> IpcResult<Vec<HistoryRow>> {
    with_reader(&app, move |d| {
        d.history(Some(&article), Some(&claim), HISTORY_SHOWN)
    })
    .await
}

#[tauri::command]
pub async fn search(app: AppHandle, query: String) -> IpcResult<Vec<SearchHit>> {
    with_reader(&app, move |d| d.search(&query, SEARCH_SHOWN)).await
}

#[tauri::command]
pub async fn settings(app: AppHandle) -> IpcResult<Settings> {
    with_reader(&app, |d| d.settings()).await
}

#[tauri::command]
pub async fn set_settings(app: AppHandle, settings: Settings) -> IpcResult<Settings> {
    with_desk(&app, move |d| d.set_settings(&settings)).await
}

/// What the Export dialog asks for.
/// Writes the export, streaming its progress to `on_progress`; returns the path written.
#[tauri::command]
pub async fn export_article(
    app: AppHandle,
    request: ExportRequest,
    on_progress: Channel<Progress>,
) -> IpcResult<String> {
    with_progress(EXPORT_PLAN, on_progress, move |rep| {
        let path = app
            .state::<AppState>()
            .with_reader(|d| d.export_request(&request, rep))
            .map_err(IpcError::from)?;
        Ok(path.to_string_lossy().into_owned())
    })
    .await
}

/// Replaces a damaged library with its latest automatic backup (the window offers this when
/// a command fails with `library.corrupt`).
#[tauri::command]
pub async fn restore_latest_backup(app: AppHandle) -> IpcResult<BackupRestored> {
    on_state(&app, |state| state.restore_latest_backup()).await
}

/// File → Quit and Ctrl+Q, once the window has saved what was being typed (every change is
/// already committed when the window shows it; see ARCHITECTURE.md).
#[tauri::command]
pub fn quit(app: AppHandle) {
    app.exit(0);
}

/// Opens a source's link in the system browser. Only http(s), and only on the user's click.
#[tauri::command]
pub fn open_link(app: AppHandle, url: String) -> IpcResult<()> {
    let link = web_link(&url)?;
    app.opener()
        .open_url(link, None::<&str>)
        .map_err(|e| IpcError {
            code: ErrorCode::OpenLink,
            message: format!("could not open the link: {e}"),
        })
}
