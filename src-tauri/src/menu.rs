//! The native menu. Items that act on the review (open, export, undo…) are forwarded to the UI
//! as a `menu` event carrying the item's id, so one keyboard/menu action table lives in the UI.

use tauri::menu::{AboutMetadata, Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Runtime};

pub const MENU_EVENT: &str = "menu";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item =
        |id: &str, label: &str, accel: Option<&str>| MenuItem::with_id(app, id, label, true, accel);
    let file = Submenu::with_items(
        app,
        "File",
        true,
        &[
            &item("open", "Open…", Some("CmdOrCtrl+O"))?,
            &item("library", "Library", Some("CmdOrCtrl+L"))?,
            &PredefinedMenuItem::separator(app)?,
            &item("export", "Export…", Some("CmdOrCtrl+E"))?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::quit(app, Some("Quit"))?,
        ],
    )?;
    let edit = Submenu::with_items(
        app,
        "Edit",
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
        "Help",
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
