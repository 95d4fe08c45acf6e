//! The native menu. Items that act on the review (open, export, undo…) are forwarded to the UI
//! as a `menu` event carrying the item's id, so one keyboard/menu action table lives in the UI.
//! File → Open Recent is rebuilt from `factdesk_core::app::recent_menu` whenever the recent
//! list changes; its items (`recent:a3`, `recent-clear`) are forwarded the same way, and the UI
//! runs them through the same command as the library's "Recently opened" list.

use factdesk_core::app::api::RecentArticle;
use factdesk_core::app::{recent_menu, MenuEntry};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use tauri::menu::{AboutMetadata, Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Runtime};

pub const MENU_EVENT: &str = "menu";
const FILE_ID: &str = "file";
const RECENT_ID: &str = "open-recent";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item =
        |id: &str, label: &str, accel: Option<&str>| MenuItem::with_id(app, id, label, true, accel);
    // Filled in by `show_recent` once the library is open (not before the window shows).
    let recent = Submenu::with_id_and_items(app, RECENT_ID, "Open &Recent", true, &[])?;
    fill_recent(app, &recent, recent_menu(&[]))?;
    let file = Submenu::with_id_and_items(
        app,
        FILE_ID,
        "&File",
        true,
        &[
            &item("open", "Open…", Some("CmdOrCtrl+O"))?,
            &recent,
            &item("library", "Library", Some("CmdOrCtrl+L"))?,
            &PredefinedMenuItem::separator(app)?,
            &item("export", "Export…", Some("CmdOrCtrl+E"))?,
            &PredefinedMenuItem::separator(app)?,
            // Not the predefined Quit: GTK has none, so it was greyed out. The window saves a
            // note being typed, then asks for `quit`.
            &item("quit", "Quit", Some("CmdOrCtrl+Q"))?,
        ],
    )?;
    let edit = Submenu::with_items(
        app,
        "&Edit",
        true,
        &[
            &item("undo", "Undo", Some("CmdOrCtrl+Z"))?,
            &item("redo", "Redo", Some("CmdOrCtrl+Shift+Z"))?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::cut(app, None)?,
            &PredefinedMenuItem::copy(app, None)?,
            &PredefinedMenuItem::paste(app, None)?,
            &PredefinedMenuItem::select_all(app, None)?,
            &PredefinedMenuItem::separator(app)?,
            &item("find", "Find in Article", Some("CmdOrCtrl+F"))?,
        ],
    )?;
    let help = Submenu::with_items(
        app,
        "&Help",
        true,
        &[
            &item("shortcuts", "Keyboard Shortcuts", None)?,
            &PredefinedMenuItem::about(
                app,
                Some("About Factdesk"),
                Some(AboutMetadata {
                    name: Some("Factdesk".into()),
                    version: Some(env!("CARGO_PKG_VERSION").into()),
                    comments: Some("A fact-checking desk for journalists. Local-first.".into()),
                    ..Default::default()
                }),
            )?,
        ],
    )?;
    Menu::with_items(app, &[&file, &edit, &help])
}

pub fn forward<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let _ = app.emit(MENU_EVENT, id);
}

/// What File → Open Recent shows and the number of the list it was made from (see
/// [`recent_seq`]), so that a list that did not change (an article opened again from the top
/// of the list) is not rebuilt, each change of a native menu being a round trip to the main
/// thread, and an older list never replaces a newer one.
static SHOWN: Mutex<(u64, Option<Vec<MenuEntry>>)> = Mutex::new((0, None));

/// Numbers the recent lists in the order they are read; read it right after the list, under
/// the same lock of the library.
pub fn recent_seq() -> u64 {
    static LAST: AtomicU64 = AtomicU64::new(0);
    LAST.fetch_add(1, Ordering::Relaxed) + 1
}

/// Rebuilds File → Open Recent from the recent list numbered `seq`, unless it shows that list
/// or a newer one already.
pub fn show_recent<R: Runtime>(
    app: &AppHandle<R>,
    recent: &[RecentArticle],
    seq: u64,
) -> tauri::Result<()> {
    let submenu = app
        .menu()
        .and_then(|m| m.get(FILE_ID))
        .and_then(|f| f.as_submenu().and_then(|f| f.get(RECENT_ID)))
        .and_then(|r| r.as_submenu().cloned());
    let Some(submenu) = submenu else {
        return Ok(());
    };
    let entries = recent_menu(recent);
    let mut shown = SHOWN.lock().unwrap_or_else(|p| p.into_inner());
    if seq < shown.0 || shown.1.as_ref() == Some(&entries) {
        return Ok(());
    }
    // Forgotten until the rebuild is done: one that fails half-way is rebuilt next time.
    shown.1 = None;
    fill_recent(app, &submenu, entries.clone())?;
    *shown = (seq, Some(entries));
    Ok(())
}

fn fill_recent<R: Runtime>(
    app: &AppHandle<R>,
    submenu: &Submenu<R>,
    entries: Vec<MenuEntry>,
) -> tauri::Result<()> {
    for old in submenu.items()? {
        submenu.remove(&old)?;
    }
    let last = entries.len().saturating_sub(1);
    for (i, e) in entries.into_iter().enumerate() {
        if i == last && i > 0 {
            submenu.append(&PredefinedMenuItem::separator(app)?)?;
        }
        submenu.append(&MenuItem::with_id(
            app,
            e.id,
            e.label,
            e.enabled,
            None::<&str>,
        )?)?;
    }
    Ok(())
}
